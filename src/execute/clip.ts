/**
 * One clip, from request to video: submit (the task id goes out the moment it exists), then wait,
 * retrieve, download and, if asked, attach it to a release. Loaded only by runs that send
 * something (it brings the client, undici, waiting and downloading).
 */
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

export async function submitClip(context: ClipContext, job: Job, clip: ClipResult, wait: boolean): Promise<void> {
  const { client, inputs, log } = context
  const taskId = await log.group('Submitting the task', async () => {
    const body = buildBody(job)
    log.info(`Submitting to ${inputs.baseUrl} (${body.contentLength} bytes)...`)
    return (await client.submit(body)).taskId
  })
  // The task is paid for: its id goes out before anything else can fail.
  clip.taskId = taskId
  context.changed()
  log.notice(`MiniMax task ${taskId} created (${job.model}, ${job.resolution}, ${job.duration} s).`, {
    title: 'Video task created'
  })
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
  const { release } = context
  if (release) {
    const { uploadAsset } = await import('../github/release.js')
    clip.releaseAssetUrl = await log.group('Attaching the video to the release', () =>
      uploadAsset(inputs.githubToken, release, video.path, line => log.info(line))
    )
    context.changed()
  }
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
