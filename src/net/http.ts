/**
 * One HTTP request to MiniMax or its download host, with undici (loaded on first use), the
 * request timeout applied to connect, headers and body, and every failure classified: may a
 * retry help, and could the request already have had its effect (a created task)?
 */
import { ActionError, ApiError, CancelledError } from '../errors.js'
import { isLoopbackHost } from './hosts.js'
import type { Dispatcher } from './undici-core.js'

/**
 * Two agents for the run, loaded and made on the first request (a dry run or a refused input never
 * pays for undici): one that honours HTTP(S)_PROXY / NO_PROXY, for self-hosted runners behind a
 * proxy, and one that never uses a proxy, for loopback (a proxy there would only get to see the
 * API key). The connect timeout is the first request's timeout (request-timeout).
 */
const agents: { proxied?: Promise<Dispatcher>; direct?: Promise<Dispatcher> } = {}

function agentFor(url: URL, connectTimeoutMs: number): Promise<Dispatcher> {
  const connect = { timeout: connectTimeoutMs }
  if (isLoopbackHost(url.hostname)) {
    agents.direct ??= import('./undici-core.js').then(({ DirectAgent }) => new DirectAgent({ connect }))
    return agents.direct
  }
  agents.proxied ??= import('./undici-core.js').then(({ ProxyAgent }) => new ProxyAgent({ connect }))
  return agents.proxied
}

export interface RequestOptions {
  method: 'GET' | 'POST' | 'DELETE'
  headers?: Record<string, string>
  body?: AsyncIterable<string | Uint8Array>
  /** The whole request, answer and body included, ends within this: not an idle timer. */
  timeoutMs: number
  /** The run's cancellation. */
  signal?: AbortSignal
}

/** A request with connect, answer and body together bounded by timeoutMs (and the run's signal). */
export async function request(url: string, options: RequestOptions): Promise<Dispatcher.ResponseData> {
  const target = new URL(url)
  const dispatcher = await agentFor(target, options.timeoutMs)
  const deadline = AbortSignal.timeout(options.timeoutMs)
  return dispatcher.request({
    method: options.method,
    headers: options.headers,
    // undici streams any async iterable (its types only list Readable).
    body: options.body as Dispatcher.RequestOptions['body'],
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    signal: options.signal ? AbortSignal.any([deadline, options.signal]) : deadline
  })
}

export async function closeDispatchers(): Promise<void> {
  const closing = [agents.proxied, agents.direct]
  agents.proxied = agents.direct = undefined
  await Promise.all(closing.map(async agent => (await agent)?.close().catch(() => undefined)))
}

/** Network failures that happen before a request is sent: retrying cannot duplicate anything. */
const BEFORE_SEND = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT'
])
const TLS = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/

function errorCode(error: unknown): string | undefined {
  let e: unknown = error
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code
    e = (e as { cause?: unknown }).cause
  }
  return (error as { code?: string }).code
}

const DESCRIBE: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS)',
  ECONNRESET: 'the connection was reset',
  UND_ERR_SOCKET: 'the server closed the connection',
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no answer came within request-timeout',
  UND_ERR_BODY_TIMEOUT: 'the answer stalled for longer than request-timeout',
  DEADLINE: 'no complete answer came within request-timeout'
}

/**
 * Turn a thrown network error into an ApiError; errors of our own pass through unchanged, and a
 * cancelled run's abort becomes its CancelledError.
 */
export function networkError(what: string, error: unknown, timeoutSeconds: number, signal?: AbortSignal): Error {
  if (error instanceof ActionError) return error
  if (signal?.aborted)
    return signal.reason instanceof Error ? signal.reason : new CancelledError('The run was cancelled.')
  let code = errorCode(error) ?? 'unknown'
  // The request's own deadline (AbortSignal.timeout) fired: the whole request took too long.
  if ((error as { name?: string }).name === 'TimeoutError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
    code = 'DEADLINE'
  }
  if (TLS.test(code)) {
    return new ApiError(`${what}: TLS failure (${code}); check base-url and any proxy in between`, {
      retryable: false,
      cause: error
    })
  }
  const described = DESCRIBE[code] ?? (error instanceof Error ? error.message : String(error))
  const timeout = /TIMEOUT|DEADLINE/.test(code) ? ` (request-timeout is ${timeoutSeconds} s)` : ''
  return new ApiError(`${what}: ${described} [${code}]${timeout}`, {
    retryable: true,
    maybeCreated: !BEFORE_SEND.has(code),
    cause: error
  })
}

/** "HTTP 200, Trace-Id abc": how an answer is named in messages (MiniMax support asks for the Trace-Id). */
export function describeHttp(status: number, traceId: string | undefined): string {
  return `HTTP ${status}${traceId ? `, Trace-Id ${traceId}` : ''}`
}

export interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
  traceId: string | undefined
}

/** Read at most `limit` bytes of a body; more than that is an error, not a memory spike. */
async function readCapped(body: Dispatcher.ResponseData['body'], limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += (chunk as Buffer).length
    if (size > limit) {
      body.destroy()
      return undefined
    }
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export const MAX_RESPONSE_BYTES = 1024 * 1024

export function header(headers: RawResponse['headers'], name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** One request to MiniMax's API: its answer read whole (at most 1 MiB) within the deadline. */
export async function send(
  what: string,
  url: string,
  options: RequestOptions & { timeoutSeconds: number }
): Promise<RawResponse> {
  let response: Dispatcher.ResponseData
  try {
    response = await request(url, options)
  } catch (error) {
    throw networkError(what, error, options.timeoutSeconds, options.signal)
  }
  const traceId = header(response.headers, 'trace-id') ?? header(response.headers, 'x-trace-id')
  let text: string | undefined
  try {
    text = await readCapped(response.body, MAX_RESPONSE_BYTES)
  } catch (error) {
    throw networkError(
      `${what} (${describeHttp(response.statusCode, traceId)})`,
      error,
      options.timeoutSeconds,
      options.signal
    )
  }
  if (text === undefined) {
    throw new ApiError(
      `${what}: the answer (${describeHttp(response.statusCode, traceId)}) is larger than ` +
        `${MAX_RESPONSE_BYTES} bytes, which no MiniMax answer is; is base-url right?`,
      {
        retryable: false,
        maybeCreated: true
      }
    )
  }
  return { status: response.statusCode, headers: response.headers, text, traceId }
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
