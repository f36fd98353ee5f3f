/**
 * The action's run: read the inputs -> plan (every check, nothing sent while anything is wrong)
 * -> execute (submit, output the task id at once, optionally wait and download) -> report
 * (outputs and job summary, written from the run's result whatever happened). One try/catch.
 */
import * as core from '@actions/core'
import { ActionError, errorMessage } from './errors.js'
import { newRunResult, type FrameLine } from './execute/result.js'
import { describeFrame, type Frame } from './frames/source.js'
import { FrameStore } from './frames/store.js'
import { OutputWriter } from './github/outputs.js'
import { writeSummary } from './github/summary.js'
import { waits, type Inputs } from './inputs/inputs.js'
import { readableRoots } from './inputs/paths.js'
import { readInputs } from './inputs/read.js'
import { cancelOnSignals } from './net/cancel.js'
import { previewBody } from './minimax/body.js'
import type { Job } from './plan/job.js'
import { planRun } from './plan/plan.js'

export async function run(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const where = readableRoots(workspace, process.env.RUNNER_TEMP)
  const frames = new FrameStore(where)
  const outputs = new OutputWriter()
  const result = newRunResult()
  const signal = cancelOnSignals(message => core.warning(message))
  let execute: typeof import('./execute/clip.js') | undefined
  try {
    const raw = readInputs()
    const checked = await core.group('Checking the inputs', () =>
      planRun(raw, { where, eventName: process.env.GITHUB_EVENT_NAME, frames })
    )
    for (const warning of checked.warnings) core.warning(warning)
    for (const notice of checked.notices) core.notice(notice)
    if (!checked.plan) {
      const { problems } = checked
      for (const { input, message } of problems) core.error(`${input}: ${message}`, { title: `Input ${input}` })
      core.setFailed(
        `${problems.length} problem${problems.length === 1 ? '' : 's'} in the inputs; nothing was sent to MiniMax.`
      )
      return
    }
    const { inputs, plan, release } = checked
    Object.assign(result, {
      dryRun: inputs.dryRun,
      model: inputs.model,
      resolution: inputs.resolution,
      duration: inputs.duration
    })

    if (plan.kind === 'collect') {
      result.resumed = true
      result.clip.taskId = plan.taskId
      if (inputs.dryRun) {
        core.info(
          `Dry run: every check passed. Task ${plan.taskId} would be collected from ${inputs.baseUrl}; nothing ` +
            `was sent.`
        )
        return
      }
      outputs.publish(result)
      core.info(`Collecting existing task ${plan.taskId}; nothing new is submitted.`)
      execute = await import('./execute/clip.js')
      const client = execute.clientFor(inputs, core, signal)
      result.requests = client.attempts
      await execute.collectClip(
        { client, inputs, workspace, log: core, signal, release, changed: () => outputs.publish(result) },
        plan.taskId,
        result.clip
      )
      return
    }

    const { job } = plan
    result.prompt = job.prompt
    result.frames = [job.firstFrame, job.lastFrame].filter((f): f is Frame => f !== undefined).map(frameLine)
    describeJob(inputs, job)
    if (inputs.dryRun) {
      core.info('Dry run: every check passed. This request would be sent (frames summarised):')
      core.info(`POST ${inputs.baseUrl}/v1/video_generation`)
      core.info('Authorization: Bearer ***')
      core.info(JSON.stringify(previewBody(job), null, 2))
      core.info('Nothing was sent (dry-run: true).')
      return
    }

    // Only a run that sends anything loads the client, undici, waiting and downloading.
    execute = await import('./execute/clip.js')
    const client = execute.clientFor(inputs, core, signal)
    result.requests = client.attempts
    const context = { client, inputs, workspace, log: core, signal, release, changed: () => outputs.publish(result) }
    await execute.submitClip(context, job, result.clip, waits(inputs))
  } catch (error) {
    const message = errorMessage(error)
    result.failure = message
    // Our own errors are written for a person; anything else is a bug, and its stack helps.
    if (!(error instanceof ActionError)) core.debug(error instanceof Error ? (error.stack ?? message) : message)
    core.setFailed(message)
  } finally {
    outputs.publish(result)
    await frames.close()
    await execute?.closeDispatchers()
    if (result.model || result.clip.taskId) writeSummary(result)
  }
}

function frameLine(frame: Frame): FrameLine {
  if (frame.kind === 'url') return { input: frame.input, source: frame.source }
  const { image } = frame
  return {
    input: frame.input,
    source: frame.source,
    format: image.format.toUpperCase(),
    width: image.width,
    height: image.height,
    bytes: frame.size
  }
}

function describeJob(inputs: Inputs, job: Job): void {
  core.info(
    `Model ${job.model}, ${job.resolution}, ${job.duration} s; prompt optimizer ` +
      `${job.promptOptimizer ? 'on' : 'off'}; watermark ${job.aigcWatermark ? 'on' : 'off'}`
  )
  if (job.firstFrame) core.info(`first-frame: ${describeFrame(job.firstFrame)}`)
  core.info(`last-frame:  ${describeFrame(job.lastFrame)}`)
  core.info(job.prompt ? `prompt: ${JSON.stringify(job.prompt)}` : 'prompt: (none)')
  if (inputs.callbackUrl) core.info(`callback-url: ${inputs.callbackUrl}`)
  core.info('Every check passed.')
}
