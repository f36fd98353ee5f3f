/**
 * Download the video: stream it to a temporary file beside the destination, check its length
 * against what the server announced and that it is an MP4 (an ftyp box first), then rename it into
 * place. A download cut short is retried and never leaves a partial file at the destination.
 * The download host is not MiniMax's API: the API key is never sent to it.
 */
import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { ApiError, DiskError, NotAVideoError } from '../errors.js'
import type { Logger } from '../log.js'
import { realClock, type Clock } from '../net/clock.js'
import { header, networkError, request, retryAfterMs } from '../net/http.js'
import { withRetries } from '../net/retry.js'

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
}

const DISK_ERRORS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'the file system is read-only',
  EISDIR: 'a folder is in the way'
}

/** The URL without its query (a signature), for logs. */
export const withoutQuery = (url: string): string => url.replace(/[?#].*$/, '')

async function isMp4(file: string): Promise<boolean> {
  const handle = await open(file, 'r')
  try {
    const head = Buffer.alloc(8)
    const { bytesRead } = await handle.read(head, 0, 8, 0)
    return bytesRead === 8 && head.toString('latin1', 4, 8) === 'ftyp'
  } finally {
    await handle.close()
  }
}

async function attempt(options: DownloadOptions, partial: string): Promise<number> {
  const timeoutMs = Math.round(options.requestTimeoutSeconds * 1000)
  const what = `Downloading the video from ${withoutQuery(options.url)}`
  let response
  try {
    response = await request(options.url, { method: 'GET', timeoutMs })
  } catch (error) {
    throw networkError(what, error, options.requestTimeoutSeconds)
  }
  if (response.statusCode !== 200) {
    response.body.resume()
    const status = response.statusCode
    throw new ApiError(
      `${what}: HTTP ${status}${status === 403 ? ' (the link may have expired: it lasts about an hour)' : ''}`,
      {
        retryable: status === 429 || status >= 500,
        retryAfterMs: retryAfterMs(header(response.headers, 'retry-after'))
      }
    )
  }
  const announced = Number(header(response.headers, 'content-length') ?? NaN)
  let received = 0
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length
      done(null, chunk)
    }
  })
  try {
    await pipeline(response.body, count, createWriteStream(partial))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    // The disk, not the network: retrying would not help.
    if (DISK_ERRORS[code])
      throw new DiskError(`Could not save the video at ${partial}: ${DISK_ERRORS[code]} (${code})`, { cause: error })
    throw networkError(`${what}: cut off after ${received} bytes`, error, options.requestTimeoutSeconds)
  }
  const expected = Number.isFinite(announced) ? announced : options.expectedBytes
  if (expected !== undefined && received !== expected) {
    throw new ApiError(`${what}: got ${received} of ${expected} bytes (cut short)`, { retryable: true })
  }
  if (options.expectedBytes !== undefined && received !== options.expectedBytes) {
    throw new ApiError(`${what}: got ${received} bytes, but MiniMax announced ${options.expectedBytes}`, {
      retryable: true
    })
  }
  if (!(await isMp4(partial)))
    throw new NotAVideoError(`${what}: the file is not an MP4 video (no ftyp box at its start)`)
  return received
}

export async function downloadVideo(options: DownloadOptions): Promise<{ path: string; bytes: number }> {
  const destination = path.resolve(options.destination)
  await mkdir(path.dirname(destination), { recursive: true })
  const partial = path.join(
    path.dirname(destination),
    `.${path.basename(destination)}.${randomBytes(4).toString('hex')}.part`
  )
  const policy = {
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
        const bytes = await attempt(options, partial)
        await rename(partial, destination)
        return { path: destination, bytes }
      } catch (error) {
        await rm(partial, { force: true })
        throw error
      }
    })
  } finally {
    await rm(partial, { force: true })
  }
}
