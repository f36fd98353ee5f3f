/**
 * A storyboard's clips, from requests to one film. Each clip starts from what earlier runs
 * recorded for its inputs (its video, used as it is; its task, collected) or is paid for: every
 * new clip is submitted in parallel, paced by the client's one pacer, and its task id goes out the
 * moment it exists. All clips are polled together (one progress line per round); each is
 * downloaded as soon as it is done, beside the film (<film>.clips/01.mp4, ...); then they are
 * joined without re-encoding. A failed clip does not stop the others: the run fails at the end
 * naming each, and keeps every clip it has.
 */
import path from 'node:path'
import type { Reuse } from '../cache/reuse.js'
import { short } from '../cache/reuse.js'
import { ActionError, ApiError, ClipsFailedError, errorMessage, JoinError } from '../errors.js'
import { submitRateOf } from '../inputs/inputs.js'
import { buildBody } from '../minimax/body.js'
import { rulesOf } from '../minimax/rules.js'
import type { TaskState } from '../minimax/client.js'
import { realClock } from '../net/clock.js'
import type { ClipPlan, StoryboardPlan } from '../plan/storyboard.js'
import { compactDuration } from '../text.js'
import { videoDestination } from '../video/destination.js'
import {
  downloadResult,
  findLostTask,
  useRecordedClip,
  recordClip,
  recordLostAnswer,
  recordTask,
  taskGone,
  type ClipContext
} from './clip.js'
import type { ClipResult, RunResult } from './result.js'

/** Answers that fail every clip alike (the key, the balance): the clips still waiting are not sent. */
const ACCOUNT_CODES = new Set([1004, 1008, 2038, 2049, 2056])

/** Where clip i (0-based) is kept: beside the film, in <film>.clips/. */
export function clipPath(film: string, index: number): string {
  return path.join(`${film}.clips`, `${String(index + 1).padStart(2, '0')}.mp4`)
}

export async function runStoryboard(
  context: ClipContext,
  plan: StoryboardPlan,
  result: RunResult,
  wait: boolean,
  reuses: readonly Reuse[]
): Promise<void> {
  const { client, inputs, log } = context
  const film = videoDestination(inputs.outputPath, plan.filmName, context.workspace)
  const clips = result.clips
  const n = plan.clips.length
  const label = (clip: ClipResult): string => `Clip ${clip.index + 1} of ${n}`
  /** Clips whose task came from an earlier run: if it is gone, one new task is paid for instead. */
  const fromRecord = new Set<number>()

  // Stops the submits still waiting their turn once an answer shows that every clip would fail.
  const stop = new AbortController()
  const stopping = AbortSignal.any([stop.signal, context.signal])
  // V2 allows so many tasks in flight: while waiting, a new task is sent only when one has ended.
  const slots = new Slots(wait ? (rulesOf(inputs.model).maxInFlight ?? Infinity) : Infinity, stopping)
  const submitting = new Set<Promise<void>>()
  // Lost answers are looked for one at a time, with no submit out and none starting: every other
  // clip's task id is then known, and a task one lookup takes is known to the next. Two answers of
  // the same kind (model, resolution, duration) lost in one run cannot be told apart: neither
  // takes a task.
  let requests = 0
  let lookups = 0
  let lookupsDone: Promise<unknown> = Promise.resolve()
  const whenNoRequests: Array<() => void> = []
  const whenNoLookups: Array<() => void> = []
  const created = new Set<string>()
  const lostOfKind = new Map<string, number>()
  const kindOf = (planned: ClipPlan): string => `${planned.job.resolution}/${planned.job.duration}`
  const send = async (planned: ClipPlan, what: string): Promise<string> => {
    while (lookups > 0) await new Promise<void>(resolve => whenNoLookups.push(resolve))
    requests++
    try {
      const { taskId } = await client.submit(buildBody(planned.job), { what, signal: stop.signal })
      created.add(taskId)
      return taskId
    } catch (error) {
      if (error instanceof ApiError && error.maybeCreated) {
        lostOfKind.set(kindOf(planned), (lostOfKind.get(kindOf(planned)) ?? 0) + 1)
      }
      throw error
    } finally {
      if (--requests === 0) whenNoRequests.splice(0).forEach(go => go())
    }
  }
  const lookFor = async (planned: ClipPlan, error: unknown): Promise<string> => {
    if (client.api !== 'v2' || !(error instanceof ApiError && error.maybeCreated)) throw error
    lookups++
    // One lookup after the other (a promise chain), each once no submit is out.
    const turn = lookupsDone.then(async () => {
      if (requests > 0) await new Promise<void>(resolve => whenNoRequests.push(resolve))
      const known = new Set([...created, ...clips.flatMap(c => (c.taskId ? [c.taskId] : []))])
      const taskId = await findLostTask(context, planned.job, error, known, {
        others: (lostOfKind.get(kindOf(planned)) ?? 1) - 1
      })
      created.add(taskId)
      return taskId
    })
    lookupsDone = turn.catch(() => undefined)
    try {
      return await turn
    } finally {
      if (--lookups === 0) whenNoLookups.splice(0).forEach(go => go())
    }
  }
  const submit = (planned: ClipPlan): void => {
    const clip = clips[planned.index]!
    const sending = (async () => {
      try {
        await slots.take(clip.index)
        const what = `${label(clip)}: submitting the task`
        const taskId = await send(planned, what).catch((error: unknown) => lookFor(planned, error))
        // Paid for: the id goes out before anything else can fail.
        clip.taskId = taskId
        context.changed()
        log.notice(
          `${label(clip)}: MiniMax task ${taskId} created (${planned.job.resolution}, ${planned.job.duration} s).`,
          { title: 'Video task created' }
        )
        await recordTask(context, clip, planned.job)
      } catch (error) {
        slots.give(clip.index)
        await recordLostAnswer(context, clip, planned.job, error)
        if (error instanceof ApiError && error.code !== undefined && ACCOUNT_CODES.has(error.code)) {
          stop.abort(new ActionError(`not sent: ${errorMessage(error)}`))
        }
        if (!(error instanceof ActionError)) throw error
        clip.failure = errorMessage(error)
        log.warning(`${label(clip)}: ${clip.failure}`)
      }
    })()
    submitting.add(sending)
    void sending.finally(() => submitting.delete(sending))
  }

  // Each clip from what earlier runs recorded, or paid for.
  await Promise.all(
    plan.clips.map(async planned => {
      const clip = clips[planned.index]!
      const reuse = reuses[planned.index]
      const again = `from an earlier run with the same inputs (fingerprint ${short(reuse?.fingerprint ?? '')})`
      if (reuse?.clip && wait) {
        const taskId = await useRecordedClip(context, clip, reuse.fingerprint, () => clipPath(film, planned.index))
        if (taskId) {
          log.info(`${label(clip)}: reusing the video of task ${taskId} ${again}.`)
          return
        }
      }
      if (reuse?.task?.taskId) {
        Object.assign(clip, { taskId: reuse.task.taskId, cacheHit: true })
        fromRecord.add(planned.index)
        context.changed()
        log.info(`${label(clip)}: reusing task ${reuse.task.taskId} ${again}.`)
        return
      }
      clip.cacheHit = false
      submit(planned)
    })
  )
  const reused = clips.filter(c => c.cacheHit).length
  if (reused > 0) log.info(`${reused} of ${n} clips reused from earlier runs; set take: 2 to pay for new ones.`)

  const settle = async (): Promise<void> => {
    while (submitting.size > 0) await Promise.all(submitting)
  }
  if (!wait) {
    await log.group(`Submitting ${n - reused} clips (at most ${submitRateOf(inputs)} a minute)`, settle)
    failIfAny(clips, film)
    return
  }

  const downloads: Array<Promise<void>> = []
  await log.group(`Generating ${n} clips`, async () => {
    log.info(
      `Submitting ${n - reused} clips (at most ${submitRateOf(inputs)} a minute), waiting at most ` +
        `${inputs.waitTimeout} s, a status check every ${inputs.pollInterval} s...`
    )
    const started = realClock.now()
    const deadline = started + inputs.waitTimeout * 1000
    /** Clips whose task succeeded: downloading, or downloaded. */
    const finished = new Set<number>()
    for (;;) {
      for (const clip of clips) {
        if (!clip.taskId || clip.failure || clip.video || finished.has(clip.index)) continue
        try {
          const state = await client.query(clip.taskId, deadline)
          if (state.status !== clip.status) {
            clip.status = state.status
            context.changed()
          }
          if (state.phase !== 'pending') slots.give(clip.index)
          if (state.phase === 'failed') {
            clip.failure = `MiniMax reports that task ${clip.taskId} ${state.failure}. ${state.advice}`
          } else if (state.phase === 'succeeded') {
            finished.add(clip.index)
            downloads.push(fetchClip(context, clip, state, clipPath(film, clip.index)))
          }
        } catch (error) {
          if (!(error instanceof ApiError)) throw error
          if (error.outOfTime) break
          clip.failure = errorMessage(error)
          slots.give(clip.index)
          if (!taskGone(error)) continue
        }
        // An earlier run's task that failed or is gone: one new task, paid for this time.
        if (clip.failure && fromRecord.delete(clip.index)) {
          log.warning(`${label(clip)}: task ${clip.taskId} from an earlier run cannot be used (${clip.failure}).`)
          for (const key of ['taskId', 'status', 'failure'] as const) delete clip[key]
          clip.cacheHit = false
          context.changed()
          submit(plan.clips[clip.index]!)
        }
      }
      const done = clips.filter(c => (c.video || finished.has(c.index)) && !c.failure).length
      const failed = clips.filter(c => c.failure).length
      const queued = clips.filter(c => !c.taskId && !c.failure).length
      const processing = n - done - failed - queued
      if (clips.some(c => c.taskId)) {
        log.info(
          `${done} of ${n} clips done, ${processing} processing, ${failed} failed` +
            `${queued ? `, ${queued} waiting to be sent` : ''}, ${compactDuration((realClock.now() - started) / 1000)}`
        )
      }
      if (submitting.size === 0 && processing + queued === 0) break
      const left = deadline - realClock.now()
      if (left <= 0) {
        for (const clip of clips) {
          if (clip.failure || clip.video || finished.has(clip.index)) continue
          clip.failure = clip.taskId
            ? `task ${clip.taskId} did not finish within wait-timeout (${inputs.waitTimeout} s); its last status ` +
              `was ${clip.status ?? 'not known yet'}. It may still finish, and it is paid for: collect it with ` +
              `task-id: ${clip.taskId}`
            : `not sent within wait-timeout (${inputs.waitTimeout} s)`
        }
        stop.abort(new ActionError('not sent: wait-timeout passed'))
        break
      }
      await realClock.sleep(Math.min(inputs.pollInterval * 1000, left), context.signal)
    }
    await settle()
    await Promise.all(downloads)
  })
  failIfAny(clips, film)

  await log.group(`Joining ${n} clips`, async () => {
    const { joinClips } = await import('../video/join.js')
    const paths = clips.map(c => c.video!.path)
    try {
      const joined = await joinClips({ clips: paths, output: film, signal: context.signal })
      result.film = { path: film, bytes: joined.bytes, durationSeconds: joined.durationSeconds }
    } catch (error) {
      if (!(error instanceof JoinError)) throw error
      throw new JoinError(
        `${error.message}\nThe clips are kept in ${path.dirname(paths[0]!)} (their paths are in the segments output).`,
        error.differences
      )
    }
    context.changed()
    log.info(`Film written: ${film} (${result.film.bytes} bytes, ${result.film.durationSeconds.toFixed(2)} s)`)
  })

  const { release } = context
  if (release && result.film) {
    const { uploadAsset } = await import('../github/release.js')
    const filmPath = result.film.path
    result.film.releaseAssetUrl = await log.group('Attaching the film to the release', () =>
      uploadAsset(inputs.githubToken, release, filmPath, line => log.info(line))
    )
    context.changed()
  }
}

/** Download the clip's video beside the film, and record it for later runs. */
async function fetchClip(context: ClipContext, clip: ClipResult, state: TaskState, destination: string): Promise<void> {
  try {
    clip.fileId = state.fileId
    const saved = await downloadResult(context, state, destination, url => (clip.downloadUrl = url))
    clip.video = { path: saved.path, bytes: saved.bytes, width: state.videoWidth, height: state.videoHeight }
    context.changed()
    await recordClip(context, clip, saved)
  } catch (error) {
    if (!(error instanceof ActionError)) throw error
    clip.failure = errorMessage(error)
  }
}

/** At most `limit` clips hold a slot (a task in flight); the others wait, in order, until one is given back. */
class Slots {
  readonly #held = new Set<number>()
  readonly #waiting: Array<() => void> = []
  readonly limit: number
  readonly signal: AbortSignal
  constructor(limit: number, signal: AbortSignal) {
    this.limit = limit
    this.signal = signal
    signal.addEventListener('abort', () => this.#waiting.splice(0).forEach(go => go()), { once: true })
  }

  async take(index: number): Promise<void> {
    while (this.#held.size >= this.limit && !this.signal.aborted) {
      await new Promise<void>(resolve => this.#waiting.push(resolve))
    }
    this.signal.throwIfAborted()
    this.#held.add(index)
  }

  give(index: number): void {
    if (this.#held.delete(index)) this.#waiting.shift()?.()
  }
}

/** Fail naming every clip that failed, with its task id and the reason; the others are kept. */
function failIfAny(clips: readonly ClipResult[], film: string): void {
  const failed = clips.filter(c => c.failure)
  if (failed.length === 0) return
  const kept = clips.filter(c => c.video).length
  const lines = failed.map(c => `clip ${c.index + 1}${c.taskId ? ` (task ${c.taskId})` : ''}: ${c.failure}`)
  throw new ClipsFailedError(
    `${failed.length} of ${clips.length} clips failed, so there is no film:\n- ${lines.join('\n- ')}` +
      (kept > 0 ? `\nThe ${kept} clips that were made are kept in ${path.dirname(clipPath(film, 0))}.` : '')
  )
}
