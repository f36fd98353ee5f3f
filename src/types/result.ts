import type { Currency, Money } from './money.js'
/**
 * What a run did, as a value: built by run() and the clips it runs, read by the one module that
 * writes outputs and the job summary (src/github/). Each clip owns its own ClipResult: clips
 * running in parallel never write to the same object.
 */

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
  /** 0-based, in film order (0 for a single clip). */
  index: number
  /** The frames as shown to people (a data URL summarised), the prompt and the duration. */
  firstImage?: string
  lastImage?: string
  prompt?: string
  duration?: number
  taskId?: string
  /** The last status seen, as MiniMax names it (V1 and V2 name them differently). */
  status?: string
  elapsedSeconds?: number
  fileId?: string
  downloadUrl?: string
  video?: {
    path: string
    bytes: number
    width?: number
    height?: number
    durationSeconds?: number
    frameRate?: number
    /** "sound: mp4a.40.2, stereo, 32000 Hz"; undefined without sound (or when the tracks could not be read). */
    sound?: string
  }
  releaseAssetUrl?: string
  /** Why this clip has no video (a storyboard goes on with its other clips). */
  failure?: string
  /** What identifies the paid request across runs, and whether an earlier run's task or video was reused. */
  fingerprint?: string
  cacheHit?: boolean
  /** This run created (paid for) the clip's task: only such a task is this run's to cancel. */
  created?: boolean
}

export interface FilmResult {
  path: string
  bytes: number
  durationSeconds: number
  /** As read from the clips' tracks (every clip has the same, or the join refuses). */
  width?: number
  height?: number
  frameRate?: number
  sound?: string
  /** What the join did at each seam (the shared keyframe, the sound). */
  seams: Seam[]
  releaseAssetUrl?: string
}

/** What the run's new tasks cost at list prices (plan/cost.ts), and what reusing earlier runs saved. */
export interface CostResult {
  currency: Currency
  /** The new tasks' total (a dry run: what a real run would pay); undefined when a price is unknown. */
  total?: Money
  /** At most this, if recorded tasks it collects must be replaced. */
  most?: Money
  saved: Money
  /**
   * Per clip: its request's list price (undefined: unknown), and whether it is paid for, reused from an
   * earlier run, collected (task-id), or shared (the same request as an earlier clip: no task of its own).
   */
  clips: Array<{ price?: Money; kind: 'new' | 'reused' | 'collected' | 'shared' }>
}

export interface RunResult {
  kind: 'single' | 'storyboard'
  dryRun: boolean
  /** Collecting an existing task (task-id) rather than submitting one. */
  resumed: boolean
  /** The storyboard file, as given. */
  storyboard?: string
  model?: string
  resolution?: string
  duration?: number
  frames: FrameLine[]
  prompt?: string
  /** One for a single clip; one per pair of keyframes for a storyboard. */
  clips: ClipResult[]
  film?: FilmResult
  failure?: string
  /** Refused before anything was sent: each problem, as its annotation says it. */
  refused?: string[]
  cost?: CostResult
  /** Requests sent to MiniMax, counted as they go (retries included). */
  requests?: { submit: number; query: number; retrieve: number; cancel: number; list: number }
}

export function newRunResult(): RunResult {
  return { kind: 'single', dryRun: false, resumed: false, frames: [], clips: [{ index: 0 }] }
}

/**
 * A seam: clip `after` ends on the picture clip `after + 1` starts with (first-and-last-frame
 * generation makes them so), and the film shows that picture for one frame period, not two.
 */
export interface Seam {
  /** The clip that ends here, counting from 1; clip `after + 1` starts here. */
  after: number
  /** Film time of the seam, in seconds: where clip `after + 1`'s own time 0 lies. */
  at: number
  /**
   * How the shared picture got one frame period without re-encoding: 'dropped' = clip `after`'s
   * copy was left out (nothing referred to it); 'retimed' = both copies shown half a period each
   * (B-frames of clip `after` refer to its copy, so it has to stay).
   */
  video: 'retimed' | 'dropped'
  /** Silence written where clip `after`'s sound was shorter than its picture, in milliseconds. */
  silenceMs: number
  /**
   * A gap left in the sound before this seam, in milliseconds (0 unless `unfillable`): every
   * later clip then sounds early by the gaps before it.
   */
  gapMs: number
  /** Clip `after + 1`'s sound start minus its picture start, in milliseconds; null without audio. */
  syncMs: number | null
}
