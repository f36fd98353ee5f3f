/**
 * The submit request body, streamed: the JSON text around the frames, and each frame file
 * base64-encoded in 3-byte-aligned chunks straight from disk. The exact Content-Length is known
 * before the first byte is sent, and no frame's base64 is ever held whole in memory.
 */
import { fstatSync, read } from 'node:fs'
import { promisify } from 'node:util'
import { FrameChangedError } from '../errors.js'
import type { FileFrame, Frame } from '../frames/source.js'
import type { Job } from '../plan/job.js'

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

/** The fields in the order the reference page lists them; frames as placeholders. */
function fields(req: Job): Array<[string, unknown]> {
  const list: Array<[string, unknown]> = [['model', req.model]]
  if (req.prompt) list.push(['prompt', req.prompt])
  if (req.firstFrame) list.push(['first_frame_image', req.firstFrame])
  list.push(['last_frame_image', req.lastFrame])
  list.push(['prompt_optimizer', req.promptOptimizer], ['duration', req.duration], ['resolution', req.resolution])
  if (req.callbackUrl) list.push(['callback_url', req.callbackUrl])
  list.push(['aigc_watermark', req.aigcWatermark])
  return list
}

const isFrame = (value: unknown): value is Frame =>
  typeof value === 'object' && value !== null && 'kind' in value && 'input' in value

export function buildBody(req: Job): RequestBody {
  const parts: Part[] = []
  let text = '{'
  fields(req).forEach(([key, value], i) => {
    text += `${i ? ',' : ''}${JSON.stringify(key)}:`
    if (isFrame(value)) {
      for (const part of frameParts(value)) {
        if (typeof part === 'string') text += part
        else {
          parts.push(text, part)
          text = ''
        }
      }
    } else text += JSON.stringify(value)
  })
  parts.push(`${text}}`)

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
export function previewBody(req: Job): Record<string, unknown> {
  const preview: Record<string, unknown> = {}
  for (const [key, value] of fields(req)) {
    preview[key] = isFrame(value) ? summariseFrame(value) : value
  }
  return preview
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
