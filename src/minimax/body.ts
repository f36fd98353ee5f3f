/**
 * The submit request body, streamed: the JSON text around the frames, and each frame file
 * base64-encoded in 3-byte-aligned chunks straight from disk. The exact Content-Length is known
 * before the first byte is sent, and no frame's base64 is ever held whole in memory.
 */
import { randomBytes } from 'node:crypto'
import { fstatSync, read } from 'node:fs'
import { promisify } from 'node:util'
import { FrameChangedError } from '../errors.js'
import { apiOf, formatMegabytes, rulesOf } from './rules.js'
import type { FileFrame, Frame } from '../types/frame.js'
import type { Job } from '../types/job.js'

/** Bytes read from a frame file at a time (a multiple of SLICE_BYTES); the next read overlaps sending. */
export const READ_BYTES = 3 * 256 * 1024
/**
 * Bytes encoded into one base64 piece: 48 KB gives 64 KB strings, small enough for V8's young
 * generation, where they are freed within milliseconds. (Pieces of 1 MB land in the large-object
 * space and stay until a full GC, so memory would grow with the frame.)
 */
export const SLICE_BYTES = 3 * 16 * 1024

type Part = string | FileFrame

export interface RequestBody {
  contentLength: number
  /** A fresh stream of the body each call (a retry sends the same bytes again). */
  stream(): AsyncGenerator<string | Uint8Array>
}

export const base64Length = (bytes: number): number => 4 * Math.ceil(bytes / 3)

function frameParts(frame: Frame): Part[] {
  if (frame.kind === 'url') return [JSON.stringify(frame.url)]
  const prefix = `"data:${frame.image.mime};base64,`
  if (frame.kind === 'data') return [`${prefix}${frame.bytes.toString('base64')}"`]
  return [prefix, frame, '"']
}

/**
 * The request body of the job's API as a plain value, each frame replaced by `frame(it)`:
 * V1's flat fields in the order the reference page lists them, or V2's typed content[] with a
 * role for each frame (the shapes are MiniMax's OpenAPI texts, copied to test/contract/).
 */
function template(job: Job, frame: (f: Frame) => unknown): Record<string, unknown> {
  const { firstFrame, lastFrame } = job
  if (apiOf(job.model) === 'v1') {
    return {
      model: job.model,
      ...(job.prompt ? { prompt: job.prompt } : {}),
      ...(firstFrame ? { first_frame_image: frame(firstFrame) } : {}),
      ...(lastFrame ? { last_frame_image: frame(lastFrame) } : {}),
      prompt_optimizer: job.promptOptimizer,
      duration: job.duration,
      resolution: job.resolution,
      ...(job.callbackUrl ? { callback_url: job.callbackUrl } : {}),
      aigc_watermark: job.aigcWatermark
    }
  }
  const image = (f: Frame, role: string) => ({ type: 'image_url', image_url: { url: frame(f) }, role })
  return {
    model: job.model,
    content: [
      { type: 'text', text: job.prompt ?? '' },
      ...(firstFrame ? [image(firstFrame, 'first_frame')] : []),
      ...(lastFrame ? [image(lastFrame, 'last_frame')] : [])
    ],
    resolution: job.resolution,
    duration: job.duration,
    // With frames, the frames decide the shape: MiniMax's own CLI always sends adaptive.
    ratio: 'adaptive',
    ...(job.callbackUrl ? { callback_url: job.callbackUrl } : {}),
    // Sent only when asked for: the field is not in every copy of the V2 page.
    ...(job.aigcWatermark ? { aigc_watermark: true } : {}),
    ...(job.promptExpansion ? { extra: { prompt_expansion_mode: job.promptExpansion } } : {})
  }
}

export function buildBody(job: Job): RequestBody {
  // The JSON text is made once with a unique marker where each frame goes, then cut at the markers.
  const marker = randomBytes(8).toString('hex')
  const frames: Frame[] = []
  const text = JSON.stringify(
    template(job, f => {
      frames.push(f)
      return `${marker}:${frames.length - 1}`
    })
  )
  const parts: Part[] = []
  let at = 0
  for (const match of text.matchAll(new RegExp(`"${marker}:(\\d+)"`, 'g'))) {
    let pending = text.slice(at, match.index)
    for (const part of frameParts(frames[Number(match[1])]!)) {
      if (typeof part === 'string') pending += part
      else {
        parts.push(pending, part)
        pending = ''
      }
    }
    parts.push(pending)
    at = match.index + match[0].length
  }
  parts.push(text.slice(at))

  const contentLength = parts.reduce(
    (sum, part) => sum + (typeof part === 'string' ? Buffer.byteLength(part) : base64Length(part.size)),
    0
  )
  return {
    contentLength,
    async *stream() {
      for (const part of parts) {
        if (typeof part === 'string') yield part
        else yield* streamFileBase64(part)
      }
    }
  }
}

const readAsync = promisify(read)

/** Fill `buffer` from `position` (fewer bytes only at the end of the file). */
async function readAt(frame: FileFrame, buffer: Buffer, position: number): Promise<number> {
  const want = Math.min(buffer.length, frame.size - position)
  let filled = 0
  while (filled < want) {
    const { bytesRead } = await readAsync(frame.fd, buffer, filled, want - filled, position + filled)
    if (bytesRead === 0)
      throw new FrameChangedError(
        `${frame.input}: ${frame.path} shrank while it was being sent (${position + filled} of ${frame.size} ` +
          `bytes); nothing more was sent`
      )
    filled += bytesRead
  }
  return filled
}

/**
 * The frame's bytes as base64, from the descriptor kept open since the check: two buffers in turn,
 * the next read running while the current one is encoded and sent. Exactly `size` bytes are
 * read, so a file that grows is never sent past the size it had when it was checked.
 */
async function* streamFileBase64(frame: FileFrame): AsyncGenerator<Buffer> {
  const buffers = [Buffer.allocUnsafe(READ_BYTES), Buffer.allocUnsafe(READ_BYTES)]
  let position = 0
  let turn = 0
  let next = frame.size > 0 ? readAt(frame, buffers[0]!, 0) : undefined
  while (next) {
    const filled = await next
    const current = buffers[turn]!
    position += filled
    turn ^= 1
    next = position < frame.size ? readAt(frame, buffers[turn]!, position) : undefined
    // Keep the read-ahead's rejection from going unhandled while this chunk is being sent.
    next?.catch(() => undefined)
    // One 1 MB write per read (each write waits for the socket to drain: fewer, larger writes
    // are faster), encoded slice by slice so no large string is ever made.
    const out = Buffer.allocUnsafe(base64Length(filled))
    let written = 0
    for (let at = 0; at < filled; at += SLICE_BYTES) {
      written += out.write(current.toString('base64', at, Math.min(at + SLICE_BYTES, filled)), written, 'latin1')
    }
    yield out
  }
  const now = fstatSync(frame.fd)
  if (now.size !== frame.size) {
    throw new FrameChangedError(
      `${frame.input}: ${frame.path} changed size while it was being sent (${frame.size} -> ${now.size} ` +
        `bytes); the request was cut off`
    )
  }
}

/** The request as a person should see it in a dry run: key hidden elsewhere, frames summarised. */
export function previewBody(job: Job): Record<string, unknown> {
  return template(job, summariseFrame)
}

function summariseFrame(frame: Frame): string {
  if (frame.kind === 'url') return frame.url
  const { image } = frame
  const from = frame.kind === 'file' ? frame.source : 'a data URL'
  return (
    `data:${image.mime};base64,<${base64Length(frame.size)} base64 characters: ` +
    `${image.format.toUpperCase()} ${image.width}x${image.height}, ${frame.size} bytes, from ${from}>`
  )
}

/** A V2 request is at most 64 MB, frames as base64 included: known before anything is sent. */
export function requestSizeProblem(job: Job): string | undefined {
  const max = rulesOf(job.model).maxRequestBytes
  if (max === undefined) return undefined
  const size = buildBody(job).contentLength
  if (size <= max) return undefined
  return (
    `makes the request ${formatMegabytes(size)} with the frames as base64; ${job.model} takes at most ` +
    `${formatMegabytes(max)}: give a frame as an https:// URL instead`
  )
}
