/**
 * The run's cancellation. The runner cancels a step with SIGINT, then SIGTERM 7.5 s later, then
 * SIGKILL: the first signal aborts the run's AbortSignal, so every wait and request ends and the
 * normal `finally` paths write the outputs and the summary and remove unfinished files. Files
 * still being written are also removed synchronously when the process exits, whatever the path.
 */
import { CancelledError } from '../errors.js'

/** How long a cancelled run may take to finish its outputs and summary before it exits anyway. */
export const EXIT_AFTER_MS = 5000

let exitAt: number | undefined

/** The moment (Date.now) a cancelled run exits whatever it is doing; undefined while it is not cancelled. */
export function exitDeadline(): number | undefined {
  return exitAt
}

/** An AbortSignal that SIGINT or SIGTERM aborts; a second signal, or a run that ignores it for 5 s, exits. */
export function cancelOnSignals(log: (message: string) => void): AbortSignal {
  const controller = new AbortController()
  const cancel = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(1)
    log(`Received ${signal}: cancelling (paid tasks keep their ids in the outputs).`)
    exitAt = Date.now() + EXIT_AFTER_MS
    controller.abort(new CancelledError(`The run was cancelled (${signal}).`))
    setTimeout(() => process.exit(1), EXIT_AFTER_MS).unref()
  }
  process.once('SIGINT', cancel)
  process.once('SIGTERM', cancel)
  return controller.signal
}

/** Throw the run's CancelledError if it was cancelled. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw signal.reason instanceof Error ? signal.reason : new CancelledError('The run was cancelled.')
}
