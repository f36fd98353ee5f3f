/**
 * From the inputs' text to a plan: parse every input, then do the checks that need I/O (frames,
 * the prompt file) for every input that parsed, so one run reports every problem at once. Only a
 * run with no problem gets a plan; its Job is complete and checked.
 */
import type { FrameStore } from '../frames/store.js'
import type { ReadableRoots } from '../inputs/paths.js'
import type { Frame, ProbedFrame } from '../frames/source.js'
import { ReleaseError } from '../errors.js'
import type { Release } from '../github/release.js'
import {
  inputWarnings,
  parseInputs,
  type InputName,
  type InputProblem,
  type Inputs,
  type RawInputs
} from '../inputs/inputs.js'
import { requestSizeProblem } from '../minimax/body.js'
import { MODEL, rulesOf } from '../minimax/rules.js'
import { lintCameraCommands } from '../prompt/camera-commands.js'
import { readPromptFile } from '../prompt/file.js'
import { checkDestination } from '../video/destination.js'
import { jobSettings, type Job } from './job.js'
import { planStoryboard, type StoryboardPlan } from './storyboard.js'

export type Plan = { kind: 'submit'; job: Job } | { kind: 'collect'; taskId: string } | StoryboardPlan

export interface PlanContext {
  /** Where files named by inputs may be read from (and where relative paths start). */
  where: ReadableRoots
  /** GITHUB_EVENT_NAME: upload-to-release: true needs a release event. */
  eventName: string | undefined
  frames: FrameStore
  /** How a release is looked up (the GitHub API; tests give their own). */
  findRelease?: typeof import('../github/release.js').findRelease
}

export type Checked =
  | { inputs: Inputs; plan: Plan; release?: Release; problems: []; warnings: string[]; notices: string[] }
  | { inputs?: undefined; plan?: undefined; problems: InputProblem[]; warnings: string[]; notices: string[] }

export async function planRun(raw: RawInputs, context: PlanContext): Promise<Checked> {
  const parsed = parseInputs(raw)
  const v = parsed.partial
  const problems = [...parsed.problems]
  const warnings: string[] = []
  const notices: string[] = []
  const dryRun = v.dryRun ?? false

  // A dry run reports what a real run would refuse as warnings (it sends nothing either way).
  const refuse = (input: InputName, message: string): void => {
    if (dryRun) warnings.push(`${input}: ${message} (a real run would be refused before sending anything)`)
    else problems.push({ input, message })
  }

  // Known before anything is paid for: the release of a release event exists only in one, and a
  // tag must have its release.
  let release: Release | undefined
  const target = v.uploadToRelease
  if (target && 'fromEvent' in target && context.eventName !== 'release') {
    refuse(
      'upload-to-release',
      `is true, which means the release of the triggering release event, but this run was started by ` +
        `${context.eventName || 'no event'}; give a release tag instead`
    )
  } else if (target && v.githubToken) {
    const findRelease = context.findRelease ?? (await import('../github/release.js')).findRelease
    try {
      release = await findRelease(v.githubToken, target)
    } catch (error) {
      if (!(error instanceof ReleaseError)) throw error
      refuse('upload-to-release', error.message)
    }
  }

  // A storyboard replaces the frames and the prompt (its file gives them, clip by clip).
  const board = v.storyboard ? await planStoryboard(v.storyboard, v, raw, context) : undefined
  if (board) {
    problems.push(...board.problems)
    warnings.push(...board.warnings)
    notices.push(...board.notices)
  }

  let firstFrame: Frame | undefined
  let lastFrame: Frame | undefined
  if (!v.taskId && !board) {
    const open = async (input: 'first-frame' | 'last-frame', spec: typeof v.firstFrame): Promise<Frame | undefined> => {
      if (!spec) return undefined
      const result = await context.frames.open(input, spec, { rules: rulesOf(v.model ?? MODEL).image })
      if ('problems' in result) {
        problems.push(...result.problems.map(message => ({ input, message })))
        return undefined
      }
      warnings.push(...result.warnings.map(w => `${input}: ${w}`))
      return result.frame
    }
    ;[firstFrame, lastFrame] = await Promise.all([open('first-frame', v.firstFrame), open('last-frame', v.lastFrame)])
    if (firstFrame && lastFrame && firstFrame.kind !== 'url' && lastFrame.kind !== 'url') {
      const notice = cropNotice(firstFrame, lastFrame, rulesOf(v.model ?? MODEL).api)
      if (notice) notices.push(notice)
    }
  }

  let prompt = v.prompt || undefined
  if (!prompt && v.promptFile && !board) {
    const read = readPromptFile(v.promptFile, context.where)
    if ('problem' in read) problems.push({ input: 'prompt-file', message: read.problem })
    else if (read.text) prompt = read.text
    else if (v.model && rulesOf(v.model).prompt.required) {
      problems.push({ input: 'prompt-file', message: `${v.promptFile} is empty, and ${v.model} needs a prompt` })
    } else warnings.push(`prompt-file ${v.promptFile} is empty: the request is sent without a prompt`)
  }
  if (prompt && !board) warnings.push(...lintCameraCommands(prompt).map(w => `prompt: ${w}`))

  // Where the video will go, checked before paying: a folder that cannot be made, a file that is
  // one of the frames.
  if (v.wait !== undefined && (v.wait || v.taskId || target)) {
    const used = board
      ? (board.plan?.clips.flatMap(c => [c.job.firstFrame, c.job.lastFrame]) ?? [])
      : [firstFrame, lastFrame]
    const files = used.flatMap(f => (f?.kind === 'file' ? [f.path] : []))
    const destination = checkDestination(v.outputPath, context.where.workspace, files, { dryRun })
    problems.push(...destination.problems.map(message => ({ input: 'output-path', message })))
    warnings.push(...destination.warnings)
  }

  if (problems.length > 0 || !parsed.inputs) return { problems, warnings, notices }
  const inputs = parsed.inputs
  warnings.unshift(...inputWarnings(inputs, raw))
  const ok = (plan: Plan): Checked => ({ inputs, plan, release, problems: [], warnings, notices })
  if (board?.plan) return ok(board.plan)
  if (inputs.taskId) return ok({ kind: 'collect', taskId: inputs.taskId })
  // parseInputs requires the frames the model needs.
  if (!lastFrame && !(firstFrame && !rulesOf(inputs.model).lastFrameRequired)) throw new Error('no frame was opened')
  const job: Job = {
    ...jobSettings(inputs),
    resolution: inputs.resolution,
    duration: inputs.duration,
    prompt,
    firstFrame,
    lastFrame
  }
  const tooBig = requestSizeProblem(job)
  if (tooBig)
    return { problems: [{ input: lastFrame ? 'last-frame' : 'first-frame', message: tooBig }], warnings, notices }
  return ok({ kind: 'submit', job })
}

function cropNotice(first: ProbedFrame, last: ProbedFrame, api: 'v1' | 'v2'): string | undefined {
  const a = first.image
  const b = last.image
  if (a.width === b.width && a.height === b.height) return undefined
  return (
    `The frames differ in size: first-frame is ${a.width}x${a.height}, last-frame is ${b.width}x${b.height}. ` +
    (api === 'v1'
      ? `The video takes the first frame's size, and MiniMax crops the last frame to fit it.`
      : `MiniMax does not document how MiniMax-H3 fits a last frame of another shape (V1 crops it to the first ` +
        `frame's); frames of one size give a predictable video.`)
  )
}
