/**
 * The life of one paid request, the same for a single clip and for every clip of a storyboard:
 * start from what was decided before paying (an earlier run's video, its task, a task the inputs
 * name, an earlier answer that was lost, or a new task, paid for); record the task the moment it
 * exists (its id goes out first); wait for it; download and check the video; record it; hand it
 * to every clip that is the same request. A recorded task that MiniMax no longer has is replaced
 * once, within max-paid-tasks. An ActionError ends the request; the caller decides what that
 * means for the run (a single clip fails it, a storyboard names the clip at the end).
 */
import { rm } from 'node:fs/promises'
import { ActionError, ApiError, errorMessage, TaskFailedError, WaitTimeoutError } from '../errors.js'
import { buildBody } from '../minimax/body.js'
import { formatMoney } from '../minimax/prices.js'
import { lostAnswer, type Request, type Start } from '../plan/decide.js'
import { withoutQuery, type Downloaded } from '../video/download.js'
import type { RunContext } from './context.js'
import type { ClipResult } from '../types/result.js'
import type { Scheduler } from './scheduler.js'
import { checkVideo, copyVideo, downloadResult, type Tracks } from './video.js'
import { waitForTask } from './wait.js'
import type { Job } from '../types/job.js'
import { shortHash } from '../text.js'

/** One request as it runs: what was decided for it and the results of the clips it serves. */
export interface Unit {
  request: Request
  /** The results of the clips it serves; clips[0] owns the video, the others get copies. */
  clips: ClipResult[]
  /** "Clip 2 of 5" in a storyboard; empty for a single clip. */
  label: string
  /** Where the storyboard declares the clip (the way out of a lost answer names the line). */
  keyframe?: { file: string; index: number; line?: number }
  /** Where a clip's video goes, once its task id is known. */
  destination(clip: ClipResult, taskId: string): string
  /** A single clip folds each step into a log group and logs each status; a storyboard reports progress. */
  verbose: boolean
  /** Something about the clips changed (a task id, a status, a video): the outputs go out now. */
  changed(): void
  /**
   * Set when this run recorded a lost answer for it: recorded again at the end if the run has come
   * to know more task ids since (`known`: how many it knew when it was recorded).
   */
  lost?: { error: ApiError; sentAt?: number; known?: number }
}

export async function runRequest(context: RunContext, scheduler: Scheduler, unit: Unit): Promise<void> {
  try {
    const { start } = unit.request
    if (start.kind === 'video') {
      const used = await useRecordedVideo(context, scheduler, unit).finally(() => scheduler.restored())
      if (used) return
    }
    const task = await obtainTask(context, scheduler, unit, start)
    if (!context.waits) return
    try {
      await collect(context, scheduler, unit, task.taskId)
    } catch (error) {
      if (!task.fromRecord || !taskGone(error)) throw error
      await replace(context, scheduler, unit, task.taskId, error)
    }
  } finally {
    scheduler.done(unit)
  }
}

/** An earlier run's task that is no good now: failed, or unknown to this account (too old, another key). */
export function taskGone(error: unknown): boolean {
  return error instanceof TaskFailedError || (error instanceof ApiError && error.code === 2013)
}

const lead = (unit: Unit): string => (unit.label ? `${unit.label}: ` : '')
const setAll = (unit: Unit, patch: Partial<ClipResult>): void => unit.clips.forEach(clip => Object.assign(clip, patch))
const group = <T>(context: RunContext, unit: Unit, name: string, fn: () => Promise<T>): Promise<T> =>
  unit.verbose ? context.log.group(name, fn) : fn()
const again = (unit: Unit): string =>
  `from an earlier run with the same inputs (fingerprint ${shortHash(unit.request.fingerprint ?? '')})`

/** The task this request is: named by the inputs, recorded by an earlier run, found, or paid for now. */
async function obtainTask(
  context: RunContext,
  scheduler: Scheduler,
  unit: Unit,
  start: Start
): Promise<{ taskId: string; fromRecord: boolean }> {
  const { log } = context
  if (start.kind === 'given') {
    setAll(unit, { taskId: start.taskId, cacheHit: false })
    unit.changed()
    log.info(`${lead(unit)}Collecting existing task ${start.taskId}; nothing new is submitted.`)
    // "This task is what these inputs made": later runs with them reuse it, and a lost answer is cleared.
    await recordTask(context, unit, start.taskId)
    return { taskId: start.taskId, fromRecord: false }
  }
  const recorded = start.kind === 'task' || start.kind === 'video' ? start.taskId : undefined
  if (recorded) {
    setAll(unit, { taskId: recorded, cacheHit: true })
    unit.changed()
    log.info(`${lead(unit)}Reusing task ${recorded} ${again(unit)}; set take: 2 to pay for a new one.`)
    return { taskId: recorded, fromRecord: true }
  }
  if (start.kind === 'lost')
    return { taskId: await findRecordedLost(context, scheduler, unit, start), fromRecord: true }
  // A recorded video that could not be used, with no task to fall back on, is paid for beyond the plan.
  if (start.kind === 'video' && !scheduler.spend(jobOf(unit)))
    throw overBudget(context, scheduler.blockedBy(jobOf(unit)), 'its recorded video could not be used')
  return { taskId: await payFor(context, scheduler, unit), fromRecord: false }
}

/** A new task, paid for: its id goes out, is announced and recorded before anything else can fail. */
async function payFor(context: RunContext, scheduler: Scheduler, unit: Unit): Promise<string> {
  const { client, inputs, log } = context
  const job = jobOf(unit)
  const body = buildBody(job)
  const taskId = await group(context, unit, 'Submitting the task', async () => {
    if (unit.verbose) log.info(`Submitting to ${inputs.baseUrl} (${body.contentLength} bytes)...`)
    try {
      return await scheduler.submit(body, job, unit.label, unit)
    } catch (error) {
      if (!(error instanceof ApiError) || !error.maybeCreated) throw error
      // Recorded at once, before anything else can fail: MiniMax may have made this task.
      unit.lost = { error, sentAt: error.sentAt }
      await recordLostAnswer(context, scheduler, unit)
      if (!client.findsLostTasks) throw error
      const sent = error.sentAt ?? Date.now() - client.budgetMs
      const found = await scheduler.findLost(job, { from: sent, until: Date.now() }, error).catch(async final => {
        // Again if the lookup, which waited for every submit out, came to know more task ids.
        if ((unit.lost?.known ?? 0) < scheduler.known.length) await recordLostAnswer(context, scheduler, unit)
        throw final
      })
      unit.lost = undefined
      return found
    }
  })
  setAll(unit, { taskId, cacheHit: false, created: true })
  try {
    unit.changed()
  } finally {
    // Announced and recorded even if writing the outputs failed: the task is paid for.
    log.notice(`${lead(unit)}MiniMax task ${taskId} created (${job.model}, ${job.resolution}, ${job.duration} s).`, {
      title: 'Video task created'
    })
    await recordTask(context, unit, taskId)
  }
  return taskId
}

/**
 * An earlier run's submit of this request lost its answer, so MiniMax may have made the task.
 * With a task list (V2) it is looked for there, within the time that request was out; otherwise,
 * or when the list does not show exactly one, the clip is not paid for again: the user says which.
 */
async function findRecordedLost(
  context: RunContext,
  scheduler: Scheduler,
  unit: Unit,
  lost: Extract<Start, { kind: 'lost' }>
): Promise<string> {
  const { client, log } = context
  const { what, advice } = lostAnswer(lost, unit.keyframe)
  if (!client.findsLostTasks) throw new ActionError(`${what}: ${advice}`)
  const sent = Date.parse(lost.sentAt)
  const error = new ApiError(`${what[0]!.toUpperCase()}${what.slice(1)}`, {
    retryable: false,
    maybeCreated: true,
    advice
  })
  const taskId = await scheduler.findLost(jobOf(unit), { from: sent, until: sent + client.budgetMs }, error)
  setAll(unit, { taskId, cacheHit: true })
  unit.changed()
  log.info(`${lead(unit)}Task ${taskId} is the one an earlier run paid for; it is collected and recorded.`)
  await recordTask(context, unit, taskId)
  return taskId
}

/** A task from an earlier run that MiniMax no longer has: one new task instead, within max-paid-tasks. */
async function replace(
  context: RunContext,
  scheduler: Scheduler,
  unit: Unit,
  taskId: string,
  error: unknown
): Promise<void> {
  const why = `task ${taskId} from an earlier run cannot be used (${errorMessage(error)})`
  if (!scheduler.spend(jobOf(unit))) throw overBudget(context, scheduler.blockedBy(jobOf(unit)), why)
  context.log.warning(`${lead(unit)}${why[0]!.toUpperCase()}${why.slice(1)}; paying for a new one.`)
  for (const clip of unit.clips) {
    for (const key of ['taskId', 'status', 'elapsedSeconds', 'fileId', 'downloadUrl', 'failure'] as const)
      delete clip[key]
  }
  setAll(unit, { cacheHit: false })
  unit.changed()
  await collect(context, scheduler, unit, await payFor(context, scheduler, unit))
}

function overBudget(context: RunContext, cap: 'max-paid-tasks' | 'max-cost' | undefined, why: string): ActionError {
  const { maxPaidTasks, maxCost } = context.inputs
  const caps =
    cap === 'max-cost' && maxCost
      ? `max-cost (${formatMoney(maxCost)}, of which what is left does not cover its price)`
      : `max-paid-tasks (${maxPaidTasks})`
  return new ActionError(
    `${why}, and ${caps} leaves no task to pay for instead: nothing was paid for this clip. Raise the cap to ` +
      `make it.`
  )
}

/** The video an earlier run recorded, if it can still be used: checked, and put where this run's goes. */
async function useRecordedVideo(context: RunContext, scheduler: Scheduler, unit: Unit): Promise<boolean> {
  const { records, client, log } = context
  const fingerprint = unit.request.fingerprint
  if (!records || !fingerprint) return false
  const owner = unit.clips[0]!
  const restored = await records.restoreClip(fingerprint, record => unit.destination(owner, record.taskId))
  if (!restored) return false
  const checked = await checkVideo(restored.path, unit.request.job)
  if ('problem' in checked) {
    log.warning(`${lead(unit)}The video recorded ${again(unit)} was not used: ${checked.problem}.`)
    await rm(restored.path, { force: true })
    return false
  }
  const { taskId } = restored.record
  scheduler.know(taskId)
  setAll(unit, { taskId, status: client.succeeded, cacheHit: true })
  await keepVideo(unit, taskId, { path: restored.path, bytes: restored.record.bytes }, checked.tracks)
  unit.changed()
  log.info(`${lead(unit)}Reusing the video of task ${taskId} ${again(unit)}. Nothing was sent to MiniMax.`)
  return true
}

/** Wait for the task, download its video, check it and record it. */
async function collect(context: RunContext, scheduler: Scheduler, unit: Unit, taskId: string): Promise<void> {
  const { client, inputs, log } = context
  const done = await group(context, unit, `Waiting for task ${taskId}`, async () => {
    if (unit.verbose) {
      log.info(
        `Waiting for task ${taskId} (at most ${inputs.waitTimeout} s, a status check every ${inputs.pollInterval} s)...`
      )
    }
    try {
      return await waitForTask({
        client,
        taskId,
        deadline: scheduler.deadline,
        timeoutSeconds: inputs.waitTimeout,
        pollIntervalSeconds: inputs.pollInterval,
        log: line => unit.verbose && log.info(line),
        signal: context.signal,
        onStatus: (status, phase) => {
          setAll(unit, { status })
          if (phase !== 'pending') scheduler.done(unit)
          unit.changed()
        }
      })
    } catch (error) {
      if (error instanceof WaitTimeoutError && unit.keyframe) throw storyboardTimeout(context, unit, error)
      throw error
    }
  })
  setAll(unit, { elapsedSeconds: done.elapsedSeconds, fileId: done.fileId })
  unit.changed()
  const owner = unit.clips[0]!
  const { saved, tracks } = await group(context, unit, 'Downloading the video', async () => {
    const destination = unit.destination(owner, taskId)
    const saved = await downloadResult(context, done, destination, url => {
      setAll(unit, { downloadUrl: url })
      unit.changed()
      if (unit.verbose) log.info(`Downloading ${withoutQuery(url)} to ${destination}...`)
    })
    const checked = await checkVideo(saved.path, unit.request.job)
    // It is paid for: kept whatever it is, with a warning when it is not what was asked for.
    if ('problem' in checked) {
      log.warning(
        `${lead(unit)}The video was saved to ${saved.path}, but ${checked.problem}: it is kept (it is paid for), ` +
          `but not recorded for later runs.`
      )
    }
    const tracks = 'tracks' in checked ? checked.tracks : undefined
    if (unit.verbose) log.info(`Video written: ${saved.path} (${describeVideo(saved.bytes, tracks, done)})`)
    return { saved, tracks }
  })
  await keepVideo(unit, taskId, saved, tracks, done)
  unit.changed()
  // A video that is not what was asked for is kept (it is paid for) but not recorded: a later run
  // would refuse it anyway, and collecting its task again costs nothing while MiniMax keeps it.
  if (tracks) await recordClip(context, unit, saved)
}

function describeVideo(
  bytes: number,
  tracks: Tracks | undefined,
  state: { videoWidth?: number; videoHeight?: number }
): string {
  const width = tracks?.width ?? state.videoWidth
  const height = tracks?.height ?? state.videoHeight
  return [
    `${bytes} bytes`,
    width ? `${width}x${height}` : '',
    tracks ? `${tracks.durationSeconds.toFixed(2)} s` : '',
    tracks ? (tracks.sound ? `sound: ${tracks.sound}` : 'no sound') : ''
  ]
    .filter(Boolean)
    .join(', ')
}

/** The video becomes each served clip's own: the first clip's file, copies for the others. */
async function keepVideo(
  unit: Unit,
  taskId: string,
  saved: { path: string; bytes: number },
  tracks: Tracks | undefined,
  state: { videoWidth?: number; videoHeight?: number } = {}
): Promise<void> {
  for (const clip of unit.clips) {
    const file = clip === unit.clips[0] ? saved.path : unit.destination(clip, taskId)
    await copyVideo(saved.path, file)
    clip.video = {
      path: file,
      bytes: saved.bytes,
      width: tracks?.width ?? state.videoWidth,
      height: tracks?.height ?? state.videoHeight,
      durationSeconds: tracks?.durationSeconds,
      frameRate: tracks?.frameRate,
      sound: tracks?.sound
    }
  }
}

/** In a storyboard, a task that did not finish in time is collected by running the storyboard again. */
function storyboardTimeout(context: RunContext, unit: Unit, error: WaitTimeoutError): WaitTimeoutError {
  const way = context.records
    ? 'a re-run of this storyboard collects it (its task is recorded)'
    : `add  task-id: "${error.taskId}"  to keyframes[${unit.keyframe!.index}] to collect it`
  return new WaitTimeoutError(
    `Task ${error.taskId} did not finish within wait-timeout (${error.timeoutSeconds} s); its last ` +
      `status was ${error.lastStatus ?? 'not known yet'}. It may still finish, and it is paid for: ${way}`,
    error
  )
}

function jobOf(unit: Unit): Job {
  const { job } = unit.request
  if (!job) throw new Error('a request without its inputs can only be collected')
  return job
}

/** Right after MiniMax accepts (or the inputs name) a task: its record, so a later run collects it, not pays. */
async function recordTask(context: RunContext, unit: Unit, taskId: string): Promise<void> {
  const { fingerprint } = unit.request
  if (!context.records || !fingerprint) return
  await context.records.saveTask({
    kind: 'task',
    fingerprint,
    taskId,
    model: jobOf(unit).model,
    createdAt: new Date().toISOString()
  })
}

/**
 * A submit whose answer was lost (it may have created a task): recorded, so that the next run with
 * these inputs looks before it pays instead of paying a second time; with every task id this run
 * knows, which a later look in the task list must not take for this one.
 */
export async function recordLostAnswer(context: RunContext, scheduler: Scheduler, unit: Unit): Promise<void> {
  const { fingerprint } = unit.request
  if (!context.records || !fingerprint || !unit.lost) return
  const { error, sentAt } = unit.lost
  unit.lost.known = scheduler.known.length
  await context.records.saveTask({
    kind: 'task',
    fingerprint,
    lostAnswer: error.failure,
    model: jobOf(unit).model,
    createdAt: new Date().toISOString(),
    sentAt: new Date(sentAt ?? Date.now()).toISOString(),
    known: scheduler.known
  })
}

/** Once the video is downloaded and checked: the clip itself, so a later run needs no request at all. */
async function recordClip(context: RunContext, unit: Unit, saved: Downloaded): Promise<void> {
  const { fingerprint } = unit.request
  const taskId = unit.clips[0]!.taskId
  if (!context.records || !fingerprint || !taskId) return
  await context.records.saveClip(
    {
      kind: 'clip',
      fingerprint,
      taskId,
      bytes: saved.bytes,
      sha256: saved.sha256,
      createdAt: new Date().toISOString()
    },
    saved.path
  )
}
