/**
 * Everything that talks to MiniMax: submit (outputting task_id the moment it exists), then wait,
 * retrieve, download and attach to a release. Loaded only by runs that send something.
 */
import * as core from '@actions/core'
import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import { downloadVideo, withoutQuery } from '../video/download.js'
import { closeFrames } from '../frames/source.js'
import type { Inputs } from '../inputs/inputs.js'
import { MiniMaxClient } from '../minimax/client.js'
import { buildBody, type VideoRequest } from '../minimax/body.js'
import type { Report } from '../github/summary.js'
import { waitForTask } from './wait.js'

export { closeDispatchers } from '../net/http.js'

/** The client for this run; the report counts its requests as they are sent. */
export function clientFor(inputs: Inputs, report: Report): MiniMaxClient {
  const client = new MiniMaxClient({
    baseUrl: inputs.baseUrl,
    apiKey: inputs.apiKey,
    requestTimeoutSeconds: inputs.requestTimeoutSeconds,
    maxRetries: inputs.maxRetries,
    retryInitialDelaySeconds: inputs.retryInitialDelaySeconds,
    log: core
  })
  report.requests = client.attempts
  return client
}

export async function submitAndCollect(inputs: Inputs, request: VideoRequest, report: Report): Promise<void> {
  const client = clientFor(inputs, report)
  const body = buildBody(request)
  core.info(`Submitting to ${inputs.baseUrl} (${body.contentLength} bytes)...`)
  const submitted = await client.submit(body)
  closeFrames([request.firstFrame, request.lastFrame])
  // The task is paid for: its id goes out before anything else can fail.
  report.taskId = submitted.taskId
  core.setOutput('task_id', submitted.taskId)
  core.notice(
    `MiniMax task ${submitted.taskId} created (${inputs.model}, ${inputs.resolution}, ${inputs.duration} s).`,
    { title: 'Video task created' }
  )
  if (inputs.wait) await collect(client, inputs, submitted.taskId, report)
}

/** Where the video goes: output-path (relative to the workspace), or <task_id>.mp4 in it, or in the folder output-path names. */
export function videoDestination(outputPath: string | undefined, taskId: string, workspace: string): string {
  const file = `${taskId}.mp4`
  if (!outputPath) return path.resolve(workspace, file)
  const resolved = path.resolve(workspace, outputPath)
  const isFolder = /[/\\]$/.test(outputPath) || (existsSync(resolved) && statSync(resolved).isDirectory())
  return isFolder ? path.join(resolved, file) : resolved
}

/** Wait for the task, then retrieve, download and (if asked) attach the video to a release. */
export async function collect(client: MiniMaxClient, inputs: Inputs, taskId: string, report: Report): Promise<void> {
  core.info(
    `Waiting for task ${taskId} (at most ${inputs.waitTimeoutSeconds} s, a status check every ${inputs.pollIntervalSeconds} s)...`
  )
  const done = await waitForTask({
    client,
    taskId,
    timeoutSeconds: inputs.waitTimeoutSeconds,
    pollIntervalSeconds: inputs.pollIntervalSeconds,
    log: line => core.info(line),
    onStatus: status => {
      report.status = status
      core.setOutput('status', status)
    }
  })
  report.elapsedSeconds = done.elapsedSeconds
  const fileId = done.fileId
  report.fileId = fileId
  core.setOutput('file_id', fileId)
  // The link expires in about an hour: fetch it and download at once.
  const file = await client.retrieve(fileId)
  report.downloadUrl = file.downloadUrl
  core.setOutput('download_url', file.downloadUrl)
  const destination = videoDestination(inputs.outputPath, taskId, process.env.GITHUB_WORKSPACE || process.cwd())
  core.info(`Downloading ${withoutQuery(file.downloadUrl)} to ${destination}...`)
  const video = await downloadVideo({
    url: file.downloadUrl,
    destination,
    expectedBytes: file.bytes,
    requestTimeoutSeconds: inputs.requestTimeoutSeconds,
    maxRetries: inputs.maxRetries,
    retryInitialDelaySeconds: inputs.retryInitialDelaySeconds,
    log: core
  })
  report.video = { path: video.path, bytes: video.bytes, width: done.videoWidth, height: done.videoHeight }
  core.setOutput('video_path', video.path)
  if (done.videoWidth) core.setOutput('video_width', String(done.videoWidth))
  if (done.videoHeight) core.setOutput('video_height', String(done.videoHeight))
  core.info(
    `Video written: ${video.path} (${video.bytes} bytes${done.videoWidth ? `, ${done.videoWidth}x${done.videoHeight}` : ''})`
  )
  if (inputs.uploadToRelease) {
    const { uploadToRelease } = await import('../github/release.js')
    report.releaseAssetUrl = await uploadToRelease({
      token: inputs.githubToken,
      target: inputs.uploadToRelease,
      file: video.path,
      log: line => core.info(line)
    })
    core.setOutput('release_asset_url', report.releaseAssetUrl)
  }
}
