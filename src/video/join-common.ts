/**
 * Types and checks of the join: what a clip is made of, and whether clips can be joined.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'

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

export interface ClipInfo {
  path: string
  bytes: number
  video: VideoTrackInfo
  audio: AudioTrackInfo | null
}

export interface JoinResult {
  /** Duration of the film's video, in seconds: the sum of the clips'. */
  durationSeconds: number
  videoPackets: number
  audioPackets: number
  bytes: number
  /**
   * For each clip (empty without audio): where its audio starts and ends on the film's
   * timeline relative to its video, in seconds (positive: audio later). Stays within half an
   * AAC frame (16 ms at 32 kHz) unless a clip's audio is shorter than its video.
   */
  audioSync: AudioSync[]
  /**
   * Gaps left in the film's audio: where a clip's audio is shorter than its video (the next
   * clip's audio then starts on time, after a gap), or a clip's own audio has a gap.
   */
  audioGaps: number
}

export interface AudioSync {
  clip: number
  /** Film time of the clip's first audio packet minus film time of its first frame. */
  startOffset: number
  /** Film time where the clip's audio ends minus where its video ends. */
  endOffset: number
}

/** Codecs whose joins this module knows how to check (IDR test, priming rules). */
const JOINABLE_VIDEO = new Set(['avc'])
const JOINABLE_AUDIO = new Set(['aac'])

/**
 * Every reason the clips cannot be joined by copying packets, each naming the clip (0-based)
 * and the field; empty when they can. Clip 0 is the reference; per-clip problems (no IDR first,
 * unsupported codec) are listed too.
 */
export function compareClips(infos: readonly ClipInfo[]): string[] {
  const problems: string[] = []
  const ref = infos[0]
  if (!ref) return ['no clips were given']

  infos.forEach((clip, i) => {
    const name = `clip ${i} (${path.basename(clip.path)})`
    if (!JOINABLE_VIDEO.has(clip.video.codec)) {
      problems.push(`${name}: video codec ${clip.video.codec} is not supported for joining (H.264 only)`)
    } else if (!clip.video.startsWithIdr) {
      problems.push(`${name}: the first video frame is not an IDR frame, so the clip cannot start a new segment`)
    }
    if (clip.audio && !JOINABLE_AUDIO.has(clip.audio.codec)) {
      problems.push(`${name}: audio codec ${clip.audio.codec} is not supported for joining (AAC only)`)
    }
    if (i === 0) return

    const differ = (field: string, value: unknown, expected: unknown): void => {
      problems.push(`${name}: ${field} is ${String(value)}, clip 0 has ${String(expected)}`)
    }
    const v = clip.video
    const r = ref.video
    if (v.codecString !== r.codecString) differ('video codec', v.codecString, r.codecString)
    if (v.codedWidth !== r.codedWidth || v.codedHeight !== r.codedHeight) {
      differ('frame size', `${v.codedWidth}x${v.codedHeight}`, `${r.codedWidth}x${r.codedHeight}`)
    }
    if (v.rotation !== r.rotation) differ('rotation', `${v.rotation}°`, `${r.rotation}°`)
    // 1 µs tolerance: the same rate stored with different timescales must compare equal.
    if (Math.abs(v.frameDuration - r.frameDuration) > 1e-6) {
      differ('frame rate', `${round(v.frameRate)} fps`, `${round(r.frameRate)} fps`)
    }
    if (v.configDigest !== r.configDigest) {
      differ('video decoder configuration (avcC: SPS/PPS)', short(v.configDigest), short(r.configDigest))
    }

    const a = clip.audio
    const ra = ref.audio
    if (!a || !ra) {
      if (a !== ra) differ('audio', a ? 'present' : 'absent', ra ? 'present' : 'absent')
      return
    }
    if (a.codecString !== ra.codecString) differ('audio codec', a.codecString, ra.codecString)
    if (a.sampleRate !== ra.sampleRate) differ('audio sample rate', `${a.sampleRate} Hz`, `${ra.sampleRate} Hz`)
    if (a.channels !== ra.channels) differ('audio channel count', a.channels, ra.channels)
    if (a.configDigest !== ra.configDigest) {
      differ('audio decoder configuration (AudioSpecificConfig)', short(a.configDigest), short(ra.configDigest))
    }
  })
  return problems
}

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
