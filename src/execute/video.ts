/**
 * A finished task's video on disk: downloaded at once (its link expires), read back from its own
 * tracks (size, length, sound: H3 clips run past whole seconds, so nothing is assumed), held
 * against what was asked for, and copied to every clip that is the same request.
 */
import { randomBytes } from 'node:crypto'
import { copyFile, mkdir, rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { errorMessage } from '../errors.js'
import type { TaskState } from '../minimax/client.js'
import { RESOLUTION_SHORT_SIDE } from '../minimax/rules.js'
import { downloadVideo, type Downloaded } from '../video/download.js'
import type { RunContext } from './context.js'
import { removeAtExit } from '../fs/cleanup.js'
import type { Job } from '../types/job.js'

export interface Tracks {
  width: number
  height: number
  durationSeconds: number
  frameRate: number
  /** "sound: mp4a.40.2, stereo, 32000 Hz", or undefined for a silent video. */
  sound?: string
}

/** A MiniMax clip runs at most this far past its requested duration (H3: 0.1 to 0.5 s past whole seconds). */
const LENGTH_SLACK_SECONDS = 1.5

/**
 * The task's video, downloaded to `destination` at once: its link expires (V1's in about an hour,
 * V2's when MiniMax decides). `found` hears the link as soon as MiniMax gives it.
 */
export async function downloadResult(
  context: RunContext,
  state: TaskState,
  destination: string,
  found: (downloadUrl: string) => void
): Promise<Downloaded> {
  const { client, inputs, log } = context
  const link = await client.videoLink(state)
  found(link.url)
  return downloadVideo({
    url: link.url,
    destination,
    expectedBytes: link.bytes,
    requestTimeoutSeconds: inputs.requestTimeout,
    maxRetries: inputs.maxRetries,
    retryInitialDelaySeconds: inputs.retryInitialDelay,
    log,
    signal: context.signal
  })
}

/**
 * The video's tracks, and whether it is what the request could have made: an H.264 MP4 that
 * starts with a keyframe, no larger than the resolution asked for, and not longer than the
 * duration asked for (plus what MiniMax adds). A clip restored from records is held to this
 * before it is used: anyone who can write the cache scope could have put another file there.
 */
export async function checkVideo(
  file: string,
  job: Job | undefined
): Promise<{ tracks: Tracks } | { problem: string }> {
  let info: Awaited<ReturnType<typeof import('../video/join.js').probeClip>>
  try {
    const { probeClip } = await import('../video/join.js')
    info = await probeClip(file)
  } catch (error) {
    return { problem: `its tracks could not be read (${errorMessage(error)})` }
  }
  const { video, audio } = info
  const turned = video.rotation === 90 || video.rotation === 270
  const tracks: Tracks = {
    width: turned ? video.codedHeight : video.codedWidth,
    height: turned ? video.codedWidth : video.codedHeight,
    durationSeconds: video.duration,
    frameRate: video.frameRate,
    sound: audio
      ? `${audio.codecString}, ${audio.channels === 2 ? 'stereo' : `${audio.channels} channels`}, ` +
        `${audio.sampleRate} Hz`
      : undefined
  }
  if (video.codec !== 'avc' || !video.startsWithIdr)
    return { problem: 'it is not an H.264 video that starts with a keyframe' }
  if (!job) return { tracks }
  const side = RESOLUTION_SHORT_SIDE[job.resolution]
  if (side !== undefined && Math.min(tracks.width, tracks.height) > side) {
    return { problem: `it is ${tracks.width}x${tracks.height}, larger than ${job.resolution}` }
  }
  if (!(video.duration > 0) || video.duration > job.duration + LENGTH_SLACK_SECONDS) {
    return { problem: `it lasts ${video.duration.toFixed(2)} s, not the ${job.duration} s asked for` }
  }
  return { tracks }
}

/** A copy of the video for another clip that is the same request (written whole, then renamed). */
export async function copyVideo(from: string, to: string): Promise<void> {
  if (path.resolve(from) === path.resolve(to)) return
  await mkdir(path.dirname(to), { recursive: true })
  const partial = `${to}.${randomBytes(4).toString('hex')}.part`
  const forget = removeAtExit(partial)
  try {
    await copyFile(from, partial)
    await rename(partial, to)
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  } finally {
    forget()
  }
}
