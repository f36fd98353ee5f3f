/**
 * A submit whose answer was lost may still have made a task (V2 only: V1 has no task list). MiniMax's
 * task list is searched for one of the same model, resolution and duration, created within the
 * window the request was out, that the run does not know already. Exactly one, and no other lost
 * answer of the same kind: that is the task. Anything else: the submit's error, saying what the
 * list showed. The list knows nothing of prompts or frames, so the warning says what was assumed.
 */
import { ApiError, CancelledError, errorMessage } from '../errors.js'
import type { Logger } from '../log.js'
import type { VideoClient } from '../minimax/client.js'
import type { Job } from '../types/job.js'

/** How far MiniMax's clock may be from the runner's when a lost task is matched by its creation time. */
const CLOCK_SLACK_SECONDS = 5

/** When the request may have made its task: from when it was sent to when its answer was given up on (ms). */
export interface SearchWindow {
  from: number
  until: number
}

export async function findLostTask(
  client: VideoClient,
  log: Logger,
  job: Job,
  window: SearchWindow,
  error: ApiError,
  known: ReadonlySet<string>,
  others: number
): Promise<string> {
  if (!client.findsLostTasks) throw error
  const kind = (n: number): string => `${job.model} task${n === 1 ? '' : 's'} (${job.resolution}, ${job.duration} s)`
  const from = Math.floor(window.from / 1000) - CLOCK_SLACK_SECONDS
  const until = window.until / 1000 + CLOCK_SLACK_SECONDS
  let matches: string[]
  try {
    const listed = await client.listTasks(job.model, from)
    matches = listed
      .filter(t => t.createdAt <= until && t.resolution === job.resolution && t.duration === job.duration)
      .filter(t => !known.has(t.taskId))
      .map(t => t.taskId)
  } catch (listing) {
    // Whatever went wrong reading the list (a cancel aside), the submit's own error stands: the task may exist.
    if (listing instanceof CancelledError) throw listing
    throw error.withDetail(`MiniMax's task list could not be read either: ${errorMessage(listing)}`)
  }
  if (matches.length === 1 && others === 0) {
    log.warning(
      `${error.failure}. MiniMax's task list shows exactly one ${kind(1)} created meanwhile, task ${matches[0]}: ` +
        `this run takes it as its own instead of paying again (if another job submitted the same model, ` +
        `resolution and duration with this key at that moment, check it in MiniMax's console).`
    )
    return matches[0]!
  }
  const shows =
    matches.length === 0
      ? `shows no ${kind(1)} created meanwhile (yet)`
      : `shows ${matches.length} ${kind(matches.length)} created meanwhile (${matches.join(', ')}), ` +
        (others > 0 ? `and ${others + 1} answers for ${kind(2)} were lost in this run, ` : '') +
        `so this run cannot tell which is its own; collect it with task-id`
  throw error.withDetail(`MiniMax's task list ${shows}.`)
}
