/**
 * The action's run, step by step: read the inputs -> plan (every check that reads files; nothing
 * sent while anything is wrong) -> prepare (the release, the destination) -> look up earlier runs
 * -> decide what is paid for (max-paid-tasks, lost answers) -> report the plan (a dry run ends
 * here) -> execute (each paid request's lifecycle; the task id goes out the moment it exists) ->
 * report (outputs and job summary, written from the run's result whatever happened). Each step's
 * rules live in its own module; this one only wires them, with the one try/catch.
 */
import * as core from '@actions/core'
import type { RecordStore } from './cache/store.js'
import { ActionError, errorMessage } from './errors.js'
import type { RunContext } from './execute/context.js'
import { newRunResult, type RunResult } from './types/result.js'
import { FrameStore } from './frames/store.js'
import { OutputWriter } from './github/outputs.js'
import { describeCost, describeDecision, describePlan, dryRunReport } from './github/plan-log.js'
import { writeSummary } from './github/summary.js'
import { parseAs, waits, type InputProblem, type Inputs, type RawInputs } from './inputs/inputs.js'
import { readableRoots, type ReadableRoots } from './fs/paths.js'
import { readInputs } from './inputs/read.js'
import { cancelOnSignals } from './net/cancel.js'
import { traitsOf } from './minimax/api.js'
import { currencyOf } from './minimax/prices.js'
import { costProblems, estimate, type Estimate } from './plan/cost.js'
import type { PlanContext } from './plan/context.js'
import { decide, requestName, type Decided } from './plan/decide.js'
import { planRun, type Checked } from './plan/plan.js'
import type { Plan } from './types/plan.js'
import { prepare } from './prepare/prepare.js'

export async function run(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const where = readableRoots(workspace, process.env.RUNNER_TEMP)
  const state: Run = {
    workspace,
    where,
    frames: new FrameStore(where),
    outputs: new OutputWriter(),
    result: newRunResult(),
    signal: cancelOnSignals(message => core.warning(message))
  }
  try {
    await steps(state)
  } catch (error) {
    await failed(state, error)
  } finally {
    await finish(state)
  }
}

/** One run's parts, and what the steps have made so far (what the last step needs to close). */
interface Run {
  readonly workspace: string
  readonly where: ReadableRoots
  readonly frames: FrameStore
  readonly outputs: OutputWriter
  readonly result: RunResult
  readonly signal: AbortSignal
  raw?: RawInputs
  planned?: { inputs: Inputs; plan: Plan }
  records?: RecordStore
  execute?: typeof import('./execute/run.js')
  context?: RunContext
}

async function steps(state: Run): Promise<void> {
  const { workspace, where, frames, outputs, result, signal } = state
  const raw = (state.raw = readInputs())
  // The checks' results are printed inside their group; a refusal ends the group with its errors.
  const checked = await core.group('Checking the inputs', () => check(raw, { where, frames }, result))
  if (!checked.plan) return
  const { inputs, plan } = checked
  state.planned = { inputs, plan }

  const prepared = await prepare(inputs, plan, { workspace, eventName: process.env.GITHUB_EVENT_NAME, signal })
  for (const note of prepared.notes) core.info(note)
  for (const warning of prepared.warnings) core.warning(warning)
  if (prepared.problems.length > 0) return refuse(prepared.problems, result)

  const cache = await import('./cache/reuse.js')
  const records = (state.records = cache.openStore(inputs, workspace, core))
  const decision = await decideRun(inputs, plan, records, result)
  outputs.publish(result)
  if (!decision) return
  const { decided, cost } = decision
  if (inputs.dryRun) return dryRunReport(inputs, plan, decided, core)

  // Only a run that sends anything loads the client, undici, waiting and downloading.
  const execute = (state.execute = await import('./execute/run.js'))
  const client = execute.clientFor(inputs, core, signal)
  result.requests = client.attempts
  state.context = { client, inputs, workspace, log: core, signal, records, waits: waits(inputs) }
  const changed = (): void => outputs.publish(result)
  await execute.executePlan(state.context, { plan, decided, cost, result, release: prepared.release, changed })
}

async function failed({ result, signal, execute, context, outputs }: Run, error: unknown): Promise<void> {
  const message = errorMessage(error)
  result.failure = message
  // Our own errors are written for a person; anything else is a bug, and its stack helps.
  if (!(error instanceof ActionError)) core.debug(error instanceof Error ? (error.stack ?? message) : message)
  core.setFailed(message)
  if (signal.aborted && context) await execute?.cancelQueued(context, result, () => outputs.publish(result))
}

/** Whatever happened: the outputs, the summary and the comment written, every file and worker closed. */
async function finish(state: Run): Promise<void> {
  const { outputs, result, frames, execute, workspace, records } = state
  outputs.publish(result)
  await frames.close()
  await execute?.closeDispatchers()
  writeSummary(result, workspace)
  // No cache worker outlives the run.
  await records?.close()
  // The comment is a courtesy: whatever goes wrong with it, the run's own result stands.
  await commentOnPr(state).catch(error => core.warning(`comment-on-pr: ${errorMessage(error)}`))
}

/** Plan the run (every check that reads files), and say what it found. */
async function check(raw: RawInputs, context: PlanContext, result: RunResult): Promise<Checked> {
  const checked = await planRun(raw, context)
  for (const warning of checked.warnings) core.warning(warning)
  for (const notice of checked.notices) core.notice(notice)
  if (checked.plan) describePlan(checked.inputs, checked.plan, result, core)
  else refuse(checked.problems, result)
  return checked
}

/**
 * What earlier runs recorded for these requests (a clip to use, a task to collect, or nothing),
 * what the run therefore pays for and what that costs; undefined when that is refused.
 */
async function decideRun(
  inputs: Inputs,
  plan: Plan,
  records: RecordStore | undefined,
  result: RunResult
): Promise<{ decided: Decided; cost: Estimate } | undefined> {
  const { lookUp } = await import('./cache/reuse.js')
  const found = records
    ? await core.group('Looking for earlier runs with the same inputs', () => lookUp(plan.clips, records, core))
    : await lookUp(plan.clips, undefined, core)
  const decided = decide(plan, found.fingerprints, found.recorded, {
    maxPaidTasks: inputs.maxPaidTasks,
    waits: waits(inputs),
    findsLostTasks: traitsOf(inputs.model).findsLostTasks,
    callbackUrl: inputs.callbackUrl
  })
  const cost = estimate(decided.requests, currencyOf(inputs.baseUrl), { waits: waits(inputs) })
  describeDecision(result, found.fingerprints, decided, cost)
  const problems = [...decided.problems, ...costProblems(cost, inputs.maxCost, r => requestName(plan, r))]
  if (problems.length > 0) return void refuse(problems, result)
  describeCost(cost, plan, core)
  for (const note of decided.notes) core.info(note)
  for (const warning of decided.warnings) core.warning(warning)
  return { decided, cost }
}

/**
 * The plan (and after a real run, what it made) as the pull request's one comment; a run refused
 * before it had a plan too, so the comment never goes on showing an older plan.
 */
async function commentOnPr({ raw, planned, result, workspace }: Run): Promise<void> {
  const wanted = planned?.inputs ?? (raw && commentInputs(raw))
  if (!raw || !wanted?.commentOnPr) return
  const { upsertPlanComment, commentSubject } = await import('./github/pr-comment.js')
  const { renderPlanComment } = await import('./github/plan-comment.js')
  const subject = commentSubject(raw.storyboard, workspace, process.env)
  const body = renderPlanComment(result, planned?.plan, subject, workspace)
  await upsertPlanComment(wanted.githubToken, subject.marker, body, core)
}

/** comment-on-pr and github-token on their own, for a run whose other inputs were refused. */
function commentInputs(raw: RawInputs): Pick<Inputs, 'commentOnPr' | 'githubToken'> | undefined {
  const on = parseAs('comment-on-pr', raw['comment-on-pr'])
  const token = parseAs('github-token', raw['github-token'])
  if ('problem' in on || 'problem' in token) return undefined
  return { commentOnPr: on.value, githubToken: token.value }
}

/** Every problem as an error annotation (a storyboard's on its line), kept for the summary; nothing sent. */
function refuse(problems: readonly InputProblem[], result: RunResult): void {
  for (const { input, message, file, line } of problems) {
    core.error(`${input}: ${message}`, { title: `Input ${input}`, file, startLine: line })
  }
  result.refused = problems.map(p => `${p.input}: ${p.message}`)
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`
  result.failure = `${count} in the inputs; nothing was sent to MiniMax.`
  core.setFailed(result.failure)
}
