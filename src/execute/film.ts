/**
 * A storyboard's end: every clip made, or the run fails naming each clip that is not (with its task
 * id, the reason, and its keyframe's line); then the clips joined without re-encoding into the film.
 */
import path from 'node:path'
import { ClipsFailedError, JoinError } from '../errors.js'
import type { RunLog } from '../log.js'
import type { ClipResult, FilmResult } from './result.js'

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
      (kept > 0 ? `\nThe ${kept} clips that were made are kept in ${path.dirname(clipPath(film, 0))}.` : '')
  )
}

/** Join the clips, in order, into `film`; a join refused keeps the clips and says where they are. */
export async function joinFilm(
  clips: readonly ClipResult[],
  film: string,
  log: RunLog,
  signal: AbortSignal
): Promise<FilmResult> {
  return log.group(`Joining ${clips.length} clips`, async () => {
    const { joinClips } = await import('../video/join.js')
    const paths = clips.map(c => c.video!.path)
    try {
      const joined = await joinClips({ clips: paths, output: film, signal })
      log.info(`Film written: ${film} (${joined.bytes} bytes, ${joined.durationSeconds.toFixed(2)} s)`)
      return { path: film, bytes: joined.bytes, durationSeconds: joined.durationSeconds }
    } catch (error) {
      if (!(error instanceof JoinError)) throw error
      throw new JoinError(
        `${error.message}\nThe clips are kept in ${path.dirname(paths[0]!)} (their paths are in the segments output).`,
        error.differences
      )
    }
  })
}
