/**
 * The action's one error hierarchy. An ActionError's message is written for a person and is the
 * whole story; anything else that reaches run() is a bug, and run() logs its stack at debug level.
 */

export class ActionError extends Error {
  override name = 'ActionError'
}

export interface ApiErrorOptions {
  retryable: boolean
  retryAfterMs?: number
  /** The request may have reached MiniMax and created a task: sending it again could bill twice. */
  maybeCreated?: boolean
  code?: number
  /** Given up because the call's deadline came (not because of what the server said). */
  outOfTime?: boolean
  /** A rate-limit answer (429, 1002, 1039, 1041, 2045): it slows the pacer down. */
  rateLimited?: boolean
  cause?: unknown
}

/** A request to MiniMax (or to the download host) failed. */
export class ApiError extends ActionError {
  override name = 'ApiError'
  readonly retryable: boolean
  readonly retryAfterMs: number | undefined
  readonly maybeCreated: boolean
  readonly code: number | undefined
  readonly outOfTime: boolean
  readonly rateLimited: boolean
  /** For a submit that may have created a task: when its last attempt was sent (ms, Date.now). */
  sentAt?: number
  constructor(message: string, options: ApiErrorOptions) {
    super(message, { cause: options.cause })
    this.retryable = options.retryable
    this.retryAfterMs = options.retryAfterMs
    this.maybeCreated = options.maybeCreated ?? false
    this.code = options.code
    this.outOfTime = options.outOfTime ?? false
    this.rateLimited = options.rateLimited ?? false
  }
}

/** A frame file changed while it was being sent: never retried, never hidden behind a network error. */
export class FrameChangedError extends ActionError {
  override name = 'FrameChangedError'
}

/** An image is not what a frame must be (its header, its type, its end); the message follows its name. */
export class ProbeError extends ActionError {
  override name = 'ProbeError'
}

/** MiniMax says the task failed. */
export class TaskFailedError extends ActionError {
  override name = 'TaskFailedError'
}

/** The task did not finish within wait-timeout (it may still finish, and it is paid for). */
export class WaitTimeoutError extends ActionError {
  override name = 'WaitTimeoutError'
}

/** What was downloaded is not the video it should be. */
export class NotAVideoError extends ActionError {
  override name = 'NotAVideoError'
}

/** The runner's disk refused a write: retrying the download would not help. */
export class DiskError extends ActionError {
  override name = 'DiskError'
}

/** Some of a storyboard's clips failed; the others were kept (their paths are in `segments`). */
export class ClipsFailedError extends ActionError {
  override name = 'ClipsFailedError'
}

/** The clips could not be joined into one film without re-encoding (they stay on disk). */
export class JoinError extends ActionError {
  override name = 'JoinError'
  readonly differences: readonly string[]
  constructor(message: string, differences: readonly string[] = []) {
    super(message)
    this.differences = differences
  }
}

/** The run was cancelled (the runner sent SIGINT or SIGTERM). */
export class CancelledError extends ActionError {
  override name = 'CancelledError'
}

/** Attaching the video to a release failed. */
export class ReleaseError extends ActionError {
  override name = 'ReleaseError'
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
