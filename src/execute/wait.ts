/**
 * Wait for a task: poll its status until it succeeded, failed or the deadline passed, logging each change with
 * the time elapsed and a heartbeat while nothing changes. Transient trouble is ridden out inside
 * the deadline (the client retries it); a final error code ends the wait at once.
 */
import { ApiError, TaskFailedError, WaitTimeoutError } from '../errors.js'
import type { TaskState, VideoClient } from '../minimax/client.js'
import { realClock } from '../net/clock.js'
import { formatDuration } from '../text.js'

export const HEARTBEAT_MS = 60_000

export interface WaitOptions {
  client: Pick<VideoClient, 'query'>
  taskId: string
  timeoutSeconds: number
  /** When waiting ends (ms on the clock): the run's deadline; by default timeoutSeconds from now. */
  deadline?: number
  pollIntervalSeconds: number
  log: (line: string) => void
  /** Each new status, and where it puts the task (pending, succeeded, failed). */
  onStatus?: (status: string, phase: TaskState['phase']) => void
  /** The run's cancellation. */
  signal?: AbortSignal
  now?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

/** The final state of a task that succeeded (V1 gave its file, V2 its link). */
export type Finished = TaskState & { elapsedSeconds: number }

export async function waitForTask(options: WaitOptions): Promise<Finished> {
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? realClock.sleep
  const started = now()
  const deadline = options.deadline ?? started + options.timeoutSeconds * 1000
  const elapsed = (): string => formatDuration((now() - started) / 1000)
  let last: string | undefined
  let lastLine = started
  let polls = 0
  const timedOut = (status: string | undefined): WaitTimeoutError =>
    new WaitTimeoutError(
      `Task ${options.taskId} did not finish within wait-timeout (${options.timeoutSeconds} s); its last ` +
        `status was ${status ?? 'not known yet'}. ` +
        `It may still finish, and it is paid for: collect it later with this action and task-id: ${options.taskId} ` +
        `(for example in a later job: with: { task-id: \${{ needs.<job>.outputs.task_id }} }).`,
      { taskId: options.taskId, timeoutSeconds: options.timeoutSeconds, lastStatus: status }
    )
  for (;;) {
    let state: TaskState
    try {
      state = await options.client.query(options.taskId, deadline)
    } catch (error) {
      // The deadline cut a status query short (or left no time to repeat one): that is the timeout.
      if (error instanceof ApiError && error.outOfTime) throw timedOut(last)
      throw error
    }
    polls++
    if (state.status !== last) {
      options.log(`[${elapsed()}] Task ${options.taskId}: ${state.status}`)
      options.onStatus?.(state.status, state.phase)
      last = state.status
      lastLine = now()
    } else if (now() - lastLine >= HEARTBEAT_MS) {
      options.log(`[${elapsed()}] Task ${options.taskId}: still ${state.status} (${polls} status checks so far)`)
      lastLine = now()
    }
    if (state.phase === 'succeeded') return { ...state, elapsedSeconds: (now() - started) / 1000 }
    if (state.phase === 'failed') throw taskFailed(options.taskId, state, elapsed())
    const left = deadline - now()
    if (left <= 0) throw timedOut(state.status)
    await sleep(Math.min(options.pollIntervalSeconds * 1000, left), options.signal)
  }
}

function taskFailed(taskId: string, state: TaskState, elapsed: string): TaskFailedError {
  return new TaskFailedError(
    `MiniMax reports that task ${taskId} ${state.failure ?? `ended with status ${state.status}`} after ` +
      `${elapsed}${state.trace ? ` (${state.trace})` : ''}. ` +
      `${state.advice ?? "Check MiniMax's console for the reason"}.`
  )
}
