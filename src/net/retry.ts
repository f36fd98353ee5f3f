/**
 * The one retry loop. Every request the action sends (submit, query, retrieve, download) runs in
 * it; a policy says how often and for how long, and whether a failed attempt may be repeated at
 * all. Only ApiErrors are retried: anything else (a disk error, a bug) ends the loop at once.
 */
import { ApiError } from '../errors.js'
import type { Logger } from '../log.js'
import { throwIfCancelled } from './cancel.js'
import type { Clock } from './clock.js'
import type { Pacer } from './pacer.js'

export interface RetryPolicy {
  /** What is being done, for messages ("Submitting the task"). */
  what: string
  maxRetries: number
  initialDelaySeconds: number
  /** No attempt starts, and no wait runs, past this moment (ms on the clock); Infinity for none. */
  deadline: number
  /** Retry until the deadline, whatever maxRetries says (status queries while waiting). */
  untilDeadline?: boolean
  /**
   * False for a request that creates something (a submit): an error that may hide a created task
   * is then final, with a message that says so, since a second request could bill twice.
   */
  idempotent: boolean
  /** The longest single attempt, in ms; an attempt near the deadline gets what is left. */
  attemptTimeoutMs: number
  /** The run's cancellation: ends a wait between attempts. */
  signal?: AbortSignal
  /** The pacer a repeated attempt waits its turn in (requests that create a task). */
  pacer?: Pacer
}

/** Why a request that creates a task is not sent again after an answer that may hide the task. */
export const MAYBE_CREATED =
  'The request may have reached MiniMax and created a task, so it was not sent again (a second task would be ' +
  "billed twice). Check the task list in MiniMax's console before running this again."

/** A Retry-After longer than this is not waited for. */
export const MAX_RETRY_AFTER_MS = 120_000

/** Backoff cap: no single wait between attempts is longer than this. */
export const MAX_BACKOFF_MS = 30_000

/** Full-jitter exponential backoff before retry n (1-based): uniform in [0, min(cap, initial x 2^(n-1))]. */
export function backoffMs(retry: number, initialSeconds: number, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(MAX_BACKOFF_MS, initialSeconds * 1000 * 2 ** (retry - 1)))
}

/**
 * Run `attempt` until it succeeds or the policy says stop. Each attempt gets the time it may take
 * (the attempt timeout, or less near the deadline) and its number.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  clock: Clock,
  log: Logger,
  attempt: (timeoutMs: number, n: number) => Promise<T>,
  redact: (text: string) => string = text => text
): Promise<T> {
  const { what, maxRetries } = policy
  const tally = { rateLimits: 0 }
  const of = policy.untilDeadline ? ', until the wait deadline' : ` of at most ${maxRetries + 1}`
  for (let n = 1; ; n++) {
    throwIfCancelled(policy.signal)
    const timeoutMs = Math.max(1, Math.min(policy.attemptTimeoutMs, policy.deadline - clock.now()))
    log.debug(`${what}: attempt ${n}${policy.untilDeadline ? '' : ` of at most ${maxRetries + 1}`}`)
    try {
      return await attempt(timeoutMs, n)
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      const final = ending(error, redact)
      log.debug(`${what}: attempt ${n} failed: ${redact(error.message)}`)
      const { wait, pacer } = nextWait(policy, clock, error, n, tally, final)
      // Messages start with what failed ("Submitting the task: HTTP 503"), so they stand alone.
      log.info(`${redact(error.message)}; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${n + 1}${of})`)
      if (pacer) {
        // Everyone waits out the rate limit; this request goes first when it is over.
        pacer.rateLimited(wait)
        await pacer.acquire(policy.signal, true)
        // Its turn may have come late: a submit is sent only with its whole request-timeout ahead.
        if (tooLate(policy, clock, 0)) {
          throw final({
            detail: `(gave up after ${n} attempts: its next turn in the pacer came too late for the time allowed)`,
            outOfTime: true
          })
        }
      } else {
        await clock.sleep(wait, policy.signal)
      }
    }
  }
}

/** How the loop ends: what is added to the error's details, and what the error says about the task and time. */
interface Ending {
  detail?: string
  maybeCreated?: boolean
  outOfTime?: boolean
}

/** The error that ends the loop: redacted, no longer retryable, and saying why it ended. */
function ending(error: ApiError, redact: (text: string) => string): (options: Ending) => ApiError {
  const failure = redact(error.failure)
  const advice = error.advice && redact(error.advice)
  return options =>
    error.with({
      failure,
      advice: options.maybeCreated ? MAYBE_CREATED : advice,
      details: options.detail ? [...error.details, options.detail] : error.details,
      retryable: false,
      maybeCreated: options.maybeCreated ?? false,
      outOfTime: options.outOfTime ?? false,
      cause: error
    })
}

/**
 * After attempt n failed with `error`: how long to wait before the next one, and the pacer to wait
 * in (a rate limit of a paced request), or the error that ends the loop instead. `tally` counts the
 * rate limits that do not use up a retry.
 */
function nextWait(
  policy: RetryPolicy,
  clock: Clock,
  error: ApiError,
  n: number,
  tally: { rateLimits: number },
  final: (options: Ending) => ApiError
): { wait: number; pacer?: Pacer } {
  const { maxRetries } = policy
  if (error.maybeCreated && !policy.idempotent) throw final({ maybeCreated: true })
  if (!error.retryable) throw final({ outOfTime: clock.now() >= policy.deadline })
  // A paced request that was rate-limited is sent again in its turn: never dropped while time allows.
  const pacer = error.rateLimited ? policy.pacer : undefined
  if (pacer) tally.rateLimits++
  if (n - tally.rateLimits > maxRetries && !policy.untilDeadline) {
    throw final({ detail: `(gave up after ${n} attempts; max-retries is ${maxRetries})` })
  }
  const wait = error.retryAfterMs ?? backoffMs(n, policy.initialDelaySeconds, clock.random)
  if (wait > MAX_RETRY_AFTER_MS || tooLate(policy, clock, wait)) {
    throw final({
      detail:
        `(gave up after ${n} attempts: the next one, in ${(wait / 1000).toFixed(1)} s, would pass the time ` +
        `allowed)`,
      outOfTime: wait <= MAX_RETRY_AFTER_MS
    })
  }
  return { wait, pacer }
}

/**
 * Whether an attempt that starts `extra` ms from now would start too late. A submit is sent again
 * only with its whole request-timeout ahead: one cut short by the deadline could create a task
 * whose id never arrives.
 */
function tooLate(policy: RetryPolicy, clock: Clock, extra: number): boolean {
  const needs = policy.idempotent ? 0 : policy.attemptTimeoutMs
  return clock.now() + extra + needs >= policy.deadline
}
