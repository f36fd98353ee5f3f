/**
 * The plan as a person reads it, before anything is sent: what each clip is (in the log and in the
 * run's result, from which the outputs and the summary are written), and for a dry run what a real
 * run would send and pay for.
 */
import type { FrameLine, RunResult } from '../types/result.js'
import { describeFrame, frameLabel } from '../frames/source.js'
import type { Inputs } from '../inputs/inputs.js'
import type { Logger } from '../log.js'
import { previewBody } from '../minimax/body.js'
import { traitsOf } from '../minimax/api.js'
import { rulesOf } from '../minimax/rules.js'
import { formatMoney, PRICES_READ_ON } from '../minimax/prices.js'
import { costResult, type Estimate } from '../plan/cost.js'
import { requestName, type Decided, type Request } from '../plan/decide.js'
import type { Plan } from '../types/plan.js'
import type { Frame } from '../types/frame.js'
import type { Money } from '../types/money.js'
import type { Job } from '../types/job.js'

/** The run's clips in the log and in the result (each clip owns its ClipResult from here). */
export function describePlan(inputs: Inputs, plan: Plan, result: RunResult, log: Logger): void {
  Object.assign(result, {
    dryRun: inputs.dryRun,
    model: inputs.model,
    resolution: inputs.resolution,
    duration: inputs.duration
  })
  result.clips = plan.clips.map(clip => ({
    index: clip.index,
    firstImage: clip.firstImage,
    lastImage: clip.lastImage,
    prompt: clip.job?.prompt,
    duration: clip.job?.duration
  }))
  if (plan.storyboard) return describeStoryboard(plan, result, log)
  const [clip] = plan.clips
  if (clip?.taskId) {
    result.resumed = true
    result.clips[0]!.taskId = clip.taskId
  }
  if (clip?.job) describeJob(inputs, clip.job, result, log)
}

function describeJob(inputs: Inputs, job: Job, result: RunResult, log: Logger): void {
  result.prompt = job.prompt
  result.frames = [job.firstFrame, job.lastFrame].filter((f): f is Frame => f !== undefined).map(frameLine)
  const rules = rulesOf(job.model)
  const tuning = rules.promptOptimizer
    ? `; prompt optimizer ${job.promptOptimizer ? 'on' : 'off'}`
    : rules.promptExpansion
      ? `; prompt expansion ${job.promptExpansion ?? "MiniMax's default (balanced)"}`
      : ''
  const watermark = `watermark ${job.aigcWatermark ? 'on' : 'off'}`
  log.info(`Model ${job.model}, ${job.resolution}, ${job.duration} s${tuning}; ${watermark}`)
  if (job.firstFrame) log.info(`first-frame: ${describeFrame(job.firstFrame)}`)
  if (job.lastFrame) log.info(`last-frame:  ${describeFrame(job.lastFrame)}`)
  log.info(job.prompt ? `prompt: ${JSON.stringify(job.prompt)}` : 'prompt: (none)')
  if (inputs.callbackUrl) log.info(`callback-url: ${inputs.callbackUrl}`)
  log.info('Every check passed.')
}

function describeStoryboard(plan: Plan, result: RunResult, log: Logger): void {
  result.kind = 'storyboard'
  result.storyboard = plan.storyboard?.file
  const first = plan.clips[0]?.job
  if (first) Object.assign(result, { model: first.model, resolution: first.resolution })
  log.info(`Storyboard ${plan.storyboard?.file}: ${plan.clips.length} clips, ${first?.model}, ${first?.resolution}`)
  for (const clip of plan.clips) {
    const job = clip.job!
    log.info(
      `  clip ${clip.index + 1}: ${JSON.stringify(clip.firstImage)} -> ${JSON.stringify(clip.lastImage)}, ` +
        `${job.duration} s, prompt ${job.prompt ? JSON.stringify(job.prompt) : '(none)'}`
    )
  }
  log.info('Every check passed.')
}

function frameLine(frame: Frame): FrameLine {
  // A URL frame fetched before paying shows what was checked; one that could not be, MiniMax checks.
  const checked = frame.kind === 'url' ? frame.fetched : { image: frame.image, size: frame.size }
  if (!checked) return { input: frame.input, source: frame.source }
  return {
    input: frame.input,
    source: frame.kind === 'data' ? frameLabel(frame) : frame.source,
    format: checked.image.format.toUpperCase(),
    width: checked.image.width,
    height: checked.image.height,
    bytes: checked.size
  }
}

/** What was decided for each clip, in the run's result: its fingerprint, reuse, and cost. */
export function describeDecision(
  result: RunResult,
  fingerprints: ReadonlyArray<string | undefined>,
  decided: Decided,
  cost: Estimate
): void {
  result.clips.forEach((clip, i) => {
    clip.fingerprint = fingerprints[i]
    const start = decided.requests.find(r => r.clips.includes(i))?.start.kind
    if (clip.fingerprint) clip.cacheHit = start === 'video' || start === 'task'
  })
  result.cost = costResult(cost, result.clips.length)
}

/** A dry run: what a real run would send and pay for, and nothing sent. */
export function dryRunReport(inputs: Inputs, plan: Plan, decided: Decided, log: Logger): void {
  const { requests, pays } = decided
  if (requests.length === 1 && !requests[0]!.job) {
    const taskId = plan.clips[0]?.taskId
    log.info(`Dry run: every check passed. Task ${taskId} would be collected from ${inputs.baseUrl}; nothing was sent.`)
    return
  }
  const reused = requests.filter(r => r.start.kind !== 'pay')
  const most = pays.most > pays.sure ? ` (up to ${pays.most}, if the tasks it collects from earlier runs failed)` : ''
  const cost =
    `A real run would pay for ${pays.sure} new task${pays.sure === 1 ? '' : 's'}${most}` +
    (reused.length > 0
      ? ` and reuse ${reused.length} from earlier runs (${reused.map(r => describeReuse(plan, r)).join('; ')})`
      : '')
  const paid = requests.filter(r => r.start.kind === 'pay')
  const path = traitsOf(inputs.model).submitPath
  if (plan.storyboard) {
    const n = plan.clips.length
    const seconds = plan.clips.reduce((sum, clip) => sum + (clip.job?.duration ?? 0), 0)
    log.info(`Dry run: every check passed. ${cost}, then join the ${n} clips (${seconds} s of video) into one film.`)
    if (!inputs.apiKey) log.info('No api-key: fine for a dry run, which sends nothing; a real run needs one.')
    for (const request of paid) {
      log.info(`POST ${inputs.baseUrl}${path} (clip ${request.clips.map(i => i + 1).join(' and ')} of ${n}):`)
      log.info(JSON.stringify(previewBody(request.job!), null, 2))
    }
    log.info('Nothing was sent (dry-run: true).')
    return
  }
  log.info(`Dry run: every check passed. ${cost}.`)
  if (!inputs.apiKey) log.info('No api-key: fine for a dry run, which sends nothing; a real run needs one.')
  if (paid.length > 0) {
    log.info('This request would be sent (frames summarised):')
    log.info(`POST ${inputs.baseUrl}${path}`)
    log.info('Authorization: Bearer ***')
    log.info(JSON.stringify(previewBody(paid[0]!.job!), null, 2))
  }
  log.info('Nothing was sent (dry-run: true).')
}

function describeReuse(plan: Plan, request: Request): string {
  const { start } = request
  const what =
    start.kind === 'video'
      ? 'its video'
      : start.kind === 'lost'
        ? 'an earlier answer was lost: looked for, never paid for again'
        : `task ${start.kind === 'pay' ? '' : start.taskId}`
  return plan.storyboard ? `clip ${request.clips.map(i => i + 1).join(' and ')}: ${what}` : what
}

/** What the run's new tasks cost at list prices, clip by clip, and what reusing earlier runs saved. */
export function describeCost(cost: Estimate, plan: Plan, log: Logger): void {
  const fresh = cost.requests.filter(c => c.kind === 'new')
  const money = (m: Money | undefined): string => (m ? formatMoney(m) : 'price unknown')
  if (plan.storyboard) {
    for (const c of cost.requests) {
      const how = c.kind === 'new' ? 'new' : c.kind === 'reused' ? 'reused from an earlier run' : 'collected, free'
      log.info(`  ${requestName(plan, c.request)}: ${money(c.price)}, ${how}`)
    }
  }
  const tasks = `${fresh.length} new task${fresh.length === 1 ? '' : 's'}`
  const unpriced = [...new Set(fresh.filter(c => !c.price).map(c => c.request.job?.model))]
  const total =
    fresh.length === 0
      ? 'nothing to pay for'
      : cost.total
        ? `about ${formatMoney(cost.total)} for ${tasks}`
        : `${tasks} at a price that is not known (MiniMax publishes none for ${unpriced.join(', ')})`
  const most = cost.most
    ? ` (at most ${formatMoney(cost.most)}, if the tasks it collects from earlier runs failed)`
    : ''
  const saved = cost.saved.minor > 0 ? `; reusing earlier runs saved ${formatMoney(cost.saved)}` : ''
  log.info(
    `Cost at MiniMax's list prices of ${PRICES_READ_ON}: ${total}${most}${saved}. (Failed or moderated tasks are not ` +
      `billed; video-package keys pay in points instead.)`
  )
}
