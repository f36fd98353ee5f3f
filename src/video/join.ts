/**
 * Join MP4 clips into one MP4 without re-encoding, in pure JavaScript with mediabunny (no ffmpeg
 * on the runner). Loaded only by a storyboard run that gets as far as joining.
 *
 * The clips' encoded frames are copied into one video track (and one audio track when the clips
 * have audio), each clip starting where the previous one ends. Nothing is decoded, so the pictures
 * are bit-identical to the clips'.
 *
 * That is only valid when every clip was encoded with the same codec parameters: an MP4 track has
 * ONE decoder configuration (avcC / AudioSpecificConfig); a clip with another one would decode as
 * garbage after its seam. So the clips are probed first and the join is refused, naming every
 * difference, unless they all match (compareClips).
 *
 * Seams: clip i ends on the picture clip i+1 starts with (first-and-last-frame generation), and
 * the film shows it for one frame period, not two. Where clip i's copy is its last frame in
 * decode order too (nothing refers to it), it is left out; elsewhere (B-frames decoded after it
 * refer to it) both copies stay, shown half a period each. Every other frame is untouched, and
 * the film lasts the clips' lengths less one period per seam. JoinResult.seams says which.
 *
 * Audio (AAC) is laid back to back, as a decoder plays it anyway: each packet decodes to 1024
 * samples. Later clips lose their encoder-priming packet (it would push their audio ~32 ms late),
 * and each clip's audio is cut at its video's (new) end, to within half an AAC frame, so that
 * audio and video stay in step at every seam and the error never builds up. A clip whose audio
 * is shorter than its video is filled to its end with silent AAC frames (aac-silence.ts), so the
 * decoded sample count and the timeline agree; for audio with no known silent frame (not AAC-LC
 * mono or stereo) the gap stays in the timeline only and JoinResult.unfillable says so. The first
 * AAC frame after a seam decodes slightly differently from the clip on its own (no priming to
 * overlap with): inherent to joining AAC without re-encoding.
 */
import { randomBytes } from 'node:crypto'
import { rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { JoinError } from '../errors.js'
import { ClipMismatchError, findDifferences, type ProbedClip, type JoinResult } from './join-common.js'
import { removeAtExit } from '../fs/cleanup.js'

export {
  ClipMismatchError,
  compareClips,
  findDifferences,
  type AudioSync,
  type ClipDifference,
  type ProbedClip,
  type JoinResult
} from './join-common.js'

export interface JoinOptions {
  /** Paths of the clips, in film order. */
  clips: string[]
  /** Path of the film. Replaced only once the film is complete. */
  output: string
  signal?: AbortSignal
  /**
   * Put the index (moov) before the media data so the film plays while it downloads (mediabunny's
   * fastStart 'reserve', sized from the probed packet counts). Default true.
   */
  fastStart?: boolean
}

/** Probe one clip (metadata-only packet reads, plus the first packet's bytes for the IDR test). */
export async function probeClip(file: string): Promise<ProbedClip> {
  const { probeClip: probe } = await import('./join-packets.js')
  return probe(file)
}

/**
 * Join the clips, in order, into `output`. Refuses with a ClipMismatchError (a JoinError; every
 * difference listed, each clip named counting from 1) unless every clip has the codec parameters
 * most clips have. Writes to a temporary file beside `output` and
 * renames it into place, so `output` is either the whole film or untouched; the temporary file is
 * removed on any failure, including an abort through `signal` or the process exiting.
 */
export async function joinClips(options: JoinOptions): Promise<JoinResult> {
  const { output, signal } = options
  if (options.clips.length === 0) throw new JoinError('there are no clips to join')
  // Same folder as the output, so the final rename stays on one file system (atomic).
  const temporary = path.join(
    path.dirname(output),
    `.${path.basename(output)}.${randomBytes(6).toString('hex')}.partial`
  )
  const forget = removeAtExit(temporary)
  const packets = await import('./join-packets.js')
  // Each clip is opened once: probed (all of them, so a mismatch is refused before anything is
  // written, and fastStart 'reserve' knows the packet counts), then copied from the same Input.
  const clips = await packets.openClips(options.clips, signal)
  try {
    const differences = findDifferences(clips.map(c => c.info))
    if (differences.length > 0) throw new ClipMismatchError(differences)
    const result = await packets.writeByPackets(clips, temporary, options.fastStart ?? true, signal)
    signal?.throwIfAborted()
    await rename(temporary, output)
    return result
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  } finally {
    packets.closeClips(clips)
    forget()
  }
}
