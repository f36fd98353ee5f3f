/**
 * What the worker pool (worker-pool.ts) and its child processes (cache-worker.ts) say to each
 * other over the IPC channel. Nothing here loads @actions/cache: the action's process never does.
 */

/**
 * One @actions/cache call. `paths` are relative to the worker's working directory (its
 * GITHUB_WORKSPACE): they name what is archived, and they are part of the entry's version.
 */
export interface WorkerOp {
  /** lookup: restoreCache with lookupOnly (no download); restore: download and extract; save: saveCache. */
  kind: 'lookup' | 'restore' | 'save'
  paths: string[]
  key: string
  /**
   * Where the call's files are (its GITHUB_WORKSPACE) and its RUNNER_TEMP, when it is not the
   * worker's own: the worker moves there (its own process, one call at a time) before the call.
   */
  folder?: { workspace: string; temp: string }
}

/** A request: the worker answers each op, then waits for the next request, or for 'end'. */
export interface WorkerRequest {
  ops: WorkerOp[]
  /** How many of the ops run at once (lookups only: the others depend on the working directory). */
  concurrency: number
}

/** What the parent sends: a request, or 'end' (no more: exit). */
export type ParentMessage = WorkerRequest | 'end'

/** A call's answer: the matched key of a lookup or restore (null: none), a save's entry id (-1: not saved). */
export type WorkerValue = string | number | null

export type WorkerMessage =
  /** @actions/cache is loaded: from here each op has its own deadline. */
  | { type: 'ready' }
  | { type: 'start'; index: number }
  | { type: 'done'; index: number; value: WorkerValue }
  /** The call threw (@actions/cache throws only for invalid keys or paths; the rest it logs as warnings). */
  | { type: 'threw'; index: number; message: string }

/**
 * The line a worker writes to its stdout after each call: the parent has read the call's log (and
 * any failure in it) when it reads this line, whatever order the two channels arrive in.
 */
export const DONE_MARK = '::minimax-cache-worker-done::'
