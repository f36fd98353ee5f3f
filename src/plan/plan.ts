/**
 * From the inputs' text to a plan: parse every input, then do the checks that need I/O (frames,
 * the prompt file) for every input that parsed, so one run reports every problem at once. Only a
 * run with no problem gets a plan; its Job is complete and checked.
 */
import type { FrameStore } from '../frames/store.js'
import type { Frame, ProbedFrame } from '../frames/source.js'
import { inputWarnings, parseInputs, type InputProblem, type Inputs, type RawInputs } from '../inputs/inputs.js'
import { promptLengthProblem } from '../minimax/rules.js'
import { lintCameraCommands } from '../prompt/camera-commands.js'
import { readPromptFile } from '../prompt/file.js'
import type { Job } from './job.js'

export type Plan = { kind: 'submit'; job: Job } | { kind: 'collect'; taskId: string }

export interface PlanContext {
  workspace: string
  /** GITHUB_EVENT_NAME: upload-to-release: true needs a release event. */
  eventName: string | undefined
  frames: FrameStore
}

export type Checked =
  | { inputs: Inputs; plan: Plan; problems: []; warnings: string[]; notices: string[] }
  | { inputs?: undefined; plan?: undefined; problems: InputProblem[]; warnings: string[]; notices: string[] }

export async function planRun(raw: RawInputs, context: PlanContext): Promise<Checked> {
  const parsed = parseInputs(raw)
  const v = parsed.partial
  const problems = [...parsed.problems]
  const warnings: string[] = []
  const notices: string[] = []
  const dryRun = v.dryRun ?? false

  // Known before anything is paid for: the release of a release event exists only in one.
  if (v.uploadToRelease && 'fromEvent' in v.uploadToRelease && context.eventName !== 'release') {
    const message =
      `is true, which means the release of the triggering release event, but this run was ` +
      `started by ${context.eventName || 'no event'}; give a release tag instead`
    if (dryRun) warnings.push(`upload-to-release ${message} (a real run would be refused before sending anything)`)
    else problems.push({ input: 'upload-to-release', message })
  }

  let firstFrame: Frame | undefined
  let lastFrame: Frame | undefined
  if (!v.taskId) {
    const open = async (input: 'first-frame' | 'last-frame', spec: typeof v.firstFrame): Promise<Frame | undefined> => {
      if (!spec) return undefined
      const result = await context.frames.open(input, spec)
      if ('problems' in result) {
        problems.push(...result.problems.map(message => ({ input, message })))
        return undefined
      }
      warnings.push(...result.warnings.map(w => `${input}: ${w}`))
      return result.frame
    }
    ;[firstFrame, lastFrame] = await Promise.all([open('first-frame', v.firstFrame), open('last-frame', v.lastFrame)])
    if (firstFrame && lastFrame && firstFrame.kind !== 'url' && lastFrame.kind !== 'url') {
      const notice = cropNotice(firstFrame, lastFrame)
      if (notice) notices.push(notice)
    }
  }

  let prompt = v.prompt || undefined
  if (!prompt && v.promptFile) {
    const read = readPromptFile(v.promptFile, context.workspace)
    if ('problem' in read) problems.push({ input: 'prompt-file', message: read.problem })
    else {
      const tooLong = promptLengthProblem(read.text)
      if (tooLong) problems.push({ input: 'prompt-file', message: `holds a prompt that ${tooLong}` })
      else prompt = read.text || undefined
    }
  }
  if (prompt) warnings.push(...lintCameraCommands(prompt).map(w => `prompt: ${w}`))

  if (problems.length > 0 || !parsed.inputs) return { problems, warnings, notices }
  const inputs = parsed.inputs
  warnings.unshift(...inputWarnings(inputs, raw))
  if (inputs.taskId)
    return { inputs, plan: { kind: 'collect', taskId: inputs.taskId }, problems: [], warnings, notices }
  if (!lastFrame) throw new Error('last-frame was checked but not opened') // parseInputs requires it
  const job: Job = {
    model: inputs.model,
    resolution: inputs.resolution,
    duration: inputs.duration,
    prompt,
    firstFrame,
    lastFrame,
    promptOptimizer: inputs.promptOptimizer,
    aigcWatermark: inputs.aigcWatermark,
    callbackUrl: inputs.callbackUrl
  }
  return { inputs, plan: { kind: 'submit', job }, problems: [], warnings, notices }
}

function cropNotice(first: ProbedFrame, last: ProbedFrame): string | undefined {
  const a = first.image
  const b = last.image
  if (a.width === b.width && a.height === b.height) return undefined
  return (
    `The frames differ in size: first-frame is ${a.width}x${a.height}, last-frame is ${b.width}x${b.height}. ` +
    `The video takes the first frame's size, and MiniMax crops the last frame to fit it.`
  )
}
