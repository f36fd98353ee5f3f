/**
 * Test images built byte by byte: only headers matter to the action, so these are well-formed
 * headers followed by filler. Each builder can pad to an exact file size.
 */
import { deflateSync } from 'node:zlib'

function crc32(bytes: Uint8Array): number {
  let crc = ~0
  for (const b of bytes) {
    crc ^= b
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1))
  }
  return ~crc >>> 0
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length)
  out.writeUInt32BE(data.length, 0)
  out.write(type, 4, 'latin1')
  Buffer.from(data).copy(out, 8)
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length)
  return out
}

/** A PNG of the given size. With `pixels`, a real (viewable) RGB image; otherwise a valid header and filler. */
export function png(
  width: number,
  height: number,
  options: { size?: number; pixels?: (x: number, y: number) => [number, number, number] } = {}
): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  let idat: Buffer
  if (options.pixels) {
    const raw = Buffer.alloc((width * 3 + 1) * height)
    for (let y = 0; y < height; y++) {
      const row = y * (width * 3 + 1)
      for (let x = 0; x < width; x++) raw.set(options.pixels(x, y), row + 1 + x * 3)
    }
    idat = deflateSync(raw, { level: 9 })
  } else idat = deflateSync(Buffer.alloc(16))
  const head = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat)])
  const end = pngChunk('IEND', new Uint8Array(0))
  return padded(head, end, options.size, n => pngChunk('teXt', Buffer.alloc(n - 12, 0x61)), 12)
}

function segment(marker: number, payload: Uint8Array): Buffer {
  const out = Buffer.alloc(4 + payload.length)
  out[0] = 0xff
  out[1] = marker
  out.writeUInt16BE(payload.length + 2, 2)
  Buffer.from(payload).copy(out, 4)
  return out
}

/**
 * A JPEG's structure up to its scan: SOI, APP0 (JFIF), optional large APPn/COM segments, DQT,
 * SOF0 (baseline) or SOF2 (progressive), DHT, SOS, filler, EOI.
 */
export function jpeg(
  width: number,
  height: number,
  options: {
    progressive?: boolean
    before?: Array<{ marker: number; bytes: number }>
    size?: number
    fillBytes?: boolean
  } = {}
): Buffer {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8]), segment(0xe0, Buffer.from('4a46494600010100000100010000', 'hex'))]
  for (const { marker, bytes } of options.before ?? []) parts.push(segment(marker, Buffer.alloc(bytes, 0x20)))
  parts.push(segment(0xdb, Buffer.alloc(65, 1)))
  if (options.fillBytes) parts.push(Buffer.from([0xff, 0xff])) // fill bytes before a marker are allowed
  const sof = Buffer.alloc(15)
  sof[0] = 8
  sof.writeUInt16BE(height, 1)
  sof.writeUInt16BE(width, 3)
  sof[5] = 3
  sof.set([1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1], 6)
  parts.push(segment(options.progressive ? 0xc2 : 0xc0, sof))
  parts.push(segment(0xc4, Buffer.alloc(20, 0)))
  parts.push(segment(0xda, Buffer.from([3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0])))
  const head = Buffer.concat([...parts, Buffer.alloc(32, 0x55)])
  return padded(head, Buffer.from([0xff, 0xd9]), options.size, n => Buffer.alloc(n, 0x55), 0)
}

/** RIFF, WEBP and one chunk; padding to `size` goes inside the chunk, as a real file's data would. */
function webp(chunk: string, data: Buffer, size?: number): Buffer {
  const payload = size === undefined ? data : Buffer.concat([data, Buffer.alloc(size - 20 - data.length)])
  const body = Buffer.concat([Buffer.from(chunk, 'latin1'), u32le(payload.length), payload])
  const out = Buffer.concat([Buffer.from('RIFF', 'latin1'), u32le(0), Buffer.from('WEBP', 'latin1'), body])
  out.writeUInt32LE(out.length - 8, 4)
  return out
}

function u32le(n: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n)
  return b
}

/** WebP, lossy (VP8): a key frame header with its start code and 14-bit sizes. */
export function webpVp8(width: number, height: number, size?: number): Buffer {
  const data = Buffer.alloc(30)
  data.set([0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a], 0)
  data.writeUInt16LE(width & 0x3fff, 6)
  data.writeUInt16LE(height & 0x3fff, 8)
  return webp('VP8 ', data, size)
}

/** WebP, lossless (VP8L): signature 0x2f, then width-1 and height-1 in 14 bits each. */
export function webpVp8l(width: number, height: number, size?: number): Buffer {
  const data = Buffer.alloc(10)
  data[0] = 0x2f
  data.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 1)
  return webp('VP8L', data, size)
}

/** WebP, extended (VP8X): canvas width-1 and height-1 in 24 bits each. */
export function webpVp8x(width: number, height: number, size?: number): Buffer {
  const data = Buffer.alloc(10)
  data.writeUIntLE(width - 1, 4, 3)
  data.writeUIntLE(height - 1, 7, 3)
  return webp('VP8X', data, size)
}

/** head + filler + tail, exactly `size` bytes when asked. */
function padded(
  head: Buffer,
  tail: Buffer,
  size: number | undefined,
  filler: (n: number) => Buffer,
  minFiller: number
): Buffer {
  if (size === undefined) return Buffer.concat([head, tail])
  const n = size - head.length - tail.length
  if (n === 0) return Buffer.concat([head, tail])
  if (n < minFiller) throw new Error(`cannot pad to ${size} bytes`)
  return Buffer.concat([head, filler(n), tail])
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts)
  const head = Buffer.alloc(8)
  head.writeUInt32BE(8 + body.length, 0)
  head.write(type, 4, 'latin1')
  return Buffer.concat([head, body])
}
const fullBox = (type: string, ...parts: Buffer[]): Buffer => box(type, Buffer.alloc(4), ...parts)

/**
 * HEIC (HEIF with the heic brand): ftyp, meta with a thumbnail's and the image's ispe sizes, and
 * an mdat of filler; `brand` mif1 makes a generic HEIF.
 */
export function heic(width: number, height: number, options: { brand?: string; size?: number } = {}): Buffer {
  const ispe = (w: number, h: number): Buffer => {
    const b = Buffer.alloc(8)
    b.writeUInt32BE(w, 0)
    b.writeUInt32BE(h, 4)
    return fullBox('ispe', b)
  }
  const brand = options.brand ?? 'heic'
  const ftyp = box('ftyp', Buffer.from(`${brand}\0\0\0\0mif1${brand}`, 'latin1'))
  const meta = fullBox(
    'meta',
    fullBox('hdlr', Buffer.alloc(4), Buffer.from('pict', 'latin1'), Buffer.alloc(13)),
    box('iprp', box('ipco', ispe(320, 240), ispe(width, height)))
  )
  const head = Buffer.concat([ftyp, meta])
  const filler = Math.max(16, (options.size ?? 0) - head.length - 8)
  return Buffer.concat([head, box('mdat', Buffer.alloc(filler, 0x33))])
}
