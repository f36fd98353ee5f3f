/**
 * A frame input is a path, an http(s) URL or a data URL. Paths and data URLs are checked here
 * (type of file, size, real format, pixel size); URLs pass through untouched.
 */
import { createHash } from 'node:crypto'
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs'
import { ProbeError } from '../errors.js'
import { probeImage, bufferReader, type ByteReader } from './probe.js'
import { confine, type ReadableRoots } from '../fs/paths.js'
import { notPublicReason } from '../net/hosts.js'
import { dimensionProblems, frameSizeProblem, MODEL, rulesOf } from '../minimax/rules.js'
import type { ImageInfo } from '../types/frame.js'
import type { ImageRules } from '../types/rules.js'
import type { Frame, FrameSpec } from '../types/frame.js'

export const FRAME_FORMS = 'a path in the workspace, an https:// or http:// URL, or a data:image/...;base64, URL'

/**
 * An http(s) URL that MiniMax's servers can fetch, in its canonical form (url.href: what is checked
 * is what is sent). A malformed one (http:host, https:/host, backslashes) is refused with the
 * form it was probably meant as; a host only this network can reach is refused too.
 */
export function publicUrl(value: string): { href: string } | { problem: string } {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return { problem: `${JSON.stringify(value)} is not a valid URL` }
  }
  if (!url.hostname) return { problem: `${JSON.stringify(value)} has no host` }
  if (!/^https?:\/\/[^\\]*$/i.test(value)) {
    return { problem: `${JSON.stringify(value)} is not a well-formed URL; did you mean ${url.href}?` }
  }
  const reason = notPublicReason(url.hostname)
  if (reason) {
    return {
      problem:
        `names the host ${url.hostname}, which ${reason}: MiniMax's servers fetch it themselves and cannot ` +
        `reach it; use a public URL (or, for a frame, a path in the workspace)`
    }
  }
  return { href: url.href }
}

/** Why a large data URL cannot come through an input (and what to do instead). */
export const DATA_URL_LIMIT =
  'an input reaches the action in an environment variable, which holds at most 128 KiB on Linux (32 KiB on ' +
  'Windows), so a frame over about 96 KB cannot be given as a data URL: give it as a path or an https:// URL'

/** Tell the form of a frame input from its text. Returns a problem text for a form we refuse. */
export function classifyFrame(value: string): FrameSpec | { problem: string } {
  if (/^https?:/i.test(value)) {
    const checked = publicUrl(value)
    return 'problem' in checked ? checked : { kind: 'url', url: checked.href }
  }
  if (/^data:/i.test(value)) {
    const match = /^data:([^,;]*)((?:;[^,;]*)*),(.*)$/is.exec(value)
    if (!match) return { problem: `is a data URL without a comma before its data` }
    const declaredMime = match[1]!.trim().toLowerCase()
    const params = match[2]!
      .toLowerCase()
      .split(';')
      .map(p => p.trim())
    if (!params.includes('base64')) {
      return { problem: `is a data URL that is not base64-encoded; MiniMax takes data:image/<type>;base64,<data>` }
    }
    if (!declaredMime.startsWith('image/')) {
      return {
        problem:
          `is a data URL of type "${declaredMime || '(none)'}"; MiniMax takes data:image/jpeg, ` +
          `image/png or image/webp (MiniMax-H3 also image/heic and image/heif)`
      }
    }
    const base64 = match[3]!.replace(/\s+/g, '')
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 === 1) {
      return { problem: 'is a data URL whose data is not valid base64' }
    }
    return { kind: 'data', declaredMime, base64 }
  }
  // A scheme of two letters or more (one letter is a Windows drive, C:\...).
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(value)
  if (scheme) {
    return {
      problem: `uses the "${scheme[1]!.toLowerCase()}:" scheme, which MiniMax cannot fetch; give ${FRAME_FORMS}`
    }
  }
  return { kind: 'path', path: value }
}

export type FrameResult = { frame: Frame; warnings: string[] } | { problems: string[] }

export function describeSource(spec: FrameSpec): string {
  if (spec.kind === 'url') return spec.url
  if (spec.kind === 'path') return spec.path
  return `data URL (${spec.declaredMime}, ${spec.base64.length} base64 characters)`
}

/**
 * A positioned reader over an open file that reads ahead a small window (JPEG segments are short
 * hops). Synchronous reads: a header check is a few small reads of a local file, and nothing
 * else runs meanwhile, so the thread pool's round trips would only add latency.
 */
export function fileReader(fd: number, size: number, window = 4096): ByteReader {
  let start = 0
  let buffered = new Uint8Array(0)
  return {
    size,
    async read(position, length) {
      if (position < start || position + length > start + buffered.length) {
        const size = Math.max(length, window)
        const buf = Buffer.allocUnsafe(size)
        const bytesRead = readSync(fd, buf, 0, size, position)
        start = position
        buffered = buf.subarray(0, bytesRead)
      }
      return buffered.subarray(position - start, position - start + length)
    }
  }
}

function fileKind(s: Stats): string {
  if (s.isDirectory()) return 'a directory'
  if (s.isFIFO()) return 'a named pipe (FIFO)'
  if (s.isCharacterDevice()) return 'a character device'
  if (s.isBlockDevice()) return 'a block device'
  if (s.isSocket()) return 'a socket'
  return 'not a regular file'
}

type Refused = Extract<FrameResult, { problems: string[] }>

async function resolvePath(
  input: string,
  given: string,
  where: ReadableRoots,
  rules: ImageRules
): Promise<FrameResult> {
  const confined = confine(given, where)
  if ('problem' in confined) return { problems: [confined.problem] }
  const { abs, real } = confined
  const info = statFrame(abs, real, rules)
  if ('problems' in info) return info
  const fd = openFrame(abs, real)
  if (typeof fd !== 'number') return fd
  const image = await probeOpened(fd, info, abs, rules)
  if ('problems' in image) return image
  return { frame: { kind: 'file', input, source: given, path: real, size: info.size, image, fd }, warnings: [] }
}

/** The file's stat, if it is a regular file that the rules' byte limit allows. */
function statFrame(abs: string, real: string, rules: ImageRules): Stats | Refused {
  let info
  try {
    info = statSync(real)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EACCES') return { problems: [`${abs} cannot be read (permission denied)`] }
    return { problems: [`${abs} cannot be read (${code ?? String(error)})`] }
  }
  if (!info.isFile()) return { problems: [`${abs} is ${fileKind(info)}, not an image file`] }
  const tooBig = frameSizeProblem(info.size, rules)
  if (tooBig) return { problems: [`${abs} ${tooBig}`] }
  return info
}

function openFrame(abs: string, real: string): number | Refused {
  try {
    // O_NONBLOCK: if the path was swapped for a FIFO since stat(), open() must not hang.
    return openSync(real, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0))
  } catch (error) {
    return { problems: [`${abs} cannot be opened (${(error as NodeJS.ErrnoException).code ?? String(error)})`] }
  }
}

/**
 * The image in the opened file, which must still be the file stat() saw. `fd` stays open only
 * for an image the rules take (the frame keeps it); on a refusal or an error it is closed here.
 */
async function probeOpened(fd: number, info: Stats, abs: string, rules: ImageRules): Promise<ImageInfo | Refused> {
  try {
    const opened = fstatSync(fd)
    if (!opened.isFile() || opened.ino !== info.ino || opened.size !== info.size) {
      throw new ProbeError('changed while it was being checked')
    }
    const image = await probeImage(fileReader(fd, info.size))
    const problems = imageProblems(image, rules).map(p => `${abs} ${p}`)
    if (problems.length > 0) {
      closeSync(fd)
      return { problems }
    }
    return image
  } catch (error) {
    closeSync(fd)
    if (error instanceof ProbeError) return { problems: [`${abs} ${error.message}`] }
    throw error
  }
}

async function resolveData(
  input: string,
  spec: Extract<FrameSpec, { kind: 'data' }>,
  rules: ImageRules
): Promise<FrameResult> {
  const estimated = Math.floor((spec.base64.length * 3) / 4)
  if (estimated > rules.maxBytes + 3) return { problems: [`the data URL ${frameSizeProblem(estimated, rules)}`] }
  const bytes = Buffer.from(spec.base64, 'base64')
  const tooBig = frameSizeProblem(bytes.length, rules)
  if (tooBig) return { problems: [`the data URL's image ${tooBig}`] }
  let image: ImageInfo
  try {
    image = await probeImage(bufferReader(bytes))
  } catch (error) {
    if (!(error instanceof ProbeError)) throw error
    const hint = error.truncated ? `; ${DATA_URL_LIMIT}` : ''
    return { problems: [`the data URL's image ${error.message}${hint}`] }
  }
  const problems = imageProblems(image, rules).map(p => `the data URL's image ${p}`)
  if (problems.length > 0) return { problems }
  const warnings =
    spec.declaredMime === image.mime || (spec.declaredMime === 'image/jpg' && image.format === 'jpeg')
      ? []
      : [`the data URL says ${spec.declaredMime} but its content is ${image.mime}; it will be sent as ${image.mime}`]
  return { frame: { kind: 'data', input, source: describeSource(spec), size: bytes.length, image, bytes }, warnings }
}

/** What the model refuses in an image: its format (the probe knows more than every model takes), its size. */
export function imageProblems(image: ImageInfo, rules: ImageRules): string[] {
  const format = rules.formats.includes(image.format)
    ? []
    : [`is ${image.format.toUpperCase()}, which this model does not take (${rules.formats.join(', ').toUpperCase()})`]
  return [...format, ...dimensionProblems(image.width, image.height, rules)]
}

/** Check one frame input. Problems are phrased to follow the input's name. */
export async function resolveFrame(
  input: string,
  spec: FrameSpec,
  where: ReadableRoots,
  rules: ImageRules = rulesOf(MODEL).image
): Promise<FrameResult> {
  if (spec.kind === 'url') return { frame: { kind: 'url', input, source: spec.url, url: spec.url }, warnings: [] }
  if (spec.kind === 'data') return resolveData(input, spec, rules)
  return resolvePath(input, spec.path, where, rules)
}

/** Close the frames' files (once: a closed frame's descriptor is forgotten). */
export function closeFrames(frames: readonly (Frame | undefined)[]): void {
  for (const frame of frames) {
    if (frame?.kind === 'file' && frame.fd >= 0) {
      try {
        closeSync(frame.fd)
      } catch {
        // already closed
      }
      frame.fd = -1
    }
  }
}

/**
 * A frame as the log, the summary and `segments` show it: a path or URL as given, a data URL
 * summarised (format, size, a short hash of its bytes), never its base64.
 */
export function frameLabel(frame: Frame): string {
  if (frame.kind !== 'data') return frame.source
  const { image } = frame
  const hash = createHash('sha256').update(frame.bytes).digest('hex').slice(0, 12)
  return `data URL (${image.format.toUpperCase()}, ${image.width}x${image.height}, ${frame.size} bytes, sha256 ${hash})`
}

export function describeFrame(frame: Frame): string {
  if (frame.kind === 'url') {
    const got = frame.fetched
    return got
      ? `${frame.source} (URL, passed to MiniMax as is; fetched to check it: ${got.image.format.toUpperCase()}, ` +
          `${got.image.width}x${got.image.height}, ${got.size} bytes)`
      : `${frame.source} (URL, passed to MiniMax as is)`
  }
  const { image } = frame
  return `${frame.source} (${image.format.toUpperCase()}, ${image.width}x${image.height}, ${frame.size} bytes)`
}
