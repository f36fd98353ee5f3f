/**
 * One clip, from request to video: submit (the task id goes out the moment it exists), then wait,
 * retrieve, download and, if asked, attach it to a release. Loaded only by runs that send
 * something (it brings the client, undici, waiting and downloading).
 */
import { fileSha256, type RecordStore } from '../cache/store.js'
import { short, type Reuse } from '../cache/reuse.js'
import { ApiError, errorMessage, TaskFailedError } from '../errors.js'
import type { Release } from '../github/release.js'
import { waits, type Inputs } from '../inputs/inputs.js'
import type { RunLog } from '../log.js'
import { buildBody } from '../minimax/body.js'
import { MiniMaxClient } from '../minimax/client.js'
import { Pacer } from '../net/pacer.js'
import type { Job } from '../plan/job.js'
import { videoDestination } from '../video/destination.js'
import { downloadVideo, withoutQuery } from '../video/download.js'
import type { ClipResult } from './result.js'
import { waitForTask } from './wait.js'

export { closeDispatchers } from '../net/http.js'

export interface ClipContext {
  client: MiniMaxClient
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
export function clientFor(inputs: Inputs, log: RunLog, signal: AbortSignal): MiniMaxClient {
  const budgetMs = 3 * inputs.requestTimeout * 1000
  return new MiniMaxClient({
    signal,
    // One pacer for every request that creates a task, whatever clip it is for.
    pacer: new Pacer(inputs.submitRate),
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
  const { inputs, log, records } = context
  clip.fingerprint = reuse.fingerprint
  const again =
    `from an earlier run with the same inputs (fingerprint ${short(reuse.fingerprint)}); ` +
    `set take: 2 to pay for a new one`
  if (reuse.clip && wait && records) {
    const restored = await records.restoreClip(reuse.fingerprint, record =>
      videoDestination(inputs.outputPath, `${record.taskId}.mp4`, context.workspace)
    )
    if (restored) {
      Object.assign(clip, { taskId: restored.record.taskId, status: 'Success', cacheHit: true })
      clip.video = { path: restored.path, bytes: restored.record.bytes }
      context.changed()
      log.info(`Reusing the video of task ${restored.record.taskId} ${again}. Nothing was sent to MiniMax.`)
      await attachToRelease(context, clip, restored.path)
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

/** An earlier run's task that is no good now: failed, or unknown to this account (expired, another key). */
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
      await recordLostAnswer(context, clip, job, error)
      throw error
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

/** Wait for the task, then retrieve, download and (if asked) attach the video to a release. */
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
  const video = await log.group('Downloading the video', async () => {
    const destination = videoDestination(inputs.outputPath, `${taskId}.mp4`, context.workspace)
    const saved = await downloadResult(context, done.fileId, destination, url => {
      clip.downloadUrl = url
      context.changed()
      log.info(`Downloading ${withoutQuery(url)} to ${destination}...`)
    })
    const size = done.videoWidth ? `, ${done.videoWidth}x${done.videoHeight}` : ''
    log.info(`Video written: ${saved.path} (${saved.bytes} bytes${size})`)
    return saved
  })
  clip.video = { path: video.path, bytes: video.bytes, width: done.videoWidth, height: done.videoHeight }
  context.changed()
  await recordClip(context, clip, video.path)
  await attachToRelease(context, clip, video.path)
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
export async function recordClip(context: ClipContext, clip: ClipResult, file: string): Promise<void> {
  if (!context.records || !clip.fingerprint || !clip.taskId || !clip.video) return
  await context.records.saveClip(
    {
      kind: 'clip',
      fingerprint: clip.fingerprint,
      taskId: clip.taskId,
      bytes: clip.video.bytes,
      sha256: await fileSha256(file),
      createdAt: new Date().toISOString()
    },
    file
  )
}

/**
 * A finished task's video, retrieved and downloaded to `destination`: the link expires in about an
 * hour, so at once. `found` hears the link as soon as MiniMax gives it.
 */
export async function downloadResult(
  context: ClipContext,
  fileId: string,
  destination: string,
  found: (downloadUrl: string) => void = () => undefined
): Promise<{ path: string; bytes: number }> {
  const { client, inputs, log } = context
  const file = await client.retrieve(fileId)
  found(file.downloadUrl)
  return downloadVideo({
    url: file.downloadUrl,
    destination,
    expectedBytes: file.bytes,
    requestTimeoutSeconds: inputs.requestTimeout,
    maxRetries: inputs.maxRetries,
    retryInitialDelaySeconds: inputs.retryInitialDelay,
    log,
    signal: context.signal
  })
}
