/**
 * After the run was cancelled: the tasks this run created that have not started are cancelled
 * (V2: MiniMax charges nothing for them). Each task's status is asked for first, and only a task
 * still `queued` is sent the DELETE: on a finished task it would delete the record, and its video
 * with it. A running task is left alone (its id is in the outputs). Tasks from earlier runs (task-id,
 * or reused) are not this run's to cancel. All within the seconds the cancelled run has left.
 */
import { errorMessage } from '../errors.js'
import { exitDeadline } from '../net/cancel.js'
import type { RunContext } from './context.js'
import type { RunResult } from '../types/result.js'

/** Time kept, out of a cancelled run's last seconds, for the outputs and the job summary. */
const KEEP_FOR_REPORT_MS = 1500

export async function cancelQueued(context: RunContext, result: RunResult, changed: () => void): Promise<void> {
  const { client, log } = context
  if (!client.cancelsQueued) return
  const ids = new Set(
    result.clips
      .filter(c => c.taskId && c.created && !c.video && (c.status === undefined || c.status === 'queued'))
      .map(c => c.taskId!)
  )
  if (ids.size === 0) return
  const withinMs = Math.min(3000, (exitDeadline() ?? Date.now() + 3000) - Date.now() - KEEP_FOR_REPORT_MS)
  if (withinMs < 200) {
    log.warning(
      `No time was left to cancel the tasks that had not started (${[...ids].join(', ')}); they will run and be ` +
        `charged, and their ids are in the outputs.`
    )
    return
  }
  const until = Date.now() + withinMs
  const setStatus = (taskId: string, status: string): void => {
    for (const clip of result.clips) if (clip.taskId === taskId) clip.status = status
  }
  await Promise.all(
    [...ids].map(async taskId => {
      try {
        const status = await client.peek(taskId, until - Date.now())
        if (status !== 'queued') return setStatus(taskId, status)
        const action = await client.cancel(taskId, until - Date.now())
        setStatus(taskId, action === 'cancelled' ? 'cancelled' : status)
        if (action === 'cancelled') {
          log.info(`Cancelled task ${taskId}, which had not started: MiniMax charges nothing for it.`)
        } else {
          log.warning(`Task ${taskId}: MiniMax answered the cancel with ${JSON.stringify(action.slice(0, 40))}.`)
        }
      } catch (error) {
        log.warning(
          `Task ${taskId} was not cancelled (${errorMessage(error)}); it may have started, and its id is in the ` +
            `outputs.`
        )
      }
    })
  )
  changed()
}
