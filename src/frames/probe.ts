/**
 * Reads enough of an image to tell its real format (magic bytes), its size in pixels, and that it
 * is whole: PNG's chunk headers walked to IEND, a JPEG's segments walked to its scan and its
 * end-of-image marker found after it, a WebP's RIFF and chunk sizes held against the file's size.
 * Positioned reads of headers only (a JPEG whose last two bytes are not its EOI gets its scan data
 * walked); nothing is decoded. Bytes after the end of the image are allowed: decoders ignore them
 * and some tools append them.
 */
import { ProbeError } from '../errors.js'
import { IMAGE_FORMATS, type ImageFormat } from '../types/frame.js'
import type { ImageInfo } from '../types/frame.js'

/** Positioned reads; may return fewer bytes than asked for at the end of the data. */
export interface ByteReader {
  /** The whole length of the data. */
  readonly size: number
  read(position: number, length: number): Promise<Uint8Array>
}

export function bufferReader(bytes: Uint8Array): ByteReader {
  return { size: bytes.length, read: async (position, length) => bytes.subarray(position, position + length) }
}

/** The image ends before its own structure says it does. */
const cutShort = (what: string): ProbeError => new ProbeError(`is cut short: ${what}`, { truncated: true })

const FORMAT_HINT = 'JPEG, PNG, WebP or HEIC/HEIF'

async function need(reader: ByteReader, position: number, length: number, what: string): Promise<Uint8Array> {
  const bytes = await reader.read(position, length)
  if (bytes.length < length) {
    throw cutShort(`its ${what} ends at byte ${position + bytes.length} (the file looks truncated)`)
  }
  return bytes
}

const u16be = (b: Uint8Array, i: number): number => (b[i]! << 8) | b[i + 1]!
const u16le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8)
const u24le = (b: Uint8Array, i: number): number => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16)
const u32be = (b: Uint8Array, i: number): number =>
  ((b[i]! << 24) >>> 0) + ((b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!)
const ascii = (b: Uint8Array, i: number, n: number): string => String.fromCharCode(...b.subarray(i, i + n))

function info(format: ImageFormat, width: number, height: number): ImageInfo {
  if (width === 0 || height === 0)
    throw new ProbeError(`has a ${format.toUpperCase()} header that declares a size of ${width}x${height}`)
  return { format, mime: IMAGE_FORMATS[format], width, height }
}

export async function probeImage(reader: ByteReader): Promise<ImageInfo> {
  const head = await reader.read(0, 12)
  if (head.length >= 8 && u32be(head, 0) === 0x89504e47 && u32be(head, 4) === 0x0d0a1a0a) return probePng(reader)
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return probeJpeg(reader)
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return probeWebp(reader)
  if (head.length >= 12 && ascii(head, 4, 4) === 'ftyp') {
    const format = await heifFormat(reader)
    if (format) return probeHeif(reader, format)
  }
  if (head.length === 0) throw new ProbeError('is empty')
  throw new ProbeError(`is not ${FORMAT_HINT} by its content (${describeMagic(head)})`)
}

function describeMagic(head: Uint8Array): string {
  const s = ascii(head, 0, Math.min(head.length, 12))
  if (s.startsWith('GIF8')) return 'it is a GIF'
  if (s.startsWith('BM')) return 'it is a BMP'
  if (s.startsWith('%PDF')) return 'it is a PDF'
  if (/^(II\*\0|MM\0\*)/.test(s)) return 'it is a TIFF'
  if (s.slice(4, 8) === 'ftyp') return /avif|avis/.test(s.slice(8, 12)) ? 'it is AVIF' : 'it is an MP4/QuickTime file'
  if (/^\s*</.test(s)) return 'it looks like HTML or XML text'
  const hex = Array.from(head.subarray(0, 8), b => b.toString(16).padStart(2, '0')).join(' ')
  return `it starts with bytes ${hex}`
}

/** Past this many chunks (far more than real files have), the rest is not walked. */
const MAX_CHUNKS = 100_000

async function probePng(reader: ByteReader): Promise<ImageInfo> {
  const b = await need(reader, 0, 33, 'PNG header')
  if (ascii(b, 12, 4) !== 'IHDR' || u32be(b, 8) !== 13) {
    throw new ProbeError('is a PNG whose first chunk is not a whole IHDR: the file is damaged')
  }
  const image = info('png', u32be(b, 16), u32be(b, 20))
  let data = false
  let pos = 8
  for (let chunks = 0; chunks < MAX_CHUNKS; chunks++) {
    if (pos >= reader.size)
      throw cutShort(`it ends at byte ${reader.size} before its IEND chunk (the file looks truncated)`)
    const h = await need(reader, pos, 8, 'PNG chunk header')
    const type = ascii(h, 4, 4)
    const end = pos + 12 + u32be(h, 0)
    if (end > reader.size) {
      throw cutShort(
        `its ${JSON.stringify(type)} chunk runs past the end of the file at byte ${reader.size} ` +
          `(the file looks truncated)`
      )
    }
    if (type === 'IDAT') data = true
    if (type === 'IEND') {
      if (!data) throw new ProbeError('is a PNG without image data (no IDAT chunk before IEND)')
      return image
    }
    pos = end
  }
  return image
}

/** Start-of-frame markers that carry the image size (not DHT C4, JPG C8, DAC CC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
}

/** Markers without a length: TEM, RST0-7, SOI, EOI. */
const standalone = (marker: number): boolean => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)

/**
 * Walk a JPEG's segments from `pos`. Before the first scan: find the frame header (SOF). In a scan
 * (entropy-coded data): 0xFF 0x00 is a stuffed byte and RSTn a restart; any other marker ends the
 * scan (a progressive JPEG has several). Ends at EOI.
 */
async function probeJpeg(reader: ByteReader): Promise<ImageInfo> {
  let pos = 2
  let image: ImageInfo | undefined
  for (let segments = 0; segments < MAX_CHUNKS; segments++) {
    // A marker is one or more 0xFF fill bytes and a marker code.
    let b = await need(reader, pos, 2, 'JPEG segment header')
    if (b[0] !== 0xff) throw new ProbeError(`is a JPEG with a damaged segment at byte ${pos}`)
    while (b[1] === 0xff) b = await need(reader, ++pos, 2, 'JPEG segment header')
    const marker = b[1]!
    pos += 2
    if (marker === 0xd9) {
      if (!image) throw new ProbeError('is a JPEG without a frame header before its image data: the file is damaged')
      throw new ProbeError('is a JPEG without image data (it ends before any scan)')
    }
    if (standalone(marker)) continue
    const length = u16be(await need(reader, pos, 2, 'JPEG segment length'), 0)
    if (length < 2) throw new ProbeError(`is a JPEG with a damaged segment length at byte ${pos}`)
    if (isStartOfFrame(marker)) {
      const sof = await need(reader, pos, Math.max(length, 7), 'JPEG frame header')
      image = info('jpeg', u16be(sof, 5), u16be(sof, 3))
    } else if (pos + length > reader.size) {
      throw cutShort(`a JPEG segment runs past the end of the file (the file looks truncated)`)
    }
    pos += length
    if (marker === 0xda) {
      if (!image) throw new ProbeError('is a JPEG without a frame header before its image data: the file is damaged')
      await findEndOfImage(reader, pos)
      return image
    }
  }
  throw new ProbeError('is a JPEG with too many segments before its image data')
}

/** From the start of a scan, find EOI (most files end with it: two bytes read settle it). */
async function findEndOfImage(reader: ByteReader, start: number): Promise<void> {
  const tail = await reader.read(reader.size - 2, 2)
  if (reader.size - 2 >= start && tail[0] === 0xff && tail[1] === 0xd9) return
  const CHUNK = 64 * 1024
  let pos = start
  while (pos < reader.size - 1) {
    // One byte more than is stepped over, so a marker split between two reads is seen.
    const bytes = await reader.read(pos, CHUNK + 1)
    let jumped = false
    for (let i = bytes.indexOf(0xff); i >= 0 && i + 1 < bytes.length; i = bytes.indexOf(0xff, i + 1)) {
      const next = bytes[i + 1]!
      if (next === 0xd9) return
      // A stuffed 0xFF, a fill byte, a restart marker: still the scan.
      if (next === 0x00 || next === 0xff || (next >= 0xd0 && next <= 0xd7)) continue
      // Another segment between scans (DHT, the next SOS, ...): skip it by its length.
      pos += i + 2 + u16be(await need(reader, pos + i + 2, 2, 'JPEG segment length'), 0)
      jumped = true
      break
    }
    if (!jumped) pos += Math.max(1, bytes.length - 1)
  }
  throw cutShort(`its image data ends at byte ${reader.size} without an end-of-image marker (the file looks truncated)`)
}

async function probeWebp(reader: ByteReader): Promise<ImageInfo> {
  const b = await need(reader, 0, 20, 'WebP header')
  const riffEnd = (8 + (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24))) >>> 0
  if (riffEnd > reader.size) {
    throw cutShort(`its RIFF header says ${riffEnd} bytes, the file has ${reader.size} (the file looks truncated)`)
  }
  const chunk = ascii(b, 12, 4)
  let image: ImageInfo
  if (chunk === 'VP8 ') {
    const h = await need(reader, 20, 10, 'WebP (VP8) frame header')
    if (h[3] !== 0x9d || h[4] !== 0x01 || h[5] !== 0x2a)
      throw new ProbeError('is a WebP (VP8) with a damaged frame header')
    image = info('webp', u16le(h, 6) & 0x3fff, u16le(h, 8) & 0x3fff)
  } else if (chunk === 'VP8L') {
    const h = await need(reader, 20, 5, 'WebP (VP8L) header')
    if (h[0] !== 0x2f) throw new ProbeError('is a WebP (VP8L) with a damaged header')
    const bits = (h[1]! | (h[2]! << 8) | (h[3]! << 16) | (h[4]! << 24)) >>> 0
    image = info('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1)
  } else if (chunk === 'VP8X') {
    const h = await need(reader, 20, 10, 'WebP (VP8X) header')
    image = info('webp', u24le(h, 4) + 1, u24le(h, 7) + 1)
  } else {
    throw new ProbeError(`is a WebP with an unknown first chunk ${JSON.stringify(chunk)}`)
  }
  // Every chunk must end inside the RIFF data.
  let pos = 12
  for (let chunks = 0; chunks < MAX_CHUNKS && pos + 8 <= riffEnd; chunks++) {
    const h = await need(reader, pos, 8, 'WebP chunk header')
    const size = (h[4]! | (h[5]! << 8) | (h[6]! << 16) | (h[7]! << 24)) >>> 0
    const end = pos + 8 + size + (size % 2)
    if (pos + 8 + size > riffEnd) {
      throw cutShort(
        `its ${JSON.stringify(ascii(h, 0, 4))} chunk runs past the end of its data ` + `(the file looks truncated)`
      )
    }
    pos = end
  }
  return image
}

/** ISO-BMFF (HEIF) boxes: a header, then [start, end) of the box; `size` 0 runs to the end. */
interface Box {
  type: string
  start: number
  body: number
  end: number
}

const u64be = (b: Uint8Array, i: number): number => u32be(b, i) * 2 ** 32 + u32be(b, i + 4)

async function readBox(reader: ByteReader, position: number, limit: number): Promise<Box> {
  const h = await need(reader, position, 8, 'HEIF box header')
  const type = ascii(h, 4, 4)
  let size = u32be(h, 0)
  let body = position + 8
  if (size === 1) {
    size = u64be(await need(reader, position + 8, 8, 'HEIF box size'), 0)
    body += 8
  } else if (size === 0) size = limit - position
  if (size < body - position) throw new ProbeError(`is a HEIF file with a damaged ${JSON.stringify(type)} box`)
  const end = position + size
  if (end > limit) {
    throw cutShort(`its ${JSON.stringify(type)} box runs past the end of its data (the file looks truncated)`)
  }
  return { type, start: position, body, end }
}

/** The boxes in [start, end), one after another (each checked to end inside). */
async function* boxes(reader: ByteReader, start: number, end: number): AsyncGenerator<Box> {
  for (let pos = start, n = 0; pos + 8 <= end && n < MAX_CHUNKS; n++) {
    const box = await readBox(reader, pos, end)
    yield box
    pos = box.end
  }
}

const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx'])
const HEIF_BRANDS = new Set(['mif1', 'msf1', 'mif2'])

/** HEIC (HEVC-coded HEIF) or other HEIF by the ftyp brands; undefined for MP4, AVIF and the like. */
async function heifFormat(reader: ByteReader): Promise<'heic' | 'heif' | undefined> {
  const ftyp = await readBox(reader, 0, reader.size).catch(() => undefined)
  if (!ftyp) return undefined
  const b = await need(reader, ftyp.body, ftyp.end - ftyp.body, 'HEIF ftyp box')
  const brands = [ascii(b, 0, 4)]
  for (let i = 8; i + 4 <= b.length; i += 4) brands.push(ascii(b, i, 4))
  if (brands.some(brand => brand === 'avif' || brand === 'avis')) return undefined
  if (brands.some(brand => HEIC_BRANDS.has(brand))) return 'heic'
  if (brands.some(brand => HEIF_BRANDS.has(brand))) return 'heif'
  return undefined
}

/**
 * A HEIF image's size: the largest 'ispe' (image spatial extents) property in meta/iprp/ipco (the
 * primary image's; thumbnails and grid tiles are smaller). Every top-level box must end inside the
 * file, and a meta box must be there.
 */
async function probeHeif(reader: ByteReader, format: 'heic' | 'heif'): Promise<ImageInfo> {
  let best: { width: number; height: number } | undefined
  let meta = false
  for await (const top of boxes(reader, 0, reader.size)) {
    if (top.type !== 'meta') continue
    meta = true
    // meta is a full box: version and flags come first.
    for await (const inMeta of boxes(reader, top.body + 4, top.end)) {
      if (inMeta.type !== 'iprp') continue
      for await (const inIprp of boxes(reader, inMeta.body, inMeta.end)) {
        if (inIprp.type !== 'ipco') continue
        for await (const property of boxes(reader, inIprp.body, inIprp.end)) {
          if (property.type !== 'ispe') continue
          const e = await need(reader, property.body + 4, 8, 'HEIF image size')
          const [width, height] = [u32be(e, 0), u32be(e, 4)]
          if (!best || width * height > best.width * best.height) best = { width, height }
        }
      }
    }
  }
  if (!meta || !best) throw new ProbeError(`is a ${format.toUpperCase()} file without an image size (no meta/ispe box)`)
  return info(format, best.width, best.height)
}
