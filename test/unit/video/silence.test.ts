/** Silent AAC frames: which configurations have one, and that a decoder plays them as silence. */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readAacConfig, silentAacFrame } from '../../../src/video/aac-silence.js'
import { tempDir } from '../../support/temp.js'
import { hasFfmpeg } from './decode.js'

describe('silent AAC frames', () => {
  it('reads the object type and the channel configuration of an AudioSpecificConfig', () => {
    // AAC-LC at 48 kHz, stereo and mono
    expect(readAacConfig(Uint8Array.of(0x11, 0x90))).toEqual({ objectType: 2, channelConfiguration: 2 })
    expect(readAacConfig(Uint8Array.of(0x11, 0x88))).toEqual({ objectType: 2, channelConfiguration: 1 })
    expect(readAacConfig(Uint8Array.of(0x2b, 0x10))).toEqual({ objectType: 5, channelConfiguration: 2 }) // HE-AAC
    expect(readAacConfig(Uint8Array.of(0x11, 0xb0))).toEqual({ objectType: 2, channelConfiguration: 6 }) // 5.1
    // An object type past 30 is escaped (31, then 6 more bits)
    expect(readAacConfig(Uint8Array.of(0xf9, 0x46, 0x40))).toEqual({ objectType: 42, channelConfiguration: 2 })
    expect(readAacConfig(Uint8Array.of(0x11))).toBeNull()
  })

  it('has one for AAC-LC mono and stereo only: other profiles and more channels keep their gaps', () => {
    expect(silentAacFrame({ objectType: 2, channelConfiguration: 1 })).not.toBeNull()
    expect(silentAacFrame({ objectType: 2, channelConfiguration: 2 })).not.toBeNull()
    expect(silentAacFrame({ objectType: 5, channelConfiguration: 2 })).toBeNull()
    expect(silentAacFrame({ objectType: 2, channelConfiguration: 6 })).toBeNull()
    expect(silentAacFrame({ objectType: 2, channelConfiguration: 0 })).toBeNull()
  })

  it.skipIf(!hasFfmpeg).each([1, 2])('decodes to 1024 zero samples a frame, with no error (%i channels)', channels => {
    const frame = silentAacFrame({ objectType: 2, channelConfiguration: channels })!
    const file = path.join(tempDir('silence-'), 'silence.aac')
    writeFileSync(file, Buffer.concat(Array.from({ length: 10 }, () => adts(frame, channels))))
    const run = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 's16le', '-'], { maxBuffer: 1 << 20 })
    expect(run.stderr.toString()).toBe('')
    const samples = new Int16Array(run.stdout.buffer, run.stdout.byteOffset, run.stdout.length / 2)
    expect(samples.length).toBe(10 * 1024 * channels)
    expect(samples.every(s => s === 0)).toBe(true)
  })
})

/** An ADTS header (MPEG-4, AAC-LC, 48 kHz, no CRC) before a raw frame, so ffmpeg can read it alone. */
function adts(frame: Uint8Array, channels: number): Buffer {
  const length = frame.length + 7
  const header = [0xff, 0xf1, (1 << 6) | (3 << 2) | (channels >> 2), ((channels & 3) << 6) | (length >> 11)]
  header.push((length >> 3) & 0xff, ((length & 7) << 5) | 0x1f, 0xfc)
  return Buffer.concat([Buffer.from(header), frame])
}
