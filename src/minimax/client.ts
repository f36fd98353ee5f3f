/**
 * MiniMax's video API: submit, query, retrieve. Each call checks HTTP status and base_resp,
 * keeps ids as strings, and retries what can be retried (see retryPolicy in README).
 */
import { ApiError, type ApiErrorOptions } from '../errors.js'
import type { Logger } from '../log.js'
import { realClock, type Clock } from '../net/clock.js'
import { describeHttp, header, retryAfterMs, send, traceNote, type RawResponse } from '../net/http.js'
import type { Pacer } from '../net/pacer.js'
import { withRetries } from '../net/retry.js'
import type { RequestBody } from './body.js'
import { describeCode, statusMayHaveCreated, statusRetryable } from './error-codes.js'

export interface ClientOptions {
  baseUrl: string
  apiKey: string
  requestTimeoutSeconds: number
  maxRetries: number
  retryInitialDelaySeconds: number
  log: Logger
  /** The run's cancellation: ends requests in flight and waits between attempts. */
  signal?: AbortSignal
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  random?: () => number
  now?: () => number
  /** How a request is sent (tests give a fake one to run the retry policy on a fake clock). */
  transport?: typeof send
  /** Paces every submit (one pacer for all the run's clips). */
  pacer?: Pacer
  /** How long one submit may keep trying, in ms (default: the budget, three request-timeouts). */
  submitWindowMs?: number
}

export type TaskStatus = 'Preparing' | 'Queueing' | 'Processing' | 'Success' | 'Fail'
export const TASK_STATUSES: readonly TaskStatus[] = ['Preparing', 'Queueing', 'Processing', 'Success', 'Fail']

export interface TaskState {
  taskId: string
  status: TaskStatus
  fileId?: string
  videoWidth?: number
  videoHeight?: number
  traceId?: string
}

export interface FileInfo {
  fileId: string
  downloadUrl: string
  bytes?: number
  filename?: string
}

const ID = /^\d{1,20}$/

/** Parse JSON keeping every *_id that arrives as a bare number as its exact digits. */
export function parseJsonKeepingIds(text: string): unknown {
  return JSON.parse(text, function (key: string, value: unknown, context?: { source?: string }) {
    if (typeof value === 'number' && /(^|_)id$/.test(key) && context?.source) return context.source
    return value
  } as (key: string, value: unknown) => unknown)
}

export class MiniMaxClient {
  readonly #options: ClientOptions
  readonly #clock: Clock
  readonly #send: typeof send
  /** Requests sent per operation, retries included: the summary shows them, to reconcile with MiniMax's console. */
  readonly attempts = { submit: 0, query: 0, retrieve: 0 }

  constructor(options: ClientOptions) {
    this.#options = options
    this.#clock = {
      now: options.now ?? realClock.now,
      sleep: options.sleep ?? realClock.sleep,
      random: options.random ?? realClock.random
    }
    this.#send = options.transport ?? send
  }

  get #timeoutMs(): number {
    return Math.round(this.#options.requestTimeoutSeconds * 1000)
  }

  /** The retry budget of one operation: three request-timeouts (3 minutes with the defaults). */
  get budgetMs(): number {
    return 3 * this.#timeoutMs
  }

  #redact = (text: string): string => {
    const key = this.#options.apiKey
    return key ? text.split(key).join('***') : text
  }

  async #call(
    operation: keyof MiniMaxClient['attempts'],
    what: string,
    request: (timeoutMs: number) => Promise<RawResponse>,
    options: { idempotent: boolean; deadline?: number; untilDeadline?: boolean; pacer?: Pacer; signal?: AbortSignal }
  ): Promise<{ json: Record<string, unknown>; traceId?: string }> {
    const { log, maxRetries, retryInitialDelaySeconds } = this.#options
    const policy = {
      what,
      maxRetries,
      initialDelaySeconds: retryInitialDelaySeconds,
      deadline: options.deadline ?? this.#clock.now() + this.budgetMs,
      untilDeadline: options.untilDeadline,
      idempotent: options.idempotent,
      attemptTimeoutMs: this.#timeoutMs,
      signal: options.signal ?? this.#options.signal,
      pacer: options.pacer
    }
    return withRetries(
      policy,
      this.#clock,
      log,
      async timeoutMs => {
        this.attempts[operation]++
        const response = await request(timeoutMs)
        const json = this.#check(what, response)
        log.debug(`${what}: ${describeHttp(response.status, response.traceId)}, base_resp 0`)
        return { json, traceId: response.traceId }
      },
      this.#redact
    )
  }

  /** HTTP status, JSON, base_resp: anything but a clean success is an ApiError. */
  #check(what: string, response: RawResponse): Record<string, unknown> {
    const trace = response.traceId ? `, Trace-Id ${response.traceId}` : ''
    const http = describeHttp(response.status, response.traceId)
    const after = retryAfterMs(header(response.headers, 'retry-after'))
    if (response.status !== 200) {
      return fail(`${what}: ${http}${snippet(response)}`, {
        retryable: statusRetryable(response.status),
        rateLimited: response.status === 429,
        maybeCreated: statusMayHaveCreated(response.status),
        retryAfterMs: after
      })
    }
    let json: unknown
    try {
      json = parseJsonKeepingIds(response.text)
    } catch {
      const kind = response.text.trim() === '' ? 'an empty body' : `a body that is not JSON${snippet(response)}`
      return fail(`${what}: ${http} with ${kind}`, { retryable: true, maybeCreated: true })
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      return fail(`${what}: ${http} with JSON that is not an object${snippet(response)}`, {
        retryable: true,
        maybeCreated: true
      })
    }
    const base = (json as { base_resp?: { status_code?: unknown; status_msg?: unknown } }).base_resp
    if (!base || typeof base.status_code !== 'number') {
      return fail(`${what}: ${http} without base_resp.status_code${snippet(response)}`, {
        retryable: true,
        maybeCreated: true
      })
    }
    if (base.status_code !== 0) {
      const code = base.status_code
      const info = describeCode(code)
      // MiniMax's words are quoted (JSON): never raw text in a log line.
      const said =
        typeof base.status_msg === 'string' && base.status_msg
          ? ` (${JSON.stringify(base.status_msg.slice(0, 200))})`
          : ''
      return fail(`${what}: MiniMax error ${code}, ${info.meaning}${said}${trace}. ${capitalise(info.advice)}`, {
        retryable: info.retry,
        // An error code says the task was not created, except an internal error's.
        maybeCreated: info.mayHaveCreated === true,
        rateLimited: info.rateLimit === true,
        retryAfterMs: after,
        code
      })
    }
    return json as Record<string, unknown>
  }

  /**
   * Create the task. `what` names it in messages ("Clip 2: submitting the task"); `signal` can
   * stop a submit that is still waiting its turn (the run's own signal always applies).
   */
  async submit(
    body: RequestBody,
    options: { what?: string; signal?: AbortSignal } = {}
  ): Promise<{ taskId: string; traceId?: string }> {
    const { baseUrl, apiKey, log } = this.#options
    const url = `${baseUrl}/v1/video_generation`
    const what = options.what ?? 'Submitting the task'
    const signals = [this.#options.signal, options.signal].filter((s): s is AbortSignal => s !== undefined)
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0]
    // The first attempt waits its turn in the pacer; the time to keep trying starts when it is sent.
    const pacer = this.#options.pacer
    await pacer?.acquire(signal)
    const deadline = this.#clock.now() + (this.#options.submitWindowMs ?? this.budgetMs)
    const { json, traceId } = await this.#call(
      'submit',
      what,
      timeoutMs => {
        log.debug(`${what}: POST ${url} (${body.contentLength} bytes)`)
        return this.#send(what, url, {
          method: 'POST',
          headers: {
            ...this.#headers(apiKey),
            'content-type': 'application/json',
            'content-length': String(body.contentLength)
          },
          body: body.stream(),
          timeoutMs,
          timeoutSeconds: this.#options.requestTimeoutSeconds,
          signal
        })
      },
      { idempotent: false, deadline, pacer, signal }
    )
    const taskId = json.task_id
    if (typeof taskId !== 'string' || !ID.test(taskId)) {
      const got =
        taskId === undefined
          ? 'no task_id'
          : `task_id ${JSON.stringify(taskId).slice(0, 60)}, which is not a string of digits`
      throw new ApiError(
        `${what}: MiniMax answered success (${describeHttp(200, traceId)}) but with ${got}. ` +
          `A task may have been created: check MiniMax's console before running this again.`,
        { retryable: false, maybeCreated: true }
      )
    }
    return { taskId, traceId }
  }

  /** With a deadline (while waiting), transient trouble is retried until that deadline, whatever max-retries says. */
  async query(taskId: string, deadline?: number): Promise<TaskState> {
    const url = `${this.#options.baseUrl}/v1/query/video_generation?task_id=${encodeURIComponent(taskId)}`
    const what = `Querying task ${taskId}`
    const { json, traceId } = await this.#call('query', what, timeoutMs => this.#get(what, url, timeoutMs), {
      idempotent: true,
      deadline,
      untilDeadline: deadline !== undefined
    })
    const status = json.status
    if (typeof status !== 'string' || !TASK_STATUSES.includes(status as TaskStatus)) {
      throw new ApiError(
        `${what}: MiniMax answered with an unknown status ${JSON.stringify(status)}${traceNote(traceId)}`,
        { retryable: false }
      )
    }
    const state: TaskState = { taskId, status: status as TaskStatus, traceId }
    if (typeof json.file_id === 'string' && ID.test(json.file_id)) state.fileId = json.file_id
    if (typeof json.video_width === 'number') state.videoWidth = json.video_width
    if (typeof json.video_height === 'number') state.videoHeight = json.video_height
    return state
  }

  async retrieve(fileId: string, deadline?: number): Promise<FileInfo> {
    const url = `${this.#options.baseUrl}/v1/files/retrieve?file_id=${encodeURIComponent(fileId)}`
    const what = `Retrieving file ${fileId}`
    const { json, traceId } = await this.#call('retrieve', what, timeoutMs => this.#get(what, url, timeoutMs), {
      idempotent: true,
      deadline
    })
    const file = json.file as Record<string, unknown> | undefined
    const downloadUrl = file?.download_url
    if (typeof downloadUrl !== 'string' || !/^https?:\/\//i.test(downloadUrl)) {
      throw new ApiError(`${what}: MiniMax's answer has no download_url${traceNote(traceId)}`, {
        retryable: false
      })
    }
    const info: FileInfo = { fileId: typeof file?.file_id === 'string' ? file.file_id : fileId, downloadUrl }
    if (typeof file?.bytes === 'number' && file.bytes > 0) info.bytes = file.bytes
    if (typeof file?.filename === 'string') info.filename = file.filename
    return info
  }

  #headers(apiKey: string): Record<string, string> {
    return {
      authorization: `Bearer ${apiKey}`,
      accept: 'application/json',
      'user-agent': 'minimax-first-last-frame-video-action'
    }
  }

  #get(what: string, url: string, timeoutMs: number): Promise<RawResponse> {
    this.#options.log.debug(`${what}: GET ${url}`)
    return this.#send(what, url, {
      method: 'GET',
      headers: this.#headers(this.#options.apiKey),
      timeoutMs,
      timeoutSeconds: this.#options.requestTimeoutSeconds,
      signal: this.#options.signal
    })
  }
}

function fail(message: string, options: ApiErrorOptions): never {
  throw new ApiError(message, options)
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The start of an unexpected body, on one line, for an error message. */
function snippet(response: RawResponse): string {
  const type = header(response.headers, 'content-type')
  const text = response.text.replace(/\s+/g, ' ').trim().slice(0, 120)
  return `${type ? ` (content-type ${type})` : ''}${text ? `: ${JSON.stringify(text)}` : ''}`
}
