/**
 * MiniMax's video APIs: V1 (MiniMax-Hailuo-02: submit, query, retrieve; errors in base_resp) and
 * V2 (MiniMax-H3: submit, query, cancel; errors as HTTP statuses). Both share one retry loop, one
 * pacer and one error table; each keeps ids as strings and says which answer a message is about
 * (V1's Trace-Id, V2's request_id).
 */
import { ApiError, CancelledError, type ApiErrorOptions } from '../errors.js'
import type { Logger } from '../log.js'
import { realClock, type Clock } from '../net/clock.js'
import { describeHttp, header, retryAfterMs, send, type RawResponse } from '../net/http.js'
import type { Pacer } from '../net/pacer.js'
import { withRetries } from '../net/retry.js'
import type { RequestBody } from './body.js'
import type { Model } from '../types/rules.js'
import { apiTraits } from './api.js'
import { describeCode, statusMayHaveCreated, statusRetryable, type CodeInfo } from './error-codes.js'
import { rulesOf } from './rules.js'

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

/** Where a task is, whatever the API calls its status. */
export type Phase = 'pending' | 'succeeded' | 'failed'

const V1_STATUSES: Readonly<Record<string, Phase>> = {
  Preparing: 'pending',
  Queueing: 'pending',
  Processing: 'pending',
  Success: 'succeeded',
  Fail: 'failed'
}

/** V2's statuses; `expired` is not in the official list, but MiniMax's CLI and resellers see it. */
const V2_STATUSES: Readonly<Record<string, Phase>> = {
  queued: 'pending',
  running: 'pending',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'failed',
  expired: 'failed'
}

export interface TaskState {
  taskId: string
  /** As MiniMax names it: Preparing ... Success, Fail (V1); queued ... succeeded, failed, cancelled, expired (V2). */
  status: string
  phase: Phase
  /** V1: the file to retrieve once the task succeeded. */
  fileId?: string
  /** V2: the video's own (time-limited) link once the task succeeded. */
  videoUrl?: string
  videoWidth?: number
  videoHeight?: number
  /** Which answer this was, as MiniMax support asks for it: "Trace-Id abc" (V1), "request_id abc" (V2). */
  trace?: string
  /** Why a task has no video, after "task 123 ": "failed (status Fail)", "was cancelled (status cancelled)". */
  failure?: string
  /** What it means and what to do, as a sentence: "No video was made; change the prompt or the frames". */
  advice?: string
}

const CHECK_INPUTS = "No video was made; check the frames and prompt, or MiniMax's console for the reason"
const CHECK_CONSOLE = "The task is paid for: look for its video in MiniMax's console"

/** A task as V2's task list shows it. */
export interface ListedTask {
  taskId: string
  /** Unix seconds, MiniMax's clock. */
  createdAt: number
  resolution?: string
  duration?: number
}

/** Where a finished task's video can be downloaded. */
export interface VideoLink {
  url: string
  bytes?: number
}

export interface FileInfo {
  fileId: string
  downloadUrl: string
  bytes?: number
  filename?: string
}

const ID = /^\d{1,20}$/

/** Parse JSON keeping every *_id (and id) that arrives as a bare number as its exact digits. */
export function parseJsonKeepingIds(text: string): unknown {
  return JSON.parse(text, function (key: string, value: unknown, context?: { source?: string }) {
    if (typeof value === 'number' && /(^|_)id$/.test(key) && context?.source) return context.source
    return value
  } as (key: string, value: unknown) => unknown)
}

interface CallOptions {
  idempotent: boolean
  /** Names the clip in the log lines of this call ("Clip 2 of 5"); its errors stay about the request. */
  label?: string
  deadline?: number
  untilDeadline?: boolean
  pacer?: Pacer
  signal?: AbortSignal
  maxRetries?: number
}

/** What both APIs share: the retry loop, the pacer, the key kept out of messages, the counts. */
export abstract class VideoClient {
  abstract readonly api: 'v1' | 'v2'
  /** The status of a task that succeeded, as this API names it (an earlier run's video is reported with it). */
  abstract readonly succeeded: string
  /** Whether a submit whose answer was lost can be looked for in MiniMax's task list (listTasks). */
  abstract readonly findsLostTasks: boolean
  /** Whether a task that has not started can be cancelled, free of charge (cancel). */
  abstract readonly cancelsQueued: boolean
  /** Requests sent per operation, retries included: the summary shows them, to reconcile with MiniMax's console. */
  readonly attempts = { submit: 0, query: 0, retrieve: 0, cancel: 0, list: 0 }
  protected readonly options: ClientOptions
  protected readonly clock: Clock
  protected readonly transport: typeof send

  constructor(options: ClientOptions) {
    this.options = options
    this.clock = {
      now: options.now ?? realClock.now,
      sleep: options.sleep ?? realClock.sleep,
      random: options.random ?? realClock.random
    }
    this.transport = options.transport ?? send
  }

  protected get timeoutMs(): number {
    return Math.round(this.options.requestTimeoutSeconds * 1000)
  }

  /** The retry budget of one operation: three request-timeouts (3 minutes with the defaults). */
  get budgetMs(): number {
    return 3 * this.timeoutMs
  }

  protected redact = (text: string): string => {
    const key = this.options.apiKey
    return key ? text.split(key).join('***') : text
  }

  /** The answer's JSON if it is a clean success; an ApiError saying what is wrong otherwise. */
  protected abstract check(what: string, response: RawResponse): { json: Record<string, unknown>; trace?: string }

  protected abstract readonly submitPath: string

  protected async call(
    operation: keyof VideoClient['attempts'],
    what: string,
    request: (timeoutMs: number) => Promise<RawResponse>,
    options: CallOptions
  ): Promise<{ json: Record<string, unknown>; trace?: string }> {
    const { log, retryInitialDelaySeconds } = this.options
    const policy = {
      what,
      maxRetries: options.maxRetries ?? this.options.maxRetries,
      initialDelaySeconds: retryInitialDelaySeconds,
      deadline: options.deadline ?? this.clock.now() + this.budgetMs,
      untilDeadline: options.untilDeadline,
      idempotent: options.idempotent,
      attemptTimeoutMs: this.timeoutMs,
      signal: options.signal ?? this.options.signal,
      pacer: options.pacer
    }
    const said = options.label ? labelled(log, options.label) : log
    return withRetries(
      policy,
      this.clock,
      said,
      async timeoutMs => {
        this.attempts[operation]++
        const response = await request(timeoutMs)
        const checked = this.check(what, response)
        log.debug(`${what}: HTTP ${response.status}${checked.trace ? `, ${checked.trace}` : ''}, success`)
        return checked
      },
      this.redact
    )
  }

  /**
   * Create the task. `label` names the clip in log lines ("Clip 2 of 5"). `stop` keeps
   * it from starting (its turn in the pacer, a repeat after a rate limit) but never cuts off a
   * request already sent: that one runs to its answer or its request-timeout, so a task MiniMax
   * made is never lost. Only the run's own cancellation (the runner's SIGINT) ends it early.
   */
  async submit(
    body: RequestBody,
    options: { label?: string; stop?: AbortSignal } = {}
  ): Promise<{ taskId: string; trace?: string }> {
    const { baseUrl, log } = this.options
    const url = `${baseUrl}${this.submitPath}`
    const what = 'Submitting the task'
    const run = this.options.signal
    const waits = [run, options.stop].filter((s): s is AbortSignal => s !== undefined)
    const waiting = waits.length > 1 ? AbortSignal.any(waits) : waits[0]
    // The first attempt waits its turn in the pacer; the time to keep trying starts when it is sent.
    const pacer = this.options.pacer
    await pacer?.acquire(waiting)
    const deadline = this.clock.now() + (this.options.submitWindowMs ?? this.budgetMs)
    // When the attempt out now was sent, and whether it is still out (a cancel cuts it off unanswered).
    let sentAt: number | undefined
    let out = false
    let answer: { json: Record<string, unknown>; trace?: string }
    try {
      answer = await this.call(
        'submit',
        what,
        async timeoutMs => {
          log.debug(`${what}: POST ${url} (${body.contentLength} bytes)`)
          sentAt = Date.now()
          out = true
          try {
            const response = await this.transport(what, url, {
              method: 'POST',
              headers: {
                ...this.headers(),
                'content-type': 'application/json',
                'content-length': String(body.contentLength)
              },
              body: body.stream(),
              timeoutMs,
              timeoutSeconds: this.options.requestTimeoutSeconds,
              signal: run
            })
            out = false
            return response
          } catch (error) {
            out = run?.aborted === true
            throw error
          }
        },
        { idempotent: false, deadline, pacer, signal: waiting, label: options.label }
      )
    } catch (error) {
      if (error instanceof CancelledError && out) {
        throw new ApiError(`${what}: the run was cancelled while the request was out`, {
          retryable: false,
          maybeCreated: true,
          cause: error,
          sentAt,
          advice:
            "The request may have reached MiniMax and created a task; check the task list in MiniMax's console " +
            'before running this again.'
        })
      }
      if (error instanceof ApiError && error.maybeCreated) throw error.with({ sentAt })
      throw error
    }
    const { json, trace } = answer
    const taskId = json.task_id
    if (typeof taskId !== 'string' || !ID.test(taskId)) {
      const got =
        taskId === undefined
          ? 'no task_id'
          : `task_id ${JSON.stringify(taskId).slice(0, 60)}, which is not a string of digits`
      throw new ApiError(`${what}: MiniMax answered success (HTTP 200${trace ? `, ${trace}` : ''}) but with ${got}`, {
        retryable: false,
        maybeCreated: true,
        sentAt,
        advice: "A task may have been created: check MiniMax's console before running this again."
      })
    }
    return { taskId, trace }
  }

  /** With a deadline (while waiting), transient trouble is retried until that deadline, whatever max-retries says. */
  abstract query(taskId: string, deadline?: number): Promise<TaskState>

  /** Where the video of a task that succeeded can be downloaded (V1 asks for it; V2 has it in the task). */
  abstract videoLink(state: TaskState, deadline?: number): Promise<VideoLink>

  /**
   * Cancel a task that has not started (nothing is charged for it), trying for at most `withinMs`.
   * Resolves to what MiniMax did; an ApiError when it would not (the task already runs).
   */
  abstract cancel(taskId: string, withinMs: number): Promise<string>

  /** The task's status now, asked for once within `withinMs` (after the run was cancelled: its own signal). */
  abstract peek(taskId: string, withinMs: number): Promise<string>

  /**
   * The tasks of `model` that MiniMax's list shows created at or after `fromSeconds` (Unix time),
   * newest first: to find a task whose submit answer was lost (only where findsLostTasks).
   */
  abstract listTasks(model: string, fromSeconds: number): Promise<ListedTask[]>

  protected headers(): Record<string, string> {
    return {
      authorization: `Bearer ${this.options.apiKey}`,
      accept: 'application/json',
      'user-agent': 'minimax-first-last-frame-video-action'
    }
  }

  protected get(what: string, url: string, timeoutMs: number, signal = this.options.signal): Promise<RawResponse> {
    this.options.log.debug(`${what}: GET ${url}`)
    return this.transport(what, url, {
      method: 'GET',
      headers: this.headers(),
      timeoutMs,
      timeoutSeconds: this.options.requestTimeoutSeconds,
      signal
    })
  }

  /** The answer as an object, or an ApiError naming what came instead (the request may have done its work). */
  protected parse(what: string, response: RawResponse, answer: string): Record<string, unknown> {
    let json: unknown
    try {
      json = parseJsonKeepingIds(response.text)
    } catch {
      const kind = response.text.trim() === '' ? 'an empty body' : `a body that is not JSON${snippet(response)}`
      return fail(`${what}: ${answer} with ${kind}`, { retryable: true, maybeCreated: true })
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      return fail(`${what}: ${answer} with JSON that is not an object${snippet(response)}`, {
        retryable: true,
        maybeCreated: true
      })
    }
    return json as Record<string, unknown>
  }
}

/** V1 (MiniMax-Hailuo-02): every answer is HTTP 200 with base_resp; the video is a file to retrieve. */
export class MiniMaxClient extends VideoClient {
  readonly api = 'v1'
  readonly succeeded = 'Success'
  readonly findsLostTasks = apiTraits('v1').findsLostTasks
  readonly cancelsQueued = apiTraits('v1').cancelsQueued
  protected readonly submitPath = apiTraits('v1').submitPath

  /** HTTP status, JSON, base_resp: anything but a clean success is an ApiError. */
  protected check(what: string, response: RawResponse): { json: Record<string, unknown>; trace?: string } {
    const trace = response.traceId ? `Trace-Id ${response.traceId}` : undefined
    const http = describeHttp(response.status, response.traceId)
    const after = retryAfterMs(header(response.headers, 'retry-after'))
    if (response.status !== 200) {
      // MiniMax's own answers carry base_resp; anything else came from something in between.
      const own = /"base_resp"\s*:/.test(response.text)
      return fail(`${what}: ${http}${snippet(response)}`, {
        retryable: statusRetryable(response.status),
        rateLimited: response.status === 429,
        maybeCreated: statusMayHaveCreated(response.status, own),
        retryAfterMs: after
      })
    }
    const json = this.parse(what, response, http)
    const base = (json as { base_resp?: { status_code?: unknown; status_msg?: unknown } }).base_resp
    if (!base || typeof base.status_code !== 'number') {
      return fail(`${what}: ${http} without base_resp.status_code${snippet(response)}`, {
        retryable: true,
        maybeCreated: true
      })
    }
    if (base.status_code !== 0) codeError(what, base.status_code, base.status_msg, trace, { retryAfterMs: after })
    return { json, trace }
  }

  async query(taskId: string, deadline?: number): Promise<TaskState> {
    const url = `${this.options.baseUrl}/v1/query/video_generation?task_id=${encodeURIComponent(taskId)}`
    const what = `Querying task ${taskId}`
    const { json, trace } = await this.call('query', what, timeoutMs => this.get(what, url, timeoutMs), {
      idempotent: true,
      deadline,
      untilDeadline: deadline !== undefined
    })
    const status = json.status
    const phase = typeof status === 'string' ? V1_STATUSES[status] : undefined
    if (typeof status !== 'string' || !phase) throw unknownStatus(what, status, trace)
    const state: TaskState = { taskId, status, phase, trace }
    if (typeof json.file_id === 'string' && ID.test(json.file_id)) state.fileId = json.file_id
    if (typeof json.video_width === 'number') state.videoWidth = json.video_width
    if (typeof json.video_height === 'number') state.videoHeight = json.video_height
    if (phase === 'failed') Object.assign(state, { failure: 'failed (status Fail)', advice: CHECK_INPUTS })
    if (phase === 'succeeded' && !state.fileId) {
      Object.assign(state, { phase: 'failed', failure: 'succeeded but MiniMax gave no file_id', advice: CHECK_CONSOLE })
    }
    return state
  }

  async videoLink(state: TaskState, deadline?: number): Promise<VideoLink> {
    const file = await this.retrieve(state.fileId ?? '', deadline)
    return { url: file.downloadUrl, bytes: file.bytes }
  }

  async retrieve(fileId: string, deadline?: number): Promise<FileInfo> {
    const url = `${this.options.baseUrl}/v1/files/retrieve?file_id=${encodeURIComponent(fileId)}`
    const what = `Retrieving file ${fileId}`
    const { json, trace } = await this.call('retrieve', what, timeoutMs => this.get(what, url, timeoutMs), {
      idempotent: true,
      deadline
    })
    const file = json.file as Record<string, unknown> | undefined
    const downloadUrl = file?.download_url
    if (typeof downloadUrl !== 'string' || !/^https?:\/\//i.test(downloadUrl)) {
      throw new ApiError(`${what}: MiniMax's answer has no download_url${note(trace)}`, { retryable: false })
    }
    const info: FileInfo = { fileId: typeof file?.file_id === 'string' ? file.file_id : fileId, downloadUrl }
    if (typeof file?.bytes === 'number' && file.bytes > 0) info.bytes = file.bytes
    if (typeof file?.filename === 'string') info.filename = file.filename
    return info
  }

  /** V1 has no way to cancel a task. */
  async cancel(): Promise<string> {
    throw new ApiError('MiniMax-Hailuo-02 tasks cannot be cancelled', { retryable: false })
  }

  /** V1 has no task list. */
  async listTasks(): Promise<ListedTask[]> {
    throw new ApiError('MiniMax-Hailuo-02 has no task list', { retryable: false })
  }

  async peek(taskId: string): Promise<string> {
    return (await this.query(taskId)).status
  }
}

const PAY_AS_YOU_GO =
  'MiniMax-H3 and MiniMax-H3-Max take a pay-as-you-go API key: Token Plan (subscription) keys and video ' +
  'packages do not cover the V2 API. Create a pay-as-you-go key in the MiniMax console and store it as the ' +
  'api-key secret'

/** A V2 error without a code in its message: the code its HTTP status stands for. */
const V2_STATUS_CODES: Readonly<Record<number, number>> = {
  400: 2013,
  401: 1004,
  403: 1004,
  402: 1008,
  422: 1026,
  429: 1002,
  500: 1000
}

/** V2 (MiniMax-H3, MiniMax-H3-Max): errors are HTTP statuses with a JSON envelope; the task carries its video link. */
export class MiniMaxV2Client extends VideoClient {
  readonly api = 'v2'
  readonly succeeded = 'succeeded'
  readonly findsLostTasks = apiTraits('v2').findsLostTasks
  readonly cancelsQueued = apiTraits('v2').cancelsQueued
  protected readonly submitPath = apiTraits('v2').submitPath

  protected check(what: string, response: RawResponse): { json: Record<string, unknown>; trace?: string } {
    const after = retryAfterMs(header(response.headers, 'retry-after'))
    const trace = v2Trace(response)
    const http = `HTTP ${response.status}${trace ? `, ${trace}` : ''}`
    if (response.status !== 200) return v2StatusError(what, response, http, after)
    const json = this.parse(what, response, http)
    // Not in V2's contract, but MiniMax's own CLI guards against it: an error inside a 200.
    const base = (json as { base_resp?: { status_code?: unknown; status_msg?: unknown } }).base_resp
    if (base && typeof base.status_code === 'number' && base.status_code !== 0) {
      codeError(what, base.status_code, base.status_msg, trace, { retryAfterMs: after })
    }
    return { json, trace }
  }

  async query(taskId: string, deadline?: number): Promise<TaskState> {
    const url = `${this.options.baseUrl}/v2/query/video_generation/${encodeURIComponent(taskId)}`
    const what = `Querying task ${taskId}`
    let answer: { json: Record<string, unknown>; trace?: string }
    try {
      answer = await this.call('query', what, timeoutMs => this.get(what, url, timeoutMs), {
        idempotent: true,
        deadline,
        untilDeadline: deadline !== undefined
      })
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 2013) throw error
      // A query's only parameter is the task id: MiniMax does not know it.
      throw error.with({
        advice:
          'MiniMax does not know this task: it keeps V2 tasks for 7 days, and only the API key (and region) that ' +
          'created a task can query it.',
        retryable: false,
        cause: error
      })
    }
    return v2TaskState(taskId, what, answer.json, answer.trace)
  }

  /**
   * The task's link. A link from an earlier query may have expired (V2 does not say when), so a
   * state without one is queried again.
   */
  async videoLink(state: TaskState, deadline?: number): Promise<VideoLink> {
    const url = state.videoUrl ?? (await this.query(state.taskId, deadline)).videoUrl
    if (!url) throw new ApiError(`Task ${state.taskId}: MiniMax gave no video link`, { retryable: false })
    return { url }
  }

  /** At most 5 pages of 50, newest first. */
  async listTasks(model: string, fromSeconds: number): Promise<ListedTask[]> {
    const found: ListedTask[] = []
    // The whole search within one budget (three request-timeouts), however many pages it reads.
    const deadline = this.clock.now() + this.budgetMs
    for (let page = 1; page <= 5; page++) {
      const query = new URLSearchParams({
        page_num: String(page),
        page_size: '50',
        'filter.model': model,
        'filter.task_type': 'generation'
      })
      const url = `${this.options.baseUrl}/v2/query/video_generation?${query}`
      const what = `Listing ${model} tasks`
      const { json } = await this.call('list', what, timeoutMs => this.get(what, url, timeoutMs), {
        idempotent: true,
        deadline
      })
      const items = Array.isArray(json.items) ? (json.items as unknown[]) : []
      for (const entry of items) {
        // An item that is not a task is skipped, never a crash that would hide the lost answer.
        if (typeof entry !== 'object' || entry === null) continue
        const item = entry as Record<string, unknown>
        const id = item.id
        const createdAt = item.created_at
        if (typeof id !== 'string' || !ID.test(id) || typeof createdAt !== 'number') continue
        found.push({
          taskId: id,
          createdAt,
          resolution: typeof item.resolution === 'string' ? item.resolution : undefined,
          duration: typeof item.duration === 'number' ? item.duration : undefined
        })
      }
      const oldest = found.at(-1)?.createdAt
      if (items.length < 50 || (oldest !== undefined && oldest < fromSeconds)) break
    }
    return found.filter(task => task.createdAt >= fromSeconds)
  }

  async peek(taskId: string, withinMs: number): Promise<string> {
    const url = `${this.options.baseUrl}/v2/query/video_generation/${encodeURIComponent(taskId)}`
    const what = `Checking task ${taskId}`
    // The run's own signal has fired already (that is why this is asked): a fresh, short deadline.
    const signal = AbortSignal.timeout(Math.max(1, withinMs))
    const { json, trace } = await this.call('query', what, timeoutMs => this.get(what, url, timeoutMs, signal), {
      idempotent: true,
      deadline: this.clock.now() + withinMs,
      signal,
      maxRetries: 0
    })
    const status = (json.task as { status?: unknown } | undefined)?.status
    if (typeof status !== 'string' || !V2_STATUSES[status]) throw unknownStatus(what, status, trace)
    return status
  }

  async cancel(taskId: string, withinMs: number): Promise<string> {
    const url = `${this.options.baseUrl}/v2/video_generation/${encodeURIComponent(taskId)}`
    const what = `Cancelling task ${taskId}`
    // The run's own signal has fired already (that is why tasks are cancelled): a fresh, short deadline.
    const signal = AbortSignal.timeout(Math.max(1, withinMs))
    const { json } = await this.call(
      'cancel',
      what,
      timeoutMs => {
        this.options.log.debug(`${what}: DELETE ${url}`)
        return this.transport(what, url, {
          method: 'DELETE',
          headers: this.headers(),
          timeoutMs,
          timeoutSeconds: withinMs / 1000,
          signal
        })
      },
      { idempotent: true, deadline: this.clock.now() + withinMs, signal, maxRetries: 0 }
    )
    return typeof json.action === 'string' ? json.action : 'cancelled'
  }
}

/** The client of the API that serves `model` (the only place that picks one). */
export function createClient(model: Model, options: ClientOptions): VideoClient {
  return rulesOf(model).api === 'v2' ? new MiniMaxV2Client(options) : new MiniMaxClient(options)
}

/** V2's `{type, error: {type, message, http_code}}`, with the code MiniMax puts at the end of the message. */
function errorEnvelope(text: string): { type?: string; message?: string; code?: number } | undefined {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return undefined
  }
  const error = (json as { error?: unknown } | null)?.error
  if (typeof error !== 'object' || error === null) return undefined
  const { type, message } = error as { type?: unknown; message?: unknown }
  const text2 = typeof message === 'string' ? message : undefined
  const code = /\((\d{3,6})\)\s*$/.exec(text2 ?? '')?.[1]
  return {
    type: typeof type === 'string' ? type : undefined,
    message: text2,
    code: code === undefined ? undefined : Number(code)
  }
}

/** The body's request_id names the answer for MiniMax support; a Trace-Id header, if there is no body. */
function v2Trace(response: RawResponse): string | undefined {
  const requestId = /"request_id"\s*:\s*"([\w.-]{1,100})"/.exec(response.text)?.[1]
  if (requestId) return `request_id ${requestId}`
  return response.traceId ? `Trace-Id ${response.traceId}` : undefined
}

/** A V2 answer with an error status: the code it carries (or the status stands for), explained. */
function v2StatusError(what: string, response: RawResponse, http: string, after: number | undefined): never {
  const envelope = errorEnvelope(response.text)
  const code = envelope?.code ?? V2_STATUS_CODES[response.status]
  const info = code === undefined ? undefined : describeCode(code)
  const flags = v2ErrorFlags(response.status, envelope !== undefined, info, after)
  if (!envelope && code === undefined) return fail(`${what}: ${http}${snippet(response)}`, flags)
  const said = quoted(envelope?.message)
  if (code === undefined || !info) {
    return fail(`${what}: ${http}, MiniMax ${envelope?.type ?? 'error'}${said}`, flags)
  }
  const advice = v2Advice(code, envelope?.message, info)
  return fail(`${what}: ${http}, MiniMax error ${code}, ${info.meaning}${said}`, { ...flags, code, advice })
}

/** Whether a V2 error status is worth another try, is a rate limit, and may hide a created task. */
function v2ErrorFlags(
  status: number,
  fromMiniMax: boolean,
  info: CodeInfo | undefined,
  after: number | undefined
): ApiErrorOptions {
  // V2 says it with the status: only one that proves the request was turned away says no task was made.
  const maybeCreated = statusMayHaveCreated(status, fromMiniMax)
  return {
    // A rate-limit code (1039, 1041, 2045) in a status that proves no task was made is worth another try.
    retryable: statusRetryable(status) || (!maybeCreated && info?.retry === true),
    rateLimited: status === 429 || info?.rateLimit === true,
    maybeCreated,
    retryAfterMs: after
  }
}

/** A 2013 that names the Token Plan or credits means a subscription key, which V2 does not take. */
function v2Advice(code: number, message: string | undefined, info: CodeInfo): string {
  return code === 2013 && /token\s*plan|credit/i.test(message ?? '') ? PAY_AS_YOU_GO : capitalise(info.advice)
}

/** MiniMax's words are quoted (JSON) and cut short: never raw text in a log line. */
function quoted(message: string | undefined): string {
  return message ? ` (${JSON.stringify(message.slice(0, 200))})` : ''
}

/** A V2 task as a TaskState: its phase, its link, and why it has no video when it has none. */
function v2TaskState(
  taskId: string,
  what: string,
  json: Record<string, unknown>,
  trace: string | undefined
): TaskState {
  const task = json.task as Record<string, unknown> | undefined
  const status = task?.status
  const phase = typeof status === 'string' ? V2_STATUSES[status] : undefined
  if (typeof status !== 'string' || !phase) throw unknownStatus(what, status, trace)
  const state: TaskState = { taskId, status, phase, trace }
  const link = (task?.content as { url?: unknown } | undefined)?.url
  if (typeof link === 'string' && /^https?:\/\//i.test(link)) state.videoUrl = link
  Object.assign(state, v2NoVideo(status, task?.error))
  if (phase === 'succeeded' && !state.videoUrl) {
    Object.assign(state, {
      phase: 'failed',
      failure: 'succeeded but MiniMax gave no content.url',
      advice: CHECK_CONSOLE
    })
  }
  return state
}

/** Why a task that ended without running, or failed, has no video (nothing for any other status). */
function v2NoVideo(status: string, error: unknown): { failure: string; advice: string } | undefined {
  if (status === 'failed') return taskError(error)
  if (status !== 'cancelled' && status !== 'expired') return undefined
  return {
    failure: status === 'cancelled' ? 'was cancelled (status cancelled)' : 'expired (status expired)',
    advice: 'It never ran, so nothing is charged for it; run this again to make the video'
  }
}

/** A failed V2 task's `error: {code: "1026", message}`, explained with the same table as every other code. */
function taskError(error: unknown): { failure: string; advice: string } {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown
    message?: unknown
  }
  const said = typeof message === 'string' && message ? ` (${JSON.stringify(message.slice(0, 200))})` : ''
  const number =
    typeof code === 'number' ? code : typeof code === 'string' && /^\d{1,6}$/.test(code) ? Number(code) : NaN
  if (Number.isNaN(number)) return { failure: `failed (status failed)${said}`, advice: CHECK_INPUTS }
  const info = describeCode(number)
  return {
    failure: `failed with MiniMax error ${number}, ${info.meaning}${said}`,
    advice: `No video was made; ${info.advice}`
  }
}

/** The log with every line saying which clip it is about. */
function labelled(log: Logger, label: string): Logger {
  return {
    debug: message => log.debug(`${label}: ${message}`),
    info: message => log.info(`${label}: ${message}`),
    warning: message => log.warning(`${label}: ${message}`)
  }
}

/** An error code in an answer: its meaning, whether to retry, and what to do. */
function codeError(
  what: string,
  code: number,
  message: unknown,
  trace: string | undefined,
  extra: { retryAfterMs?: number }
): never {
  const info = describeCode(code)
  // MiniMax's words are quoted (JSON): never raw text in a log line.
  const said = typeof message === 'string' && message ? ` (${JSON.stringify(message.slice(0, 200))})` : ''
  return fail(`${what}: MiniMax error ${code}, ${info.meaning}${said}${trace ? `, ${trace}` : ''}`, {
    advice: capitalise(info.advice),
    retryable: info.retry,
    // An error code says the task was not created, except an internal error's.
    maybeCreated: info.mayHaveCreated === true,
    rateLimited: info.rateLimit === true,
    retryAfterMs: extra.retryAfterMs,
    code
  })
}

function unknownStatus(what: string, status: unknown, trace: string | undefined): ApiError {
  return new ApiError(`${what}: MiniMax answered with an unknown status ${JSON.stringify(status)}${note(trace)}`, {
    retryable: false
  })
}

function note(trace: string | undefined): string {
  return trace ? ` (${trace})` : ''
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
