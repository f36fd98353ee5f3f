/**
 * The seams of a joined film, as a viewer meets them: the picture two clips share is on screen
 * for one frame period, and the sound stays in step after every seam and at the end. Checked on
 * the demuxed packets everywhere, and by decoding (ffmpeg; headless Chromium) where installed.
 *
 * The fixtures (test/fixtures/clips/make-fixtures.sh) are cut from one repeating source: a's last
 * picture is b's first, b's last c's first, c's last a's first. a and b end on a frame last in
 * decode order, c on one its B-frames refer to. seam24-b's sound is 60 ms short, seam24-c's 50 ms
 * long, seam24-b-short's 150 ms short (b's pictures).
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { silentAacFrame } from '../../../src/video/aac-silence.js'
import { joinClips, probeClip, type ProbedClip, type JoinResult } from '../../../src/video/join.js'
import { verifyFilm } from '../../support/film.js'
import { tempDir } from '../../support/temp.js'
import { chromium, playInChromium } from './chromium.js'
import { decodeErrors, decodeFrames, decodePcm, findClip, hasFfmpeg } from './decode.js'
import { hashOf, readPackets, viewSound, viewVideo, type Tracks } from './film-packets.js'

const CLIPS = path.resolve(import.meta.dirname, '../../fixtures/clips')
const HALF_AAC_FRAME = 0.0107 // 1024 / 48000 / 2, rounded up to the 0.1 ms the issue states
const SILENT = hashOf(silentAacFrame({ objectType: 2, channelConfiguration: 2 })!)

// Ten clips, every kind of seam, b-short in the middle and b (60 ms short) at the end.
const TEN = ['b', 'c', 'a', 'b-short', 'c', 'a', 'b', 'c', 'a', 'b'].map(n => `seam24-${n}`)
const SILENT25 = ['a', 'b', 'c', 'a', 'b'].map(n => `seam25-${n}`)

interface Joined {
  names: string[]
  film: string
  result: JoinResult
  clips: ProbedClip[]
  filmPackets: Tracks
  clipPackets: Tracks[]
}

async function join(names: string[]): Promise<Joined> {
  const files = names.map(n => path.join(CLIPS, `${n}.mp4`))
  const film = path.join(tempDir('seams-'), 'film.mp4')
  const result = await joinClips({ clips: files, output: film })
  const clips = await Promise.all(files.map(f => probeClip(f)))
  return {
    names,
    film,
    result,
    clips,
    filmPackets: await readPackets(film),
    clipPackets: await Promise.all(files.map(readPackets))
  }
}

/** What each seam should be, from what the fixture script says about the clip before it. */
const expectedRoute = (name: string): 'retimed' | 'dropped' => (name.endsWith('-c') ? 'retimed' : 'dropped')

function checkPackets(joined: Joined): void {
  const { result, clips, names } = joined
  const period = clips[0]!.video.frameDuration
  const video = viewVideo(
    joined.filmPackets.video,
    joined.clipPackets.map(c => c.video),
    period
  )
  expect(video.strangers).toBe(0)
  expect(video.offPeriod).toEqual([])
  // The shared picture: on screen for one period at every seam, by the route the clips allow.
  expect(video.seams.map(s => Number(s.shown.toFixed(4)))).toEqual(names.slice(1).map(() => Number(period.toFixed(4))))
  expect(video.seams.map(s => (s.copies.length === 2 ? 'retimed' : 'dropped'))).toEqual(
    names.slice(0, -1).map(expectedRoute)
  )
  expect(result.seams.map(s => s.video)).toEqual(names.slice(0, -1).map(expectedRoute))
  expect(result.seams.map(s => s.after)).toEqual(names.slice(0, -1).map((_, i) => i + 1))
  for (const [i, seam] of result.seams.entries()) expect(seam.at).toBeCloseTo(video.origins[i + 1]!, 6)
  const length = clips.reduce((t, c) => t + c.video.duration, 0) - (clips.length - 1) * period
  expect(result.durationSeconds).toBeCloseTo(length, 6)
  expect(video.end).toBeCloseTo(length, 4)

  if (!clips[0]!.audio) return
  const frame = clips[0]!.audio.frameDuration
  const sound = viewSound(
    joined.filmPackets.audio,
    joined.clipPackets.map(c => c.audio),
    frame,
    SILENT
  )
  expect(sound.missing).toEqual([])
  // Each clip's sound starts, as decoded, within half an AAC frame of its picture; so does the end.
  const late = sound.starts.map((t, k) => t - video.origins[k]!)
  expect(late.filter(d => Math.abs(d) > HALF_AAC_FRAME)).toEqual([])
  expect(Math.abs(sound.end - video.end)).toBeLessThanOrEqual(HALF_AAC_FRAME)
  // Per clip, the samples decoded agree with its length on the timeline (to one AAC frame).
  const spans = video.origins.map((o, k) => (video.origins[k + 1] ?? video.end) - o)
  sound.samples.forEach((n, k) => expect(Math.abs(n / 48000 - spans[k]!)).toBeLessThanOrEqual(frame))
  // The silence the report names is the silence written, frame for frame.
  const silenceMs = sound.silentAfter.map(n => Math.round(n * frame * 10000) / 10)
  expect(result.seams.map(s => s.silenceMs)).toEqual(silenceMs.slice(0, -1))
  expect(result.seams.every(s => s.gapMs === 0)).toBe(true)
  expect(result.unfillable).toBeNull()
  expect(result.audioGaps).toBe(0)
}

/** Decode the film with ffmpeg: every picture one period, frames bit-identical, sound in step. */
function checkDecoded(joined: Joined): void {
  const { film, result, clips, names } = joined
  const period = clips[0]!.video.frameDuration
  expect(decodeErrors(film)).toBe('')
  const frames = decodeFrames(film)
  // Pictures as a viewer sees them: the two copies of a shared picture count as one.
  const pictures: { counter: number; start: number; shown: number }[] = []
  frames.forEach((f, i) => {
    const end = frames[i + 1]?.time ?? result.durationSeconds
    const previous = pictures.at(-1)
    if (previous && previous.counter === f.counter) previous.shown += end - f.time
    else pictures.push({ counter: f.counter, start: f.time, shown: end - f.time })
  })
  expect(pictures.filter(p => Math.abs(p.shown - period) > 1e-4)).toEqual([])
  // The picture on screen moves on by one source frame every period: no hold, no skip, no repeat.
  const steps = pictures.slice(1).map((p, i) => (p.counter - pictures[i]!.counter + 48) % 48)
  expect(steps.filter(s => s !== 1)).toEqual([])

  // Bit-identical: the film's frames are the clips' frames, less clip i's copy where dropped.
  const clipFrames = names.map(n => decodeFrames(path.join(CLIPS, `${n}.mp4`)))
  const expected = clipFrames.flatMap((f, k) => (result.seams[k]?.video === 'dropped' ? f.slice(0, -1) : f))
  expect(frames.map(f => f.md5)).toEqual(expected.map(f => f.md5))

  if (!clips[0]!.audio) return
  const pcm = decodePcm(film)
  expect(Math.abs(pcm.length / 2 / 48000 - result.durationSeconds)).toBeLessThanOrEqual(HALF_AAC_FRAME)
  const pcmOf = new Map(names.map(n => [n, decodePcm(path.join(CLIPS, `${n}.mp4`))]))
  const starts = names.map((name, k) => {
    // The clip's own time 0 on screen: its second picture's start, less one period.
    const second = pictures[k * (clipFrames[k]!.length - 1) + 1]!
    expect(second.counter).toBe(clipFrames[k]![1]!.counter)
    const origin = second.start - period
    // Its sound: where the film's decoded samples equal the clip's, 0.2 s into the clip.
    const lag = findClip(pcm, pcmOf.get(name)!, {
      from: 9600,
      length: 2048,
      around: Math.round(origin * 48000),
      range: 9600
    })
    expect(lag, `${name} (clip ${k + 1}) found in the film's sound`).not.toBeNull()
    return { name, origin, sound: lag! / 48000 }
  })
  const offsets = starts.map(s => s.sound - s.origin)
  expect(offsets.filter(d => Math.abs(d) > HALF_AAC_FRAME)).toEqual([])

  // Where b-short's sound ran out, silence, not a gap: the decoded samples just before the next
  // clip's are zero (the frames after the first silent one have nothing to overlap).
  for (const [k, s] of starts.entries()) {
    if (!s.name.endsWith('b-short')) continue
    const next = Math.round(starts[k + 1]!.sound * 48000)
    const before = pcm.subarray((next - 2048) * 2, next * 2)
    expect(before.every(v => v === 0)).toBe(true)
  }
}

describe('seams: the shared picture for one frame period, the sound in step (demuxed packets)', () => {
  it('a 10-clip film at 24 fps with sound: every seam one period, each clip sounding with its picture', async () => {
    const joined = await join(TEN)
    checkPackets(joined)
    // b's sound, 60 ms short, still reaches its picture's end less one period; at the film's end
    // it cannot: silence there. b-short's gap before the seam is filled too.
    expect(joined.result.seams[3]!.silenceMs).toBeGreaterThan(80)
    expect(joined.result.audioSync.at(-1)!.silence).toBeGreaterThan(0.04)
    expect((await verifyFilm(joined.film, joined.clips)).problems).toEqual([])
  })

  it('a silent film at 25 fps', async () => {
    const joined = await join(SILENT25)
    checkPackets(joined)
    expect(joined.result.audioPackets).toBe(0)
    expect(joined.result.seams.every(s => s.syncMs === null && s.silenceMs === 0)).toBe(true)
    expect((await verifyFilm(joined.film, joined.clips)).problems).toEqual([])
  })

  it('a clip whose sound is longer than its picture is cut at its picture end', async () => {
    const joined = await join(['seam24-c', 'seam24-a'])
    checkPackets(joined)
    expect(joined.result.audioSync[0]!.endOffset).toBeLessThanOrEqual(HALF_AAC_FRAME)
    expect(joined.result.audioSync[0]!.silence).toBe(0)
  })
})

describe('sound the join has no silent frame for (5.1)', () => {
  it('keeps the gap as before and reports it, with the seam still one period', async () => {
    const joined = await join(['seam25-a-51', 'seam25-b-51'])
    const { result } = joined
    expect(result.unfillable).toEqual({ objectType: 2, channelConfiguration: 6 })
    expect(result.audioGaps).toBe(1)
    // a's sound is 150 ms short; its picture ends one period (40 ms) earlier in the film, and its
    // last AAC frame covers part of the rest: what is left is the gap.
    expect(result.seams[0]).toMatchObject({ after: 1, video: 'dropped', silenceMs: 0 })
    expect(result.seams[0]!.gapMs).toBeGreaterThan(60)
    expect(result.seams[0]!.gapMs).toBeLessThan(110)
    expect(Math.abs(result.seams[0]!.syncMs!)).toBeLessThanOrEqual(HALF_AAC_FRAME * 1000)
    // As before: the gap is a stretched packet duration, which a decoder ignores.
    const { problems } = await verifyFilm(joined.film, joined.clips)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^audio packet \d+ lasts \d+ ticks, not one frame/)
  })
})

describe.skipIf(!hasFfmpeg)('seams, decoded with ffmpeg', () => {
  it('the 10-clip film: no picture held at a seam, frames bit-identical, sound in step after each seam', async () => {
    checkDecoded(await join(TEN))
  })

  it('the silent 25 fps film', async () => {
    checkDecoded(await join(SILENT25))
  })

  it.skipIf(!chromium)('the 10-clip film plays to its end in headless Chromium', async () => {
    const joined = await join(TEN)
    const playback = await playInChromium(joined.film)
    expect(playback.error).toBeNull()
    expect(playback.ended).toBe(true)
    expect(playback.duration).toBeCloseTo(joined.result.durationSeconds, 2)
    expect(playback.currentTime).toBeCloseTo(joined.result.durationSeconds, 2)
    expect(playback.presented.length).toBeGreaterThan(0)
    expect(playback.presented.at(-1)!).toBeGreaterThan(joined.result.durationSeconds - 0.25)
  })
})
