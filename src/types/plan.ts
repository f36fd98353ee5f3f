/** What planning makes: the run's clips, each a checked Job or a task to collect. */
import type { Job } from './job.js'

/** One clip of the run: a paid request (its Job), or a task to collect, or both (task-id with its inputs). */
export interface ClipPlan {
  /** 0-based, in film order (0 for a single clip). */
  index: number
  /** What would be sent to MiniMax; missing only when a task is collected without its inputs. */
  job?: Job
  /** This clip is this existing task: collected (and recorded under the job's fingerprint), never paid for. */
  taskId?: string
  /** Part of the fingerprint: another take of the same inputs is paid for again. */
  take: string
  /** The frames as the log, the summary and `segments` show them (a data URL summarised, never its base64). */
  firstImage?: string
  lastImage?: string
  /** Storyboard: the keyframe this clip starts at (and the line it ends at), for messages and annotations. */
  keyframe?: { index: number; line?: number; endLine?: number }
}

export interface Plan {
  kind: 'single' | 'storyboard'
  clips: ClipPlan[]
  /** The storyboard file (relative to the workspace) and the film's file name. */
  storyboard?: { file: string; filmName: string }
  /** Real paths of every file the run reads (frames, the prompt file, the storyboard): never overwritten. */
  inputFiles: string[]
}
