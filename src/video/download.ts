/**
 * Download the video: stream it to a temporary file beside the destination (hashing it on the
 * way, so nothing reads it again for its SHA-256), check its length against what the server
 * announced and that it is an MP4 (an ftyp box first), then rename it into place. A download cut
 * short is retried and never leaves a partial file at the destination. The download host is not
 * MiniMax's API: the API key is never sent to it.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { startsLikeMp4 } from '../fs/mp4.js'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { ApiError, DiskError, NotAVideoError } from '../errors.js'
import type { Logger } from '../log.js'
import { realClock, type Clock } from '../net/clock.js'
import { header, networkError, request, retryAfterMs } from '../net/http.js'
import type { Dispatcher } from '../net/undici-core.js'
import { withRetries } from '../net/retry.js'
import { removeAtExit } from '../fs/cleanup.js'

export interface DownloadOptions {
  url: string
  destination: string
  /** The size MiniMax announced in the retrieve answer, if it gave one. */
  expectedBytes?: number
  requestTimeoutSeconds: number
  maxRetries: number
  retryInitialDelaySeconds: number
  log: Logger
  clock?: Clock
  /** The run's cancellation. */
  signal?: AbortSignal
}

/** Where neither MiniMax nor the download host says how big the video is, it may be this big at most. */
export const MAX_VIDEO_BYTES = 512 * 1024 * 1024
/** A download gets request-timeout for each this many bytes (at least one): about 270 KB/s with the defaults. */
export const BYTES_PER_TIMEOUT = 16 * 1024 * 1024
/** Redirects followed at most (GET, and never an Authorization header: none is ever sent here). */
export const MAX_REDIRECTS = 5

const DISK_ERRORS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'the file system is read-only',
  EISDIR: 'a folder is in the way',
  ENOTDIR: 'a file is in the way of a folder',
  ENOENT: 'the folder is gone',
  EEXIST: 'a file is in the way'
}

/** The URL without its query (a signature), for logs; parsed, so it cannot carry a line break. */
export function withoutQuery(url: string): string {
  try {
    const parsed = new URL(url)
    return `${parsed.origin}${parsed.pathname}`
  } catch {
    return JSON.stringify(url.replace(/[?#].*$/, ''))
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/** GET the video, following at most MAX_REDIRECTS redirects to http(s) URLs. */
async function get(options: DownloadOptions, what: string, timeoutMs: number): Promise<Dispatcher.ResponseData> {
  let url = options.url
  for (let hops = 0; ; hops++) {
    let response: Dispatcher.ResponseData
    try {
      response = await request(url, { method: 'GET', timeoutMs, signal: options.signal })
    } catch (error) {
      throw networkError(what, error, options.requestTimeoutSeconds, options.signal)
    }
    const location = header(response.headers, 'location')
    if (!REDIRECTS.has(response.statusCode) || !location) return response
    response.body.resume()
    const next = new URL(location, url)
    if (next.protocol !== 'https:' && next.protocol !== 'http:') {
      throw new ApiError(`${what}: redirected to a ${next.protocol} URL, which is not a download`, { retryable: false })
    }
    if (hops + 1 > MAX_REDIRECTS) {
      throw new ApiError(`${what}: more than ${MAX_REDIRECTS} redirects`, { retryable: false })
    }
    url = next.href
  }
}

/** A downloaded video: where it is, its size and its SHA-256. */
export interface Downloaded {
  path: string
  bytes: number
  sha256: string
}

async function attempt(options: DownloadOptions, partial: string): Promise<{ bytes: number; sha256: string }> {
  const what = `Downloading the video from ${withoutQuery(options.url)}`
  const response = await get(options, what, downloadTimeoutMs(options))
  if (response.statusCode !== 200) refuseStatus(what, response)
  const announced = Number(header(response.headers, 'content-length') ?? NaN)
  const limit = Math.min(
    Number.isFinite(announced) ? announced : MAX_VIDEO_BYTES,
    options.expectedBytes ?? MAX_VIDEO_BYTES,
    MAX_VIDEO_BYTES
  )
  if (announced > MAX_VIDEO_BYTES) {
    response.body.destroy()
    throw new ApiError(`${what}: the host announces ${announced} bytes, more than any video (${MAX_VIDEO_BYTES})`, {
      retryable: false
    })
  }
  const { received, sha256 } = await save(options, what, response, partial, limit)
  checkLength(options, what, received, announced)
  if (!startsLikeMp4(partial))
    throw new NotAVideoError(`${what}: the file is not an MP4 video (no ftyp box at its start)`)
  return { bytes: received, sha256 }
}

/** Request-timeout for each BYTES_PER_TIMEOUT of the video (four of them when its size is not known). */
function downloadTimeoutMs(options: DownloadOptions): number {
  const sizeForTime = options.expectedBytes ?? 4 * BYTES_PER_TIMEOUT
  return Math.round(options.requestTimeoutSeconds * 1000) * Math.max(1, Math.ceil(sizeForTime / BYTES_PER_TIMEOUT))
}

/** An answer other than 200 is no video: retried where the host may answer better later. */
function refuseStatus(what: string, response: Dispatcher.ResponseData): never {
  response.body.resume()
  const status = response.statusCode
  throw new ApiError(`${what}: HTTP ${status}${status === 403 ? ' (the link may have expired)' : ''}`, {
    retryable: status === 429 || status >= 500,
    retryAfterMs: retryAfterMs(header(response.headers, 'retry-after'))
  })
}

/** Stream the body to `partial`, hashing it on the way; an error says whether the disk or the network failed. */
async function save(
  options: DownloadOptions,
  what: string,
  response: Dispatcher.ResponseData,
  partial: string,
  limit: number
): Promise<{ received: number; sha256: string }> {
  let received = 0
  let overflow = false
  const hash = createHash('sha256')
  // Stop at the size that was announced: a body that runs on past it is cut, never written.
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length
      if (received > limit) {
        overflow = true
        done(new Error('over the announced size'))
        return
      }
      hash.update(chunk)
      done(null, chunk)
    }
  })
  try {
    await pipeline(response.body, count, createWriteStream(partial))
  } catch (error) {
    if (overflow) {
      throw new ApiError(`${what}: the body runs past ${limit} bytes, the size announced for it; it was cut off`, {
        retryable: false,
        cause: error
      })
    }
    const code = (error as NodeJS.ErrnoException).code ?? ''
    // The disk, not the network: retrying would not help.
    if (DISK_ERRORS[code])
      throw new DiskError(`Could not save the video at ${partial}: ${DISK_ERRORS[code]} (${code})`, { cause: error })
    throw networkError(`${what}: cut off after ${received} bytes`, error, options.requestTimeoutSeconds, options.signal)
  }
  return { received, sha256: hash.digest('hex') }
}

/** A body shorter than the host or MiniMax announced was cut short: worth another try. */
function checkLength(options: DownloadOptions, what: string, received: number, announced: number): void {
  const expected = Number.isFinite(announced) ? announced : options.expectedBytes
  if (expected !== undefined && received !== expected) {
    throw new ApiError(`${what}: got ${received} of ${expected} bytes (cut short)`, { retryable: true })
  }
  if (options.expectedBytes !== undefined && received !== options.expectedBytes) {
    throw new ApiError(`${what}: got ${received} bytes, but MiniMax announced ${options.expectedBytes}`, {
      retryable: true
    })
  }
}

export async function downloadVideo(options: DownloadOptions): Promise<Downloaded> {
  const destination = path.resolve(options.destination)
  await mkdir(path.dirname(destination), { recursive: true })
  const partial = path.join(
    path.dirname(destination),
    `.${path.basename(destination)}.${randomBytes(4).toString('hex')}.part`
  )
  const forget = removeAtExit(partial)
  const policy = {
    signal: options.signal,
    what: `Downloading the video from ${withoutQuery(options.url)}`,
    maxRetries: options.maxRetries,
    initialDelaySeconds: options.retryInitialDelaySeconds,
    deadline: Infinity,
    idempotent: true,
    attemptTimeoutMs: Math.round(options.requestTimeoutSeconds * 1000)
  }
  try {
    return await withRetries(policy, options.clock ?? realClock, options.log, async () => {
      try {
        const got = await attempt(options, partial)
        await rename(partial, destination)
        return { path: destination, ...got }
      } catch (error) {
        await rm(partial, { force: true })
        throw error
      }
    })
  } finally {
    await rm(partial, { force: true })
    forget()
  }
}
