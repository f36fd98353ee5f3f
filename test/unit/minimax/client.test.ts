import { describe, expect, it } from 'vitest'
import { ApiError, CancelledError } from '../../../src/errors.js'
import { networkError, type RawResponse } from '../../../src/net/http.js'
import { MiniMaxClient, MiniMaxV2Client, parseJsonKeepingIds } from '../../../src/minimax/client.js'
import type { RequestBody } from '../../../src/minimax/body.js'

const KEY = 'sk-unit-0123456789'
const body: RequestBody = {
  contentLength: 2,
  async *stream() {
    yield '{}'
  }
}
const ok = (json: unknown, headers: Record<string, string> = {}): RawResponse => ({
  status: 200,
  headers,
  text: JSON.stringify(json),
  traceId: 'trace-1'
})
const http = (status: number, text = '', headers: Record<string, string> = {}): RawResponse => ({
  status,
  headers,
  text,
  traceId: undefined
})
const codeError = (code: string) => Object.assign(new Error(code), { code })
/** A 503 that is MiniMax's own answer (its base_resp): it proves the request was turned away. */
const busy = (headers: Record<string, string> = {}): RawResponse =>
  http(503, '{"base_resp":{"status_code":1000,"status_msg":"service busy"}}', headers)

/** A client on a fake clock: each request takes `takes(ms)` of fake time, sleeps advance it too. */
function fakeClient(
  answer: (attempt: number, timeoutMs: number) => RawResponse | Error,
  options: { defaults?: boolean; takesMs?: (timeoutMs: number) => number; v2?: boolean } = {}
) {
  let clock = 0
  const sleeps: number[] = []
  let attempt = 0
  const Client = options.v2 ? MiniMaxV2Client : MiniMaxClient
  const client = new Client({
    baseUrl: 'https://api.example.com',
    apiKey: KEY,
    requestTimeoutSeconds: 60,
    maxRetries: 5,
    retryInitialDelaySeconds: 1,
    log: { debug: () => undefined, info: () => undefined, warning: () => undefined },
    now: () => clock,
    random: () => 1, // the worst case of full jitter: the whole ceiling
    sleep: async ms => {
      sleeps.push(ms)
      clock += ms
    },
    transport: async (_what, _url, o) => {
      attempt++
      clock += options.takesMs?.(o.timeoutMs) ?? 100
      const result = answer(attempt, o.timeoutMs)
      if (result instanceof Error) throw networkError('request', result, 60)
      return result
    }
  })
  return { client, sleeps, elapsed: () => clock, attempts: () => attempt }
}

describe('retry policy on a fake clock, with the defaults (max-retries 5, request-timeout 60, initial delay 1)', () => {
  it('503 forever: 6 attempts, backoff 1+2+4+8+16 s at worst, then a clear error', async () => {
    const f = fakeClient(() => busy())
    await expect(f.client.submit(body)).rejects.toThrow(/HTTP 503.*gave up after 6 attempts/)
    expect(f.attempts()).toBe(6)
    expect(f.sleeps).toEqual([1000, 2000, 4000, 8000, 16000])
  })

  it('a host that never accepts the connection: retried, and given up within 3 minutes in all', async () => {
    const f = fakeClient(() => codeError('UND_ERR_CONNECT_TIMEOUT'), { takesMs: timeout => timeout })
    await expect(f.client.submit(body)).rejects.toThrow(/connecting timed out/)
    expect(f.attempts()).toBeGreaterThan(1)
    expect(f.elapsed()).toBeLessThanOrEqual(180_000)
  })

  it('a submit whose answer never comes is not sent again (it may have created a task)', async () => {
    const f = fakeClient(() => codeError('UND_ERR_HEADERS_TIMEOUT'), { takesMs: timeout => timeout })
    await expect(f.client.submit(body)).rejects.toThrow(
      /no answer came within request-timeout.*may have reached MiniMax.*not sent again/
    )
    expect(f.attempts()).toBe(1)
    expect(f.elapsed()).toBe(60_000)
  })

  it('a query whose answer never comes is retried (queries are safe to repeat)', async () => {
    const f = fakeClient(
      n => (n < 3 ? codeError('UND_ERR_HEADERS_TIMEOUT') : ok({ status: 'Processing', base_resp: { status_code: 0 } })),
      { takesMs: t => t }
    )
    await expect(f.client.query('1')).resolves.toMatchObject({ status: 'Processing' })
    expect(f.attempts()).toBe(3)
  })

  it.each([
    ['ECONNRESET', 1],
    ['UND_ERR_SOCKET', 1],
    ['ECONNREFUSED', 6],
    ['ENOTFOUND', 6]
  ])('submit after %s: %d attempt(s)', async (code, attempts) => {
    const f = fakeClient(() => codeError(code))
    await expect(f.client.submit(body)).rejects.toBeInstanceOf(ApiError)
    expect(f.attempts()).toBe(attempts)
  })

  it.each([
    [429, 2],
    [529, 2],
    [500, 1],
    [502, 1],
    [504, 1],
    [408, 1],
    [400, 1],
    [404, 1]
  ])('submit after HTTP %d: %d attempt(s)', async (status, attempts) => {
    const f = fakeClient(n => (n === 1 ? http(status) : ok({ task_id: '123', base_resp: { status_code: 0 } })))
    const result = f.client.submit(body)
    if (attempts === 2) await expect(result).resolves.toMatchObject({ taskId: '123' })
    else await expect(result).rejects.toThrow(new RegExp(`HTTP ${status}`))
    expect(f.attempts()).toBe(attempts)
  })

  it("sends a submit again after MiniMax's own 503, never after a proxy's (it may follow a task)", async () => {
    const own = fakeClient(n => (n === 1 ? busy() : ok({ task_id: '123', base_resp: { status_code: 0 } })))
    await expect(own.client.submit(body)).resolves.toMatchObject({ taskId: '123' })
    expect(own.attempts()).toBe(2)
    const proxy = fakeClient(n =>
      n === 1 ? http(503, 'upstream connect error or disconnect/reset before headers') : ok({})
    )
    await expect(proxy.client.submit(body)).rejects.toThrow(/HTTP 503.*may have reached MiniMax and created a task/)
    expect(proxy.attempts()).toBe(1)
  })

  it('honours Retry-After', async () => {
    const f = fakeClient(n =>
      n === 1 ? http(429, '', { 'retry-after': '7' }) : ok({ task_id: '5', base_resp: { status_code: 0 } })
    )
    await f.client.submit(body)
    expect(f.sleeps).toEqual([7000])
  })

  it('does not wait for a Retry-After beyond what is allowed', async () => {
    const f = fakeClient(() => busy({ 'retry-after': '3600' }))
    await expect(f.client.submit(body)).rejects.toThrow(/gave up after 1 attempts/)
    expect(f.sleeps).toEqual([])
  })

  it.each([1002, 1039, 1041, 2045])('retries a submit after code %d (the task surely was not created)', async code => {
    const f = fakeClient(n =>
      ok(n === 1 ? { base_resp: { status_code: code } } : { task_id: '9', base_resp: { status_code: 0 } })
    )
    await expect(f.client.submit(body)).resolves.toMatchObject({ taskId: '9' })
    expect(f.attempts()).toBe(2)
  })

  it.each([1000, 1001, 1013, 1024, 1033])(
    'does not repeat a submit after internal error %d (the task may exist), but repeats a query',
    async code => {
      const f = fakeClient(() => ok({ base_resp: { status_code: code } }))
      await expect(f.client.submit(body)).rejects.toThrow(/may have reached MiniMax and created a task/)
      expect(f.attempts()).toBe(1)
      const q = fakeClient(n =>
        ok(n === 1 ? { base_resp: { status_code: code } } : { status: 'Queueing', base_resp: { status_code: 0 } })
      )
      await expect(q.client.query('1')).resolves.toMatchObject({ status: 'Queueing' })
      expect(q.attempts()).toBe(2)
    }
  )

  it.each([500, 502, 504, 408])('a submit answered %d says the task may exist and how to find it', async status => {
    const f = fakeClient(() => http(status))
    await expect(f.client.submit(body)).rejects.toThrow(/may have reached MiniMax.*task list in MiniMax's console/)
    expect(f.attempts()).toBe(1)
  })

  it('sends a submit again only with its whole request-timeout ahead', async () => {
    // 429 at once with Retry-After 100 s, then 429 with Retry-After 30 s: the third attempt would
    // start at 130 s of a 180 s budget, with 50 s left of a 60 s request-timeout, so it is not sent.
    const f = fakeClient(n => http(429, '', { 'retry-after': n === 1 ? '100' : '30' }))
    await expect(f.client.submit(body)).rejects.toThrow(/HTTP 429.*gave up after 2 attempts/)
    expect(f.attempts()).toBe(2)
    expect(f.sleeps).toEqual([100_000])
  })

  it.each([1004, 1008, 1026, 1027, 1042, 2013, 2049, 2056, 2038, 9999])('does not retry code %d', async code => {
    const f = fakeClient(() => ok({ base_resp: { status_code: code, status_msg: 'nope' } }))
    await expect(f.client.submit(body)).rejects.toThrow(new RegExp(`MiniMax error ${code}`))
    expect(f.attempts()).toBe(1)
  })

  it('never lets the key into an error message, even when the server echoes it', async () => {
    const f = fakeClient(() => ok({ base_resp: { status_code: 2049, status_msg: `invalid api key ${KEY}` } }))
    const error = (await f.client.submit(body).catch(e => e)) as Error
    expect(error.message).toContain('***')
    expect(error.message).not.toContain(KEY)
  })
})

describe('hostile answers to a submit', () => {
  it.each([
    ['malformed JSON', '{"task_id": "1", ', /not JSON/],
    ['an empty body', '', /an empty body/],
    ['an array', '[]', /not an object/],
    ['no base_resp', '{"task_id":"1"}', /without base_resp/],
    ['no task_id', '{"base_resp":{"status_code":0}}', /no task_id.*A task may have been created/],
    [
      'a task_id that is not digits',
      '{"task_id":"abc","base_resp":{"status_code":0}}',
      /"abc", which is not a string of digits/
    ],
    ['an empty task_id', '{"task_id":"","base_resp":{"status_code":0}}', /not a string of digits/],
    ['a task_id object', '{"task_id":{"id":1},"base_resp":{"status_code":0}}', /not a string of digits/]
  ])('%s: one request, a clear error with the HTTP status and Trace-Id', async (_name, text, message) => {
    const f = fakeClient(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      text,
      traceId: 'abc123'
    }))
    const error = (await f.client.submit(body).catch(e => e)) as Error
    expect(error.message).toMatch(message)
    expect(error.message).toMatch(/HTTP 200.*Trace-Id abc123/)
    expect(f.attempts()).toBe(1)
  })

  it('keeps an 18-digit task_id sent as a bare number, digit for digit', async () => {
    const f = fakeClient(() => ({
      status: 200,
      headers: {},
      text: '{"task_id":176843862716480123,"base_resp":{"status_code":0}}',
      traceId: undefined
    }))
    await expect(f.client.submit(body)).resolves.toMatchObject({ taskId: '176843862716480123' })
  })
})

describe('parseJsonKeepingIds', () => {
  it('keeps the digits of every *_id, leaves other numbers alone', () => {
    expect(
      parseJsonKeepingIds(
        '{"file":{"file_id":176844028768320456,"bytes":12},"task_id":999999999999999999,"video_width":1920}'
      )
    ).toEqual({
      file: { file_id: '176844028768320456', bytes: 12 },
      task_id: '999999999999999999',
      video_width: 1920
    })
  })
})

describe('V2 answers (MiniMax-H3): HTTP statuses and the error envelope', () => {
  const envelope = (status: number, type: string, message: string, headers: Record<string, string> = {}) =>
    http(
      status,
      JSON.stringify({ type: 'error', error: { type, message, http_code: String(status) }, request_id: 'req-7' }),
      headers
    )
  const v2 = (answer: Parameters<typeof fakeClient>[0]) => fakeClient(answer, { v2: true })

  it('reads the code at the end of the message, names the request_id, and does not repeat a 401', async () => {
    const f = v2(() => envelope(401, 'authorized_error', 'invalid api key (1004)'))
    const error = (await f.client.submit(body).catch(e => e)) as ApiError
    expect(error.message).toMatch(/HTTP 401, request_id req-7, MiniMax error 1004, not authorized.*api-key secret/)
    expect(error.code).toBe(1004)
    expect(error.maybeCreated).toBe(false)
    expect(f.attempts()).toBe(1)
  })

  it('gives a status without a code the code it stands for', async () => {
    const f = v2(() => http(402, '{"type":"error","error":{"type":"insufficient_balance_error","message":"no money"}}'))
    await expect(f.client.submit(body)).rejects.toThrow(/HTTP 402, MiniMax error 1008, insufficient balance/)
  })

  it('waits out a 429 as Retry-After says, then sends the submit again', async () => {
    const f = v2(n =>
      n === 1
        ? envelope(429, 'rate_limit_error', 'rate limit exceeded (1002)', { 'retry-after': '7' })
        : http(200, '{"task_id":"424010985738629"}')
    )
    await expect(f.client.submit(body)).resolves.toMatchObject({ taskId: '424010985738629' })
    expect(f.sleeps).toEqual([7000])
  })

  it('treats an error inside a 200 (base_resp, as MiniMax CLI guards against) as the error it is', async () => {
    const f = v2(() => ok({ base_resp: { status_code: 1008, status_msg: 'balance' } }))
    await expect(f.client.submit(body)).rejects.toThrow(/MiniMax error 1008, insufficient balance/)
    expect(f.attempts()).toBe(1)
  })

  it('keeps the key out of a V2 error that echoes it', async () => {
    const f = v2(() => envelope(401, 'authorized_error', `bad key ${KEY} (1004)`))
    const error = (await f.client.submit(body).catch(e => e)) as Error
    expect(error.message).not.toContain(KEY)
  })

  it.each([
    ['queued', 'pending'],
    ['running', 'pending'],
    ['failed', 'failed'],
    ['cancelled', 'failed'],
    ['expired', 'failed']
  ])('a task %s is %s', async (status, phase) => {
    const f = v2(() => http(200, JSON.stringify({ task: { id: '1', status } })))
    await expect(f.client.query('1')).resolves.toMatchObject({ status, phase })
  })

  it('a task that succeeded without a link has no video, and says so', async () => {
    const f = v2(() => http(200, '{"task":{"id":"1","status":"succeeded","content":{}}}'))
    await expect(f.client.query('1')).resolves.toMatchObject({
      phase: 'failed',
      failure: 'succeeded but MiniMax gave no content.url'
    })
  })

  it('refuses a status it does not know rather than wait on it forever', async () => {
    const f = v2(() => http(200, '{"task":{"id":"1","status":"paused"}}'))
    await expect(f.client.query('1')).rejects.toThrow(/unknown status "paused"/)
  })

  it("explains a failed task's string code with the same table", async () => {
    const f = v2(() =>
      http(200, '{"task":{"id":"1","status":"failed","error":{"code":"1027","message":"output flagged"}}}')
    )
    await expect(f.client.query('1')).resolves.toMatchObject({
      failure: 'failed with MiniMax error 1027, output contains sensitive content ("output flagged")',
      advice: 'No video was made; change the prompt or the frames'
    })
  })
})

describe('V2 answers: the review cases', () => {
  const v2 = (answer: Parameters<typeof fakeClient>[0]) => fakeClient(answer, { v2: true })

  it('sends a submit again after a rate-limit code in a 400 (the status proves no task was made)', async () => {
    const f = v2(n =>
      n === 1
        ? http(400, '{"type":"error","error":{"type":"bad_request_error","message":"rate growth limit (2045)"}}')
        : http(200, '{"task_id":"5"}')
    )
    await expect(f.client.submit(body)).resolves.toMatchObject({ taskId: '5' })
    expect(f.attempts()).toBe(2)
  })

  it('takes a 400 without a code on a query as a task MiniMax does not know', async () => {
    const f = v2(() => http(400, '{"type":"error","error":{"type":"bad_request_error","message":"invalid task_id"}}'))
    const error = (await f.client.query('1').catch(e => e)) as ApiError
    expect(error.code).toBe(2013)
    expect(error.message).toMatch(/MiniMax does not know this task: it keeps V2 tasks for 7 days/)
    expect(error.message).not.toMatch(/Check the inputs/)
  })
})

describe('a submit cut off by the run being cancelled', () => {
  const OPTIONS = {
    baseUrl: 'https://api.example.com',
    apiKey: KEY,
    requestTimeoutSeconds: 60,
    maxRetries: 5,
    retryInitialDelaySeconds: 1,
    log: { debug: () => undefined, info: () => undefined, warning: () => undefined }
  }

  it('says the task may exist (the request was out), so it is recorded as a lost answer', async () => {
    const run = new AbortController()
    const client = new MiniMaxV2Client({
      ...OPTIONS,
      signal: run.signal,
      transport: (_what, _url, o) =>
        new Promise((_, reject) => {
          o.signal!.addEventListener('abort', () => reject(networkError('request', new Error('aborted'), 60, o.signal)))
          setTimeout(() => run.abort(new CancelledError('The run was cancelled (SIGINT).')), 5)
        })
    })
    const error = (await client.submit(body).catch(e => e)) as ApiError
    expect(error).toBeInstanceOf(ApiError)
    expect(error.maybeCreated).toBe(true)
    expect(error.sentAt).toBeGreaterThan(0)
    expect(error.message).toMatch(/cancelled while the request was out.*may have reached MiniMax/)
  })

  it('is a plain cancellation while it still waits its turn (nothing was sent)', async () => {
    const run = new AbortController()
    run.abort(new CancelledError('The run was cancelled (SIGINT).'))
    const client = new MiniMaxV2Client({
      ...OPTIONS,
      signal: run.signal,
      transport: async () => http(200, '{"task_id":"1"}')
    })
    await expect(client.submit(body)).rejects.toBeInstanceOf(CancelledError)
  })
})

describe("a submit's stop (wait-timeout, another clip's account error)", () => {
  const quiet = { debug: () => undefined, info: () => undefined, warning: () => undefined }
  const clientWith = (transport: ConstructorParameters<typeof MiniMaxClient>[0]['transport']): MiniMaxClient =>
    new MiniMaxClient({
      baseUrl: 'https://api.example.com',
      apiKey: KEY,
      requestTimeoutSeconds: 60,
      maxRetries: 5,
      retryInitialDelaySeconds: 0,
      log: quiet,
      transport
    })

  it('never reaches a request already sent: it runs to its answer', async () => {
    const stop = new AbortController()
    const seen: Array<AbortSignal | undefined> = []
    const client = clientWith(async (_what, _url, o) => {
      seen.push(o.signal)
      stop.abort(new Error('not sent: wait-timeout passed')) // while this request is out
      await new Promise(resolve => setTimeout(resolve, 20))
      return ok({ task_id: '176843862716480123', base_resp: { status_code: 0 } })
    })
    await expect(client.submit(body, { stop: stop.signal })).resolves.toMatchObject({ taskId: '176843862716480123' })
    expect(seen[0]?.aborted ?? false).toBe(false)
  })

  it('keeps a repeat from starting: a submit refused with 503 is not sent again once stopped', async () => {
    const stop = new AbortController()
    let attempts = 0
    const client = clientWith(async () => {
      attempts++
      stop.abort(new Error('not sent: MiniMax error 1008'))
      return busy()
    })
    await expect(client.submit(body, { stop: stop.signal })).rejects.toThrow('not sent: MiniMax error 1008')
    expect(attempts).toBe(1)
  })
})
