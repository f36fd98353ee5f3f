/**
 * The action's run: read the inputs -> plan (every check, nothing sent while anything is wrong)
 * -> execute (submit, output the task id at once, optionally wait and download) -> report
 * (outputs and job summary, written from the run's result whatever happened). One try/catch.
 */
import * as core from '@actions/core'
import { ActionError, errorMessage } from './errors.js'
import { newRunResult, type FrameLine, type RunResult } from './execute/result.js'
import { describeFrame, type Frame } from './frames/source.js'
import { FrameStore } from './frames/store.js'
import { OutputWriter } from './github/outputs.js'
import { writeSummary } from './github/summary.js'
import { waits, type Inputs } from './inputs/inputs.js'
import { readableRoots } from './inputs/paths.js'
import { readInputs } from './inputs/read.js'
import { cancelOnSignals } from './net/cancel.js'
import { previewBody } from './minimax/body.js'
import { apiOf, rulesOf } from './minimax/rules.js'
import type { Job } from './plan/job.js'
import type { Reuse } from './cache/reuse.js'
import type { RecordStore } from './cache/store.js'
import { planRun, type Plan } from './plan/plan.js'
import type { StoryboardPlan } from './plan/storyboard.js'

export async function run(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const where = readableRoots(workspace, process.env.RUNNER_TEMP)
  const frames = new FrameStore(where)
  const outputs = new OutputWriter()
  const result = newRunResult()
  const signal = cancelOnSignals(message => core.warning(message))
  let execute: typeof import('./execute/clip.js') | undefined
  let context: import('./execute/clip.js').ClipContext | undefined
  let records: RecordStore | undefined
  try {
    const raw = readInputs()
    const checked = await core.group('Checking the inputs', () =>
      planRun(raw, { where, eventName: process.env.GITHUB_EVENT_NAME, frames })
    )
    for (const warning of checked.warnings) core.warning(warning)
    for (const notice of checked.notices) core.notice(notice)
    if (!checked.plan) {
      const { problems } = checked
      for (const { input, message, file, line } of problems) {
        // A problem in a file (the storyboard) is annotated on its line.
        core.error(`${input}: ${message}`, { title: `Input ${input}`, file, startLine: line })
      }
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
    if (plan.kind === 'storyboard') describeStoryboard(plan, result)
    if (plan.kind === 'submit') describeJob(inputs, plan.job, result)
    if (plan.kind === 'collect') result.resumed = true
    if (plan.kind === 'collect') result.clips[0]!.taskId = plan.taskId

    // What earlier runs recorded for these requests: a clip to use, a task to collect, or nothing.
    const jobs = plan.kind === 'submit' ? [plan.job] : plan.kind === 'storyboard' ? plan.clips.map(c => c.job) : []
    let reuses: Reuse[] = []
    if (jobs.length > 0) {
      const cache = await import('./cache/reuse.js')
      records = await cache.openStore(inputs, workspace, core)
      reuses = await core.group('Looking for earlier runs with the same inputs', () =>
        cache.lookUp(jobs, inputs.take, records, core)
      )
      reuses.forEach((reuse, i) => {
        const clip = result.clips[i]!
        clip.fingerprint = reuse.fingerprint
        clip.cacheHit = reuse.clip || reuse.task !== undefined
      })
      outputs.publish(result)
      // An earlier submit whose answer was lost may have created a task: look before paying again.
      const lost = reuses.flatMap((r, i) => (r.task && !r.task.taskId && !r.clip ? [{ task: r.task, i }] : []))
      if (lost.length > 0) {
        for (const { task, i } of lost) {
          const which = plan.kind === 'storyboard' ? `clip ${i + 1}: ` : ''
          core.error(
            `${which}an earlier run sent this very request at ${task.createdAt} and its answer was lost ` +
              `(${task.lostAnswer ?? 'no answer'}): MiniMax may have created the task, so this run does not pay for ` +
              `it again. Look for it in MiniMax's task list and collect it with task-id, or set take: 2 (a new take) ` +
              `to pay for a new one.`,
            { title: 'Maybe paid already' }
          )
        }
        core.setFailed('An earlier run may already have paid for this; nothing was sent to MiniMax.')
        return
      }
      const paid = reuses.filter(r => !r.clip && !r.task).length
      if (plan.kind === 'storyboard' && paid > inputs.maxPaidTasks) {
        const message =
          `is ${inputs.maxPaidTasks}, but ${plan.file} would pay for ${paid} new tasks` +
          `${paid < jobs.length ? ` (${jobs.length - paid} reused from earlier runs)` : ''}; raise max-paid-tasks or ` +
          `split the storyboard`
        core.error(`max-paid-tasks: ${message}`, { title: 'Input max-paid-tasks' })
        core.setFailed('1 problem in the inputs; nothing was sent to MiniMax.')
        return
      }
    }
    if (inputs.dryRun) return dryRunReport(inputs, plan, reuses)

    // Only a run that sends anything loads the client, undici, waiting and downloading.
    execute = await import('./execute/clip.js')
    const client = execute.clientFor(inputs, core, signal)
    result.requests = client.attempts
    context = {
      client,
      inputs,
      workspace,
      log: core,
      signal,
      release,
      records,
      changed: () => outputs.publish(result)
    }
    if (plan.kind === 'collect') {
      outputs.publish(result)
      core.info(`Collecting existing task ${plan.taskId}; nothing new is submitted.`)
      await execute.collectClip(context, plan.taskId, result.clips[0]!)
    } else if (plan.kind === 'submit') {
      await execute.runClip(context, plan.job, result.clips[0]!, waits(inputs), reuses[0]!)
    } else {
      const { runStoryboard } = await import('./execute/storyboard.js')
      await runStoryboard(context, plan, result, waits(inputs), reuses)
    }
  } catch (error) {
    const message = errorMessage(error)
    result.failure = message
    // Our own errors are written for a person; anything else is a bug, and its stack helps.
    if (!(error instanceof ActionError)) core.debug(error instanceof Error ? (error.stack ?? message) : message)
    core.setFailed(message)
    if (signal.aborted && context) await execute?.cancelQueued(context, result)
  } finally {
    outputs.publish(result)
    await frames.close()
    await execute?.closeDispatchers()
    if (result.model || result.clips[0]?.taskId) writeSummary(result)
    // A cache call left running at its deadline must not keep the finished run alive.
    if (records?.abandoned) setImmediate(() => process.exit())
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

function describeJob(inputs: Inputs, job: Job, result: RunResult): void {
  result.prompt = job.prompt
  result.frames = [job.firstFrame, job.lastFrame].filter((f): f is Frame => f !== undefined).map(frameLine)
  const tuning =
    apiOf(job.model) === 'v1'
      ? `; prompt optimizer ${job.promptOptimizer ? 'on' : 'off'}`
      : rulesOf(job.model).promptExpansion
        ? `; prompt expansion ${job.promptExpansion ?? "MiniMax's default (balanced)"}`
        : ''
  const watermark = `watermark ${job.aigcWatermark ? 'on' : 'off'}`
  core.info(`Model ${job.model}, ${job.resolution}, ${job.duration} s${tuning}; ${watermark}`)
  if (job.firstFrame) core.info(`first-frame: ${describeFrame(job.firstFrame)}`)
  if (job.lastFrame) core.info(`last-frame:  ${describeFrame(job.lastFrame)}`)
  core.info(job.prompt ? `prompt: ${JSON.stringify(job.prompt)}` : 'prompt: (none)')
  if (inputs.callbackUrl) core.info(`callback-url: ${inputs.callbackUrl}`)
  core.info('Every check passed.')
}

/** The storyboard's clips in the log and in the result (each clip owns its ClipResult from here). */
function describeStoryboard(plan: StoryboardPlan, result: RunResult): void {
  result.kind = 'storyboard'
  result.storyboard = plan.file
  result.clips = plan.clips.map(clip => ({
    index: clip.index,
    firstFrame: clip.firstImage,
    lastFrame: clip.lastImage,
    prompt: clip.job.prompt,
    duration: clip.job.duration
  }))
  const first = plan.clips[0]?.job
  if (first) Object.assign(result, { model: first.model, resolution: first.resolution })
  core.info(`Storyboard ${plan.file}: ${plan.clips.length} clips, ${first?.model}, ${first?.resolution}`)
  for (const clip of plan.clips) {
    const { job } = clip
    core.info(
      `  clip ${clip.index + 1}: ${JSON.stringify(clip.firstImage)} -> ${JSON.stringify(clip.lastImage)}, ` +
        `${job.duration} s, prompt ${job.prompt ? JSON.stringify(job.prompt) : '(none)'}`
    )
  }
  core.info('Every check passed.')
}

/** A dry run: what a real run would send and pay for, and nothing sent. */
function dryRunReport(inputs: Inputs, plan: Plan, reuses: readonly Reuse[]): void {
  if (plan.kind === 'collect') {
    core.info(
      `Dry run: every check passed. Task ${plan.taskId} would be collected from ${inputs.baseUrl}; nothing ` +
        `was sent.`
    )
    return
  }
  const reused = reuses.flatMap((r, i) => (r.clip || r.task ? [i] : []))
  const paid = reuses.length - reused.length
  const cost =
    `A real run would pay for ${paid} new task${paid === 1 ? '' : 's'}` +
    (reused.length > 0
      ? ` and reuse ${reused.length} from earlier runs ` +
        `(${reused.map(i => describeReuse(plan, reuses[i]!, i)).join('; ')})`
      : '')
  if (plan.kind === 'storyboard') {
    const n = plan.clips.length
    const seconds = plan.clips.reduce((sum, clip) => sum + clip.job.duration, 0)
    core.info(`Dry run: every check passed. ${cost}, then join the ${n} clips (${seconds} s of video) into one film.`)
    for (const clip of plan.clips) {
      if (reuses[clip.index]?.clip || reuses[clip.index]?.task) continue
      core.info(`POST ${inputs.baseUrl}${submitPath(inputs.model)} (clip ${clip.index + 1} of ${n}):`)
      core.info(JSON.stringify(previewBody(clip.job), null, 2))
    }
    core.info('Nothing was sent (dry-run: true).')
    return
  }
  core.info(`Dry run: every check passed. ${cost}.`)
  if (paid > 0) {
    core.info('This request would be sent (frames summarised):')
    core.info(`POST ${inputs.baseUrl}${submitPath(inputs.model)}`)
    core.info('Authorization: Bearer ***')
    core.info(JSON.stringify(previewBody(plan.job), null, 2))
  }
  core.info('Nothing was sent (dry-run: true).')
}

function submitPath(model: Inputs['model']): string {
  return `/${apiOf(model)}/video_generation`
}

function describeReuse(plan: Plan, reuse: Reuse, index: number): string {
  const what = reuse.clip ? 'its video' : `task ${reuse.task?.taskId}`
  return plan.kind === 'storyboard' ? `clip ${index + 1}: ${what}` : what
}
