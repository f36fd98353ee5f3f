/**
 * The join: mediabunny demuxes every clip and muxes its packets, in decode
 * order and with shifted timestamps, into one film. Handles any MP4/MOV layout mediabunny reads.
 * Loaded lazily: it is the only module that needs mediabunny (a 2.0 MB chunk in the ncc bundle,
 * ~28 ms to load).
 *
 * Each clip is opened once (openClips): the probe and the copy share its Input, so its moov is
 * read and parsed once. The choices below were measured (1366x768 6 s clips, 2-core machine,
 * ncc bundle, whole process; `npm run bench` measures the join against ffmpeg -c copy):
 * - Reading: a CustomSource over readSync with prefetchProfile 'none' and a 256 KiB cache, not
 *   FilePathSource. FilePathSource always prefetches 64 KiB around each read, each block read is
 *   a thread-pool round trip the copy waits on, and packets straddling two cached blocks are
 *   copied once more. Exact synchronous reads took ~15-20% off the wall time at 5-10 clips and
 *   make less garbage; an open Input also keeps less cached (~0.1 MB instead of ~0.3 MB).
 * - Packets are fetched with getFirstPacket/getNextPacket, not sink.packets(): that iterator
 *   runs a read-ahead pump whose queue grows to "one second of packets at the consumer's rate",
 *   i.e. up to a whole clip here.
 * - Writing: FilePathTarget with chunked: false. The default (chunked, 16 MiB chunks) copies
 *   every byte a third time into fresh 16 MiB buffers and holds up to two of them: +40 MB of
 *   peak RSS at 10 clips.
 * Peak RSS still rises with the clip count (~75 MB for 2 clips, ~98 MB for 10): not retained
 * data (with a forced GC per clip, no optimising JIT and a 1 MB young generation, 10 clips stay
 * within ~2 MB of 2) but V8's lazy collection of the buffers, its young generation growing, and
 * its optimising compilers, none of which a module can configure. Retained per clip: the muxer's
 * sample tables (~60 kB per 6 s clip) and, until it is copied, the clip's open Input (~0.1 MB).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { JoinError } from '../errors.js'
import { stat } from 'node:fs/promises'
import {
  CustomSource,
  EncodedAudioPacketSource,
  EncodedPacket,
  EncodedPacketSink,
  EncodedVideoPacketSource,
  FilePathTarget,
  Input,
  MP4,
  Mp4OutputFormat,
  Output,
  QTFF,
  type InputAudioTrack,
  type InputVideoTrack
} from 'mediabunny'
import { readAacConfig, silentAacFrame, type AacConfig } from './aac-silence.js'
import {
  isAvcIdr,
  isLeading,
  digest,
  mostCommon,
  type AudioSync,
  type AudioTrackInfo,
  type ProbedClip,
  type JoinResult,
  type VideoTrackInfo
} from './join-common.js'
import type { Seam } from '../types/result.js'

// MP4 and QuickTime only: anything else is not a MiniMax clip. (It does not shrink the bundle:
// ncc keeps all of mediabunny, ~2.0 MB, in the lazily loaded chunk.)
const FORMATS = [MP4, QTFF]

/** Metadata-only packets: timestamps, durations and sizes from the sample tables, no media bytes. */
const METADATA = { metadataOnly: true }

/**
 * A clip as a mediabunny source: exact, synchronous reads of the byte ranges mediabunny asks
 * for. Synchronous is fine here: the join is the process's only work, and the output's writes
 * stay asynchronous, so the event loop (and an abort signal) still gets its turns.
 */
function clipSource(file: string): CustomSource {
  let fd: number | null = null
  return new CustomSource({
    getSize: () => {
      fd = openSync(file, 'r')
      return fstatSync(fd).size
    },
    read: (start, end) => {
      const bytes = new Uint8Array(end - start)
      for (let done = 0; done < bytes.length;) {
        const n = readSync(fd!, bytes, done, bytes.length - done, start + done)
        if (n === 0) throw new JoinError(`${file}: the file ended early (was it changed during the join?)`)
        done += n
      }
      return bytes
    },
    dispose: () => {
      if (fd !== null) closeSync(fd)
      fd = null
    },
    // No read-ahead: each packet is read as exactly its bytes (sequential packets are contiguous
    // anyway). The small cache only serves the box parser's re-reads of the moov.
    prefetchProfile: 'none',
    maxCacheSize: 256 * 1024
  })
}

/** A probed clip whose Input stays open for the copy. Dispose it (closeClips) when done. */
export interface OpenClip {
  info: ProbedClip
  input: Input
  video: InputVideoTrack
  audio: InputAudioTrack | null
}

async function openClip(file: string): Promise<OpenClip> {
  const bytes = (await stat(file)).size
  const input = new Input({ source: clipSource(file), formats: FORMATS })
  try {
    const videoTrack = await input.getPrimaryVideoTrack()
    if (!videoTrack) throw new JoinError(`${file} has no video track`)
    const audioTrack = await input.getPrimaryAudioTrack()
    const video = await probeVideo(videoTrack, file)
    const audio = audioTrack ? await probeAudio(audioTrack, video.startTime, file) : null
    return { info: { path: file, bytes, video, audio }, input, video: videoTrack, audio: audioTrack }
  } catch (error) {
    input.dispose()
    throw error
  }
}

/** Probe one clip: decoder configurations, and a metadata-only pass over its packets. */
export async function probeClip(file: string): Promise<ProbedClip> {
  const clip = await openClip(file)
  clip.input.dispose()
  return clip.info
}

/**
 * Open and probe every clip, in order. The Inputs stay open for writeByPackets, which disposes
 * each one as soon as it is copied; on any failure here, the ones already open are disposed.
 */
export async function openClips(files: readonly string[], signal?: AbortSignal): Promise<OpenClip[]> {
  const clips: OpenClip[] = []
  try {
    for (const file of files) {
      signal?.throwIfAborted()
      clips.push(await openClip(file))
    }
    return clips
  } catch (error) {
    closeClips(clips)
    throw error
  }
}

/** Dispose the clips' Inputs (closes their files). Safe to call more than once. */
export function closeClips(clips: readonly OpenClip[]): void {
  for (const clip of clips) clip.input.dispose()
}

async function probeVideo(track: InputVideoTrack, file: string): Promise<VideoTrackInfo> {
  const config = await track.getDecoderConfig()
  if (!config) throw new JoinError(`${file}: mediabunny cannot read the video decoder configuration`)
  const ticksPerSecond = await track.getTimeResolution()
  const sink = new EncodedPacketSink(track)

  let packets = 0
  let start = Infinity
  let end = -Infinity
  let lastFrameStart = -Infinity
  let lastDecoded = -Infinity
  const durations = new Map<number, number>() // duration in ticks -> frames
  for (let p = await sink.getFirstPacket(METADATA); p; p = await sink.getNextPacket(p, METADATA)) {
    packets++
    start = Math.min(start, p.timestamp)
    end = Math.max(end, p.timestamp + p.duration)
    lastFrameStart = Math.max(lastFrameStart, p.timestamp)
    lastDecoded = p.timestamp
    const ticks = Math.round(p.duration * ticksPerSecond)
    durations.set(ticks, (durations.get(ticks) ?? 0) + 1)
  }
  if (packets === 0) throw new JoinError(`${file}: the video track has no frames`)
  const frameTicks = mostCommon(durations)
  const first = await sink.getFirstPacket() // with data: the IDR test needs the NAL units
  const description = bytesOf(config.description)

  return {
    codec: track.codec ?? 'unknown',
    codecString: config.codec,
    codedWidth: config.codedWidth ?? (await track.getCodedWidth()),
    codedHeight: config.codedHeight ?? (await track.getCodedHeight()),
    rotation: await track.getRotation(),
    frameDuration: frameTicks / ticksPerSecond,
    frameRate: ticksPerSecond / frameTicks,
    constantFrameRate: [...durations.keys()].every(d => Math.abs(d - frameTicks) <= 1),
    configDigest: digest(description),
    packets,
    startTime: start,
    duration: end - start,
    startsWithIdr: first !== null && track.codec === 'avc' && isAvcIdr(first.data, description),
    lastFrameStart,
    endsOnLastDecoded: lastDecoded === lastFrameStart
  }
}

async function probeAudio(track: InputAudioTrack, videoStart: number, file: string): Promise<AudioTrackInfo> {
  const config = await track.getDecoderConfig()
  if (!config) throw new JoinError(`${file}: mediabunny cannot read the audio decoder configuration`)
  const ticksPerSecond = await track.getTimeResolution()
  const sink = new EncodedPacketSink(track)
  const timestamps: number[] = []
  const durations = new Map<number, number>()
  let end = -Infinity
  for (let p = await sink.getFirstPacket(METADATA); p; p = await sink.getNextPacket(p, METADATA)) {
    timestamps.push(p.timestamp)
    end = Math.max(end, p.timestamp + p.duration)
    const ticks = Math.round(p.duration * ticksPerSecond)
    durations.set(ticks, (durations.get(ticks) ?? 0) + 1)
  }
  // Not the first or last packet's duration: mediabunny trims those to the edit list (the last
  // AAC packet of an ffmpeg file reads as e.g. 8 ms), but each packet decodes to a full frame.
  const frameDuration = mostCommon(durations) / ticksPerSecond
  const leadingPackets = timestamps.filter(t => isLeading(t, videoStart, frameDuration)).length
  const firstPresented = timestamps[leadingPackets] ?? end
  return {
    codec: track.codec ?? 'unknown',
    codecString: config.codec,
    sampleRate: config.sampleRate,
    channels: config.numberOfChannels,
    configDigest: digest(bytesOf(config.description)),
    packets: timestamps.length,
    leadingPackets,
    frameDuration,
    duration: Math.max(0, end - firstPresented)
  }
}

/**
 * Mux the clips' packets into `file`. Takes ownership of `clips`: each Input is disposed once
 * its packets are copied, and all of them when this returns or throws.
 */
export async function writeByPackets(
  clips: readonly OpenClip[],
  file: string,
  fastStart: boolean,
  signal: AbortSignal | undefined
): Promise<JoinResult> {
  const output = new Output({
    // 'reserve' writes the moov into space reserved after ftyp, so the index comes first
    // without holding the film in memory (unlike 'in-memory'); it needs upper bounds on the
    // packet counts, which the probe has exactly. Measured as fast as moov-at-end.
    format: new Mp4OutputFormat({ fastStart: fastStart ? 'reserve' : false }),
    // chunked: false: each muxer flush (0.5 s of one track) goes straight to the file, instead
    // of being copied into 16 MiB buffers first (FilePathTarget's default).
    target: new FilePathTarget(file, { chunked: false })
  })
  try {
    const result = await writeFilm(output, clips, signal)
    return { ...result, bytes: (await stat(file)).size }
  } catch (error) {
    // cancel() closes mediabunny's file handle, so the caller can remove the file.
    if (output.state !== 'finalized' && output.state !== 'canceled') await output.cancel().catch(() => undefined)
    throw error
  } finally {
    closeClips(clips)
  }
}

/** Where a clip lies on the film's timeline, and what its seams do to its end pictures. */
export interface ClipPlan {
  /** Film time of the clip's own start (its first picture's time, before any retiming). */
  origin: number
  /** Film time where its picture and its sound end: the next clip's origin, or the film's end. */
  end: number
  /** How much later than its own time the first picture is shown (half a period after a retimed seam). */
  firstDelay: number
  /** The last picture is shown for half a period (a retimed seam after it). */
  halveLast: boolean
  /** The last picture is left out (a seam after it, and no frame refers to it). */
  dropLast: boolean
}

/**
 * Every clip's place on the film's timeline. Clip i ends on the picture clip i+1 starts with,
 * so clip i+1 starts one frame period before clip i's end: the film lasts the clips' lengths
 * less one period per seam. The sound of clip i is cut (or filled with silence) to that point,
 * so it moves with the picture.
 */
export function planFilm(infos: readonly ProbedClip[]): { plans: ClipPlan[]; seams: Seam[] } {
  const plans: ClipPlan[] = []
  const seams: Seam[] = []
  let origin = 0
  let firstDelay = 0
  infos.forEach((info, i) => {
    const v = info.video
    if (i === infos.length - 1) {
      plans.push({ origin, end: origin + v.duration, firstDelay, halveLast: false, dropLast: false })
      return
    }
    const next = origin + v.duration - v.frameDuration
    // Leave clip i's copy out where that changes no other frame: it is the last in decode order
    // (a B-frame decoded after it refers to it, and leaving it out then gives no decoder error
    // but wrong pictures). Then the film keeps its constant frame rate there and shows one
    // encoding of the picture, clip i+1's IDR. Elsewhere both copies stay, half a period each.
    const drop = v.endsOnLastDecoded && v.packets >= 2
    plans.push({ origin, end: next, firstDelay, halveLast: !drop, dropLast: drop })
    seams.push({ after: i + 1, at: next, video: drop ? 'dropped' : 'retimed', silenceMs: 0, gapMs: 0, syncMs: null })
    origin = next
    firstDelay = drop ? 0 : v.frameDuration / 2
  })
  return { plans, seams }
}

async function writeFilm(
  output: Output,
  clips: readonly OpenClip[],
  signal: AbortSignal | undefined
): Promise<Omit<JoinResult, 'bytes'>> {
  const first = clips[0]!
  const infos = clips.map(c => c.info)
  const videoSource = await addVideoTrack(output, first, infos)
  const { audio, unfillable } = await addAudioTrack(output, first, infos)
  await output.start()

  const { plans, seams } = planFilm(infos)
  let videoPackets = 0
  let audioPackets = 0
  const audioSync: AudioSync[] = []
  for (const [index, open] of clips.entries()) {
    const plan = plans[index]!
    try {
      const counts = await copyClip(open, plan, index === 0, videoSource, audio, signal)
      videoPackets += counts.video
      audioPackets += counts.audio
      if (audio && open.info.audio) audioSync.push(clipSync(audio.lane, index, plan))
    } finally {
      open.input.dispose() // closes the clip's file and drops its cache at once
    }
  }

  signal?.throwIfAborted()
  await output.finalize()
  recordSeamSound(seams, audioSync)
  const durationSeconds = plans.at(-1)!.end
  const audioGaps = audio?.lane.gaps ?? 0
  return { durationSeconds, videoPackets, audioPackets, seams, audioSync, audioGaps, unfillable }
}

/**
 * The film's video track. Decoder configs come from clip 0 (all clips were shown to be
 * byte-identical). Giving them as track metadata up front lets mediabunny know all tracks before
 * the first packet, so it starts writing at once instead of queueing packets until every track
 * has seen one.
 */
async function addVideoTrack(
  output: Output,
  first: OpenClip,
  infos: readonly ProbedClip[]
): Promise<EncodedVideoPacketSource> {
  const videoSource = new EncodedVideoPacketSource('avc')
  output.addVideoTrack(videoSource, {
    rotation: first.info.video.rotation,
    decoderConfig: (await first.video.getDecoderConfig())!,
    maximumPacketCount: sum(infos.map(i => i.video.packets))
  })
  return videoSource
}

/**
 * The film's sound track, if clip 0 has sound, with the lane that places it; its decoder config
 * too comes from clip 0, up front. `unfillable` is the AAC configuration no silent frame can be
 * made for (gaps then stay gaps), else null.
 */
async function addAudioTrack(
  output: Output,
  first: OpenClip,
  infos: readonly ProbedClip[]
): Promise<{ audio: AudioOut | null; unfillable: AacConfig | null }> {
  if (!first.audio) return { audio: null, unfillable: null }
  const decoderConfig = (await first.audio.getDecoderConfig())!
  const config = readAacConfig(bytesOf(decoderConfig.description))
  const silence = config ? silentAacFrame(config) : null
  const unfillable = silence ? null : (config ?? { objectType: 0, channelConfiguration: 0 })
  const source = new EncodedAudioPacketSource('aac')
  // The silent frames a gap may need are extra packets: room for one clip's worth per clip.
  const room = sum(infos.map(i => i.audio?.packets ?? 0)) + sum(infos.map(i => framesIn(i)))
  output.addAudioTrack(source, { decoderConfig, maximumPacketCount: room })
  return { audio: { source, lane: new AudioLane(silence) }, unfillable }
}

/** Where the clip's sound landed against its picture, read from the lane once the clip is copied. */
function clipSync(lane: AudioLane, clip: number, plan: ClipPlan): AudioSync {
  const startOffset = (lane.startTime ?? lane.end) - plan.origin
  return { clip, startOffset, endOffset: lane.end - plan.end, silence: lane.silence, gap: lane.gap }
}

/**
 * A seam's sound figures: the silence and gap at the end of the clip before it, and how far the
 * next clip's sound starts from its picture (null when that clip has no sound).
 */
function recordSeamSound(seams: Seam[], audioSync: readonly AudioSync[]): void {
  for (const seam of seams) {
    const before = audioSync[seam.after - 1]
    const after = audioSync[seam.after]
    seam.silenceMs = ms(before?.silence ?? 0)
    seam.gapMs = ms(before?.gap ?? 0)
    seam.syncMs = after ? ms(after.startOffset) : null
  }
}

interface AudioOut {
  source: EncodedAudioPacketSource
  lane: AudioLane
}

/** A clip's sound on its way into the film's track: read from `sink`, placed by `lane`. */
interface ClipSound {
  sink: EncodedPacketSink
  lane: AudioLane
  source: EncodedAudioPacketSource
}

/**
 * Copy one clip's packets onto the film's timeline, then fill the end of its sound with silence
 * where it stops before its picture does.
 */
async function copyClip(
  open: OpenClip,
  plan: ClipPlan,
  first: boolean,
  videoSource: EncodedVideoPacketSource,
  audio: AudioOut | null,
  signal: AbortSignal | undefined
): Promise<{ video: number; audio: number }> {
  const info = open.info.video
  const shift = plan.origin - info.startTime
  const videoSink = new EncodedPacketSink(open.video)
  const sound = startClipSound(open, plan, first, audio)
  const counts = await interleave(videoSink, sound, shift, plan, info, videoSource, signal)
  // The clip's sound ended before its picture: silence up to the picture's end.
  if (sound) counts.audio += await addAll(sound.source, sound.lane.finishClip())
  return counts
}

/**
 * The clip's sound, when both it and the film have a sound track, with the lane started on this
 * clip; null for a clip without sound, which leaves the lane as the clip before left it.
 */
function startClipSound(open: OpenClip, plan: ClipPlan, first: boolean, audio: AudioOut | null): ClipSound | null {
  if (!audio || !open.audio || !open.info.audio) return null
  const sink = new EncodedPacketSink(open.audio)
  audio.lane.startClip(first, plan.origin, open.info.video.startTime, plan.end, open.info.audio.frameDuration)
  return { sink, lane: audio.lane, source: audio.source }
}

/**
 * The clip's two tracks, interleaved by film time so that mediabunny's 0.5 s chunks of audio and
 * video alternate in the file (a player reading from the start needs both at once). One packet
 * of each track is held at a time; a packet is dropped once it is added. This is the join's hot
 * loop: no closures or helper promises per packet.
 */
async function interleave(
  videoSink: EncodedPacketSink,
  sound: ClipSound | null,
  shift: number,
  plan: ClipPlan,
  info: VideoTrackInfo,
  videoSource: EncodedVideoPacketSource,
  signal: AbortSignal | undefined
): Promise<{ video: number; audio: number }> {
  // Decode-order number of the frame the seam leaves out; 0 (no frame has it) keeps them all.
  const dropped = plan.dropLast ? info.packets : 0
  let decoded = 0
  let videoCount = 0
  let audioCount = 0
  let v = await videoSink.getFirstPacket()
  let a = sound ? await sound.sink.getFirstPacket() : null
  while (v || a) {
    signal?.throwIfAborted()
    if (v && (!a || v.timestamp + shift <= sound!.lane.nextTime(a))) {
      decoded++
      if (decoded !== dropped) {
        await videoSource.add(placeFrame(v, shift, plan, info))
        videoCount++
      }
      v = await videoSink.getNextPacket(v)
    } else {
      // a and sound are set here: once a clip's sound is done, the branch above takes every packet.
      const placed = sound!.lane.place(a!)
      for (const packet of placed.packets) await sound!.source.add(packet)
      audioCount += placed.packets.length
      a = placed.done ? null : await sound!.sink.getNextPacket(a!)
    }
  }
  return { video: videoCount, audio: audioCount }
}

async function addAll(source: EncodedAudioPacketSource, packets: readonly EncodedPacket[]): Promise<number> {
  for (const packet of packets) await source.add(packet)
  return packets.length
}

/**
 * A video packet with its film time. Packets are read-only: cloned with the new timestamp (data
 * is shared, not copied). The shared picture's two copies at a retimed seam last half a period
 * each: the later copy starts half a period late, so the earlier one is shown for half a period.
 */
function placeFrame(packet: EncodedPacket, shift: number, plan: ClipPlan, info: VideoTrackInfo): EncodedPacket {
  let timestamp = packet.timestamp + shift
  let duration = packet.duration
  if (plan.firstDelay > 0 && packet.timestamp === info.startTime) {
    timestamp += plan.firstDelay
    duration = info.frameDuration - plan.firstDelay
  }
  if (plan.halveLast && packet.timestamp === info.lastFrameStart) duration = info.frameDuration / 2
  return packet.clone({ timestamp, duration })
}

/**
 * Places each clip's AAC packets on the film's timeline, back to back after the previous
 * clip's. `cursor` is where the next packet starts; every packet lasts one frame (1024
 * samples), whatever trimmed duration the file gives its first or last packet. Where a clip's
 * sound is shorter than its picture (or has a gap), silent frames fill it, so that the decoded
 * sample count and the timeline agree; without a silent frame for the clips' configuration, the
 * gap is left in the timeline (and every later sound plays early by it).
 */
class AudioLane {
  /** Gaps left without silence (only without a silent frame). */
  gaps = 0
  /** Film time of the current clip's first presented (non-priming) audio packet, once placed. */
  startTime: number | null = null
  /** Silence written into the current clip's sound, and gaps left in it, in seconds. */
  silence = 0
  gap = 0
  private cursor: number | null = null
  private first = true
  private started = false
  private shift = 0
  private slip = 0
  private videoStart = 0
  private videoEnd = 0
  private frame = 0

  private readonly silentFrame: Uint8Array | null
  constructor(silentFrame: Uint8Array | null) {
    this.silentFrame = silentFrame
  }

  startClip(first: boolean, offset: number, videoStart: number, videoEnd: number, frameDuration: number): void {
    this.first = first
    this.started = false
    this.startTime = null
    this.silence = 0
    this.gap = 0
    this.slip = 0
    this.shift = offset - videoStart
    this.videoStart = videoStart
    this.videoEnd = videoEnd
    this.frame = frameDuration
  }

  /** Film time at which `packet` would be placed (for interleaving with video). */
  nextTime(packet: EncodedPacket): number {
    return this.started && this.cursor !== null ? this.cursor : packet.timestamp + this.shift
  }

  /**
   * The packets to write for `packet` (silence before it, then it, or nothing), and whether the
   * clip's sound is done (the rest lies past its picture's end).
   */
  place(packet: EncodedPacket): { packets: EncodedPacket[]; done: boolean } {
    const leading = isLeading(packet.timestamp, this.videoStart, this.frame)
    // Where the packet's own timestamp puts it, less the slip chosen at the clip's start.
    const natural = packet.timestamp + this.shift + this.slip
    const packets: EncodedPacket[] = []
    if (!this.started) {
      // Later clips lose their priming packet(s): their own edit list hid them, and here
      // they would only push the clip's audio late.
      if (!this.first && leading) return { packets, done: false }
      // Clip 0 keeps its priming at a negative time: mediabunny writes the edit list that hides it.
      if (this.cursor === null || this.first) this.cursor = natural
      // The sound starts late (or the previous clip's ended early and could not be filled).
      else if (natural - this.cursor > this.frame / 2) this.fill(Math.min(natural, this.videoEnd), packets)
      // Back to back means this clip's audio slips by up to half a frame against its video.
      this.slip = this.cursor - natural
      this.started = true
    } else if (natural - this.cursor! > this.frame / 2) {
      // A gap inside the clip (its own timestamps jump): filled, or the rest would run early.
      this.fill(Math.min(natural, this.videoEnd), packets)
      this.slip += this.cursor! - natural
    }
    const at = this.cursor!
    // Cut the tail at the video's end: keep a packet only if that leaves the audio end
    // nearer the video end than dropping it would. The error stays within half a frame and
    // never builds up, because the cut is against the film's absolute video time.
    if (at + this.frame / 2 > this.videoEnd) return { packets, done: true }
    if (!leading) this.startTime ??= at
    this.cursor = at + this.frame
    packets.push(packet.clone({ timestamp: at, duration: this.frame }))
    return { packets, done: false }
  }

  /** Silence from where the clip's sound ended to its picture's end (nothing if it reached it). */
  finishClip(): EncodedPacket[] {
    this.cursor ??= this.videoStart + this.shift
    const packets: EncodedPacket[] = []
    this.fill(this.videoEnd, packets)
    return packets
  }

  /** Silent frames from the cursor to within half a frame of `until`; without them, a gap. */
  private fill(until: number, packets: EncodedPacket[]): void {
    let at = this.cursor!
    if (this.silentFrame) {
      for (; at + this.frame / 2 <= until; at += this.frame) {
        packets.push(new EncodedPacket(this.silentFrame, 'key', at, this.frame))
        this.silence += this.frame
      }
    } else if (until - at > this.frame / 2) {
      this.gap += until - at
      this.gaps++
      at = until
    }
    this.cursor = at
  }

  /** Film time where the audio placed so far ends. */
  get end(): number {
    return this.cursor ?? 0
  }
}

/** Frames of a clip's length: an upper bound on the silent frames its sound may need. */
function framesIn(info: ProbedClip): number {
  return info.audio ? Math.ceil(info.video.duration / info.audio.frameDuration) + 1 : 0
}

const ms = (seconds: number): number => Math.round(seconds * 10000) / 10

/**
 * The bytes of a decoder description. It may be a view into a larger buffer: honour byteOffset.
 * Typed `unknown` on purpose: without the DOM lib, WebCodecs' AllowSharedBufferSource does not
 * resolve, so mediabunny's `description` reaches us as `any`.
 */
function bytesOf(source: unknown): Uint8Array {
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
  if (source instanceof ArrayBuffer) return new Uint8Array(source)
  return new Uint8Array(0)
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0)
