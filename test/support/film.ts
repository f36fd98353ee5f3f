/**
 * Test helper: checks a joined film with mediabunny's own demuxer (plus a 60-line read of the
 * sample tables for decode timestamps, which mediabunny does not expose). No ffmpeg needed, so
 * the product's tests can use it on a runner.
 */
import { open } from 'node:fs/promises'
import { EncodedPacketSink, FilePathSource, Input, MP4 } from 'mediabunny'
import { probeClip, type ProbedClip } from '../../src/video/join.js'

export interface FilmReport {
  frames: number
  /** Presented video duration, in seconds. */
  duration: number
  audioPackets: number
  /** Audio end minus video end, in seconds (null without audio). */
  avOffsetAtEnd: number | null
  /** Every check that failed, as a sentence; empty = the film is good. */
  problems: string[]
}

/**
 * Verify `film` against the clips it was joined from, under the seam rules: each clip ends on
 * the picture the next starts with, so the film lasts the clips' lengths less one frame period
 * per seam, and has the clips' frames less one per seam where the earlier clip's copy could go
 * (its last picture is also its last in decode order). Presentation timestamps are unique with
 * no gap, no picture lasts longer than one frame period, decode timestamps strictly increase,
 * codec parameters equal the clips', the audio packets follow each other with no gap (each
 * decodes to one frame of samples, so the timeline and the decoded sample count agree), and the
 * audio ends within half an AAC frame of the video.
 */
export async function verifyFilm(film: string, clips: readonly ProbedClip[]): Promise<FilmReport> {
  const problems: string[] = []
  const info = await probeClip(film)
  const ref = clips[0]
  if (!ref) throw new Error('verifyFilm needs the clips')

  const seams = clips.slice(0, -1)
  const dropped = seams.filter(c => c.video.endsOnLastDecoded && c.video.packets >= 2).length
  const frames = sum(clips.map(c => c.video.packets)) - dropped
  const period = ref.video.frameDuration
  const duration = sum(clips.map(c => c.video.duration)) - seams.length * period
  const tick = 1 / 57600 // mediabunny's video timescale: durations are exact to one tick
  if (info.video.packets !== frames)
    problems.push(`film has ${info.video.packets} frames, the seam rules give ${frames}`)
  if (Math.abs(info.video.duration - duration) > tick) {
    problems.push(`film lasts ${info.video.duration} s, the seam rules give ${duration} s`)
  }
  if (info.video.startTime !== 0) problems.push(`film video starts at ${info.video.startTime} s, not 0`)
  if (!info.video.startsWithIdr) problems.push('film does not start with an IDR frame')
  for (const key of ['codecString', 'codedWidth', 'codedHeight', 'rotation', 'configDigest'] as const) {
    if (info.video[key] !== ref.video[key]) {
      problems.push(`film video ${key} is ${info.video[key]}, clips have ${ref.video[key]}`)
    }
  }
  if ((info.audio === null) !== (ref.audio === null)) problems.push('film and clips differ in having audio')
  if (info.audio && ref.audio) {
    for (const key of ['codecString', 'sampleRate', 'channels', 'configDigest'] as const) {
      if (info.audio[key] !== ref.audio[key]) {
        problems.push(`film audio ${key} is ${info.audio[key]}, clips have ${ref.audio[key]}`)
      }
    }
  }

  // Presentation order: every frame's timestamp unique, and each frame starts where the
  // previous one ends (no gap, no overlap at the seams).
  const input = new Input({ source: new FilePathSource(film), formats: [MP4] })
  let audioPackets = 0
  let audioEnd: number | null = null
  try {
    const video = (await input.getPrimaryVideoTrack())!
    const spans: [number, number][] = []
    for await (const p of new EncodedPacketSink(video).packets(undefined, undefined, { metadataOnly: true })) {
      spans.push([p.timestamp, p.duration])
    }
    spans.sort((a, b) => a[0] - b[0])
    for (let i = 1; i < spans.length; i++) {
      const [prevStart, prevDuration] = spans[i - 1]!
      const [start] = spans[i]!
      if (!(start > prevStart)) problems.push(`two frames share presentation time ${start} s`)
      else if (Math.abs(prevStart + prevDuration - start) > tick) {
        problems.push(`frame at ${prevStart} s ends at ${prevStart + prevDuration} s but the next starts at ${start} s`)
      } else if (start - prevStart > period + tick) {
        problems.push(`the picture at ${prevStart} s is shown for ${start - prevStart} s, more than one frame period`)
      }
    }

    const audio = await input.getPrimaryAudioTrack()
    if (audio) {
      let last = -Infinity
      for await (const p of new EncodedPacketSink(audio).packets(undefined, undefined, { metadataOnly: true })) {
        if (!(p.timestamp > last))
          problems.push(`audio packet ${p.sequenceNumber} at ${p.timestamp} s is not after ${last} s`)
        last = p.timestamp
        audioEnd = p.timestamp + (info.audio?.frameDuration ?? p.duration)
        audioPackets++
      }
    }
  } finally {
    input.dispose()
  }

  // Decode order: the sample tables' time-to-sample deltas must all be positive, i.e. decode
  // timestamps strictly increase (a zero delta is what a bad join produces). Audio: every delta
  // one AAC frame; a longer one is a gap a decoder ignores (it plays the samples back to back).
  for (const track of await readSampleTimes(film)) {
    const zero = track.deltas.slice(0, -1).findIndex(d => d <= 0)
    if (zero >= 0) problems.push(`${track.handler} track: sample ${zero} has a decode-time delta of 0`)
    const frame = info.audio ? Math.round(info.audio.frameDuration * track.timescale) : 0
    const stretched = track.handler === 'soun' ? track.deltas.slice(0, -1).findIndex(d => d !== frame) : -1
    if (stretched >= 0) {
      problems.push(`audio packet ${stretched} lasts ${track.deltas[stretched]} ticks, not one frame (${frame})`)
    }
  }

  const avOffsetAtEnd = audioEnd === null ? null : audioEnd - info.video.duration
  if (avOffsetAtEnd !== null && info.audio && Math.abs(avOffsetAtEnd) > info.audio.frameDuration / 2 + 1e-6) {
    problems.push(`audio ends ${(avOffsetAtEnd * 1000).toFixed(1)} ms from the video end (more than half a frame)`)
  }
  return { frames: info.video.packets, duration: info.video.duration, audioPackets, avOffsetAtEnd, problems }
}

interface SampleTimes {
  handler: string
  timescale: number
  /** Decode-time delta of every sample, expanded from stts. */
  deltas: number[]
}

/** Reads each track's handler, timescale and stts from the moov (the only part read into memory). */
export async function readSampleTimes(file: string): Promise<SampleTimes[]> {
  const handle = await open(file, 'r')
  try {
    const size = (await handle.stat()).size
    let pos = 0
    let moov: Buffer | null = null
    while (pos + 8 <= size && !moov) {
      const header = Buffer.alloc(16)
      await handle.read(header, 0, 16, pos)
      let boxSize = header.readUInt32BE(0)
      const type = header.toString('latin1', 4, 8)
      if (boxSize === 1) boxSize = Number(header.readBigUInt64BE(8))
      if (boxSize === 0) boxSize = size - pos
      if (type === 'moov') {
        moov = Buffer.alloc(boxSize)
        await handle.read(moov, 0, boxSize, pos)
      }
      pos += boxSize
    }
    if (!moov) throw new Error(`${file} has no moov box`)
    return children(moov, 8, moov.length)
      .filter(b => b.type === 'trak')
      .map(trak => {
        const mdia = find(moov, trak, 'mdia')
        const hdlr = find(moov, mdia, 'hdlr')
        const mdhd = find(moov, mdia, 'mdhd')
        const stts = find(moov, find(moov, find(moov, mdia, 'minf'), 'stbl'), 'stts')
        const timescale = moov.readUInt32BE(mdhd.start + (moov[mdhd.start] === 1 ? 20 : 12))
        const deltas: number[] = []
        const entries = moov.readUInt32BE(stts.start + 4)
        for (let i = 0; i < entries; i++) {
          const count = moov.readUInt32BE(stts.start + 8 + i * 8)
          const delta = moov.readUInt32BE(stts.start + 12 + i * 8)
          for (let j = 0; j < count; j++) deltas.push(delta)
        }
        return { handler: moov.toString('latin1', hdlr.start + 8, hdlr.start + 12), timescale, deltas }
      })
  } finally {
    await handle.close()
  }
}

interface Box {
  type: string
  /** Offset of the payload (after the 8-byte header). */
  start: number
  end: number
}

function children(buf: Buffer, start: number, end: number): Box[] {
  const boxes: Box[] = []
  for (let pos = start; pos + 8 <= end;) {
    const size = buf.readUInt32BE(pos)
    if (size < 8) break
    boxes.push({ type: buf.toString('latin1', pos + 4, pos + 8), start: pos + 8, end: pos + size })
    pos += size
  }
  return boxes
}

function find(buf: Buffer, parent: Box, type: string): Box {
  const box = children(buf, parent.start, parent.end).find(b => b.type === type)
  if (!box) throw new Error(`no ${type} box in ${parent.type}`)
  return box
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0)
