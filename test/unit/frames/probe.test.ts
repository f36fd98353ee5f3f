import { describe, expect, it } from 'vitest'
import { bufferReader, probeImage, type ByteReader } from '../../../src/frames/probe.js'
import { heic, jpeg, png, webpVp8, webpVp8l, webpVp8x } from '../../support/images.js'

const probe = (bytes: Buffer) => probeImage(bufferReader(bytes))

describe('probeImage', () => {
  it.each([
    ['PNG', png(1920, 1080), 'png', 1920, 1080],
    ['baseline JPEG', jpeg(1280, 720), 'jpeg', 1280, 720],
    ['progressive JPEG', jpeg(720, 1280, { progressive: true }), 'jpeg', 720, 1280],
    [
      'JPEG with a 60 KB EXIF (APP1) and a COM before the frame header',
      jpeg(4000, 3000, {
        before: [
          { marker: 0xe1, bytes: 60_000 },
          { marker: 0xfe, bytes: 65_000 },
          { marker: 0xe2, bytes: 65_530 }
        ]
      }),
      'jpeg',
      4000,
      3000
    ],
    ['JPEG with fill bytes before a marker', jpeg(640, 480, { fillBytes: true }), 'jpeg', 640, 480],
    ['WebP VP8 (lossy)', webpVp8(1024, 768), 'webp', 1024, 768],
    ['WebP VP8L (lossless)', webpVp8l(16383, 301), 'webp', 16383, 301],
    ['WebP VP8X (extended)', webpVp8x(16777216, 1), 'webp', 16777216, 1],
    ['HEIC (the largest ispe, not the thumbnail)', heic(4032, 3024), 'heic', 4032, 3024],
    ['HEIF (brand mif1)', heic(1920, 1080, { brand: 'mif1' }), 'heif', 1920, 1080]
  ])('%s', async (_name, bytes, format, width, height) => {
    await expect(probe(bytes)).resolves.toMatchObject({ format, width, height, mime: `image/${format}` })
  })

  it('reads only a few small pieces of a JPEG, even with large segments', async () => {
    const bytes = jpeg(4000, 3000, {
      before: [
        { marker: 0xe1, bytes: 65_000 },
        { marker: 0xe2, bytes: 65_000 }
      ],
      size: 5_000_000
    })
    let read = 0
    const reader: ByteReader = { size: bytes.length, read: async (p, n) => ((read += n), bytes.subarray(p, p + n)) }
    await probeImage(reader)
    expect(read).toBeLessThan(200)
  })

  it.each([
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), /not JPEG, PNG, WebP or HEIC\/HEIF.*GIF/],
    ['HTML', Buffer.from('<!doctype html><html>'), /HTML/],
    ['an MP4', Buffer.from('00000018667479706d703432', 'hex'), /MP4/],
    ['nothing', Buffer.alloc(0), /empty/],
    ['random bytes', Buffer.from('0102030405060708090a0b0c', 'hex'), /starts with bytes 01 02/]
  ])('refuses %s by content', async (_name, bytes, message) => {
    await expect(probe(bytes)).rejects.toThrow(message)
  })

  it.each([
    ['PNG', png(1920, 1080), 20],
    ['JPEG (inside the frame header)', jpeg(1280, 720), 2 + 18 + 69 + 6],
    ['JPEG (inside an APP1 segment)', jpeg(1280, 720, { before: [{ marker: 0xe1, bytes: 5000 }] }), 1000],
    ['WebP VP8', webpVp8(1024, 768), 25],
    ['WebP VP8L', webpVp8l(1024, 768), 22],
    ['WebP VP8X', webpVp8x(1024, 768), 28]
  ])('refuses a truncated %s', async (_name, bytes, cut) => {
    await expect(probe(bytes.subarray(0, cut))).rejects.toThrow(/cut short.*truncated/)
  })

  describe('whole-file checks (the end of the image, not only its header)', () => {
    const jpg = jpeg(1280, 720)
    const scanStart = jpg.length - 2 - 32
    const pngBytes = png(1280, 720)
    const webp = webpVp8(1024, 768, 4000)
    it.each([
      ['a PNG cut after its IHDR (no IDAT, no IEND)', pngBytes.subarray(0, 33), /ends at byte 33 before its IEND/],
      ['a PNG whose IHDR is cut short', pngBytes.subarray(0, 30), /PNG header ends at byte 30/],
      ['a PNG cut inside its IDAT', pngBytes.subarray(0, pngBytes.length - 14), /"IDAT" chunk runs past the end/],
      ['a JPEG cut inside its scan data (no EOI)', jpg.subarray(0, scanStart + 10), /without an end-of-image marker/],
      ['a JPEG cut inside its SOF', jpg.subarray(0, 2 + 18 + 69 + 8), /JPEG frame header ends/],
      ['a HEIC cut inside its mdat', heic(1920, 1080, { size: 1000 }).subarray(0, 500), /"mdat" box runs past the end/],
      ['a WebP shorter than its RIFF size', webp.subarray(0, 3000), /RIFF header says 4000 bytes, the file has 3000/],
      [
        'a WebP whose VP8 chunk runs past the end',
        (() => {
          const b = Buffer.from(webp)
          b.writeUInt32LE(5000, 16)
          return b
        })(),
        /"VP8 " chunk runs past the end/
      ]
    ])('refuses %s', async (_name, bytes, message) => {
      await expect(probe(bytes)).rejects.toThrow(message)
      await expect(probe(bytes)).rejects.toThrow(/truncated/)
    })

    it.each([
      ['a PNG with bytes after IEND', Buffer.concat([pngBytes, Buffer.from('trailing data')])],
      ['a JPEG with bytes after EOI', Buffer.concat([jpg, Buffer.alloc(5000, 0x42)])],
      [
        'a progressive JPEG of several scans, with bytes after EOI',
        Buffer.concat([
          jpg.subarray(0, jpg.length - 2),
          // A stuffed 0xFF00 and a restart marker in the scan, then DHT and a second scan.
          Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd3, 0x56]),
          Buffer.from([0xff, 0xc4, 0x00, 0x04, 0x00, 0x00]),
          Buffer.from([0xff, 0xda, 0x00, 0x04, 0x00, 0x00, 0x77, 0x88]),
          Buffer.from([0xff, 0xd9]),
          Buffer.alloc(100_000, 0x42)
        ])
      ]
    ])('accepts %s', async (_name, bytes) => {
      await expect(probe(bytes)).resolves.toMatchObject({ width: expect.any(Number) })
    })
  })

  it('refuses a JPEG whose scan starts before any frame header', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x04, 0x00, 0x00])
    await expect(probe(bytes)).rejects.toThrow(/without a frame header/)
  })
})
