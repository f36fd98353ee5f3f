import { describe, expect, it } from 'vitest'
import { bufferReader, probeImage, type ByteReader } from '../../../src/frames/probe.js'
import { jpeg, png, webpVp8, webpVp8l, webpVp8x } from '../../support/images.js'

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
    ['WebP VP8X (extended)', webpVp8x(16777216, 1), 'webp', 16777216, 1]
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
    const reader: ByteReader = { read: async (p, n) => ((read += n), bytes.subarray(p, p + n)) }
    await probeImage(reader)
    expect(read).toBeLessThan(200)
  })

  it.each([
    ['a GIF', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), /not JPEG, PNG or WebP.*GIF/],
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

  it('refuses a JPEG whose scan starts before any frame header', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x04, 0x00, 0x00])
    await expect(probe(bytes)).rejects.toThrow(/without a frame header/)
  })
})
