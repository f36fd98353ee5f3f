import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import type http from 'node:http'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError, NotAVideoError } from '../../../src/errors.js'
import type { Clock } from '../../../src/net/clock.js'
import { closeDispatchers } from '../../../src/net/http.js'
import { downloadVideo, type DownloadOptions } from '../../../src/video/download.js'
import { makeMp4 } from '../../stand-in/minimax-server.js'
import { startFrameHost, type FrameHost } from '../../support/frame-host.js'
import { tempDir } from '../../support/temp.js'

let hosts: FrameHost[] = []
afterEach(async () => {
  // undici keeps connections to the host alive: end them first, then the host.
  await closeDispatchers()
  await Promise.all(hosts.map(host => host.close()))
  hosts = []
})

/** A download host on 127.0.0.1 that answers each request as `answer` says, with its number (1-based). */
async function host(answer: (n: number, res: http.ServerResponse) => void): Promise<FrameHost> {
  let n = 0
  const started = await startFrameHost((_req, res) => answer(++n, res))
  hosts.push(started)
  return started
}

/** Downloads on a clock whose waits pass at once and are recorded; what the log said is kept. */
async function download(started: FrameHost, options: Partial<DownloadOptions> = {}) {
  const dir = tempDir('download-')
  const destination = path.join(dir, 'clip.mp4')
  const sleeps: number[] = []
  const clock: Clock = { now: Date.now, random: () => 1, sleep: async ms => void sleeps.push(ms) }
  const info: string[] = []
  const log = { debug: () => undefined, info: (m: string) => void info.push(m), warning: () => undefined }
  const url = `http://127.0.0.1:${started.port}/video/clip.mp4?Signature=s3cr3t`
  let outcome: unknown
  try {
    outcome = await downloadVideo({
      url,
      destination,
      requestTimeoutSeconds: 5,
      maxRetries: 2,
      retryInitialDelaySeconds: 1,
      log,
      clock,
      ...options
    })
  } catch (error) {
    outcome = error
  }
  return {
    outcome,
    sleeps,
    info,
    destination,
    requests: started.requests.length,
    // Neither the video nor a partial file is left behind by a refused download.
    leftInFolder: readdirSync(dir),
    what: `Downloading the video from http://127.0.0.1:${started.port}/video/clip.mp4`
  }
}

const video = makeMp4(4096)
const send =
  (bytes: Buffer, headers: http.OutgoingHttpHeaders = { 'content-length': bytes.length }) =>
  (_n: number, res: http.ServerResponse) =>
    res.writeHead(200, { 'content-type': 'video/mp4', ...headers }).end(bytes)
/** Sent chunked: the host does not say how long it is. */
const chunked = (bytes: Buffer) => send(bytes, { 'transfer-encoding': 'chunked' })

describe('downloadVideo on a real HTTP host', () => {
  it('saves the video and gives its size and SHA-256 (the case the refusals below differ from)', async () => {
    const result = await download(await host(send(video)), { expectedBytes: video.length })
    expect(result.outcome).toEqual({
      path: result.destination,
      bytes: video.length,
      sha256: createHash('sha256').update(video).digest('hex')
    })
    expect(readFileSync(result.destination).equals(video)).toBe(true)
    expect(result.leftInFolder).toEqual(['clip.mp4'])
  })

  it('403: says the link may have expired, and does not ask again', async () => {
    const started = await host((_n, res) => res.writeHead(403).end('AccessDenied'))
    const result = await download(started)
    expect(result.outcome).toBeInstanceOf(ApiError)
    const error = result.outcome as ApiError
    expect(error.message).toBe(`${result.what}: HTTP 403 (the link may have expired)`)
    expect(error.message).not.toContain('s3cr3t')
    expect(error.retryable).toBe(false)
    expect(result.requests).toBe(1)
    expect(result.sleeps).toEqual([])
    expect(result.leftInFolder).toEqual([])
  })

  it('404: final too, and asked only once', async () => {
    const result = await download(await host((_n, res) => res.writeHead(404).end()))
    const error = result.outcome as ApiError
    expect(error).toBeInstanceOf(ApiError)
    expect(error.failure).toBe(`${result.what}: HTTP 404`)
    expect(error.retryable).toBe(false)
    expect(result.requests).toBe(1)
    expect(result.leftInFolder).toEqual([])
  })

  it('503 with Retry-After: asked again after the wait it names, and saved when the host recovers', async () => {
    const started = await host((n, res) =>
      n < 3 ? res.writeHead(503, { 'retry-after': '7' }).end() : send(video)(n, res)
    )
    const result = await download(started)
    expect(result.requests).toBe(3)
    expect(result.sleeps).toEqual([7000, 7000])
    expect(result.info[0]).toBe(`${result.what}: HTTP 503; retrying in 7.0 s (attempt 2 of at most 3)`)
    expect(readFileSync(result.destination).equals(video)).toBe(true)
  })

  it('a body shorter than MiniMax announced is cut short: asked again, then refused, nothing left', async () => {
    const short = video.subarray(0, 1000)
    const result = await download(await host(chunked(short)), { expectedBytes: video.length })
    const error = result.outcome as ApiError
    expect(error).toBeInstanceOf(ApiError)
    expect(error.failure).toBe(`${result.what}: got 1000 of ${video.length} bytes (cut short)`)
    expect(error.details).toEqual(['(gave up after 3 attempts; max-retries is 2)'])
    expect(result.requests).toBe(3)
    expect(result.sleeps).toEqual([1000, 2000])
    expect(result.leftInFolder).toEqual([])
  })

  it('a whole answer of another size than MiniMax announced: asked again, then refused', async () => {
    const other = video.subarray(0, 3000)
    const result = await download(await host(send(other)), { expectedBytes: video.length })
    const error = result.outcome as ApiError
    expect(error).toBeInstanceOf(ApiError)
    expect(error.failure).toBe(`${result.what}: got 3000 bytes, but MiniMax announced ${video.length}`)
    expect(result.requests).toBe(3)
    expect(result.leftInFolder).toEqual([])
  })

  it('a body that runs past the size MiniMax announced is cut off and refused at once', async () => {
    const result = await download(await host(chunked(video)), { expectedBytes: 1000 })
    const error = result.outcome as ApiError
    expect(error).toBeInstanceOf(ApiError)
    expect(error.failure).toBe(
      `${result.what}: the body runs past 1000 bytes, the size announced for it; it was cut off`
    )
    expect(result.requests).toBe(1)
    expect(result.leftInFolder).toEqual([])
  })

  it('a body that is not an MP4 (an error page with status 200) is refused at once and not kept', async () => {
    const page = Buffer.from('<html><body>Service temporarily unavailable</body></html>')
    const result = await download(await host(send(page)))
    expect(result.outcome).toBeInstanceOf(NotAVideoError)
    expect((result.outcome as Error).message).toBe(
      `${result.what}: the file is not an MP4 video (no ftyp box at its start)`
    )
    expect(result.requests).toBe(1)
    expect(existsSync(result.destination)).toBe(false)
    expect(result.leftInFolder).toEqual([])
  })
})
