import { describe, expect, it } from 'vitest'
import { ApiError, type ApiErrorOptions } from '../../../src/errors.js'
import type { Clock } from '../../../src/net/clock.js'
import { Pacer } from '../../../src/net/pacer.js'
import { MAX_RETRY_AFTER_MS, MAYBE_CREATED, withRetries, type RetryPolicy } from '../../../src/net/retry.js'

/** A clock whose sleeps pass at once, moving its time on; it records every sleep. */
function fakeClock() {
  let now = 0
  const sleeps: number[] = []
  const clock: Clock = {
    now: () => now,
    random: () => 1, // the worst case of full jitter: the whole ceiling
    sleep: async ms => {
      sleeps.push(ms)
      now += ms
    }
  }
  return { clock, sleeps, now: () => now, advance: (ms: number) => void (now += ms) }
}

function collectingLog() {
  const info: string[] = []
  return { log: { debug: () => undefined, info: (m: string) => void info.push(m), warning: () => undefined }, info }
}

const SUBMIT: RetryPolicy = {
  what: 'Submitting the task',
  maxRetries: 5,
  initialDelaySeconds: 1,
  deadline: Infinity,
  idempotent: false,
  attemptTimeoutMs: 60_000
}
const QUERY: RetryPolicy = { ...SUBMIT, what: 'Querying the task', idempotent: true }

const failure = (text: string, options: Partial<ApiErrorOptions> = {}) =>
  new ApiError(`Submitting the task: ${text}`, { retryable: true, ...options })
const queryFailure = (text: string, options: Partial<ApiErrorOptions> = {}) =>
  new ApiError(`Querying the task: ${text}`, { retryable: true, ...options })

/**
 * Runs withRetries with attempts that fail as `fail(n)` says (or succeed where it returns undefined),
 * each taking `takesMs` of the fake clock. What comes back: the error it ended with, the timeout each
 * attempt was given, and how long was waited between attempts.
 */
async function run(
  policy: RetryPolicy,
  fail: (n: number) => ApiError | undefined,
  options: { takesMs?: number; clock?: ReturnType<typeof fakeClock> } = {}
) {
  const fake = options.clock ?? fakeClock()
  const { log, info } = collectingLog()
  const timeouts: number[] = []
  let outcome: ApiError | string
  try {
    outcome = await withRetries(policy, fake.clock, log, async (timeoutMs, n) => {
      // A loop that no longer stops would otherwise never end the test (its waits take no real time).
      if (n > 50) throw new Error('still retrying after 50 attempts')
      timeouts.push(timeoutMs)
      fake.advance(options.takesMs ?? 0)
      const error = fail(n)
      if (error) throw error
      return 'task-1'
    })
  } catch (error) {
    if (!(error instanceof ApiError)) throw error
    outcome = error
  }
  return { outcome, timeouts, sleeps: fake.sleeps, info, elapsed: fake.now() }
}

async function refused(...args: Parameters<typeof run>) {
  const result = await run(...args)
  if (!(result.outcome instanceof ApiError)) throw new Error(`expected a refusal, got ${result.outcome}`)
  return { ...result, error: result.outcome }
}

describe('withRetries: a submit that may have created a task', () => {
  it('is never sent again, and its error says so and what to check', async () => {
    const { error, timeouts, sleeps } = await refused(SUBMIT, () =>
      failure('HTTP 502', { maybeCreated: true, advice: 'Try again later' })
    )
    expect(timeouts).toHaveLength(1)
    expect(sleeps).toEqual([])
    expect(error.maybeCreated).toBe(true)
    expect(error.retryable).toBe(false)
    expect(error.failure).toBe('Submitting the task: HTTP 502')
    // The server's own advice ("try again") is replaced: trying again is what could bill twice.
    expect(error.advice).toBe(MAYBE_CREATED)
    expect(error.message).toBe(`Submitting the task: HTTP 502. ${MAYBE_CREATED}`)
    expect(error.message).toMatch(/may have reached MiniMax and created a task, so it was not sent again/)
    expect(error.message).toMatch(/Check the task list in MiniMax's console/)
  })

  it('is retried where the request creates nothing (a query), with the same error', async () => {
    const { outcome, timeouts } = await run(QUERY, n =>
      n < 3 ? queryFailure('HTTP 502', { maybeCreated: true }) : undefined
    )
    expect(outcome).toBe('task-1')
    expect(timeouts).toHaveLength(3)
  })
})

describe('withRetries: max-retries', () => {
  it('gives up after max-retries + 1 attempts, saying so, after waiting the backoff between them', async () => {
    const { error, timeouts, sleeps, info } = await refused({ ...SUBMIT, maxRetries: 2 }, () => failure('HTTP 503'))
    expect(timeouts).toHaveLength(3)
    expect(sleeps).toEqual([1000, 2000])
    expect(info).toEqual([
      'Submitting the task: HTTP 503; retrying in 1.0 s (attempt 2 of at most 3)',
      'Submitting the task: HTTP 503; retrying in 2.0 s (attempt 3 of at most 3)'
    ])
    expect(error.details).toEqual(['(gave up after 3 attempts; max-retries is 2)'])
    expect(error.message).toBe('Submitting the task: HTTP 503 (gave up after 3 attempts; max-retries is 2)')
    expect(error.retryable).toBe(false)
    expect(error.outOfTime).toBe(false)
    expect(error.maybeCreated).toBe(false)
  })

  it('does not count the rate limits of a paced submit: they wait in the pacer and are sent again', async () => {
    const fake = fakeClock()
    const pacer = new Pacer(60, fake.clock)
    const limited = failure('HTTP 429', { rateLimited: true, retryAfterMs: 5000 })
    const { error, timeouts, sleeps } = await refused(
      { ...SUBMIT, maxRetries: 1, pacer },
      n => (n <= 2 ? limited : failure('HTTP 503')),
      { clock: fake }
    )
    // Two rate limits, then 503 twice: only the 503s use up max-retries (1 retry).
    expect(timeouts).toHaveLength(4)
    expect(error.details).toEqual(['(gave up after 4 attempts; max-retries is 1)'])
    expect(error.failure).toBe('Submitting the task: HTTP 503')
    // The rate limits' Retry-After was waited out in the pacer, the 503's backoff on the clock.
    expect(sleeps).toEqual([5000, 5000, 4000])
    expect(pacer.intervalMs).toBe(4000)
  })
})

describe('withRetries: until the wait deadline', () => {
  it('retries past max-retries until the deadline, says so in the log, and ends out of time', async () => {
    const policy: RetryPolicy = { ...QUERY, maxRetries: 1, untilDeadline: true, deadline: 20_000 }
    const { error, timeouts, sleeps, info, elapsed } = await refused(policy, () =>
      queryFailure('HTTP 503', { retryAfterMs: 4000 })
    )
    // Attempts at 0, 4, 8, 12 and 16 s; the one at 20 s would start at the deadline.
    expect(timeouts).toEqual([20_000, 16_000, 12_000, 8000, 4000])
    expect(sleeps).toEqual([4000, 4000, 4000, 4000])
    expect(elapsed).toBe(16_000)
    expect(info[0]).toBe('Querying the task: HTTP 503; retrying in 4.0 s (attempt 2, until the wait deadline)')
    expect(info).toHaveLength(4)
    expect(error.details).toEqual(['(gave up after 5 attempts: the next one, in 4.0 s, would pass the time allowed)'])
    expect(error.outOfTime).toBe(true)
    expect(error.retryable).toBe(false)
  })
})

describe('withRetries: a wait that would pass the time allowed', () => {
  it('does not wait for a Retry-After over the longest it waits for, and says it is not out of time', async () => {
    const { error, timeouts, sleeps } = await refused(QUERY, () =>
      queryFailure('HTTP 429', { retryAfterMs: MAX_RETRY_AFTER_MS + 60_000 })
    )
    expect(timeouts).toHaveLength(1)
    expect(sleeps).toEqual([])
    expect(error.message).toBe(
      'Querying the task: HTTP 429 (gave up after 1 attempts: the next one, in 180.0 s, would pass the time allowed)'
    )
    // The server asked for too long a wait: no deadline came.
    expect(error.outOfTime).toBe(false)
  })

  it('does not start a backoff that would end past the deadline', async () => {
    const policy: RetryPolicy = { ...QUERY, initialDelaySeconds: 8, deadline: 10_000 }
    const { error, timeouts, sleeps, elapsed } = await refused(policy, () => queryFailure('HTTP 503'), {
      takesMs: 5000
    })
    expect(timeouts).toEqual([10_000])
    expect(sleeps).toEqual([])
    expect(elapsed).toBe(5000)
    expect(error.details).toEqual(['(gave up after 1 attempts: the next one, in 8.0 s, would pass the time allowed)'])
    expect(error.outOfTime).toBe(true)
  })
})

describe('withRetries: a retried submit gets its whole request-timeout', () => {
  const policy: RetryPolicy = { ...SUBMIT, deadline: 100_000 }
  const busy = () => failure('HTTP 503', { retryAfterMs: 5000 })

  it('a submit is sent again only while a whole request-timeout is left before the deadline', async () => {
    const { error, timeouts, elapsed } = await refused(policy, busy, { takesMs: 20_000 })
    // At 45 s, a third attempt would start at 50 s with 50 s left: less than its 60 s, so it is not sent.
    expect(timeouts).toEqual([60_000, 60_000])
    expect(elapsed).toBe(45_000)
    expect(error.details).toEqual(['(gave up after 2 attempts: the next one, in 5.0 s, would pass the time allowed)'])
    expect(error.outOfTime).toBe(true)
  })

  it('while a query near the deadline is sent with what is left', async () => {
    const { timeouts } = await refused({ ...policy, idempotent: true }, busy, { takesMs: 20_000 })
    expect(timeouts).toEqual([60_000, 60_000, 50_000, 25_000])
  })

  it('a paced submit whose turn in the pacer comes too late is not sent again', async () => {
    const fake = fakeClock()
    const pacer = new Pacer(60, fake.clock)
    const { error, timeouts, elapsed } = await refused(
      { ...policy, pacer },
      () => {
        // Meanwhile another clip was told to wait a minute: everyone in the pacer waits with it.
        pacer.rateLimited(60_000)
        return failure('HTTP 429', { rateLimited: true, retryAfterMs: 1000 })
      },
      { clock: fake }
    )
    expect(timeouts).toEqual([60_000])
    // Its turn came at 60 s: 40 s before the deadline, less than its 60 s request-timeout.
    expect(elapsed).toBe(60_000)
    expect(error.details).toEqual([
      '(gave up after 1 attempts: its next turn in the pacer came too late for the time allowed)'
    ])
    expect(error.outOfTime).toBe(true)
    expect(error.maybeCreated).toBe(false)
    expect(error.retryable).toBe(false)
  })
})
