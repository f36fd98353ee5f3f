/**
 * Test helper: what a joined film shows and plays, read from its demuxed packets (mediabunny, no
 * ffmpeg): which clip's frame each presented frame is (matched by its bytes) and for how long it
 * is shown, and where each clip's sound lies in the decoded stream. A decoder plays AAC packets
 * back to back, 1024 samples each, so packet n of the film decodes at film time
 * first.timestamp + n * frame whatever the container's timestamps say: that is the time used.
 */
import { createHash } from 'node:crypto'
import { EncodedPacketSink, FilePathSource, Input, MP4, type InputTrack } from 'mediabunny'

export interface Packet {
  timestamp: number
  duration: number
  hash: string
}

export interface Tracks {
  video: Packet[]
  audio: Packet[]
}

/** Every packet of the file's video and audio tracks, in decode order. */
export async function readPackets(file: string): Promise<Tracks> {
  const input = new Input({ source: new FilePathSource(file), formats: [MP4] })
  try {
    const read = async (track: InputTrack | null): Promise<Packet[]> => {
      const packets: Packet[] = []
      if (!track) return packets
      for await (const p of new EncodedPacketSink(track).packets()) {
        packets.push({ timestamp: p.timestamp, duration: p.duration, hash: hashOf(p.data) })
      }
      return packets
    }
    return {
      video: await read(await input.getPrimaryVideoTrack()),
      audio: await read(await input.getPrimaryAudioTrack())
    }
  } finally {
    input.dispose()
  }
}

export const hashOf = (data: Uint8Array): string => createHash('sha1').update(data).digest('hex')

/** A picture on screen: one frame of the film, or the two copies of a shared picture. */
export interface SeamView {
  /** Which copies the film shows: clip i's last frame, clip i+1's first frame, or both. */
  copies: ('earlier' | 'later')[]
  /** How long the shared picture is on screen, in seconds. */
  shown: number
}

export interface VideoView {
  seams: SeamView[]
  /** Film time of each clip's own time 0 (its second picture's start less one period). */
  origins: number[]
  /** Frames other than the shared copies whose time on screen is not one period. */
  offPeriod: { at: number; shown: number }[]
  /** Frames of the film that are not the clips' frames in order (should be none). */
  strangers: number
  end: number
}

/**
 * Walk the film's frames in presentation order against the clips' frames in presentation order.
 * At each seam the film may show clip i's last frame, clip i+1's first, or both.
 */
export function viewVideo(film: Packet[], clips: Packet[][], period: number): VideoView {
  const shown = byPresentation(film)
  const view: VideoView = { seams: [], origins: [], offPeriod: [], strangers: 0, end: 0 }
  let p = 0
  clips.map(byPresentation).forEach((frames, k, all) => {
    frames.forEach(({ packet }, j) => {
      const frame = shown[p]
      const matches = frame !== undefined && frame.packet.hash === packet.hash
      if (j === frames.length - 1 && k < all.length - 1) {
        // Clip k's copy of the picture clip k+1 starts with: it may be left out.
        view.seams.push(matches ? { copies: ['earlier'], shown: frame.shown } : { copies: [], shown: 0 })
        if (matches) p++
        return
      }
      p++
      if (!matches) {
        view.strangers++
        return
      }
      if (j === 0 && k > 0) {
        view.seams[k - 1]!.copies.push('later')
        view.seams[k - 1]!.shown += frame.shown
        return
      }
      if (j === 1) view.origins.push(frame.packet.timestamp - period)
      if (Math.abs(frame.shown - period) > 1e-4) view.offPeriod.push({ at: frame.packet.timestamp, shown: frame.shown })
    })
  })
  view.strangers += Math.max(0, shown.length - p)
  const last = shown.at(-1)
  view.end = last ? last.packet.timestamp + last.shown : 0
  return view
}

/** Frames in presentation order, each with how long it is on screen (until the next one starts). */
function byPresentation(packets: Packet[]): { packet: Packet; shown: number }[] {
  const sorted = [...packets].sort((a, b) => a.timestamp - b.timestamp)
  return sorted.map((packet, i) => ({
    packet,
    shown: (sorted[i + 1]?.timestamp ?? packet.timestamp + packet.duration) - packet.timestamp
  }))
}

export interface SoundView {
  /** Decoded film time at which each clip's first real (non-priming) packet starts playing. */
  starts: number[]
  /** Decoded samples from each clip's first packet to the next clip's (or the end), per channel. */
  samples: number[]
  /** Silent packets (by their bytes) between each clip's own packets and the next clip's. */
  silentAfter: number[]
  /** Decoded film time where the sound ends. */
  end: number
  /** Clips whose packets were not found in order. */
  missing: number[]
}

/**
 * Find each clip's packets in the film's audio, in order, and the decoded time at which they
 * play. `silent` is the hash of a silent frame, to count the ones written between clips.
 */
export function viewSound(film: Packet[], clips: Packet[][], frame: number, silent: string): SoundView {
  const first = film[0]?.timestamp ?? 0
  const decodedAt = (index: number): number => first + index * frame
  const view: SoundView = { starts: [], samples: [], silentAfter: [], end: decodedAt(film.length), missing: [] }
  const found: number[] = []
  let from = 0
  clips.forEach((packets, k) => {
    const real = packets.filter(p => p.timestamp >= -frame / 2)
    // Three packets in a row, so that a silent frame or a repeated clip cannot match by chance.
    const key = real.slice(0, 3).map(p => p.hash)
    let at = -1
    for (let i = from; i + key.length <= film.length && at < 0; i++) {
      if (key.every((h, n) => film[i + n]!.hash === h)) at = i
    }
    if (at < 0) {
      view.missing.push(k + 1)
      return
    }
    found.push(at)
    view.starts.push(decodedAt(at))
    from = at + 1
  })
  found.forEach((at, k) => {
    const next = found[k + 1] ?? film.length
    view.samples.push((next - at) * 1024)
    let silentCount = 0
    for (let i = next - 1; i > at && film[i]!.hash === silent; i--) silentCount++
    view.silentAfter.push(silentCount)
  })
  return view
}
