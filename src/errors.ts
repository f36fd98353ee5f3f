/** Errors the action reports to the user (their messages are written for a person). */

/** A request to MiniMax (or the download host) failed. */
export class ApiError extends Error {
  readonly retryable: boolean
  readonly retryAfterMs: number | undefined
  /** The submit request may have reached MiniMax: a retry could create (and bill) a second task. */
  readonly maybeCreated: boolean
  readonly code: number | undefined
  constructor(
    message: string,
    options: { retryable: boolean; retryAfterMs?: number; maybeCreated?: boolean; code?: number; cause?: unknown }
  ) {
    super(message, { cause: options.cause })
    this.name = 'ApiError'
    this.retryable = options.retryable
    this.retryAfterMs = options.retryAfterMs
    this.maybeCreated = options.maybeCreated ?? false
    this.code = options.code
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A frame file changed while it was being sent: never retried, never hidden behind a network error. */
export class FrameChangedError extends Error {
  override name = 'FrameChangedError'
}
