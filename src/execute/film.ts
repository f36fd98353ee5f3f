/**
 * A storyboard's end: every clip made, or the run fails naming each clip that is not (with its task
 * id, the reason, and its keyframe's line); then the clips joined without re-encoding into the film.
 */
import path from 'node:path'
import { ClipsFailedError, JoinError } from '../errors.js'
import type { RunLog } from '../log.js'
import type { JoinResult } from '../video/join-common.js'
import type { ClipResult, FilmResult } from '../types/result.js'
import type { Seam } from '../types/result.js'

/** Where clip i (0-based) is kept: beside the film, in <film>.clips/. */
export function clipPath(film: string, index: number): string {
  return path.join(`${film}.clips`, `${String(index + 1).padStart(2, '0')}.mp4`)
}

/** Fail naming every clip that failed, with its task id and the reason; the others are kept. */
export function failIfAny(clips: readonly ClipResult[], film: string): void {
  const failed = clips.filter(c => c.failure)
  if (failed.length === 0) return
  const kept = clips.filter(c => c.video).length
  const lines = failed.map(c => `clip ${c.index + 1}${c.taskId ? ` (task ${c.taskId})` : ''}: ${c.failure}`)
  throw new ClipsFailedError(
    `${failed.length} of ${clips.length} clips failed, so there is no film:\n- ${lines.join('\n- ')}` +
      (kept > 0
        ? `\n${kept === 1 ? 'The clip that was made is' : `The ${kept} clips that were made are`} kept in ` +
          `${path.dirname(clipPath(film, 0))}.`
        : '')
  )
}

/**
 * Join the clips, in order, into `film`, and say what was done at each seam. A join refused
 * keeps the clips, says where they are, and how to make an odd clip again alone (a take on its
 * keyframe: every other clip is reused).
 */
export async function joinFilm(
  clips: readonly ClipResult[],
  film: string,
  keyframes: { file: string; lines: ReadonlyArray<number | undefined> },
  log: RunLog,
  signal: AbortSignal
): Promise<FilmResult> {
  return log.group(`Joining ${clips.length} clips`, async () => {
    const { joinClips, ClipMismatchError } = await import('../video/join.js')
    const paths = clips.map(c => c.video!.path)
    let joined: JoinResult
    try {
      joined = await joinClips({ clips: paths, output: film, signal })
    } catch (error) {
      if (!(error instanceof JoinError)) throw error
      const kept = `The clips are kept in ${path.dirname(paths[0]!)} (their paths are in the segments output).`
      const odd = error instanceof ClipMismatchError ? error.oddClips : []
      const again = odd.map(n => {
        const line = keyframes.lines[n - 1]
        return `clip ${n}: add  take: 2  to keyframes[${n - 1}]${line ? ` (${keyframes.file} line ${line})` : ''}`
      })
      const way =
        again.length > 0 ? `\nTo make ${odd.length > 1 ? 'them' : 'it'} again alone, ${again.join('; ')}.` : ''
      throw new JoinError(`${error.message}\n${kept}${way}`, error.differences)
    }
    for (const seam of joined.seams) log.info(describeSeam(seam))
    if (joined.unfillable) {
      const { objectType, channelConfiguration } = joined.unfillable
      log.warning(
        `The clips' sound (AAC object type ${objectType}, ${channelConfiguration} channels) has no silent frame ` +
          `here: where a clip's sound is shorter than its picture, the sound after it plays early by the gap.`
      )
    }
    const video = clips[0]!.video!
    log.info(`Film written: ${film} (${joined.bytes} bytes, ${joined.durationSeconds.toFixed(2)} s)`)
    return {
      path: film,
      bytes: joined.bytes,
      durationSeconds: joined.durationSeconds,
      width: video.width,
      height: video.height,
      frameRate: video.frameRate,
      sound: video.sound,
      seams: joined.seams
    }
  })
}

/** "Seam 1|2: the shared keyframe shown once (clip 1's copy left out); 60 ms of silence after clip 1's sound". */
export function describeSeam(seam: Seam): string {
  const picture =
    seam.video === 'dropped'
      ? `the shared keyframe shown once (clip ${seam.after}'s copy left out, nothing refers to it)`
      : `the shared keyframe's two copies shown half a frame each (clip ${seam.after}'s B-frames refer to its copy)`
  const sound = [
    seam.silenceMs > 0 ? `${Math.round(seam.silenceMs)} ms of silence after clip ${seam.after}'s sound` : '',
    seam.gapMs > 0 ? `a ${Math.round(seam.gapMs)} ms gap left in the sound (no silent frame for it)` : ''
  ].filter(Boolean)
  return `Seam ${seam.after}|${seam.after + 1}: ${picture}${sound.length > 0 ? `; ${sound.join('; ')}` : ''}`
}
