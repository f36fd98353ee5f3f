/**
 * Reads just enough of an image to tell its real format (magic bytes) and its size in pixels.
 * No decoding: PNG's IHDR, JPEG's frame header (walking the segments before it), WebP's
 * VP8 / VP8L / VP8X headers.
 */
import { ProbeError } from '../errors.js'
import { IMAGE_FORMATS, type ImageFormat } from '../minimax/rules.js'

export interface ImageInfo {
  format: ImageFormat
  mime: (typeof IMAGE_FORMATS)[ImageFormat]
  width: number
  height: number
}

/** Positioned reads; may return fewer bytes than asked for at the end of the data. */
export interface ByteReader {
  read(position: number, length: number): Promise<Uint8Array>
}

export function bufferReader(bytes: Uint8Array): ByteReader {
  return { read: async (position, length) => bytes.subarray(position, position + length) }
}

const FORMAT_HINT = 'JPEG, PNG or WebP'

async function need(reader: ByteReader, position: number, length: number, what: string): Promise<Uint8Array> {
  const bytes = await reader.read(position, length)
  if (bytes.length < length) {
    throw new ProbeError(
      `its ${what} is cut short (the data ends at byte ${position + bytes.length}): the file looks truncated`
    )
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
    throw new ProbeError(`its ${format.toUpperCase()} header declares a size of ${width}x${height}`)
  return { format, mime: IMAGE_FORMATS[format], width, height }
}

export async function probeImage(reader: ByteReader): Promise<ImageInfo> {
  const head = await reader.read(0, 12)
  if (head.length >= 8 && u32be(head, 0) === 0x89504e47 && u32be(head, 4) === 0x0d0a1a0a) return probePng(reader)
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return probeJpeg(reader)
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return probeWebp(reader)
  if (head.length === 0) throw new ProbeError('is empty')
  throw new ProbeError(`is not ${FORMAT_HINT} by its content (${describeMagic(head)})`)
}

function describeMagic(head: Uint8Array): string {
  const s = ascii(head, 0, Math.min(head.length, 12))
  if (s.startsWith('GIF8')) return 'it is a GIF'
  if (s.startsWith('BM')) return 'it is a BMP'
  if (s.startsWith('%PDF')) return 'it is a PDF'
  if (/^(II\*\0|MM\0\*)/.test(s)) return 'it is a TIFF'
  if (s.slice(4, 8) === 'ftyp')
    return /heic|heix|mif1|avif/.test(s.slice(8, 12)) ? 'it is HEIC/AVIF' : 'it is an MP4/QuickTime file'
  if (/^\s*</.test(s)) return 'it looks like HTML or XML text'
  const hex = Array.from(head.subarray(0, 8), b => b.toString(16).padStart(2, '0')).join(' ')
  return `it starts with bytes ${hex}`
}

async function probePng(reader: ByteReader): Promise<ImageInfo> {
  const b = await need(reader, 0, 24, 'PNG header')
  if (ascii(b, 12, 4) !== 'IHDR') throw new ProbeError('is a PNG whose first chunk is not IHDR: the file is damaged')
  return info('png', u32be(b, 16), u32be(b, 20))
}

/** Start-of-frame markers that carry the image size (not DHT C4, JPG C8, DAC CC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
}

async function probeJpeg(reader: ByteReader): Promise<ImageInfo> {
  let pos = 2
  for (let segments = 0; segments < 10_000; segments++) {
    // A marker is one or more 0xFF fill bytes and a marker code.
    let b = await need(reader, pos, 2, 'JPEG segment header')
    if (b[0] !== 0xff) throw new ProbeError(`is a JPEG with a damaged segment at byte ${pos}`)
    while (b[1] === 0xff) b = await need(reader, ++pos, 2, 'JPEG segment header')
    const marker = b[1]!
    pos += 2
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue // standalone markers
    if (marker === 0xd9 || marker === 0xda) {
      throw new ProbeError('is a JPEG without a frame header before its image data: the file is damaged')
    }
    if (isStartOfFrame(marker)) {
      const sof = await need(reader, pos, 7, 'JPEG frame header')
      return info('jpeg', u16be(sof, 5), u16be(sof, 3))
    }
    const length = u16be(await need(reader, pos, 2, 'JPEG segment length'), 0)
    if (length < 2) throw new ProbeError(`is a JPEG with a damaged segment length at byte ${pos}`)
    pos += length
  }
  throw new ProbeError('is a JPEG with too many segments before its frame header')
}

async function probeWebp(reader: ByteReader): Promise<ImageInfo> {
  const b = await need(reader, 0, 16, 'WebP header')
  const chunk = ascii(b, 12, 4)
  if (chunk === 'VP8 ') {
    const h = await need(reader, 20, 10, 'WebP (VP8) frame header')
    if (h[3] !== 0x9d || h[4] !== 0x01 || h[5] !== 0x2a)
      throw new ProbeError('is a WebP (VP8) with a damaged frame header')
    return info('webp', u16le(h, 6) & 0x3fff, u16le(h, 8) & 0x3fff)
  }
  if (chunk === 'VP8L') {
    const h = await need(reader, 20, 5, 'WebP (VP8L) header')
    if (h[0] !== 0x2f) throw new ProbeError('is a WebP (VP8L) with a damaged header')
    const bits = (h[1]! | (h[2]! << 8) | (h[3]! << 16) | (h[4]! << 24)) >>> 0
    return info('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1)
  }
  if (chunk === 'VP8X') {
    const h = await need(reader, 20, 10, 'WebP (VP8X) header')
    return info('webp', u24le(h, 4) + 1, u24le(h, 7) + 1)
  }
  throw new ProbeError(`is a WebP with an unknown first chunk "${chunk}"`)
}
