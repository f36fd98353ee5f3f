/**
 * A loopback stand-in for the GitHub Actions cache service (v2, "results" twirp
 * API) that serves exactly what @actions/cache 6.x calls:
 *
 *  1. Twirp JSON RPCs, each `POST {ACTIONS_RESULTS_URL}/twirp/github.actions.results.api.v1.CacheService/{Method}`
 *     with `Authorization: Bearer $ACTIONS_RUNTIME_TOKEN`, `Content-Type: application/json`.
 *     Request bodies use proto field names (snake_case, int64 as a string):
 *       CreateCacheEntry          {key, version}                    -> {ok, signed_upload_url}
 *       FinalizeCacheEntryUpload  {key, version, size_bytes: "123"} -> {ok, entry_id: "1"}
 *       GetCacheEntryDownloadURL  {key, restore_keys?: [], version} -> {ok, signed_download_url, matched_key}
 *     Errors are twirp errors: HTTP status + JSON `{code, msg}`. The client parses every
 *     body as JSON (a non-JSON body is treated as retryable), retries 500/502/503/504 and
 *     throws at once on other non-2xx statuses.
 *  2. The signed upload URL, used by the Azure Storage SDK (BlockBlobClient.uploadFile):
 *     one Put Blob (`PUT`, `x-ms-blob-type: BlockBlob`) up to 128 MiB, above that
 *     Put Block (`PUT ?comp=block&blockid=…`, 64 MiB blocks, 8 at a time) then
 *     Put Block List (`PUT ?comp=blocklist`, XML body). Each must answer 201.
 *  3. The signed download URL. Its host is not `*.blob.core.windows.net`, so the client
 *     does one plain `GET` (http-client, no auth header) and checks Content-Length.
 *     HEAD and `Range:` are served too, so the Azure SDK's download path can be tried by hand.
 *
 * Entries are keyed by (key, version), immutable, and only visible once finalized.
 * Lookup rules (after the GitHub docs): exact primary key, else the newest entry whose key
 * starts with the primary key, else for each restore key in order the newest entry whose key
 * starts with it; the version must always match. Scope/branch is not modelled.
 */
import * as http from 'node:http'
import { randomBytes } from 'node:crypto'
import type { AddressInfo, Socket } from 'node:net'

export const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.CacheService/'

export interface CacheFaults {
  /** Every twirp call answers 503 `unavailable` (the client retries 5 times, ~30 s). */
  down: boolean
  /** Delay every twirp response by this many milliseconds. */
  delayMs: number
  /** CreateCacheEntry answers 200 `{ok:false, message:"cache write denied: …"}` (read-only token). */
  writeDenied: boolean
  /** GetCacheEntryDownloadURL answers 403 `permission_denied` "cache read denied: …". */
  readDenied: boolean
  /** Downloads serve random bytes of the right length (the client's tar step then fails). */
  corruptDownload: boolean
  /** Every blob request (upload or download) answers 503 ServerBusy. */
  blobDown: boolean
}

export interface CacheServerOptions extends Partial<CacheFaults> {
  /** Bearer token to require; default 'test-runtime-token'. */
  token?: string
}

export interface CacheEntry {
  id: number
  key: string
  version: string
  seq: number // creation order, "newest" = highest
  finalized: boolean
  sizeBytes: number // as declared by FinalizeCacheEntryUpload
  sig: string // the "signature" in this entry's signed URLs
  data: Buffer | undefined // committed blob
  blocks: Map<string, Buffer> // staged, uncommitted blocks
}

/** One recorded request. `op` names what the client asked for. */
export interface CacheEvent {
  op:
    | 'CreateCacheEntry'
    | 'FinalizeCacheEntryUpload'
    | 'GetCacheEntryDownloadURL'
    | 'PutBlob'
    | 'PutBlock'
    | 'PutBlockList'
    | 'Download'
    | 'Other'
  status: number
  /** Short outcome: 'created', 'exists', 'denied', 'hit', 'miss', 'down', 'corrupt', … */
  outcome: string
  key?: string
  version?: string
  restoreKeys?: string[]
  matchedKey?: string
  sizeBytes?: number
  bytes?: number
  body?: unknown // the parsed twirp request body
  userAgent?: string
  method: string
  path: string
}

const TWIRP_STATUS: Record<string, number> = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  already_exists: 409,
  failed_precondition: 412,
  unavailable: 503,
  internal: 500,
  bad_route: 404
}

export class CacheServer {
  /** Base URL to put in ACTIONS_RESULTS_URL (ends with '/'). */
  readonly url: string
  readonly token: string
  /** Mutable at any time: tests flip faults between calls. */
  readonly faults: CacheFaults
  readonly events: CacheEvent[] = []
  private readonly entries: CacheEntry[] = []
  private readonly server: http.Server
  private readonly sockets = new Set<Socket>()
  private readonly timers = new Set<NodeJS.Timeout>()
  private nextId = 1
  private listening = true

  private constructor(server: http.Server, url: string, options: CacheServerOptions) {
    this.server = server
    this.url = url
    this.token = options.token ?? 'test-runtime-token'
    this.faults = {
      down: options.down ?? false,
      delayMs: options.delayMs ?? 0,
      writeDenied: options.writeDenied ?? false,
      readDenied: options.readDenied ?? false,
      corruptDownload: options.corruptDownload ?? false,
      blobDown: options.blobDown ?? false
    }
  }

  /** Start on 127.0.0.1, port 0 (a free port chosen by the OS). */
  static async start(options: CacheServerOptions = {}): Promise<CacheServer> {
    const server = http.createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    const { port } = server.address() as AddressInfo
    const self = new CacheServer(server, `http://127.0.0.1:${port}/`, options)
    server.on('connection', s => {
      self.sockets.add(s)
      s.on('close', () => self.sockets.delete(s))
    })
    server.on('request', (req, res) => {
      self.handle(req, res).catch(err => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(String(err))
      })
    })
    return self
  }

  /** The environment @actions/cache needs to talk to this server with the v2 protocol. */
  env(): Record<string, string> {
    return {
      ACTIONS_RESULTS_URL: this.url,
      ACTIONS_RUNTIME_TOKEN: this.token,
      ACTIONS_CACHE_SERVICE_V2: 'true'
    }
  }

  /** All entries (finalized or not), oldest first. */
  list(): readonly CacheEntry[] {
    return this.entries
  }

  /** Events of one kind, e.g. `server.calls('CreateCacheEntry')`. */
  calls(op: CacheEvent['op']): CacheEvent[] {
    return this.events.filter(e => e.op === op)
  }

  /** Stop accepting connections (new requests get ECONNREFUSED); entries are kept. */
  async stopListening(): Promise<void> {
    if (!this.listening) return
    this.listening = false
    const closed = new Promise<void>(resolve => this.server.close(() => resolve()))
    this.dropConnections()
    await closed
  }

  /** Stop everything: listener, open sockets, pending delay timers. Idempotent. */
  async close(): Promise<void> {
    await this.stopListening()
    this.dropConnections()
  }

  private dropConnections(): void {
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    for (const s of this.sockets) s.destroy()
    this.sockets.clear()
  }

  private sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const t = setTimeout(() => {
        this.timers.delete(t)
        resolve()
      }, ms)
      this.timers.add(t)
    })
  }

  private record(req: http.IncomingMessage, e: Omit<CacheEvent, 'method' | 'path' | 'userAgent'>): void {
    this.events.push({ ...e, method: req.method ?? '', path: req.url ?? '', userAgent: req.headers['user-agent'] })
  }

  // ---------------------------------------------------------------- routing

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await readBody(req)
    const u = new URL(req.url ?? '/', this.url)
    if (u.pathname.startsWith(TWIRP_PREFIX)) {
      return this.twirp(req, res, u.pathname.slice(TWIRP_PREFIX.length), body)
    }
    const m = /^\/blob\/devstoreaccount1\/actions-cache\/(\d+)$/.exec(u.pathname)
    if (m) return this.blob(req, res, u, Number(m[1]), body)
    this.record(req, { op: 'Other', status: 404, outcome: 'no route' })
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
  }

  // ---------------------------------------------------------------- twirp

  private async twirp(req: http.IncomingMessage, res: http.ServerResponse, method: string, raw: Buffer): Promise<void> {
    const op = method as CacheEvent['op']
    const fail = (code: string, msg: string, outcome: string, extra: Partial<CacheEvent> = {}): void => {
      const status = TWIRP_STATUS[code] ?? 500
      this.record(req, { op, status, outcome, ...extra })
      sendJson(res, status, { code, msg })
    }
    if (this.faults.delayMs > 0) await this.sleep(this.faults.delayMs)
    if (this.faults.down) return fail('unavailable', 'service unavailable', 'down')
    if (req.method !== 'POST') return fail('bad_route', `unsupported method ${req.method}`, 'bad route')
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return fail('unauthenticated', 'invalid or missing bearer token', 'unauthenticated')
    }
    if (!String(req.headers['content-type']).startsWith('application/json')) {
      return fail('bad_route', 'only application/json is served', 'bad content-type')
    }
    let body: Record<string, unknown>
    try {
      body = JSON.parse(raw.toString('utf8') || '{}')
    } catch {
      return fail('invalid_argument', 'malformed JSON body', 'bad json')
    }
    const key = typeof body.key === 'string' ? body.key : ''
    const version = typeof body.version === 'string' ? body.version : ''
    const base = { key, version, body }
    if (!key || !version) return fail('invalid_argument', 'key and version are required', 'invalid', base)

    switch (method) {
      case 'CreateCacheEntry': {
        if (this.faults.writeDenied) {
          // The real service answers 200 with ok=false; the client turns the
          // "cache write denied:" prefix into CacheWriteDeniedError (logged as a warning).
          this.record(req, { op, status: 200, outcome: 'denied', ...base })
          return sendJson(res, 200, {
            ok: false,
            signed_upload_url: '',
            message: 'cache write denied: token has no writable scopes'
          })
        }
        if (this.entries.some(e => e.key === key && e.version === version)) {
          return fail(
            'already_exists',
            'cache entry with the same key, version, and scope already exists',
            'exists',
            base
          )
        }
        const id = this.nextId++
        const entry: CacheEntry = {
          id,
          key,
          version,
          seq: id,
          finalized: false,
          sizeBytes: 0,
          sig: randomBytes(12).toString('hex'),
          data: undefined,
          blocks: new Map()
        }
        this.entries.push(entry)
        this.record(req, { op, status: 200, outcome: 'created', ...base })
        return sendJson(res, 200, { ok: true, signed_upload_url: this.blobUrl(entry, 'upload') })
      }

      case 'FinalizeCacheEntryUpload': {
        const sizeBytes = Number(body.size_bytes ?? 0)
        const entry = this.entries.find(e => e.key === key && e.version === version && !e.finalized)
        if (!entry) return fail('not_found', 'cache entry not found', 'not found', { ...base, sizeBytes })
        if (!entry.data) {
          // Real-service behaviour not observed; ok=false makes the client log a warning and return -1.
          this.record(req, { op, status: 200, outcome: 'no upload', ...base, sizeBytes })
          return sendJson(res, 200, { ok: false, entry_id: '0', message: 'no blob was uploaded for this cache entry' })
        }
        entry.finalized = true
        entry.sizeBytes = sizeBytes
        this.record(req, { op, status: 200, outcome: 'finalized', ...base, sizeBytes })
        return sendJson(res, 200, { ok: true, entry_id: String(entry.id) })
      }

      case 'GetCacheEntryDownloadURL': {
        const restoreKeys = Array.isArray(body.restore_keys) ? body.restore_keys.map(String) : []
        const extra = { ...base, restoreKeys }
        if (this.faults.readDenied) {
          return fail('permission_denied', 'cache read denied: token has no readable scopes', 'denied', extra)
        }
        const hit = this.lookup(key, restoreKeys, version)
        if (!hit) {
          this.record(req, { op, status: 200, outcome: 'miss', ...extra })
          return sendJson(res, 200, { ok: false, signed_download_url: '', matched_key: '' })
        }
        this.record(req, { op, status: 200, outcome: 'hit', matchedKey: hit.key, ...extra })
        return sendJson(res, 200, {
          ok: true,
          signed_download_url: this.blobUrl(hit, 'download'),
          matched_key: hit.key
        })
      }

      default:
        return fail('bad_route', `no handler for method ${method}`, 'bad route', base)
    }
  }

  /** Exact primary key, then newest prefix of the primary key, then newest prefix of each restore key. */
  private lookup(key: string, restoreKeys: string[], version: string): CacheEntry | undefined {
    const visible = this.entries.filter(e => e.finalized && e.version === version)
    const newestWithPrefix = (p: string): CacheEntry | undefined =>
      visible.filter(e => e.key.startsWith(p)).sort((a, b) => b.seq - a.seq)[0]
    return (
      visible.find(e => e.key === key) ??
      newestWithPrefix(key) ??
      restoreKeys.map(newestWithPrefix).find(e => e !== undefined)
    )
  }

  private blobUrl(entry: CacheEntry, op: 'upload' | 'download'): string {
    // Path-style like Azurite (/account/container/blob) so the Azure SDK parses it; `sig` is what
    // the client masks with ::add-mask::.
    const permissions = op === 'upload' ? 'cw' : 'r'
    return `${this.url}blob/devstoreaccount1/actions-cache/${entry.id}?sv=2024-11-04&sp=${permissions}&sig=${entry.sig}`
  }

  // ---------------------------------------------------------------- blob (Azure-like)

  private blob(req: http.IncomingMessage, res: http.ServerResponse, u: URL, id: number, body: Buffer): void {
    const entry = this.entries.find(e => e.id === id)
    const comp = u.searchParams.get('comp')
    const op: CacheEvent['op'] =
      req.method === 'PUT'
        ? comp === 'block'
          ? 'PutBlock'
          : comp === 'blocklist'
            ? 'PutBlockList'
            : 'PutBlob'
        : 'Download'
    const azureError = (status: number, code: string, message: string): void => {
      this.record(req, { op, status, outcome: code, key: entry?.key, version: entry?.version })
      const xml =
        `<?xml version="1.0" encoding="utf-8"?>` + `<Error><Code>${code}</Code><Message>${message}</Message></Error>`
      res
        .writeHead(status, { 'content-type': 'application/xml', 'x-ms-error-code': code, ...azureHeaders() })
        .end(req.method === 'HEAD' ? undefined : xml)
    }
    if (this.faults.blobDown) return azureError(503, 'ServerBusy', 'The server is busy.')
    if (!entry || u.searchParams.get('sig') !== entry.sig) {
      return azureError(403, 'AuthenticationFailed', 'Signature did not match.')
    }

    if (req.method === 'PUT') {
      if (entry.finalized) return azureError(409, 'BlobImmutable', 'The cache entry is already finalized.')
      const created = (extra: Partial<CacheEvent>): void => {
        this.record(req, { op, status: 201, outcome: 'stored', key: entry.key, version: entry.version, ...extra })
        res
          .writeHead(201, {
            'content-length': '0',
            etag: `"0x${entry.id}${Date.now()}"`,
            'last-modified': new Date().toUTCString(),
            'x-ms-request-server-encrypted': 'true',
            ...azureHeaders()
          })
          .end()
      }
      if (comp === 'block') {
        const blockId = u.searchParams.get('blockid')
        if (!blockId) return azureError(400, 'InvalidQueryParameterValue', 'blockid is required.')
        entry.blocks.set(blockId, body)
        return created({ bytes: body.length })
      }
      if (comp === 'blocklist') {
        // <BlockList><Latest>id</Latest>…</BlockList>  (Committed/Uncommitted accepted too)
        const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Committed|Uncommitted)>([^<]*)<\//g)].map(
          m => m[1] ?? ''
        )
        const missing = ids.find(b => !entry.blocks.has(b))
        if (missing !== undefined) return azureError(400, 'InvalidBlockList', `Unknown block ${missing}.`)
        entry.data = Buffer.concat(ids.map(b => entry.blocks.get(b) as Buffer))
        entry.blocks.clear()
        return created({ bytes: entry.data.length })
      }
      if (req.headers['x-ms-blob-type'] !== 'BlockBlob') {
        return azureError(400, 'MissingRequiredHeader', 'x-ms-blob-type: BlockBlob is required.')
      }
      entry.data = body
      return created({ bytes: body.length })
    }

    if (req.method === 'GET' || req.method === 'HEAD') {
      if (!entry.finalized || !entry.data) return azureError(404, 'BlobNotFound', 'The specified blob does not exist.')
      const full = this.faults.corruptDownload ? randomBytes(entry.data.length) : entry.data
      // http-client sends `Range`, the Azure SDK sends `x-ms-range`.
      const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers['x-ms-range'] ?? req.headers.range ?? ''))
      const start = range ? Number(range[1]) : 0
      const end = range && range[2] ? Math.min(Number(range[2]), full.length - 1) : full.length - 1
      const part = full.subarray(start, end + 1)
      const status = range ? 206 : 200
      this.record(req, {
        op,
        status,
        outcome: this.faults.corruptDownload ? 'corrupt' : 'served',
        key: entry.key,
        version: entry.version,
        bytes: req.method === 'HEAD' ? 0 : part.length
      })
      res.writeHead(status, {
        'content-type': 'application/octet-stream',
        'content-length': String(part.length),
        'accept-ranges': 'bytes',
        'x-ms-blob-type': 'BlockBlob',
        etag: `"0x${entry.id}"`,
        'last-modified': new Date().toUTCString(),
        ...(range ? { 'content-range': `bytes ${start}-${end}/${full.length}` } : {}),
        ...azureHeaders()
      })
      res.end(req.method === 'HEAD' ? undefined : part)
      return
    }
    azureError(405, 'UnsupportedHttpVerb', `${req.method} is not supported.`)
  }
}

// ---------------------------------------------------------------- helpers

function azureHeaders(): Record<string, string> {
  return {
    'x-ms-request-id': randomBytes(8).toString('hex'),
    'x-ms-version': '2026-02-06',
    date: new Date().toUTCString()
  }
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) })
  res.end(text)
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
