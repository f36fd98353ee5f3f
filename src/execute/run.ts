/**
 * Running a plan: each paid request through its lifecycle (execute/lifecycle.ts) under one
 * scheduler, then, for a storyboard, the film; then the release asset. Loaded only by runs that
 * send something (it brings the client, undici, waiting and downloading).
 */
import { ActionError, errorMessage } from '../errors.js'
import { submitRateOf, waits, type Inputs } from '../inputs/inputs.js'
import type { RunLog } from '../log.js'
import { createClient, type VideoClient } from '../minimax/client.js'
import { rulesOf } from '../minimax/rules.js'
import { Pacer } from '../net/pacer.js'
import { listPrice } from '../minimax/prices.js'
import { costResult, estimate, type Estimate } from '../plan/cost.js'
import type { Decided } from '../plan/decide.js'
import type { Plan } from '../types/plan.js'
import { videoDestination } from '../video/destination.js'
import type { RunContext } from './context.js'
import { clipPath, failIfAny, joinFilm } from './film.js'
import { recordLostAnswer, runRequest, type Unit } from './lifecycle.js'
import { Progress } from './progress.js'
import type { RunResult } from '../types/result.js'
import { Scheduler } from './scheduler.js'
import type { Release } from '../types/release.js'

export { closeDispatchers } from '../net/http.js'
export { cancelQueued } from './cancel.js'

/** The client for this run: every request it sends is counted in `attempts`. */
export function clientFor(inputs: Inputs, log: RunLog, signal: AbortSignal): VideoClient {
  const budgetMs = 3 * inputs.requestTimeout * 1000
  return createClient(inputs.model, {
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

export interface Execution {
  plan: Plan
  decided: Decided
  /** What the plan pays for at list prices: replacements beyond it must fit max-cost too. */
  cost: Estimate
  result: RunResult
  /** The release to attach the video (or the film) to, found before anything was paid for. */
  release?: Release
  /** The result changed: write the outputs now (a task id goes out before anything else can fail). */
  changed(): void
}

export async function executePlan(context: RunContext, run: Execution): Promise<void> {
  const { inputs, log } = context
  const { plan, decided, result } = run
  const storyboard = plan.storyboard
  const film = storyboard && videoDestination(inputs.outputPath, storyboard.filmName, context.workspace)
  const scheduler = schedulerFor(context, run)
  const progress = storyboard
    ? new Progress(result.clips, context.client.succeeded, line => log.info(line), inputs.pollInterval * 6000)
    : undefined
  const changed = (): void => {
    run.changed()
    progress?.update()
  }
  const n = plan.clips.length
  const units: Unit[] = decided.requests.map(request => ({
    request,
    clips: request.clips.map(i => result.clips[i]!),
    label: storyboard ? `Clip ${request.clips.map(i => i + 1).join(' and ')} of ${n}` : '',
    keyframe: storyboard && {
      file: storyboard.file,
      index: request.clips[0]!,
      line: plan.clips[request.clips[0]!]!.keyframe?.line
    },
    destination: (clip, taskId) =>
      film ? clipPath(film, clip.index) : videoDestination(inputs.outputPath, `${taskId}.mp4`, context.workspace),
    verbose: !storyboard,
    changed
  }))
  try {
    if (!storyboard) await runRequest(context, scheduler, units[0]!)
    else await runClips(context, scheduler, units, plan, run)
  } finally {
    // A lost answer recorded now knows every task this run made, including those made after it.
    const later = units.filter(u => u.lost && (u.lost.known ?? 0) < scheduler.known.length)
    for (const unit of later) await recordLostAnswer(context, scheduler, unit)
    scheduler.close()
    progress?.close()
    // What this run created (replacements included) is what it costs; the run is over, so there
    // is no "at most" left, and a reused task whose clip failed saved nothing.
    const created = estimate(decided.requests, run.cost.currency, {
      waits: false,
      isNew: r => result.clips[r.clips[0]!]?.created === true,
      used: r => !result.clips[r.clips[0]!]?.failure
    })
    result.cost = costResult(created, plan.clips.length)
    changed()
  }
  const file = film ?? result.clips[0]!.video?.path
  if (film && context.waits) {
    failIfAny(result.clips, film)
    const lines = plan.clips.map(c => c.keyframe?.line)
    result.film = await joinFilm(result.clips, film, { file: storyboard.file, lines }, log, context.signal)
    changed()
  } else if (film) failIfAny(result.clips, film)
  if (run.release && file && context.waits) await attach(context, run.release, file, result, changed)
}

/** The scheduler's limits come from the inputs; what it already knows comes from the decisions. */
function schedulerFor(context: RunContext, run: Execution): Scheduler {
  const { inputs, log } = context
  const { decided } = run
  return new Scheduler({
    client: context.client,
    log,
    deadline: Date.now() + inputs.waitTimeout * 1000,
    timeoutText: `not sent within wait-timeout (${inputs.waitTimeout} s)`,
    maxInFlight: context.waits ? (rulesOf(inputs.model).maxInFlight ?? Infinity) : Infinity,
    budget: {
      maxTasks: inputs.maxPaidTasks,
      planned: decided.pays.sure,
      maxCost: inputs.maxCost,
      plannedCost: run.cost.total,
      priceOf: job => listPrice(job.model, job.resolution, job.duration, run.cost.currency)
    },
    known: decided.requests.flatMap(({ start }) =>
      start.kind === 'lost' ? (start.known ?? []) : 'taskId' in start && start.taskId ? [start.taskId] : []
    ),
    lost: decided.requests.flatMap(r => (r.start.kind === 'lost' && r.job ? [r.job] : [])),
    restores: decided.requests.filter(r => r.start.kind === 'video').length
  })
}

/** Every clip of a storyboard at once; a clip that fails does not stop the others. */
async function runClips(
  context: RunContext,
  scheduler: Scheduler,
  units: Unit[],
  plan: Plan,
  run: Execution
): Promise<void> {
  const { inputs, log } = context
  const paid = run.decided.pays.sure
  const reused = units.filter(u => u.request.start.kind !== 'pay').flatMap(u => u.clips).length
  if (reused > 0) {
    log.info(`${reused} of ${plan.clips.length} clips reused from earlier runs; set take: 2 to pay for new ones.`)
  }
  const title = context.waits ? `Generating ${plan.clips.length} clips` : `Submitting ${paid} clips`
  await log.group(title, async () => {
    if (paid > 0) {
      log.info(
        `Submitting ${paid} clips (at most ${submitRateOf(inputs)} a minute)` +
          (context.waits
            ? `, waiting at most ${inputs.waitTimeout} s, a status check every ${inputs.pollInterval} s...`
            : '...')
      )
    }
    const settled = await Promise.allSettled(
      units.map(async unit => {
        try {
          await runRequest(context, scheduler, unit)
        } catch (error) {
          if (!(error instanceof ActionError)) throw error
          for (const clip of unit.clips) clip.failure = errorMessage(error)
          const at = unit.keyframe && { file: unit.keyframe.file, startLine: unit.keyframe.line }
          log.warning(`${unit.label}: ${errorMessage(error)}`, at)
          unit.changed()
        }
      })
    )
    // A bug in one clip is thrown once every other clip has finished (their tasks are paid for).
    const bug = settled.find(s => s.status === 'rejected')
    if (bug) throw (bug as PromiseRejectedResult).reason
  })
}

async function attach(
  context: RunContext,
  release: Release,
  file: string,
  result: RunResult,
  changed: () => void
): Promise<void> {
  const { uploadAsset } = await import('../github/release.js')
  const url = await context.log.group(`Attaching the ${result.film ? 'film' : 'video'} to the release`, () =>
    uploadAsset(context.inputs.githubToken, release, file, line => context.log.info(line))
  )
  if (result.film) result.film.releaseAssetUrl = url
  else result.clips[0]!.releaseAssetUrl = url
  changed()
}
