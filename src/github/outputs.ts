/**
 * The action's outputs: declared once here (action.yml is generated from this table), derived
 * from the run's result, and written by one writer, the only code that calls core.setOutput.
 */
import * as core from '@actions/core'
import type { RunResult } from '../execute/result.js'

export const OUTPUTS = {
  task_id: 'The MiniMax task id, set the moment the task is created (a string of digits; keep it a string).',
  status: 'The last status seen while waiting: Preparing, Queueing, Processing, Success or Fail.',
  file_id: "The video's file id (on success).",
  download_url: "MiniMax's download link for the video (on success; expires after about an hour).",
  video_path: 'Where the video was written (on success).',
  video_width: "The video's width in pixels (on success).",
  video_height: "The video's height in pixels (on success).",
  release_asset_url: "The release asset's download URL (with upload-to-release)."
} as const

export type OutputName = keyof typeof OUTPUTS

/** Every output the result can say something about. */
export function outputsOf(result: RunResult): Partial<Record<OutputName, string>> {
  const { clip } = result
  return {
    task_id: clip.taskId,
    status: clip.status,
    file_id: clip.fileId,
    download_url: clip.downloadUrl,
    video_path: clip.video?.path,
    video_width: clip.video?.width ? String(clip.video.width) : undefined,
    video_height: clip.video?.height ? String(clip.video.height) : undefined,
    release_asset_url: clip.releaseAssetUrl
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
