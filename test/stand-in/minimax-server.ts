/**
 * A stand-in for MiniMax's video API on loopback, following shared/minimax-api/README.md:
 * submit, query, retrieve and download. It checks every submit body against the OpenAPI
 * contract (test/contract/), records what it received, and can be told to fail in any way.
 *
 * Plain Node 24 TypeScript (erasable syntax only): `node` runs it without a build step.
 */
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { contractValidator, type ContractCheck } from './contract.ts'

export type Route = 'submit' | 'query' | 'retrieve' | 'download'

/** One scripted answer. With none queued, the server behaves like MiniMax on a good day. */
export interface Fault {
  /** HTTP status to answer with (default 200). */
  http?: number
  /** base_resp.status_code to answer with (HTTP 200 unless `http` says otherwise). */
  code?: number
  msg?: string
  /** A raw body instead of JSON (malformed JSON, an HTML page, ...). */
  body?: string
  contentType?: string
  headers?: Record<string, string>
  /** Read the request, then never answer. */
  hang?: boolean
  /** Read the request, then reset the connection without answering. */
  reset?: boolean
  /** For submit with `reset`/`hang`/`body`: create the task anyway (the answer is what gets lost). */
  createTask?: boolean
  /** For download: send the headers and this many bytes of the video, then cut the connection. */
  cutAfterBytes?: number
  /** Wait this long before answering. */
  delayMs?: number
  /** Answer 200 at once, then send the (normal) body one byte every this many ms. */
  dripMs?: number
  /** For download: answer 200 and send bytes forever (with `announce`, a Content-Length first). */
  endless?: { announce?: number }
  /** For download: answer this many redirects (302, relative Location) before the video. */
  redirects?: number
}

export interface SubmitRecord {
  headers: http.IncomingHttpHeaders
  bytes: number
  /** Milliseconds from the request's first body byte to its last. */
  receiveMs: number
  /** When the whole request had arrived (performance.now()). */
  at: number
  body: Record<string, unknown> | undefined
  contract: ContractCheck
  /** The task this request created, if any. */
  taskId?: string
}

export interface Task {
  id: string
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
}

/** What one task does, by its creation index: how long it takes and how it ends. */
export interface TaskScript {
  /** Processing for this long (ms of wall time), then the last of `statuses` (Success by default). */
  durationMs?: number
  statuses?: string[]
}

export interface StandInOptions {
  port?: number
  /** The status sequence each new task walks through, one step per query. */
  statuses?: string[]
  /** The API key the server accepts (any non-empty key if unset). */
  apiKey?: string
  /** The video served for every task. */
  video?: Buffer
  /** Real clips, served in turn (task i gets clips[i % length]): for storyboards and their joins. */
  clips?: Buffer[]
  /** Per-task delays and endings, by creation index. */
  script?: (index: number) => TaskScript | undefined
  /** Keep each submit body (turn off for big benchmark runs). */
  keepBodies?: boolean
  /** Tell the client a size for the download that differs from the real one. */
  announcedBytes?: number
}

export const DEFAULT_STATUSES = ['Preparing', 'Queueing', 'Processing', 'Success']

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
  readonly video: Buffer
  url = ''
  readonly submits: SubmitRecord[] = []
  readonly requests: Record<Route, number> = { submit: 0, query: 0, retrieve: 0, download: 0 }
  readonly tasks = new Map<string, Task>()
  readonly faults: Record<Route, Fault[]> = { submit: [], query: [], retrieve: [], download: [] }
  /** A fault answered to every request of a route, after the queued ones. */
  readonly always: Partial<Record<Route, Fault>> = {}
  readonly log: string[] = []
  /** The headers of each download request (the API key must never be among them). */
  readonly downloads: http.IncomingHttpHeaders[] = []
  #sockets = new Set<Socket>()
  #nextTask = 176843862716480123n
  #nextFile = 176844028768320456n
  #check: (body: unknown) => ContractCheck

  constructor(options: StandInOptions = {}) {
    this.options = options
    this.video = options.video ?? makeMp4()
    this.#check = contractValidator()
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

    if (route === 'download') {
      this.downloads.push(req.headers)
      return this.#download(url, res, fault)
    }

    const auth = req.headers.authorization ?? ''
    const key = /^Bearer (.+)$/.exec(auth)?.[1]
    let task: Task | undefined
    let record: SubmitRecord | undefined
    if (route === 'submit') {
      record = this.#recordSubmit(req, bodyBytes, receiveMs)
      if (fault?.createTask || (!fault && key && record.contract.ok && this.#keyOk(key))) {
        task = this.#createTask(record)
      }
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

  #keyOk(key: string): boolean {
    return this.options.apiKey === undefined || key === this.options.apiKey
  }

  #recordSubmit(req: http.IncomingMessage, bytes: Buffer, receiveMs: number): SubmitRecord {
    let body: Record<string, unknown> | undefined
    let contract: ContractCheck
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
      contract = { ok: false, errors: [`content-type is ${req.headers['content-type']}, not application/json`] }
    } else {
      try {
        body = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>
        contract = this.#check(body)
      } catch (error) {
        contract = { ok: false, errors: [`body is not JSON: ${String(error)}`] }
      }
    }
    const record: SubmitRecord = {
      headers: req.headers,
      bytes: bytes.length,
      receiveMs,
      at: performance.now(),
      body: this.options.keepBodies === false ? undefined : body,
      contract
    }
    this.submits.push(record)
    return record
  }

  #createTask(record: SubmitRecord): Task {
    const id = String(this.#nextTask++)
    const index = this.tasks.size
    const script = this.options.script?.(index)
    const clips = this.options.clips
    const task: Task = {
      id,
      fileId: String(this.#nextFile++),
      index,
      body: record.body ?? {},
      statuses: script?.statuses ?? this.options.statuses ?? DEFAULT_STATUSES,
      queries: 0,
      createdMs: performance.now(),
      durationMs: script?.durationMs,
      video: clips && clips.length > 0 ? clips[index % clips.length]! : this.video
    }
    this.tasks.set(id, task)
    record.taskId = id
    return task
  }

  #query(url: URL, res: http.ServerResponse): void {
    const task = this.tasks.get(url.searchParams.get('task_id') ?? '')
    if (!task) return sendJson(res, { base_resp: { status_code: 2013, status_msg: 'task not found' } })
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
          ? this.video.toString('latin1')
          : `{"task_id":"${url.searchParams.get('task_id')}","status":"Processing","base_resp":{"status_code":0}}`
    res.writeHead(200, { 'content-type': route === 'download' ? 'video/mp4' : 'application/json' })
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

  #download(url: URL, res: http.ServerResponse, fault: Fault | undefined): void {
    const fileId = /\/download\/(\d+)\.mp4$/.exec(url.pathname)?.[1]
    const video = [...this.tasks.values()].find(t => t.fileId === fileId)?.video ?? this.video
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
    if (fault?.dripMs) return this.#drip(res, 'download', url, undefined, fault.dripMs)
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
  return undefined
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
