/**
 * A stand-in for MiniMax's video API on loopback, following MiniMax's API reference (the README's
 * Errors and Retries sections say what it answers):
 * submit, query, retrieve and download. It checks every submit body against the OpenAPI
 * contract (test/contract/), records what it received, and can be told to fail in any way.
 *
 * The same server also speaks V2 (MiniMax-H3, test/contract/minimax-v2-video.openapi.yaml):
 * create, query, list and cancel/delete under /v2/, with real HTTP error statuses and the V2
 * error envelope. Its videos go through the same /download/ route as V1's.
 *
 * Plain Node 24 TypeScript (erasable syntax only): `node` runs it without a build step.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { contractValidator, type ContractCheck } from './contract.ts'
import { contractV2Validator } from './contract-v2.ts'

/**
 * V1: submit, query, retrieve, download. V2: submit2 (POST /v2/video_generation), query2
 * (GET /v2/query/video_generation/{id}), list2 (GET /v2/query/video_generation), delete2
 * (DELETE /v2/video_generation/{id}). Downloads of both go through `download`.
 */
export type Route = 'submit' | 'query' | 'retrieve' | 'download' | 'submit2' | 'query2' | 'list2' | 'delete2'
const V2_ROUTES: readonly Route[] = ['submit2', 'query2', 'list2', 'delete2']

/**
 * One scripted answer. With none queued, the server behaves like MiniMax on a good day.
 *
 * On V2 routes, `http` and `code` answer the V2 error envelope instead of a base_resp: `http`
 * picks the status and error.type (400 bad_request_error ... 529 overloaded_error, see
 * V2_ERRORS), `code` is the internal code in the message (with `code` alone, the status is the
 * one MiniMax pairs with it, e.g. 1008 -> 402), `msg` the message ("(code)" is appended unless it
 * ends with one). An explicit `http: 200` with `code` answers a V1-style base_resp error instead.
 */
export interface Fault {
  /** HTTP status to answer with (default 200; on V2 routes see above). */
  http?: number
  /** base_resp.status_code to answer with (HTTP 200 unless `http` says otherwise); on V2 the internal code. */
  code?: number
  /** base_resp.status_msg, or on V2 routes error.message. */
  msg?: string
  /** A raw body instead of JSON (malformed JSON, an HTML page, ...). */
  body?: string
  contentType?: string
  headers?: Record<string, string>
  /** Read the request, then never answer. */
  hang?: boolean
  /** Read the request, then reset the connection without answering. */
  reset?: boolean
  /**
   * For submit/submit2 with `reset`/`hang`/`body`/`http`/`code`: create the task anyway (the answer is
   * what gets lost). For delete2: cancel or delete the task anyway.
   */
  createTask?: boolean
  /** For download: send the headers and this many bytes of the video, then cut the connection. */
  cutAfterBytes?: number
  /** Wait this long before answering. */
  delayMs?: number
  /** For submit/submit2: create the task at once, then give the normal answer this many ms later (a slow answer). */
  lateMs?: number
  /** Answer 200 at once, then send the (normal) body one byte every this many ms. */
  dripMs?: number
  /** For download: answer 200 and send bytes forever (with `announce`, a Content-Length first). */
  endless?: { announce?: number }
  /** For download: answer this many redirects (302, relative Location) before the video. */
  redirects?: number
}

export interface SubmitRecord {
  /** Which create route received it: POST /v1/video_generation or POST /v2/video_generation. */
  api: 'v1' | 'v2'
  headers: http.IncomingHttpHeaders
  bytes: number
  /** Milliseconds from the request's first body byte to its last. */
  receiveMs: number
  /** When the whole request had arrived (performance.now()). */
  at: number
  /** When its headers had arrived: when the client sent it, give or take loopback (performance.now()). */
  startedAt: number
  body: Record<string, unknown> | undefined
  contract: ContractCheck
  /** The task this request created, if any. */
  taskId?: string
}

export interface Task {
  api: 'v1' | 'v2'
  id: string
  /** V2 has no file id on the wire; it names the task's video in its download URL all the same. */
  fileId: string
  /** 0-based, in the order the tasks were created. */
  index: number
  body: Record<string, unknown>
  statuses: string[]
  queries: number
  /** When the task was created (performance.now()). */
  createdMs: number
  /** With a script's durationMs: the task is Processing until then, then takes its last status. */
  durationMs?: number
  /** The video this task's download serves. */
  video: Buffer
  /** Unix seconds, for V2's created_at / updated_at (updated when a new status is first reported). */
  createdAt: number
  updatedAt: number
  /** The last status a V2 query or list reported. */
  reported?: string
  /** A failed V2 task's task.error (a default 1026 error if unset). */
  error?: { code: string; message: string }
  /** Set by DELETE /v2/...: a cancelled task stays cancelled; a deleted one is gone from query and list. */
  ended?: 'cancelled' | 'deleted'
}

/** One DELETE /v2/video_generation/{task_id}, whatever came of it. */
export interface DeleteRecord {
  taskId: string
  headers: http.IncomingHttpHeaders
  /** When it arrived (performance.now()). */
  at: number
  /** The task's status when the delete was carried out or refused (unset: unknown task, or a fault answered). */
  statusBefore?: string
  /** What was done: unset when nothing was (refused, unknown task, fault). */
  action?: 'cancelled' | 'deleted'
}

/** What one task does, by its creation index: how long it takes and how it ends. */
export interface TaskScript {
  /**
   * Processing for this long (ms of wall time), then the last of `statuses` (Success by default).
   * For V2 tasks: 'running', then the last of `statuses` (succeeded by default).
   */
  durationMs?: number
  /** V1 statuses for a V1 task, V2 statuses (e.g. ['queued'], ['running', 'failed']) for a V2 task. */
  statuses?: string[]
  /** For a failed V2 task: its task.error (code a string, e.g. '1027'). */
  error?: { code: string; message: string }
}

export interface StandInOptions {
  port?: number
  /** The status sequence each new V1 task walks through, one step per query. */
  statuses?: string[]
  /** The same for V2 tasks (DEFAULT_V2_STATUSES if unset). */
  v2Statuses?: string[]
  /** The API key the server accepts (any non-empty key if unset). */
  apiKey?: string
  /** The video served for every task. */
  video?: Buffer
  /** Real clips, served in turn (task i gets clips[i % length]): for storyboards and their joins. */
  clips?: Buffer[]
  /**
   * Clips for V2 tasks (task i gets v2Clips[i % length]; falls back to `clips`, then `video`).
   * i is the creation index counted over all tasks, V1 and V2, as for `clips` and `script`.
   */
  v2Clips?: Buffer[]
  /** Per-task delays and endings, by creation index. */
  script?: (index: number) => TaskScript | undefined
  /** Keep each submit body (turn off for big benchmark runs). */
  keepBodies?: boolean
  /** Tell the client a size for the download that differs from the real one. */
  announcedBytes?: number
}

export const DEFAULT_STATUSES = ['Preparing', 'Queueing', 'Processing', 'Success']
export const DEFAULT_V2_STATUSES = ['queued', 'running', 'running', 'succeeded']

/** V2 error envelopes by HTTP status: error.type, and the internal code and message used by default. */
export const V2_ERRORS: Record<number, { type: string; code: number; message: string }> = {
  400: { type: 'bad_request_error', code: 2013, message: 'invalid params' },
  401: { type: 'authorized_error', code: 1004, message: 'login fail: invalid or missing api key' },
  402: { type: 'insufficient_balance_error', code: 1008, message: 'insufficient balance' },
  422: { type: 'unprocessable_entity_error', code: 1026, message: 'input contains sensitive content' },
  429: { type: 'rate_limit_error', code: 1002, message: 'rate limit exceeded' },
  500: { type: 'server_error', code: 1000, message: 'unknown error' },
  // Listed in the spec without an example or code; 1000 (unknown error) stands in.
  529: { type: 'overloaded_error', code: 1000, message: 'the service is overloaded, please retry later' }
}

/** The status MiniMax pairs with an internal code, for a V2 fault that gives only `code`. */
const V2_HTTP_OF_CODE: Record<number, number> = {
  2013: 400,
  1004: 401,
  2049: 401,
  1008: 402,
  1026: 422,
  1027: 422,
  1002: 429,
  1000: 500
}

/** A request's body as it arrived: its bytes, how long it took, and when its headers came (performance.now()). */
interface Received {
  bodyBytes: Buffer
  receiveMs: number
  arrived: number
}

/** One V2 answer before it is sent (or dripped). */
interface Answer {
  status: number
  body: string
  headers?: Record<string, string>
}

/** A small real clip from test/fixtures/clips (made by make-fixtures.sh with ffmpeg). */
function fixture(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/clips/${name}`, import.meta.url))
}

/** A small but well-formed MP4 start: an ftyp box, then an mdat box of pseudo-random bytes. */
export function makeMp4(size = 64 * 1024): Buffer {
  const ftyp = Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex')
  const payload = Math.max(0, size - ftyp.length - 8)
  const mdat = Buffer.alloc(8 + payload)
  mdat.writeUInt32BE(8 + payload, 0)
  mdat.write('mdat', 4, 'latin1')
  let x = 0x2545f491
  for (let i = 8; i < mdat.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    mdat[i] = x & 0xff
  }
  return Buffer.concat([ftyp, mdat])
}

export class StandInServer {
  readonly server: http.Server
  readonly options: StandInOptions
  /** What a task's download serves unless told otherwise: a real clip (V1 silent, V2 with AAC stereo sound). */
  readonly video: Buffer
  readonly videoV2: Buffer
  url = ''
  readonly submits: SubmitRecord[] = []
  /** Requests per route. The V2 counters are not enumerable: see withV2Counters. */
  readonly requests: Record<Route, number> = withV2Counters({ submit: 0, query: 0, retrieve: 0, download: 0 })
  /** Every task, V1 and V2, in creation order (deleted V2 tasks stay, marked `ended: 'deleted'`). */
  readonly tasks = new Map<string, Task>()
  readonly faults: Record<Route, Fault[]> = {
    submit: [],
    query: [],
    retrieve: [],
    download: [],
    submit2: [],
    query2: [],
    list2: [],
    delete2: []
  }
  /** A fault answered to every request of a route, after the queued ones. */
  readonly always: Partial<Record<Route, Fault>> = {}
  readonly log: string[] = []
  /** The headers of each download request (the API key must never be among them). */
  readonly downloads: http.IncomingHttpHeaders[] = []
  /** Every DELETE /v2/video_generation/{task_id}. */
  readonly deletes: DeleteRecord[] = []
  #sockets = new Set<Socket>()
  #nextTask = 176843862716480123n
  #nextFile = 176844028768320456n
  #check: (body: unknown) => ContractCheck
  #checkV2: (body: unknown, bytes?: number) => ContractCheck

  constructor(options: StandInOptions = {}) {
    this.options = options
    this.video = options.video ?? fixture('v1-a.mp4')
    this.videoV2 = options.video ?? fixture('v2-a.mp4')
    this.#check = contractValidator()
    this.#checkV2 = contractV2Validator()
    this.server = http.createServer((req, res) => {
      this.#handle(req, res).catch(error => {
        this.log.push(`handler error: ${String(error)}`)
        if (!res.headersSent) res.writeHead(500).end()
        else res.destroy()
      })
    })
    this.server.on('connection', socket => {
      this.#sockets.add(socket)
      socket.on('close', () => this.#sockets.delete(socket))
    })
  }

  static async start(options: StandInOptions = {}): Promise<StandInServer> {
    const stand = new StandInServer(options)
    await new Promise<void>(resolve => stand.server.listen(options.port ?? 0, '127.0.0.1', resolve))
    stand.url = `http://127.0.0.1:${(stand.server.address() as AddressInfo).port}`
    return stand
  }

  /** Queue faults for a route, answered in order before normal service resumes. */
  fail(route: Route, ...faults: Fault[]): this {
    this.faults[route].push(...faults)
    return this
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }

  get tasksCreated(): number {
    return this.tasks.size
  }

  /** The next scripted answer; an empty one ({}) is a normal answer, to script the second request. */
  #nextFault(route: Route): Fault | undefined {
    const fault = this.faults[route].shift() ?? this.always[route]
    return fault && Object.keys(fault).length > 0 ? fault : undefined
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const arrived = performance.now()
    const url = new URL(req.url ?? '/', 'http://stand-in')
    const route = routeOf(req.method, url.pathname)
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no route ${req.method} ${url.pathname}`)
      return
    }
    this.requests[route]++
    const { bytes: bodyBytes, ms: receiveMs } = await readBody(req)
    const fault = this.#nextFault(route)
    this.log.push(`${req.method} ${url.pathname}${url.search} ${fault ? JSON.stringify(fault) : ''}`)
    if (fault?.delayMs) await new Promise(resolve => setTimeout(resolve, fault.delayMs))

    if (V2_ROUTES.includes(route)) return this.#handleV2(route, req, res, url, { bodyBytes, receiveMs, arrived }, fault)

    if (route === 'download') {
      this.downloads.push(req.headers)
      return this.#download(url, res, fault)
    }

    const auth = req.headers.authorization ?? ''
    const key = /^Bearer (.+)$/.exec(auth)?.[1]
    let task: Task | undefined
    let record: SubmitRecord | undefined
    if (route === 'submit') {
      record = this.#recordSubmit(req, { bodyBytes, receiveMs, arrived }, 'v1').record
      const normal = !fault || (fault.lateMs !== undefined && Object.keys(fault).length === 1)
      if (fault?.createTask || (normal && key && record.contract.ok && this.#keyOk(key))) {
        task = this.#createTask(record, 'v1', record.body ?? {})
      }
      if (fault?.lateMs) await new Promise(resolve => setTimeout(resolve, fault.lateMs))
    }
    if (fault?.hang) return // never answer; close() destroys the socket
    if (fault?.dripMs) return this.#drip(res, route, url, task, fault.dripMs)
    if (fault?.reset) {
      req.socket.destroy()
      return
    }
    if (fault && (fault.http !== undefined || fault.code !== undefined || fault.body !== undefined)) {
      const body =
        fault.body ??
        JSON.stringify({ base_resp: { status_code: fault.code ?? 1000, status_msg: fault.msg ?? 'stand-in fault' } })
      return send(res, fault.http ?? 200, body, {
        'content-type': fault.contentType ?? 'application/json',
        ...fault.headers
      })
    }

    if (!key)
      return sendJson(res, {
        base_resp: {
          status_code: 1004,
          status_msg: 'login fail: Please carry the API secret key in the Authorization field'
        }
      })
    if (!this.#keyOk(key)) return sendJson(res, { base_resp: { status_code: 2049, status_msg: 'invalid api key' } })

    if (route === 'submit') {
      if (!record?.contract.ok) {
        return sendJson(res, {
          base_resp: { status_code: 2013, status_msg: `invalid params: ${record?.contract.errors.join('; ')}` }
        })
      }
      return send(res, 200, `{"task_id":"${task?.id}","base_resp":{"status_code":0,"status_msg":"success"}}`)
    }
    if (route === 'query') return this.#query(url, res)
    return this.#retrieve(url, res)
  }

  /**
   * The V2 routes. Faults come first, as on V1; then auth (401 envelope), then the route itself.
   * A fault that replaces or loses the answer (hang, reset, body, http, code) skips the route's
   * effect unless `createTask` says otherwise; delayMs and dripMs only slow a normal answer down.
   */
  async #handleV2(
    route: Route,
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    body: Received,
    fault: Fault | undefined
  ): Promise<void> {
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const submitted = route === 'submit2' ? this.#recordSubmit(req, body, 'v2') : undefined
    const deleted: DeleteRecord | undefined =
      route === 'delete2'
        ? { taskId: pathTaskId(url.pathname), headers: req.headers, at: performance.now() }
        : undefined
    if (deleted) this.deletes.push(deleted)

    const answers =
      fault !== undefined && (fault.http !== undefined || fault.code !== undefined || fault.body !== undefined)
    if (fault && (fault.hang || fault.reset || answers)) {
      if (fault.createTask && submitted) this.#createTask(submitted.record, 'v2', submitted.body ?? {})
      if (fault.createTask && deleted) this.#deleteV2(deleted)
      if (fault.hang) return // never answer; close() destroys the socket
      if (fault.reset) {
        req.socket.destroy()
        return
      }
      const answer = this.#faultV2(fault)
      return send(res, answer.status, answer.body, answer.headers)
    }

    const answer =
      key === undefined
        ? v2Envelope(401, 'login fail: Please carry the API secret key in the Authorization field', 1004)
        : !this.#keyOk(key)
          ? v2Envelope(401, 'login fail: invalid api key', 1004)
          : this.#routeV2(route, url, submitted, deleted)
    // The task exists (routeV2 made it); the answer comes late.
    if (fault?.lateMs) await new Promise(resolve => setTimeout(resolve, fault.lateMs))
    // drip() writes latin1 characters: hand it the UTF-8 bytes, so non-ASCII text arrives intact.
    const bytesAsLatin1 = Buffer.from(answer.body, 'utf8').toString('latin1')
    if (fault?.dripMs)
      return drip(res, answer.status, { 'content-type': 'application/json' }, bytesAsLatin1, fault.dripMs)
    send(res, answer.status, answer.body, answer.headers)
  }

  /** What a V2 fault answers: a raw body, a V1-style base_resp on an explicit 200, or the envelope. */
  #faultV2(fault: Fault): Answer {
    const headers = { 'content-type': fault.contentType ?? 'application/json', ...fault.headers }
    if (fault.body !== undefined) return { status: fault.http ?? 200, body: fault.body, headers }
    if (fault.http === 200) {
      const body = { base_resp: { status_code: fault.code ?? 1000, status_msg: fault.msg ?? 'stand-in fault' } }
      return { status: 200, body: JSON.stringify(body), headers }
    }
    const status = fault.http ?? V2_HTTP_OF_CODE[fault.code ?? 2013] ?? 400
    const envelope = v2Envelope(status, fault.msg, fault.code)
    return { ...envelope, headers: { ...envelope.headers, ...headers } }
  }

  #routeV2(
    route: Route,
    url: URL,
    submitted: { record: SubmitRecord; body: Record<string, unknown> | undefined } | undefined,
    deleted: DeleteRecord | undefined
  ): Answer {
    if (submitted) {
      const { record, body } = submitted
      // "(2013)" written out: a rule's own text may end in a number in parentheses.
      if (!record.contract.ok) return v2Envelope(400, `invalid params, ${record.contract.errors.join('; ')} (2013)`)
      return v2Ok({ task_id: this.#createTask(record, 'v2', body ?? {}).id })
    }
    if (deleted) return this.#deleteV2(deleted)
    if (route === 'list2') return this.#listV2(url.searchParams)
    const task = this.#taskV2(pathTaskId(url.pathname))
    if (!task) return v2Envelope(400, 'invalid task_id', 2013)
    return v2Ok({ task: this.#viewV2(task, this.#statusV2(task, true)) })
  }

  /** A V2 task that query, list and delete can still see. */
  #taskV2(id: string): Task | undefined {
    const task = this.tasks.get(id)
    return task?.api === 'v2' && task.ended !== 'deleted' ? task : undefined
  }

  /**
   * A V2 task's status. Step by step, a query (`advance`) reports the next status of the sequence;
   * list and delete see the last one reported. With durationMs: running until then, then the end.
   */
  #statusV2(task: Task, advance: boolean): string {
    let status: string
    if (task.ended === 'cancelled') status = 'cancelled'
    else if (task.durationMs !== undefined)
      status = performance.now() - task.createdMs < task.durationMs ? 'running' : (task.statuses.at(-1) ?? 'succeeded')
    else {
      const step = advance ? task.queries : Math.max(0, task.queries - 1)
      status = task.statuses[Math.min(step, task.statuses.length - 1)] ?? 'running'
    }
    if (advance) task.queries++
    if (status !== task.reported) {
      task.reported = status
      task.updatedAt = Math.max(task.createdAt, Math.floor(Date.now() / 1000))
    }
    return status
  }

  /** The task object of query, list (and MiniMax's callbacks), keys in the order of the spec's examples. */
  #viewV2(task: Task, status: string): Record<string, unknown> {
    const body = task.body
    const duration = typeof body.duration === 'number' ? body.duration : 6
    const images = Array.isArray(body.content)
      ? (body.content as { type?: unknown }[]).filter(item => item?.type === 'image_url').length
      : 0
    const view: Record<string, unknown> = { id: task.id, model: body.model ?? 'MiniMax-H3', status }
    if (status === 'failed')
      view.error = task.error ?? { code: '1026', message: 'video description contains sensitive content' }
    view.created_at = task.createdAt
    view.updated_at = task.updatedAt
    if (status === 'succeeded') {
      // A time-limited CDN URL in real life; here this server's download route for the task's video.
      const expires = Math.floor(Date.now() / 1000) + 3600
      view.content = { url: `${this.url}/download/${task.fileId}.mp4?Expires=${expires}&Signature=stand-in` }
    }
    view.resolution = body.resolution ?? '768P'
    view.duration = duration
    view.usage =
      status === 'succeeded'
        ? { total_seconds: duration, input_seconds: 0, output_seconds: duration, input_image_count: images }
        : {}
    view.ratio = body.ratio ?? 'adaptive'
    view.task_type = 'generation'
    view.modality = 'video'
    return view
  }

  /** GET /v2/query/video_generation: V2 tasks only, newest first, filtered, then paged. */
  #listV2(params: URLSearchParams): Answer {
    const pageNum = positiveInt(params.get('page_num'), 1)
    const pageSize = positiveInt(params.get('page_size'), 10)
    if (Number.isNaN(pageNum) || Number.isNaN(pageSize))
      return v2Envelope(400, 'invalid params, page_num and page_size must be positive integers', 2013)
    // Arrays arrive repeated (?a=1&a=2) or comma-separated (?a=1,2), depending on the client: take both.
    const many = (name: string): string[] =>
      params
        .getAll(name)
        .flatMap(value => value.split(','))
        .map(value => value.trim())
        .filter(Boolean)
    const ids = many('filter.task_ids')
    const statuses = many('filter.status')
    const models = many('filter.model')
    const types = many('filter.task_type')
    const items = [...this.tasks.values()]
      .filter(task => this.#taskV2(task.id) !== undefined)
      .reverse()
      .filter(task => ids.length === 0 || ids.includes(task.id))
      .filter(task => models.length === 0 || models.includes(String(task.body.model)))
      .filter(() => types.length === 0 || types.includes('generation'))
      .map(task => this.#viewV2(task, this.#statusV2(task, false)))
      .filter(view => statuses.length === 0 || statuses.includes(String(view.status)))
    return v2Ok({ items: items.slice((pageNum - 1) * pageSize, pageNum * pageSize), total: items.length })
  }

  /** DELETE /v2/video_generation/{task_id}: queued -> cancelled; succeeded/failed -> deleted; else refused. */
  #deleteV2(record: DeleteRecord): Answer {
    const task = this.#taskV2(record.taskId)
    if (!task) return v2Envelope(400, 'invalid task_id', 2013)
    const status = this.#statusV2(task, false)
    record.statusBefore = status
    if (status === 'queued') {
      task.ended = 'cancelled'
      task.reported = 'cancelled'
      task.updatedAt = Math.floor(Date.now() / 1000)
      record.action = 'cancelled'
      return v2Ok({ task_id: task.id, action: 'cancelled', status: 'cancelled' })
    }
    if (status === 'succeeded' || status === 'failed' || status === 'expired') {
      task.ended = 'deleted'
      record.action = 'deleted'
      return v2Ok({ task_id: task.id, action: 'deleted', status })
    }
    return v2Envelope(
      400,
      `invalid params, task ${task.id} is ${status}: it can be neither cancelled nor deleted`,
      2013
    )
  }

  #keyOk(key: string): boolean {
    return this.options.apiKey === undefined || key === this.options.apiKey
  }

  /** Records a submit and judges it by its API's contract; `body` is the parsed body even without keepBodies. */
  #recordSubmit(
    req: http.IncomingMessage,
    { bodyBytes: bytes, receiveMs, arrived }: Received,
    api: 'v1' | 'v2'
  ): { record: SubmitRecord; body: Record<string, unknown> | undefined } {
    let body: Record<string, unknown> | undefined
    let contract: ContractCheck
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
      contract = { ok: false, errors: [`content-type is ${req.headers['content-type']}, not application/json`] }
    } else {
      try {
        body = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>
        contract = api === 'v1' ? this.#check(body) : this.#checkV2(body, bytes.length)
      } catch (error) {
        contract = { ok: false, errors: [`body is not JSON: ${String(error)}`] }
      }
    }
    const record: SubmitRecord = {
      api,
      headers: req.headers,
      bytes: bytes.length,
      receiveMs,
      at: performance.now(),
      startedAt: arrived,
      body: this.options.keepBodies === false ? undefined : body,
      contract
    }
    this.submits.push(record)
    return { record, body }
  }

  #createTask(record: SubmitRecord, api: 'v1' | 'v2', body: Record<string, unknown>): Task {
    const id = String(this.#nextTask++)
    const index = this.tasks.size
    const script = this.options.script?.(index)
    const clips = [api === 'v2' ? this.options.v2Clips : undefined, this.options.clips].find(c => c && c.length > 0)
    const now = Math.floor(Date.now() / 1000)
    const task: Task = {
      api,
      id,
      fileId: String(this.#nextFile++),
      index,
      body,
      statuses:
        script?.statuses ??
        (api === 'v2' ? (this.options.v2Statuses ?? DEFAULT_V2_STATUSES) : (this.options.statuses ?? DEFAULT_STATUSES)),
      queries: 0,
      createdMs: performance.now(),
      durationMs: script?.durationMs,
      video: clips ? clips[index % clips.length]! : api === 'v2' ? this.videoV2 : this.video,
      createdAt: now,
      updatedAt: now,
      error: script?.error
    }
    this.tasks.set(id, task)
    record.taskId = id
    return task
  }

  #query(url: URL, res: http.ServerResponse): void {
    const task = this.tasks.get(url.searchParams.get('task_id') ?? '')
    if (!task || task.api !== 'v1')
      return sendJson(res, { base_resp: { status_code: 2013, status_msg: 'task not found' } })
    const status =
      task.durationMs !== undefined
        ? performance.now() - task.createdMs < task.durationMs
          ? 'Processing'
          : (task.statuses.at(-1) ?? 'Success')
        : (task.statuses[Math.min(task.queries, task.statuses.length - 1)] ?? 'Processing')
    task.queries++
    const [width, height] = task.body.resolution === '1080P' ? [1920, 1080] : [1366, 768]
    const done = status === 'Success'
    const extra = done ? `,"file_id":"${task.fileId}","video_width":${width},"video_height":${height}` : ''
    send(
      res,
      200,
      `{"task_id":"${task.id}","status":"${status}"${extra},"base_resp":{"status_code":0,"status_msg":"success"}}`
    )
  }

  #retrieve(url: URL, res: http.ServerResponse): void {
    const fileId = url.searchParams.get('file_id') ?? ''
    const task = [...this.tasks.values()].find(t => t.fileId === fileId)
    if (!task) return sendJson(res, { base_resp: { status_code: 2013, status_msg: 'file not found' } })
    const bytes = this.options.announcedBytes ?? task.video.length
    // file_id as a bare JSON number with 18 digits, as MiniMax documents it (int64).
    send(
      res,
      200,
      `{"file":{"file_id":${fileId},"bytes":${bytes},"created_at":1700469398,"filename":"output_aigc.mp4",` +
        `"purpose":"video_generation","download_url":"${this.url}/download/${fileId}.mp4` +
        `?Expires=1700473000&Signature=stand-in"},"base_resp":{"status_code":0,"status_msg":"success"}}`
    )
  }

  /** The answer this route would give, one byte at a time. */
  #drip(res: http.ServerResponse, route: Route, url: URL, task: Task | undefined, everyMs: number): void {
    const body =
      route === 'submit'
        ? `{"task_id":"${task?.id}","base_resp":{"status_code":0,"status_msg":"success"}}`
        : route === 'download'
          ? (task?.video ?? this.video).toString('latin1')
          : `{"task_id":"${url.searchParams.get('task_id')}","status":"Processing","base_resp":{"status_code":0}}`
    drip(res, 200, { 'content-type': route === 'download' ? 'video/mp4' : 'application/json' }, body, everyMs)
  }

  #download(url: URL, res: http.ServerResponse, fault: Fault | undefined): void {
    const fileId = /\/download\/(\d+)\.mp4$/.exec(url.pathname)?.[1]
    const task = [...this.tasks.values()].find(t => t.fileId === fileId)
    const video = task?.video ?? this.video
    if (fault?.http) return send(res, fault.http, fault.body ?? 'error', { 'content-type': 'text/plain' })
    if (fault?.hang) return
    if (fault?.redirects) {
      const hops = Number(url.searchParams.get('hop') ?? '0')
      if (hops < fault.redirects) {
        // The same fault again for the next hop, so the chain has `redirects` links.
        this.faults.download.unshift(fault)
        res.writeHead(302, { location: `${url.pathname}?hop=${hops + 1}` }).end()
        return
      }
    }
    if (fault?.dripMs) return this.#drip(res, 'download', url, task, fault.dripMs)
    if (fault?.endless) {
      const headers: Record<string, string> = { 'content-type': 'video/mp4' }
      if (fault.endless.announce !== undefined) headers['content-length'] = String(fault.endless.announce)
      res.writeHead(200, headers)
      const chunk = Buffer.concat([video.subarray(0, 64), Buffer.alloc(64 * 1024 - 64)])
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump)
      }
      pump()
      return
    }
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(video.length) })
    if (fault?.cutAfterBytes !== undefined) {
      res.write(video.subarray(0, fault.cutAfterBytes), () => setTimeout(() => res.destroy(), 20))
      return
    }
    res.end(video)
  }
}

function routeOf(method: string | undefined, pathname: string): Route | undefined {
  if (method === 'POST' && pathname === '/v1/video_generation') return 'submit'
  if (method === 'GET' && pathname === '/v1/query/video_generation') return 'query'
  if (method === 'GET' && pathname === '/v1/files/retrieve') return 'retrieve'
  if (method === 'GET' && pathname.startsWith('/download/')) return 'download'
  if (method === 'POST' && pathname === '/v2/video_generation') return 'submit2'
  if (method === 'GET' && pathname === '/v2/query/video_generation') return 'list2'
  if (method === 'GET' && pathname.startsWith('/v2/query/video_generation/')) return 'query2'
  if (method === 'DELETE' && pathname.startsWith('/v2/video_generation/')) return 'delete2'
  return undefined
}

/**
 * Adds submit2 ... delete2 (at 0) as non-enumerable properties: `requests.submit2` reads and counts
 * like the others, while tests that compare the whole object with the four V1 counters
 * (`toEqual({ submit: 0, query: 0, retrieve: 0, download: 0 })`) still hold.
 */
function withV2Counters(v1: Record<string, number>): Record<Route, number> {
  for (const route of V2_ROUTES) Object.defineProperty(v1, route, { value: 0, writable: true, enumerable: false })
  return v1 as Record<Route, number>
}

/** The task id at the end of a V2 path (`.../video_generation/{task_id}`). */
function pathTaskId(pathname: string): string {
  const raw = pathname.slice(pathname.lastIndexOf('/') + 1)
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw // malformed %-escapes: an id no task has, answered as such
  }
}

/** Sends `body` one byte every `everyMs` (after the headers at once), ending early if the client goes. */
function drip(
  res: http.ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
  everyMs: number
): void {
  res.writeHead(status, headers)
  let i = 0
  const timer = setInterval(() => {
    if (i >= body.length || res.destroyed) {
      clearInterval(timer)
      res.end()
      return
    }
    res.write(body[i++]!, 'latin1')
  }, everyMs)
  res.on('close', () => clearInterval(timer))
}

/**
 * The V2 error envelope. `message` defaults by status; "(code)" is appended unless it ends with
 * one, as MiniMax's messages do. A status without a documented type gets the nearest one.
 */
export function v2Envelope(status: number, message?: string, code?: number): Answer {
  const known = V2_ERRORS[status] ?? {
    type: status === 403 ? 'authorized_error' : status >= 500 ? 'server_error' : 'bad_request_error',
    code: status >= 500 ? 1000 : 2013,
    message: 'stand-in fault'
  }
  let text = message ?? known.message
  if (!/\(\d+\)\s*$/.test(text)) text += ` (${code ?? known.code})`
  const requestId = randomBytes(16).toString('hex')
  const body = {
    type: 'error',
    error: { type: known.type, message: text, http_code: String(status) },
    request_id: requestId
  }
  return { status, body: JSON.stringify(body), headers: { 'x-request-id': requestId, 'trace-id': requestId } }
}

/** A V2 success answer, with a request id header as MiniMax's answers carry one. */
function v2Ok(value: unknown): Answer {
  const requestId = randomBytes(16).toString('hex')
  return { status: 200, body: JSON.stringify(value), headers: { 'x-request-id': requestId, 'trace-id': requestId } }
}

/** A positive whole number from a query parameter, the default if absent, NaN if malformed. */
function positiveInt(value: string | null, fallback: number): number {
  if (value === null || value === '') return fallback
  return /^\d+$/.test(value) && Number(value) >= 1 ? Number(value) : Number.NaN
}

async function readBody(req: http.IncomingMessage): Promise<{ bytes: Buffer; ms: number }> {
  const chunks: Buffer[] = []
  let first: number | undefined
  for await (const chunk of req) {
    first ??= performance.now()
    chunks.push(chunk as Buffer)
  }
  return { bytes: Buffer.concat(chunks), ms: first === undefined ? 0 : performance.now() - first }
}

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'trace-id': randomBytes(16).toString('hex'), ...headers })
  res.end(body)
}

function sendJson(res: http.ServerResponse, value: unknown): void {
  send(res, 200, JSON.stringify(value))
}

/** `node test/stand-in/minimax-server.ts [port]`: run it by hand, e.g. to point a local run at it. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const stand = await StandInServer.start({ port: Number(process.argv[2] ?? 0) })
  console.log(`stand-in MiniMax server on ${stand.url} (Ctrl-C to stop)`)
}
