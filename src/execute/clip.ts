/**
 * One clip, from request to video: submit (the task id goes out the moment it exists; a lost V2
 * answer is looked for in the task list), then wait, fetch the link (V1 retrieves the file),
 * download, read the tracks and, if asked, attach it to a release; after a cancel, this run's
 * queued V2 tasks are cancelled. Loaded only by runs that send something (it brings the client,
 * undici, waiting and downloading).
 */
import type { ClipRecord } from '../cache/records.js'
import type { RecordStore } from '../cache/store.js'
import { short, type Reuse } from '../cache/reuse.js'
import { ActionError, ApiError, errorMessage, TaskFailedError } from '../errors.js'
import type { Release } from '../github/release.js'
import { submitRateOf, waits, type Inputs } from '../inputs/inputs.js'
import type { RunLog } from '../log.js'
import { buildBody } from '../minimax/body.js'
import { MiniMaxClient, MiniMaxV2Client, type TaskState, type VideoClient } from '../minimax/client.js'
import { apiOf } from '../minimax/rules.js'
import { exitDeadline } from '../net/cancel.js'
import { Pacer } from '../net/pacer.js'
import type { Job } from '../plan/job.js'
import { videoDestination } from '../video/destination.js'
import { downloadVideo, withoutQuery, type Downloaded } from '../video/download.js'
import type { ClipResult, RunResult } from './result.js'
import { waitForTask } from './wait.js'

export { closeDispatchers } from '../net/http.js'

export interface ClipContext {
  client: VideoClient
  inputs: Inputs
  workspace: string
  log: RunLog
  /** The run's cancellation (SIGINT/SIGTERM from the runner). */
  signal: AbortSignal
  /** The release to attach the video to (found before anything was paid for). */
  release?: Release
  /** Where tasks and clips are recorded across runs (none with cache: false, or without a cache). */
  records?: RecordStore
  /** The clip's result changed (a task id, a status, a video): publish the outputs. */
  changed(): void
}

/** The client for this run: every request it sends is counted in `attempts`. */
export function clientFor(inputs: Inputs, log: RunLog, signal: AbortSignal): VideoClient {
  const budgetMs = 3 * inputs.requestTimeout * 1000
  const Client = apiOf(inputs.model) === 'v2' ? MiniMaxV2Client : MiniMaxClient
  return new Client({
    signal,
    // One pacer for every request that creates a task, whatever clip it is for.
    pacer: new Pacer(submitRateOf(inputs)),
    // A submit kept waiting by rate limits may keep trying for as long as the run may wait.
    submitWindowMs: Math.max(budgetMs, waits(inputs) ? inputs.waitTimeout * 1000 : 0),
    baseUrl: inputs.baseUrl,
    apiKey: inputs.apiKey,
    requestTimeoutSeconds: inputs.requestTimeout,
    maxRetries: inputs.maxRetries,
    retryInitialDelaySeconds: inputs.retryInitialDelay,
    log
  })
}

/**
 * One clip: the video an earlier run recorded for the same inputs, used as it is; else the task it
 * paid for, collected; else a new task, paid for. `reuse` says what the lookup found.
 */
export async function runClip(
  context: ClipContext,
  job: Job,
  clip: ClipResult,
  wait: boolean,
  reuse: Reuse
): Promise<void> {
  const { inputs, log } = context
  clip.fingerprint = reuse.fingerprint
  const again =
    `from an earlier run with the same inputs (fingerprint ${short(reuse.fingerprint)}); ` +
    `set take: 2 to pay for a new one`
  if (reuse.clip && wait) {
    const taskId = await useRecordedClip(context, clip, reuse.fingerprint, record =>
      videoDestination(inputs.outputPath, `${record.taskId}.mp4`, context.workspace)
    )
    if (taskId && clip.video) {
      const tracks = await readTracks(clip.video.path, log)
      if (tracks) Object.assign(clip.video, withoutSound(tracks))
      context.changed()
      log.info(`Reusing the video of task ${taskId} ${again}. Nothing was sent to MiniMax.`)
      await attachToRelease(context, clip, clip.video.path)
      return
    }
  }
  if (reuse.task?.taskId) {
    const taskId = reuse.task.taskId
    Object.assign(clip, { taskId, cacheHit: true })
    context.changed()
    log.info(`Reusing task ${taskId} ${again}.`)
    if (!wait) return
    try {
      await collectClip(context, taskId, clip)
      return
    } catch (error) {
      if (!taskGone(error)) throw error
      log.warning(`Task ${taskId} from an earlier run cannot be used (${errorMessage(error)}); paying for a new one.`)
      for (const key of ['taskId', 'status', 'elapsedSeconds', 'fileId', 'downloadUrl'] as const) delete clip[key]
      clip.cacheHit = false
    }
  }
  clip.cacheHit = false
  await submitClip(context, job, clip, wait)
}

/**
 * The video an earlier run recorded for this fingerprint, put where `destinationFor` says and
 * taken as the clip's own: its task id, or undefined when there is none to use.
 */
export async function useRecordedClip(
  context: ClipContext,
  clip: ClipResult,
  fingerprint: string,
  destinationFor: (record: ClipRecord) => string
): Promise<string | undefined> {
  const restored = await context.records?.restoreClip(fingerprint, destinationFor)
  if (!restored) return undefined
  Object.assign(clip, { taskId: restored.record.taskId, status: context.client.succeeded, cacheHit: true })
  clip.video = { path: restored.path, bytes: restored.record.bytes }
  context.changed()
  return restored.record.taskId
}

/** An earlier run's task that is no good now: failed, or unknown to this account (too old, another key). */
export function taskGone(error: unknown): boolean {
  return error instanceof TaskFailedError || (error instanceof ApiError && error.code === 2013)
}

export async function submitClip(context: ClipContext, job: Job, clip: ClipResult, wait: boolean): Promise<void> {
  const { client, inputs, log } = context
  const taskId = await log.group('Submitting the task', async () => {
    const body = buildBody(job)
    log.info(`Submitting to ${inputs.baseUrl} (${body.contentLength} bytes)...`)
    try {
      return (await client.submit(body)).taskId
    } catch (error) {
      try {
        return await findLostTask(context, job, error, new Set())
      } catch (final) {
        await recordLostAnswer(context, clip, job, final)
        throw final
      }
    }
  })
  // The task is paid for: its id goes out before anything else can fail.
  clip.taskId = taskId
  context.changed()
  log.notice(`MiniMax task ${taskId} created (${job.model}, ${job.resolution}, ${job.duration} s).`, {
    title: 'Video task created'
  })
  await recordTask(context, clip, job)
  if (wait) await collectClip(context, taskId, clip)
}

/** Wait for the task, then download its video and (if asked) attach it to a release. */
export async function collectClip(context: ClipContext, taskId: string, clip: ClipResult): Promise<void> {
  const { client, inputs, log } = context
  clip.taskId = taskId
  const done = await log.group(`Waiting for task ${taskId}`, () => {
    log.info(
      `Waiting for task ${taskId} (at most ${inputs.waitTimeout} s, a status check every ${inputs.pollInterval} s)...`
    )
    return waitForTask({
      client,
      taskId,
      timeoutSeconds: inputs.waitTimeout,
      pollIntervalSeconds: inputs.pollInterval,
      log: line => log.info(line),
      signal: context.signal,
      onStatus: status => {
        clip.status = status
        context.changed()
      }
    })
  })
  clip.elapsedSeconds = done.elapsedSeconds
  clip.fileId = done.fileId
  context.changed()
  const saved = await log.group('Downloading the video', async () => {
    const destination = videoDestination(inputs.outputPath, `${taskId}.mp4`, context.workspace)
    const saved = await downloadResult(context, done, destination, url => {
      clip.downloadUrl = url
      context.changed()
      log.info(`Downloading ${withoutQuery(url)} to ${destination}...`)
    })
    const tracks = await readTracks(saved.path, log)
    const width = tracks?.width ?? done.videoWidth
    const height = tracks?.height ?? done.videoHeight
    const details = [
      `${saved.bytes} bytes`,
      width ? `${width}x${height}` : '',
      tracks ? `${tracks.durationSeconds.toFixed(2)} s` : '',
      tracks ? (tracks.sound ?? 'no sound') : ''
    ]
    log.info(`Video written: ${saved.path} (${details.filter(Boolean).join(', ')})`)
    clip.video = { path: saved.path, bytes: saved.bytes, width, height, durationSeconds: tracks?.durationSeconds }
    return saved
  })
  context.changed()
  await recordClip(context, clip, saved)
  await attachToRelease(context, clip, saved.path)
}

/**
 * The downloaded video's real size, length and sound, read from its tracks (mediabunny, loaded
 * only here). H3 clips run slightly past whole seconds, so the length is measured, not assumed. A
 * file that cannot be read is kept (it is paid for) with a warning.
 */
async function readTracks(
  file: string,
  log: RunLog
): Promise<{ width: number; height: number; durationSeconds: number; sound?: string } | undefined> {
  try {
    const { probeClip } = await import('../video/join.js')
    const { video, audio } = await probeClip(file)
    const turned = video.rotation === 90 || video.rotation === 270
    return {
      width: turned ? video.codedHeight : video.codedWidth,
      height: turned ? video.codedWidth : video.codedHeight,
      durationSeconds: video.duration,
      sound: audio
        ? `sound: ${audio.codecString}, ${audio.channels === 2 ? 'stereo' : `${audio.channels} channels`}, ` +
          `${audio.sampleRate} Hz`
        : undefined
    }
  } catch (error) {
    log.warning(`The video was saved to ${file}, but its tracks could not be read (${errorMessage(error)}).`)
    return undefined
  }
}

function withoutSound<T extends { sound?: string }>(tracks: T): Omit<T, 'sound'> {
  const { sound: _sound, ...rest } = tracks
  return rest
}

/** With upload-to-release: the video attached to the release found before paying. */
async function attachToRelease(context: ClipContext, clip: ClipResult, file: string): Promise<void> {
  const { release, inputs, log } = context
  if (!release) return
  const { uploadAsset } = await import('../github/release.js')
  clip.releaseAssetUrl = await log.group('Attaching the video to the release', () =>
    uploadAsset(inputs.githubToken, release, file, line => log.info(line))
  )
  context.changed()
}

/** How far MiniMax's clock may be from the runner's when a lost task is matched by its creation time. */
const CLOCK_SLACK_SECONDS = 5

/**
 * A V2 submit whose answer was lost may still have made a task: MiniMax's task list is searched
 * for one of the same model, resolution and duration, created from when the request was sent
 * until now, that this run does not know already (`known`). Exactly one, and no other lost answer
 * of the same kind in this run (`others`): that is the task, and its id is returned. Otherwise
 * `error` is thrown again, saying what the list showed. Any other error is thrown as it is.
 */
export async function findLostTask(
  context: ClipContext,
  job: Job,
  error: unknown,
  known: ReadonlySet<string>,
  options: { others?: number } = {}
): Promise<string> {
  const { client, log } = context
  if (!(client instanceof MiniMaxV2Client) || !(error instanceof ApiError) || !error.maybeCreated) throw error
  const kind = (n: number): string => `${job.model} task${n === 1 ? '' : 's'} (${job.resolution}, ${job.duration} s)`
  const from = Math.floor((error.sentAt ?? Date.now() - client.budgetMs) / 1000) - CLOCK_SLACK_SECONDS
  let matches: string[]
  try {
    const listed = await client.listTasks(job.model, from)
    const until = Date.now() / 1000 + CLOCK_SLACK_SECONDS
    matches = listed
      .filter(t => t.createdAt <= until && t.resolution === job.resolution && t.duration === job.duration)
      .filter(t => !known.has(t.taskId))
      .map(t => t.taskId)
  } catch (listing) {
    if (!(listing instanceof ActionError)) throw listing
    throw new ApiError(`${error.message} MiniMax's task list could not be read either: ${errorMessage(listing)}`, {
      retryable: false,
      maybeCreated: true,
      code: error.code,
      cause: error
    })
  }
  const others = options.others ?? 0
  if (matches.length === 1 && others === 0) {
    log.warning(
      `${error.message.split('. The request may have reached MiniMax')[0]}. MiniMax's task list shows exactly one ` +
        `${kind(1)} created meanwhile, task ${matches[0]}: this run takes it as its own instead of paying again ` +
        `(if another job submitted the same model, resolution and duration with this key at that moment, check ` +
        `it in MiniMax's console).`
    )
    return matches[0]!
  }
  const shows =
    matches.length === 0
      ? `shows no ${kind(1)} created meanwhile (yet)`
      : `shows ${matches.length} ${kind(matches.length)} created meanwhile (${matches.join(', ')}), ` +
        (others > 0 ? `and ${others + 1} answers for ${kind(2)} were lost in this run, ` : '') +
        `so this run cannot tell which is its own; collect it with task-id`
  throw new ApiError(`${error.message} MiniMax's task list ${shows}.`, {
    retryable: false,
    maybeCreated: true,
    code: error.code,
    cause: error
  })
}

/** Right after MiniMax accepts a task, before waiting: its record, so a later run collects it instead of paying. */
export async function recordTask(context: ClipContext, clip: ClipResult, job: Job): Promise<void> {
  if (!context.records || !clip.fingerprint || !clip.taskId) return
  await context.records.saveTask({
    kind: 'task',
    fingerprint: clip.fingerprint,
    taskId: clip.taskId,
    model: job.model,
    createdAt: new Date().toISOString()
  })
}

/**
 * A submit whose answer was lost (it may have created a task): recorded, so that the next run with
 * these inputs looks before it pays instead of paying a second time.
 */
export async function recordLostAnswer(
  context: ClipContext,
  clip: ClipResult,
  job: Job,
  error: unknown
): Promise<void> {
  if (!context.records || !clip.fingerprint || !(error instanceof ApiError) || !error.maybeCreated) return
  await context.records.saveTask({
    kind: 'task',
    fingerprint: clip.fingerprint,
    lostAnswer: errorMessage(error).split('. The request may have reached MiniMax')[0],
    model: job.model,
    createdAt: new Date().toISOString()
  })
}

/** Once the video is downloaded and checked: the clip itself, so a later run needs no request at all. */
export async function recordClip(context: ClipContext, clip: ClipResult, saved: Downloaded): Promise<void> {
  if (!context.records || !clip.fingerprint || !clip.taskId) return
  await context.records.saveClip(
    {
      kind: 'clip',
      fingerprint: clip.fingerprint,
      taskId: clip.taskId,
      bytes: saved.bytes,
      sha256: saved.sha256,
      createdAt: new Date().toISOString()
    },
    saved.path
  )
}

/**
 * A finished task's video, downloaded to `destination` at once: its link expires (V1's in about an
 * hour, V2's when MiniMax decides). `found` hears the link as soon as MiniMax gives it.
 */
export async function downloadResult(
  context: ClipContext,
  state: TaskState,
  destination: string,
  found: (downloadUrl: string) => void = () => undefined
): Promise<Downloaded> {
  const { client, inputs, log } = context
  const link = await client.videoLink(state)
  found(link.url)
  return downloadVideo({
    url: link.url,
    destination,
    expectedBytes: link.bytes,
    requestTimeoutSeconds: inputs.requestTimeout,
    maxRetries: inputs.maxRetries,
    retryInitialDelaySeconds: inputs.retryInitialDelay,
    log,
    signal: context.signal
  })
}

/** Time kept, out of a cancelled run's last seconds, for the outputs and the job summary. */
const KEEP_FOR_REPORT_MS = 1500

/**
 * After the run was cancelled: this run's V2 tasks that have not started are cancelled (MiniMax
 * charges nothing for them). Each task's status is asked for first, and only a task still
 * `queued` is sent the DELETE: on a finished task it would delete the record, and its video with
 * it. A running task is left alone (its id is in the outputs). Tasks from earlier runs (task-id,
 * or reused) are not this run's to cancel. All within the seconds the cancelled run has left.
 */
export async function cancelQueued(context: ClipContext, result: RunResult): Promise<void> {
  const { client, log } = context
  if (client.api !== 'v2' || result.resumed) return
  const candidates = result.clips.filter(
    c => c.taskId && c.cacheHit === false && !c.video && (c.status === undefined || c.status === 'queued')
  )
  if (candidates.length === 0) return
  const withinMs = Math.min(3000, (exitDeadline() ?? Date.now() + 3000) - Date.now() - KEEP_FOR_REPORT_MS)
  if (withinMs < 200) {
    log.warning(
      `No time was left to cancel the tasks that had not started (${candidates.map(c => c.taskId).join(', ')}); ` +
        `they will run and be charged, and their ids are in the outputs.`
    )
    return
  }
  const until = Date.now() + withinMs
  await Promise.all(
    candidates.map(async clip => {
      const taskId = clip.taskId!
      try {
        const status = await client.peek(taskId, until - Date.now())
        if (status !== 'queued') {
          clip.status = status
          return
        }
        const action = await client.cancel(taskId, until - Date.now())
        clip.status = action === 'cancelled' ? 'cancelled' : status
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
  context.changed()
}
