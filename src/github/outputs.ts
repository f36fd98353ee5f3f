/**
 * The action's outputs: declared once here (action.yml is generated from this table), derived
 * from the run's result, and written by one writer, the only code that calls core.setOutput.
 */
import * as core from '@actions/core'
import type { ClipResult, RunResult } from '../types/result.js'
import { formatMoney } from '../minimax/prices.js'

export const OUTPUTS = {
  task_id: 'The MiniMax task id, set the moment the task is created (a string of digits; keep it a string).',
  status:
    'The last status seen while waiting, as MiniMax names it: Preparing, Queueing, Processing, Success or Fail ' +
    '(MiniMax-Hailuo-02); queued, running, succeeded, failed, cancelled or expired (MiniMax-H3, MiniMax-H3-Max).',
  file_id: "The video's file id (on success; empty for MiniMax-H3 and MiniMax-H3-Max, whose task gives its link).",
  download_url: "MiniMax's download link for the video (on success; it expires: about an hour for V1).",
  video_path: 'Where the video was written (on success).',
  video_width: "The video's width in pixels (on success).",
  video_height: "The video's height in pixels (on success).",
  release_asset_url: "The release asset's download URL (with upload-to-release).",
  task_ids:
    'Storyboard: the task ids, in clip order, as a JSON array of strings (each written the moment its task exists; ' +
    '"" for a clip without a task).',
  segments:
    'Storyboard: a JSON array with one object per clip: index, first_frame, last_frame, prompt, duration, ' +
    'task_id, status, video_path, fingerprint, cache_hit.',
  video_duration:
    "The video's real length in seconds (H3 clips run slightly past whole seconds; a storyboard's joined film).",
  fingerprint: 'The SHA-256 that identifies this paid request across runs (for a storyboard, per clip in segments).',
  cache_hit: 'true when the task or the video came from an earlier run (for a storyboard, per clip in segments).',
  estimated_cost:
    'The list price of the new tasks this run creates (a dry run: would create), e.g. 8.00 CNY; reused clips and ' +
    'collected tasks cost nothing. Empty when a price is unknown or the run is refused.'
} as const

export type OutputName = keyof typeof OUTPUTS

/** One object per clip, for the `segments` output. */
function segment(clip: ClipResult): Record<string, unknown> {
  return {
    index: clip.index,
    first_frame: clip.firstImage ?? null,
    last_frame: clip.lastImage ?? null,
    prompt: clip.prompt ?? null,
    duration: clip.duration ?? null,
    task_id: clip.taskId ?? null,
    status: clip.status ?? null,
    video_path: clip.video?.path ?? null,
    fingerprint: clip.fingerprint ?? null,
    cache_hit: clip.cacheHit ?? false
  }
}

/** Every output the result can say something about. */
export function outputsOf(result: RunResult): Partial<Record<OutputName, string>> {
  const total = result.cost?.total
  // A refused run creates nothing: no estimate of what it would have paid goes out as one.
  const estimated = total && !result.refused ? { estimated_cost: formatMoney(total) } : {}
  return { ...estimated, ...(result.kind === 'storyboard' ? storyboardOutputs(result) : clipOutputs(result.clips[0]!)) }
}

function storyboardOutputs(result: RunResult): Partial<Record<OutputName, string>> {
  const ids = result.clips.map(c => c.taskId)
  return {
    // Written as soon as the first task exists, and again as each one does (clip order, "" until then).
    task_ids: ids.some(Boolean) ? JSON.stringify(ids.map(id => id ?? '')) : undefined,
    segments: result.clips.some(c => c.taskId || c.fingerprint) ? JSON.stringify(result.clips.map(segment)) : undefined,
    video_path: result.film?.path,
    video_duration: result.film ? result.film.durationSeconds.toFixed(3) : undefined,
    release_asset_url: result.film?.releaseAssetUrl
  }
}

function clipOutputs(clip: ClipResult): Partial<Record<OutputName, string>> {
  const video = clip.video
  return {
    task_id: clip.taskId,
    status: clip.status,
    file_id: clip.fileId,
    download_url: clip.downloadUrl,
    video_path: video?.path,
    video_width: video?.width ? String(video.width) : undefined,
    video_height: video?.height ? String(video.height) : undefined,
    video_duration: video?.durationSeconds?.toFixed(3),
    release_asset_url: clip.releaseAssetUrl,
    fingerprint: clip.fingerprint,
    cache_hit: clip.fingerprint ? String(clip.cacheHit ?? false) : undefined
  }
}

/**
 * Writes each output when its value changes. Called the moment something paid for exists (a task
 * id goes out before anything else can fail) and once more when the run ends, whatever happened.
 */
export class OutputWriter {
  readonly #written = new Map<OutputName, string>()

  publish(result: RunResult): void {
    for (const [name, value] of Object.entries(outputsOf(result)) as Array<[OutputName, string | undefined]>) {
      if (value === undefined || this.#written.get(name) === value) continue
      core.setOutput(name, value)
      this.#written.set(name, value)
    }
  }
}
