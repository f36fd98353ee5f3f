/**
 * The action's run: read and check every input (nothing is sent while anything is wrong),
 * then submit the task and output its id at once, then optionally wait for the video.
 */
import * as core from '@actions/core'
import path from 'node:path'
import { downloadVideo, withoutQuery } from './download.js'
import { closeFrames, describeFrame, type Frame } from './frame-source.js'
import { ApiError, errorMessage } from './errors.js'
import { closeDispatchers } from './http.js'
import { INPUT_NAMES, inputWarnings, parseInputs, type Inputs, type RawInputs } from './inputs.js'
import { MiniMaxClient } from './minimax-client.js'
import { prepare, type Prepared } from './prepare.js'
import { buildBody, previewBody, toVideoRequest, type VideoRequest } from './request-body.js'
import { renderSummary, type FrameLine, type Report } from './summary.js'
import { waitForTask } from './wait.js'

export function readRawInputs(): RawInputs {
  const raw = {} as RawInputs
  for (const name of INPUT_NAMES) raw[name] = core.getInput(name)
  return raw
}

const SECRET_INPUTS = new Set(['api-key', 'github-token'])

/** The inputs for a debug line: secrets hidden, long values (data URLs) shortened. */
function describeRawInputs(raw: RawInputs): string {
  const shown = Object.entries(raw)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => [name, SECRET_INPUTS.has(name) ? '***' : value.length > 120 ? `${value.slice(0, 60)}... (${value.length} characters)` : value])
  return JSON.stringify(Object.fromEntries(shown))
}

function maskSecrets(): void {
  // Before anything else is logged. The untrimmed form too, in case it is echoed back.
  for (const name of SECRET_INPUTS) {
    const value = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? ''
    if (value.trim()) core.setSecret(value.trim())
  }
}

function frameLine(frame: Frame): FrameLine {
  if (frame.kind === 'url') return { input: frame.input, source: frame.source }
  return { input: frame.input, source: frame.source, format: frame.image.format.toUpperCase(), width: frame.image.width, height: frame.image.height, bytes: frame.size }
}

async function writeSummary(report: Report): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return
  try {
    await core.summary.addRaw(renderSummary(report)).write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${errorMessage(error)}`)
  }
}

export async function run(): Promise<void> {
  const report: Report = { dryRun: false, frames: [] }
  let prepared: Prepared | undefined
  try {
    maskSecrets()
    const raw = readRawInputs()
    core.debug(`Inputs as read: ${describeRawInputs(raw)}`)
    const parsed = parseInputs(raw)
    const taskId = parsed.inputs?.taskId
    prepared = await prepare(raw, process.env.GITHUB_WORKSPACE || process.cwd(), { needFrames: !taskId })
    const problems = [...parsed.problems, ...prepared.problems]
    if (problems.length > 0 || !parsed.inputs) {
      for (const { input, message } of problems) core.error(`${input}: ${message}`, { title: `Input ${input}` })
      core.setFailed(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the inputs; nothing was sent to MiniMax.`)
      return
    }
    const inputs = parsed.inputs
    for (const warning of [...inputWarnings(inputs, raw), ...prepared.warnings]) core.warning(warning)
    for (const notice of prepared.notices) core.notice(notice)
    Object.assign(report, { dryRun: inputs.dryRun, model: inputs.model, resolution: inputs.resolution, duration: inputs.duration, prompt: prepared.prompt })

    const client = new MiniMaxClient({
      baseUrl: inputs.baseUrl,
      apiKey: inputs.apiKey,
      requestTimeoutSeconds: inputs.requestTimeoutSeconds,
      maxRetries: inputs.maxRetries,
      retryInitialDelaySeconds: inputs.retryInitialDelaySeconds,
      log: core
    })
    if (taskId) {
      report.resumed = true
      report.taskId = taskId
      core.info(`Collecting existing task ${taskId}; nothing new is submitted.`)
      core.setOutput('task_id', taskId)
      await collect(client, inputs, taskId, report)
      return
    }

    const request = toVideoRequest(inputs, prepared)
    if (!request) throw new Error('last-frame was not prepared') // the checks above guarantee it
    report.frames = [request.firstFrame, request.lastFrame].filter((f): f is Frame => f !== undefined).map(frameLine)
    logRequest(inputs, request)

    if (inputs.dryRun) {
      core.info('Dry run: every check passed. This request would be sent (frames summarised):')
      core.info(`POST ${inputs.baseUrl}/v1/video_generation`)
      core.info('Authorization: Bearer ***')
      core.info(JSON.stringify(previewBody(request), null, 2))
      core.info('Nothing was sent (dry-run: true).')
      return
    }

    const body = buildBody(request)
    core.info(`Submitting to ${inputs.baseUrl} (${body.contentLength} bytes)...`)
    const submitted = await client.submit(body)
    await closeFrames([request.firstFrame, request.lastFrame])
    // The task is paid for: its id goes out before anything else can fail.
    report.taskId = submitted.taskId
    core.setOutput('task_id', submitted.taskId)
    core.notice(`MiniMax task ${submitted.taskId} created (${inputs.model}, ${inputs.resolution}, ${inputs.duration} s).`, { title: 'Video task created' })
    if (inputs.wait) await collect(client, inputs, submitted.taskId, report)
  } catch (error) {
    const message = errorMessage(error)
    report.failure = message
    // Our own errors are written for a person; anything else is a bug, and its stack helps.
    if (error instanceof Error && !(error instanceof ApiError)) core.debug(error.stack ?? message)
    core.setFailed(message)
  } finally {
    await closeFrames([prepared?.firstFrame, prepared?.lastFrame])
    await closeDispatchers()
    if (report.model || report.taskId) await writeSummary(report)
  }
}

/** Wait for the task, then retrieve, download and (if asked) attach the video to a release. */
async function collect(client: MiniMaxClient, inputs: Inputs, taskId: string, report: Report): Promise<void> {
  core.info(`Waiting for task ${taskId} (at most ${inputs.waitTimeoutSeconds} s, a status check every ${inputs.pollIntervalSeconds} s)...`)
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
  const fileId = done.fileId as string
  report.fileId = fileId
  core.setOutput('file_id', fileId)
  // The link expires in about an hour: fetch it and download at once.
  const file = await client.retrieve(fileId)
  report.downloadUrl = file.downloadUrl
  core.setOutput('download_url', file.downloadUrl)
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const destination = path.resolve(workspace, inputs.outputPath ?? `${taskId}.mp4`)
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
  core.info(`Video written: ${video.path} (${video.bytes} bytes${done.videoWidth ? `, ${done.videoWidth}x${done.videoHeight}` : ''})`)
  if (inputs.uploadToRelease) {
    const { uploadToRelease } = await import('./release.js')
    report.releaseAssetUrl = await uploadToRelease({ token: inputs.githubToken, target: inputs.uploadToRelease, file: video.path, log: line => core.info(line) })
    core.setOutput('release_asset_url', report.releaseAssetUrl)
  }
}

function logRequest(inputs: Inputs, request: VideoRequest): void {
  core.info(`Model ${inputs.model}, ${inputs.resolution}, ${inputs.duration} s; prompt optimizer ${inputs.promptOptimizer ? 'on' : 'off'}; watermark ${inputs.aigcWatermark ? 'on' : 'off'}`)
  if (request.firstFrame) core.info(`first-frame: ${describeFrame(request.firstFrame)}`)
  core.info(`last-frame:  ${describeFrame(request.lastFrame)}`)
  core.info(request.prompt ? `prompt: ${JSON.stringify(request.prompt)}` : 'prompt: (none)')
  if (inputs.callbackUrl) core.info(`callback-url: ${inputs.callbackUrl}`)
  core.info('Every check passed.')
}
