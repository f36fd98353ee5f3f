/**
 * Types and checks of the join: what a clip is made of, and whether clips can be joined.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import { JoinError } from '../errors.js'
import type { AacConfig } from './aac-silence.js'
import type { Seam } from '../types/result.js'

/** Clockwise rotation of the picture, in degrees (as mediabunny reports it). */
export type Rotation = 0 | 90 | 180 | 270

export interface VideoTrackInfo {
  /** Codec of the track, as mediabunny names it ('avc' for H.264). */
  codec: string
  /** Full codec string, e.g. 'avc1.64001f' (profile and level included). */
  codecString: string
  codedWidth: number
  codedHeight: number
  /** Clockwise rotation from the track matrix, in degrees. */
  rotation: Rotation
  /** The most common frame duration, in seconds. */
  frameDuration: number
  frameRate: number
  /** Whether every frame lasts frameDuration (to within one tick of the track's timescale). */
  constantFrameRate: boolean
  /** SHA-256 (hex) of the decoder configuration record (avcC): SPS, PPS, profile, NAL length size. */
  configDigest: string
  packets: number
  /** Presentation time of the earliest frame, in seconds (0 for files with a usual edit list). */
  startTime: number
  /** From the earliest frame's start to the latest frame's end, in seconds. */
  duration: number
  /** Whether the first packet in decode order is an IDR picture (H.264 NAL type 5). */
  startsWithIdr: boolean
  /** Presentation time of the latest frame (the one a next clip shares), in seconds. */
  lastFrameStart: number
  /**
   * Whether the latest frame is also the last in decode order, so no frame refers to it (a
   * B-frame decoded after it would): only then can it be left out without changing any other.
   */
  endsOnLastDecoded: boolean
}

export interface AudioTrackInfo {
  codec: string
  /** Full codec string, e.g. 'mp4a.40.2' for AAC-LC. */
  codecString: string
  sampleRate: number
  channels: number
  /** SHA-256 (hex) of the AudioSpecificConfig. */
  configDigest: string
  packets: number
  /**
   * Packets that play (mostly) before the video starts: the AAC encoder's priming, which the
   * clip's edit list hides. Dropped from every clip but the first.
   */
  leadingPackets: number
  /** Samples per packet / sample rate (1024 / rate for AAC-LC), in seconds. */
  frameDuration: number
  /** From the first packet after the leading ones to the end of the last, as the file presents it. */
  duration: number
}

export interface ProbedClip {
  path: string
  bytes: number
  video: VideoTrackInfo
  audio: AudioTrackInfo | null
}

export interface JoinResult {
  /** Duration of the film's video, in seconds: the clips' less one frame period per seam. */
  durationSeconds: number
  videoPackets: number
  audioPackets: number
  bytes: number
  /** One per seam, in film order (clips - 1 of them): what was done there. */
  seams: Seam[]
  /**
   * For each clip (empty without audio): where its audio starts and ends on the film's
   * timeline relative to its video, in seconds (positive: audio later), and the silence written
   * into it. Stays within half an AAC frame (10.7 ms at 48 kHz), also after a clip whose audio is
   * shorter than its video, unless silence could not be made (see `unfillable`).
   */
  audioSync: AudioSync[]
  /** Gaps left in the film's sound without silence in them (only when `unfillable` is set). */
  audioGaps: number
  /**
   * Set when the clips' audio is of a kind this join has no silent frame for (not AAC-LC, or not
   * mono or stereo): a gap in a clip's sound is then left as a gap, and the sound after it plays
   * early by the gap's length. Null with such silence available, or without audio.
   */
  unfillable: AacConfig | null
}

export interface AudioSync {
  /** 0-based index of the clip. */
  clip: number
  /** Film time of the clip's first audio packet minus film time of its first frame. */
  startOffset: number
  /** Film time where the clip's audio ends minus where its video ends. */
  endOffset: number
  /** Silent AAC frames written into the clip's sound (a short tail, or a gap inside it), in seconds. */
  silence: number
  /** Gaps left in the clip's sound without silence, in seconds (only when `unfillable` is set). */
  gap: number
}

/** One way a clip differs from the others, or cannot be joined at all. */
export interface ClipDifference {
  /** The clip, counting from 1. */
  clip: number
  file: string
  /** What differs, e.g. 'frame size'. */
  field: string
  /** This clip's value, as written in `text`. */
  value: string
  /** The value most clips have; null for a problem of the clip alone (no IDR first, a codec not supported). */
  majority: string | null
  /** The clips (counting from 1) that have the majority's value. */
  majorityClips: number[]
  /** The whole sentence, naming the clip. */
  text: string
}

/** The clips cannot be joined by copying packets. `differences` are the sentences, `details` the same as data. */
export class ClipMismatchError extends JoinError {
  override name = 'ClipMismatchError'
  readonly details: readonly ClipDifference[]
  /** The clips (counting from 1) that differ from the majority or cannot be joined, in order. */
  readonly oddClips: readonly number[]
  constructor(details: readonly ClipDifference[]) {
    const texts = details.map(d => d.text)
    super(`The clips cannot be joined without re-encoding:\n- ${texts.join('\n- ')}`, texts)
    this.details = details
    this.oddClips = [...new Set(details.map(d => d.clip))].sort((a, b) => a - b)
  }
}

/** Codecs whose joins this module knows how to check (IDR test, priming rules). */
const JOINABLE_VIDEO = new Set(['avc'])
const JOINABLE_AUDIO = new Set(['aac'])

/**
 * Every reason the clips cannot be joined by copying packets, each naming the clip (counting
 * from 1) and the field; empty when they can. Each field is compared with the value most clips
 * have (on a tie, the value of the earliest of them), so the odd clip is the one named, whatever
 * its place. Per-clip problems (no IDR first, unsupported codec) are listed too.
 */
export function findDifferences(infos: readonly ProbedClip[]): ClipDifference[] {
  const found: ClipDifference[] = []
  const names = infos.map((clip, i) => `clip ${i + 1} (${path.basename(clip.path)})`)
  const alone = (i: number, field: string, value: string, sentence: string): void => {
    found.push({ clip: i + 1, file: infos[i]!.path, field, value, majority: null, majorityClips: [], text: sentence })
  }
  infos.forEach((clip, i) => {
    const name = names[i]!
    if (!JOINABLE_VIDEO.has(clip.video.codec)) {
      alone(
        i,
        'video codec',
        clip.video.codec,
        `${name}: video codec ${clip.video.codec} is not supported (H.264 only)`
      )
    } else if (!clip.video.startsWithIdr) {
      const text = `${name}: the first video frame is not an IDR frame, so the clip cannot start a new segment`
      alone(i, 'first frame', 'not IDR', text)
    }
    if (clip.audio && !JOINABLE_AUDIO.has(clip.audio.codec)) {
      alone(i, 'audio codec', clip.audio.codec, `${name}: audio codec ${clip.audio.codec} is not supported (AAC only)`)
    }
    // Its one picture would be the shared end of two seams at once.
    if (clip.video.packets < 2 && i > 0 && i < infos.length - 1) {
      alone(i, 'frames', '1', `${name}: has 1 video frame; a clip between two others needs at least 2`)
    }
  })

  for (const [field, valueOf] of FIELDS) {
    const values = infos.map(valueOf)
    const present = values.filter((v): v is string => v !== null)
    if (present.length === 0) continue
    const majority = mostFrequent(present)
    const majorityClips = values.flatMap((v, i) => (v === majority ? [i + 1] : []))
    values.forEach((value, i) => {
      if (value === null || value === majority) return
      const others = majorityClips.length === 1 ? `clip ${majorityClips[0]} has` : `clips ${list(majorityClips)} have`
      const text = `${names[i]}: ${field} is ${value}, ${others} ${majority}`
      found.push({ clip: i + 1, file: infos[i]!.path, field, value, majority, majorityClips, text })
    })
  }
  return found.sort((a, b) => a.clip - b.clip)
}

/** The sentences of findDifferences. */
export function compareClips(infos: readonly ProbedClip[]): string[] {
  if (infos.length === 0) return ['no clips were given']
  return findDifferences(infos).map(d => d.text)
}

/** Each compared field, as a string per clip (null: not applicable, e.g. audio fields without audio). */
const FIELDS: [string, (clip: ProbedClip) => string | null][] = [
  ['video codec', c => c.video.codecString],
  ['frame size', c => `${c.video.codedWidth}x${c.video.codedHeight}`],
  ['rotation', c => `${c.video.rotation}°`],
  // Rounded to 0.001 fps: the same rate stored with different timescales compares equal.
  ['frame rate', c => `${round(c.video.frameRate)} fps`],
  ['video decoder configuration (avcC: SPS/PPS)', c => short(c.video.configDigest)],
  ['audio', c => (c.audio ? 'present' : 'absent')],
  ['audio codec', c => c.audio?.codecString ?? null],
  ['audio sample rate', c => (c.audio ? `${c.audio.sampleRate} Hz` : null)],
  ['audio channel count', c => (c.audio ? String(c.audio.channels) : null)],
  ['audio decoder configuration (AudioSpecificConfig)', c => (c.audio ? short(c.audio.configDigest) : null)]
]

/** The most frequent value; on a tie, the one that occurs first. */
function mostFrequent(values: readonly string[]): string {
  const counts = new Map<string, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  let best = values[0]!
  for (const [value, count] of counts) if (count > counts.get(best)!) best = value
  return best
}

const list = (numbers: readonly number[]): string =>
  numbers.length <= 2 ? numbers.join(' and ') : `${numbers.slice(0, -1).join(', ')} and ${numbers.at(-1)}`

/** A packet that plays (mostly) before the video starts: encoder priming, hidden by the edit list. */
export function isLeading(timestamp: number, videoStart: number, frameDuration: number): boolean {
  return timestamp < videoStart - frameDuration / 2
}

/** Whether an AVC sample (length-prefixed NAL units) contains an IDR slice (NAL type 5). */
export function isAvcIdr(sample: Uint8Array, avcC: Uint8Array): boolean {
  // avcC byte 4: lengthSizeMinusOne in its low 2 bits (ISO 14496-15). Usually 4-byte lengths.
  const lengthSize = ((avcC[4] ?? 0xff) & 0x03) + 1
  let pos = 0
  while (pos + lengthSize < sample.length) {
    let length = 0
    for (let i = 0; i < lengthSize; i++) length = length * 256 + sample[pos + i]!
    const type = sample[pos + lengthSize]! & 0x1f
    if (type === 5) return true
    if (type >= 1 && type <= 4) return false // a non-IDR slice came first
    pos += lengthSize + length
  }
  return false
}

export function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export function mostCommon(counts: Map<number, number>): number {
  let best = 0
  let bestCount = -1
  for (const [value, count] of counts) if (count > bestCount) [best, bestCount] = [value, count]
  return best
}

const round = (n: number): number => Math.round(n * 1000) / 1000
const short = (hex: string): string => `sha256 ${hex.slice(0, 12)}…`
