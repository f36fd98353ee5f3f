/**
 * The action's run: read and check every input (nothing is sent while anything is wrong),
 * then submit the task and output its id at once, then optionally wait for the video.
 */
import * as core from '@actions/core'
import { appendFileSync } from 'node:fs'
import { closeFrames, describeFrame, type Frame } from './frames/source.js'
import { ApiError, errorMessage } from './errors.js'
import { INPUT_NAMES, inputWarnings, parseInputs, type Inputs, type RawInputs } from './inputs/inputs.js'
import { prepare, type Prepared } from './plan/prepare.js'
import { previewBody, toVideoRequest, type VideoRequest } from './minimax/body.js'
import { renderSummary, type FrameLine, type Report } from './github/summary.js'

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
    .map(([name, value]) => [
      name,
      SECRET_INPUTS.has(name)
        ? '***'
        : value.length > 120
          ? `${value.slice(0, 60)}... (${value.length} characters)`
          : value
    ])
  return JSON.stringify(Object.fromEntries(shown))
}

/** Before anything else is logged: the key (and the GitHub token) as they will be used, trimmed. */
function maskSecrets(): void {
  for (const name of SECRET_INPUTS) {
    const value = core.getInput(name)
    if (value) core.setSecret(value)
  }
}

function frameLine(frame: Frame): FrameLine {
  if (frame.kind === 'url') return { input: frame.input, source: frame.source }
  return {
    input: frame.input,
    source: frame.source,
    format: frame.image.format.toUpperCase(),
    width: frame.image.width,
    height: frame.image.height,
    bytes: frame.size
  }
}

/**
 * Append to the job summary file, as core.summary.write() does, but synchronously: its access()
 * and appendFile() are two thread-pool round trips at the end of every run.
 */
function writeSummary(report: Report): void {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) return
  try {
    appendFileSync(file, `${renderSummary(report)}\n`)
  } catch (error) {
    core.warning(`Could not write the job summary: ${errorMessage(error)}`)
  }
}

export async function run(): Promise<void> {
  const report: Report = { dryRun: false, frames: [] }
  let prepared: Prepared | undefined
  let send: typeof import('./execute/send.js') | undefined
  try {
    maskSecrets()
    const raw = readRawInputs()
    core.debug(`Inputs as read: ${describeRawInputs(raw)}`)
    const parsed = parseInputs(raw)
    const taskId = parsed.inputs?.taskId
    prepared = await prepare(raw, process.env.GITHUB_WORKSPACE || process.cwd(), {
      needFrames: !taskId,
      dryRun: parsed.inputs?.dryRun ?? false,
      eventName: process.env.GITHUB_EVENT_NAME
    })
    const problems = [...parsed.problems, ...prepared.problems]
    if (problems.length > 0 || !parsed.inputs) {
      for (const { input, message } of problems) core.error(`${input}: ${message}`, { title: `Input ${input}` })
      core.setFailed(
        `${problems.length} problem${problems.length === 1 ? '' : 's'} in the inputs; nothing was sent to MiniMax.`
      )
      return
    }
    const inputs = parsed.inputs
    for (const warning of [...inputWarnings(inputs, raw), ...prepared.warnings]) core.warning(warning)
    for (const notice of prepared.notices) core.notice(notice)
    Object.assign(report, {
      dryRun: inputs.dryRun,
      model: inputs.model,
      resolution: inputs.resolution,
      duration: inputs.duration,
      prompt: prepared.prompt
    })

    if (taskId) {
      report.resumed = true
      report.taskId = taskId
      if (inputs.dryRun) {
        core.info(
          `Dry run: every check passed. Task ${taskId} would be collected from ${inputs.baseUrl}; nothing was sent.`
        )
        return
      }
      core.info(`Collecting existing task ${taskId}; nothing new is submitted.`)
      core.setOutput('task_id', taskId)
      send = await import('./execute/send.js')
      await send.collect(send.clientFor(inputs, report), inputs, taskId, report)
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

    // Only a run that sends anything loads the client, undici, waiting and downloading.
    send = await import('./execute/send.js')
    await send.submitAndCollect(inputs, request, report)
  } catch (error) {
    const message = errorMessage(error)
    report.failure = message
    // Our own errors are written for a person; anything else is a bug, and its stack helps.
    if (error instanceof Error && !(error instanceof ApiError)) core.debug(error.stack ?? message)
    core.setFailed(message)
  } finally {
    closeFrames([prepared?.firstFrame, prepared?.lastFrame])
    await send?.closeDispatchers()
    if (report.model || report.taskId) writeSummary(report)
  }
}

function logRequest(inputs: Inputs, request: VideoRequest): void {
  core.info(
    `Model ${inputs.model}, ${inputs.resolution}, ${inputs.duration} s; prompt optimizer ${inputs.promptOptimizer ? 'on' : 'off'}; watermark ${inputs.aigcWatermark ? 'on' : 'off'}`
  )
  if (request.firstFrame) core.info(`first-frame: ${describeFrame(request.firstFrame)}`)
  core.info(`last-frame:  ${describeFrame(request.lastFrame)}`)
  core.info(request.prompt ? `prompt: ${JSON.stringify(request.prompt)}` : 'prompt: (none)')
  if (inputs.callbackUrl) core.info(`callback-url: ${inputs.callbackUrl}`)
  core.info('Every check passed.')
}
