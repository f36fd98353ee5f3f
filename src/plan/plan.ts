/**
 * From the inputs' text to a plan: parse every input, then do the checks that read files (frames,
 * the prompt file, the storyboard) for every input that parsed, so one run reports every problem
 * at once. Only a run with no problem gets a plan; its Jobs are complete and checked. Planning
 * reads files and nothing else: no network, no writes (those checks are the prepare step's).
 */
import { frameLabel } from '../frames/source.js'
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
import type { ModelRules } from '../types/rules.js'
import { lintCameraCommands } from '../prompt/camera-commands.js'
import { readPromptFile } from '../prompt/file.js'
import { jobSettings } from './job.js'
import { planStoryboard } from './storyboard.js'
import type { Plan } from '../types/plan.js'
import type { Frame, ProbedFrame } from '../types/frame.js'
import type { Job } from '../types/job.js'
import type { PlanContext } from './context.js'

export type Checked =
  | { inputs: Inputs; plan: Plan; problems: []; warnings: string[]; notices: string[] }
  | { inputs?: undefined; plan?: undefined; problems: InputProblem[]; warnings: string[]; notices: string[] }

export async function planRun(raw: RawInputs, context: PlanContext): Promise<Checked> {
  const parsed = parseInputs(raw)
  const given = parsed.partial
  const problems = [...parsed.problems]
  const warnings: string[] = []
  const notices: string[] = []

  // A storyboard replaces the frames and the prompt (its file gives them, clip by clip).
  const board = given.storyboard ? await planStoryboard(given.storyboard, given, raw, context) : undefined
  if (board) {
    problems.push(...board.problems)
    warnings.push(...board.warnings)
    notices.push(...board.notices)
  }
  const single = board ? undefined : await planSingle(given, context, parsed.problems.length === 0)
  if (single) {
    problems.push(...single.problems)
    warnings.push(...single.warnings)
    notices.push(...single.notices)
  }

  if (problems.length > 0 || !parsed.inputs) return { problems, warnings, notices }
  const inputs = parsed.inputs
  warnings.unshift(...inputWarnings(inputs, raw))
  const plan = board?.plan ?? single?.plan
  if (!plan) throw new Error('a run without problems has a plan')
  return { inputs, plan, problems: [], warnings, notices }
}

interface Planned {
  plan?: Plan
  problems: InputProblem[]
  warnings: string[]
  notices: string[]
}

/**
 * One clip from the frame and prompt inputs, or a task to collect (task-id), or both. `valid`:
 * every input parsed (a plan is made only then; the frames are checked either way).
 */
async function planSingle(given: Partial<Inputs>, context: PlanContext, valid: boolean): Promise<Planned> {
  const out: Planned = { problems: [], warnings: [], notices: [] }
  const rules = rulesOf(given.model ?? MODEL)
  const frames = await openFrames(given, context, rules, out)
  const prompt = singlePrompt(given, context, rules, out)
  const { resolution, duration } = given
  if (out.problems.length > 0 || !valid || !resolution || !duration) return out

  const job = singleJob(given, rules, frames, { resolution, duration, prompt: prompt?.text })
  if (!job && !given.taskId) throw new Error('no frame was opened')
  const tooBig = job && requestSizeProblem(job)
  if (tooBig) {
    out.problems.push({ input: (frames[1] ? 'last-frame' : 'first-frame') satisfies InputName, message: tooBig })
    return out
  }
  if (job && given.taskId) {
    out.notices.push(
      `task-id is given with the frames and prompt: task ${given.taskId} is taken as what they make. It is ` +
        `collected and recorded under their fingerprint, so a later run with these inputs reuses it.`
    )
  }
  out.plan = singlePlan(given, job, frames, prompt?.file)
  return out
}

/** The job, when the frames this model needs are there (parseInputs refused their absence unless task-id is set). */
function singleJob(
  given: Partial<Inputs>,
  rules: ModelRules,
  [firstFrame, lastFrame]: [Frame | undefined, Frame | undefined],
  shape: Pick<Job, 'resolution' | 'duration' | 'prompt'>
): Job | undefined {
  const complete = lastFrame !== undefined || (firstFrame !== undefined && !rules.lastFrameRequired)
  return complete ? { ...jobSettings(given), ...shape, firstFrame, lastFrame } : undefined
}

/** The plan of one clip; its input files are the frames and the prompt file (the video may not replace them). */
function singlePlan(
  given: Partial<Inputs>,
  job: Job | undefined,
  [firstFrame, lastFrame]: [Frame | undefined, Frame | undefined],
  promptFile: string | undefined
): Plan {
  const files = [firstFrame, lastFrame].flatMap(f => (f?.kind === 'file' ? [f.path] : []))
  const clip = {
    index: 0,
    job,
    taskId: given.taskId,
    take: given.take ?? '1',
    firstImage: firstFrame && frameLabel(firstFrame),
    lastImage: lastFrame && frameLabel(lastFrame)
  }
  return { kind: 'single', clips: [clip], inputFiles: promptFile ? [...files, promptFile] : files }
}

/** The frame inputs, opened and checked (a problem or a warning each follows its input's name). */
async function openFrames(
  given: Partial<Inputs>,
  context: PlanContext,
  rules: ModelRules,
  out: Planned
): Promise<[Frame | undefined, Frame | undefined]> {
  const open = async (input: 'first-frame' | 'last-frame', spec: typeof given.firstFrame) => {
    if (!spec) return undefined
    const result = await context.frames.open(input, spec, { rules: rules.image })
    if ('problems' in result) {
      out.problems.push(...result.problems.map(message => ({ input, message })))
      return undefined
    }
    out.warnings.push(...result.warnings.map(w => `${input}: ${w}`))
    return result.frame
  }
  const frames = await Promise.all([open('first-frame', given.firstFrame), open('last-frame', given.lastFrame)])
  const [first, last] = frames
  if (first && last && first.kind !== 'url' && last.kind !== 'url') {
    const notice = cropNotice(first, last, rules.cropsLastFrame)
    if (notice) out.notices.push(notice)
  }
  return frames
}

/** The prompt, from the input or the prompt file (its real path too: the video may not replace it). */
function singlePrompt(
  given: Partial<Inputs>,
  context: PlanContext,
  rules: ModelRules,
  out: Planned
): { text: string; file?: string } | undefined {
  let prompt: { text: string; file?: string } | undefined = given.prompt ? { text: given.prompt } : undefined
  if (!prompt && given.promptFile) {
    const read = readPromptFile(given.promptFile, context.where)
    if ('problem' in read) out.problems.push({ input: 'prompt-file', message: read.problem })
    else if (read.text) prompt = { text: read.text, file: read.real }
    else if (given.model && rules.prompt.required) {
      out.problems.push({
        input: 'prompt-file',
        message: `${given.promptFile} is empty, and ${given.model} needs a prompt`
      })
    } else out.warnings.push(`prompt-file ${given.promptFile} is empty: the request is sent without a prompt`)
  }
  if (prompt) out.warnings.push(...lintCameraCommands(prompt.text).map(w => `prompt: ${w}`))
  return prompt
}

function cropNotice(first: ProbedFrame, last: ProbedFrame, cropsLastFrame: boolean): string | undefined {
  const a = first.image
  const b = last.image
  if (a.width === b.width && a.height === b.height) return undefined
  return (
    `The frames differ in size: first-frame is ${a.width}x${a.height}, last-frame is ${b.width}x${b.height}. ` +
    (cropsLastFrame
      ? `The video takes the first frame's size, and MiniMax crops the last frame to fit it.`
      : `MiniMax does not document how MiniMax-H3 fits a last frame of another shape (V1 crops it to the first ` +
        `frame's); frames of one size give a predictable video.`)
  )
}

/** The frames of a plan's jobs, each once (a keyframe serves two clips). */
export function framesOf(plan: Plan): Frame[] {
  const all = plan.clips.flatMap(c => [c.job?.firstFrame, c.job?.lastFrame])
  return [...new Set(all.filter((f): f is Frame => f !== undefined))]
}
