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
  /** What to do about it, a sentence that follows the failure ("Top up the MiniMax account"). */
  advice?: string
  /** What was found out afterwards (what MiniMax's task list showed, how often it was tried), in order. */
  details?: readonly string[]
  /** For a submit that may have created a task: when its last attempt was sent (ms, Date.now). */
  sentAt?: number
}

/**
 * A request to MiniMax (or to the download host) failed. Its parts are fields: what failed
 * (`failure`, e.g. "Submitting the task: HTTP 502, Trace-Id abc"), what to do (`advice`), and what
 * was found out since (`details`); the message is made of them, and no code takes it apart again.
 */
export class ApiError extends ActionError {
  override name = 'ApiError'
  readonly failure: string
  readonly advice: string | undefined
  readonly details: readonly string[]
  readonly retryable: boolean
  readonly retryAfterMs: number | undefined
  readonly maybeCreated: boolean
  readonly code: number | undefined
  readonly outOfTime: boolean
  readonly rateLimited: boolean
  readonly sentAt: number | undefined
  readonly #options: ApiErrorOptions
  constructor(failure: string, options: ApiErrorOptions) {
    const details = options.details ?? []
    super([options.advice ? `${failure}. ${options.advice}` : failure, ...details].join(' '), { cause: options.cause })
    this.#options = options
    this.failure = failure
    this.advice = options.advice
    this.details = details
    this.retryable = options.retryable
    this.retryAfterMs = options.retryAfterMs
    this.maybeCreated = options.maybeCreated ?? false
    this.code = options.code
    this.outOfTime = options.outOfTime ?? false
    this.rateLimited = options.rateLimited ?? false
    this.sentAt = options.sentAt
  }

  /** The same error with other parts (the cause stays this error's own). */
  with(options: Partial<ApiErrorOptions> & { failure?: string }): ApiError {
    const { failure = this.failure, ...rest } = options
    return new ApiError(failure, { ...this.#options, ...rest })
  }

  /** The same error, with what was found out since (e.g. what MiniMax's task list showed). */
  withDetail(detail: string): ApiError {
    return this.with({ details: [...this.details, detail] })
  }
}

/** A frame file changed while it was being sent: never retried, never hidden behind a network error. */
export class FrameChangedError extends ActionError {
  override name = 'FrameChangedError'
}

/** An image is not what a frame must be (its header, its type, its end); the message follows its name. */
export class ProbeError extends ActionError {
  override name = 'ProbeError'
  /** The image ends before its own structure says it does (a data URL cut short by an input's size limit). */
  readonly truncated: boolean
  constructor(message: string, options: { truncated?: boolean } = {}) {
    super(message)
    this.truncated = options.truncated ?? false
  }
}

/** MiniMax says the task failed. */
export class TaskFailedError extends ActionError {
  override name = 'TaskFailedError'
}

/** The task did not finish within wait-timeout (it may still finish, and it is paid for). */
export class WaitTimeoutError extends ActionError {
  override name = 'WaitTimeoutError'
  readonly taskId: string
  readonly timeoutSeconds: number
  readonly lastStatus: string | undefined
  constructor(message: string, parts: { taskId: string; timeoutSeconds: number; lastStatus?: string }) {
    super(message)
    this.taskId = parts.taskId
    this.timeoutSeconds = parts.timeoutSeconds
    this.lastStatus = parts.lastStatus
  }
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
