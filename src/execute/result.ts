/**
 * What a run did, as a value: built by run() and the clip it runs, read by the one module that
 * writes outputs and the job summary (src/github/). Each clip owns its own ClipResult.
 */
import type { TaskStatus } from '../minimax/client.js'

/** A frame as the summary shows it (never base64). */
export interface FrameLine {
  input: string
  source: string
  format?: string
  width?: number
  height?: number
  bytes?: number
}

export interface ClipResult {
  taskId?: string
  status?: TaskStatus
  elapsedSeconds?: number
  fileId?: string
  downloadUrl?: string
  video?: { path: string; bytes: number; width?: number; height?: number }
  releaseAssetUrl?: string
}

export interface RunResult {
  dryRun: boolean
  /** Collecting an existing task (task-id) rather than submitting one. */
  resumed: boolean
  model?: string
  resolution?: string
  duration?: number
  frames: FrameLine[]
  prompt?: string
  clip: ClipResult
  failure?: string
  /** Requests sent to MiniMax, counted as they go (retries included). */
  requests?: { submit: number; query: number; retrieve: number }
}

export function newRunResult(): RunResult {
  return { dryRun: false, resumed: false, frames: [], clip: {} }
}
