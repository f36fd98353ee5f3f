/**
 * A storyboard, planned: N keyframes become N-1 clips, each a Job. Every rule is checked before
 * anything is paid for, each problem naming the file, the keyframe and its line: the file's shape
 * (storyboard/file.ts), every image rule per keyframe (each keyframe read and probed once, though
 * it serves two clips), every resolution x duration rule per clip, the prompt rules and the
 * camera-command lint per prompt, a clip's own task-id and take, and keyframes of one shape
 * (clips of different shapes cannot be joined). max-paid-tasks is checked once earlier runs were
 * looked up (plan/decide.ts): it counts only what will be paid for.
 */
import path from 'node:path'
import { frameLabel } from '../frames/source.js'
import { parseAs, type InputName, type InputProblem, type Inputs, type RawInputs } from '../inputs/inputs.js'
import { durationProblem, promptLengthProblem, resolutionProblem, rulesOf } from '../minimax/rules.js'
import { lintCameraCommands } from '../prompt/camera-commands.js'
import type { Keyframe, Storyboard } from '../storyboard/file.js'
import { jobSettings } from './job.js'
import { requestSizeProblem } from '../minimax/body.js'
import type { ClipPlan, Plan } from '../types/plan.js'
import type { Frame } from '../types/frame.js'
import type { PlanContext } from './context.js'

export interface PlannedStoryboard {
  plan?: Plan
  problems: InputProblem[]
  warnings: string[]
  notices: string[]
}

/** Inputs a storyboard replaces: the file gives the keyframes and the prompts. */
const REPLACED: InputName[] = ['first-frame', 'last-frame', 'prompt', 'prompt-file', 'task-id']

/** Two keyframes whose width:height differ by more than this cannot make clips of one film. */
const ASPECT_TOLERANCE = 0.01

export async function planStoryboard(
  named: string,
  given: Partial<Inputs>,
  raw: RawInputs,
  context: PlanContext
): Promise<PlannedStoryboard> {
  const problems: InputProblem[] = []
  const warnings: string[] = []
  const notices: string[] = []
  for (const name of REPLACED) {
    if (raw[name].trim()) {
      problems.push({
        input: name,
        message: 'must be empty when storyboard is set: the storyboard file gives the keyframes and their prompts'
      })
    }
  }

  const { readStoryboard } = await import('../storyboard/file.js')
  const read = readStoryboard(named, context.where)
  const file = 'storyboard' in read ? path.relative(context.where.workspace, read.storyboard.file) : named
  const at = (line: number | undefined): string => (line ? `${file} line ${line}: ` : `${file}: `)
  const problem = (message: string, line?: number): void => {
    problems.push({ input: 'storyboard', message: `${at(line)}${message}`, file, line })
  }
  for (const p of read.problems) problem(p.message, p.line)
  if (!('storyboard' in read)) return { problems, warnings, notices }
  const storyboard = read.storyboard

  const settings = jobSettings(given)
  const model = settings.model
  const rules = rulesOf(model)

  // One resolution for the whole film: the file's, or the input's.
  let resolution = given.resolution
  if (storyboard.resolution !== undefined) {
    const parsed = parseAs('resolution', storyboard.resolution)
    if ('problem' in parsed) problem(`resolution: ${parsed.problem}`, storyboard.lineOf(['resolution']))
    else resolution = parsed.value
  }
  if (resolution && storyboard.resolution !== undefined && given.model) {
    const wrong = resolutionProblem(model, resolution)
    if (wrong) problem(`resolution: ${wrong}`, storyboard.lineOf(['resolution']))
  }

  // The file's default duration, once (each clip's own is checked with its clip).
  let fileDuration: number | undefined
  if (storyboard.duration !== undefined) {
    const parsed = parseAs('duration', storyboard.duration)
    const line = storyboard.lineOf(['duration'])
    if ('problem' in parsed) problem(`duration: ${parsed.problem}`, line)
    else if (resolution && !resolutionProblem(model, resolution)) {
      const wrong = durationProblem(model, resolution, parsed.value)
      if (wrong) problem(`duration: ${wrong}`, line)
      else fileDuration = parsed.value
    } else fileDuration = parsed.value
  }

  // Each keyframe read and probed once (the FrameStore), though it serves two clips.
  const frames = new Map<number, Frame>()
  await Promise.all(
    storyboard.keyframes.map(async keyframe => {
      const frame = await openKeyframe(keyframe, storyboard, context, rules.image, problem)
      if (frame) frames.set(keyframe.index, frame)
    })
  )
  checkShapes(storyboard, frames, problem, notices)

  const clips: ClipPlan[] = []
  const count = storyboard.keyframes.length
  for (let i = 0; i + 1 < count; i++) {
    const first = storyboard.keyframes.find(k => k.index === i)
    const last = storyboard.keyframes.find(k => k.index === i + 1)
    // A keyframe missing here was refused by its shape (already reported).
    if (!first || !last) continue
    const duration = clipDuration(first, storyboard, fileDuration ?? given.duration, problem)
    // The file's duration was checked once above; a keyframe's or the input's is checked per clip.
    const checked = first.duration === undefined && storyboard.duration !== undefined
    if (duration !== undefined && !checked && resolution && !resolutionProblem(model, resolution)) {
      const wrong = durationProblem(model, resolution, duration)
      const from = first.duration === undefined ? ' (the duration input)' : ''
      if (wrong) problem(`keyframes[${i}] (clip ${i + 1}): duration${from} ${wrong}`, first.line)
    }
    const prompt = first.prompt?.trim() || undefined
    if (prompt) {
      const tooLong = promptLengthProblem(prompt, model)
      if (tooLong) problem(`keyframes[${i}].prompt: ${tooLong}`, storyboard.lineOf(['keyframes', i, 'prompt']))
      const line = storyboard.lineOf(['keyframes', i, 'prompt'])
      warnings.push(...lintCameraCommands(prompt).map(w => `${at(line)}keyframes[${i}].prompt: ${w}`))
    } else if (rules.prompt.required) {
      problem(`keyframes[${i}].prompt: ${model} needs a prompt for every clip`, first.line)
    }
    const own = clipKeys(first, storyboard, given.take ?? '1', problem)
    const firstFrame = frames.get(i)
    const lastFrame = frames.get(i + 1)
    if (!firstFrame || !lastFrame || duration === undefined || !resolution || !own) continue
    const job = { ...settings, resolution, duration, prompt, firstFrame, lastFrame }
    clips.push({
      index: i,
      job,
      ...own,
      firstImage: frameLabel(firstFrame),
      lastImage: frameLabel(lastFrame),
      keyframe: { index: i, line: first.line, endLine: last.line }
    })
    const tooBig = requestSizeProblem(job)
    if (tooBig) problem(`keyframes[${i}] (clip ${i + 1}): its frames ${tooBig}`, first.line)
  }

  const expected = Math.max(0, count - 1)
  if (problems.length > 0 || clips.length !== expected) return { problems, warnings, notices }
  const filmName = `${path.basename(named, path.extname(named)) || 'storyboard'}.mp4`
  const inputFiles = [read.storyboard.file, ...[...frames.values()].flatMap(f => (f.kind === 'file' ? [f.path] : []))]
  const plan: Plan = { kind: 'storyboard', clips, storyboard: { file, filmName }, inputFiles }
  return { plan, problems, warnings, notices }
}

/** A clip's own task-id and take (the keyframe it starts at), checked by the inputs' rules. */
function clipKeys(
  keyframe: Keyframe,
  storyboard: Storyboard,
  take: string,
  problem: (message: string, line?: number) => void
): Pick<ClipPlan, 'taskId' | 'take'> | undefined {
  const check = <K extends 'task-id' | 'take'>(key: K, text: string | undefined) => {
    if (text === undefined) return { value: undefined }
    const parsed = parseAs(key, text)
    if ('problem' in parsed) {
      const line = storyboard.lineOf(['keyframes', keyframe.index, key])
      problem(`keyframes[${keyframe.index}].${key}: ${parsed.problem}`, line)
    }
    return parsed
  }
  const taskId = check('task-id', keyframe.taskId)
  const own = check('take', keyframe.take)
  if ('problem' in taskId || 'problem' in own) return undefined
  return { taskId: taskId.value, take: own.value ?? take }
}

async function openKeyframe(
  keyframe: Keyframe,
  storyboard: Storyboard,
  context: PlanContext,
  rules: ReturnType<typeof rulesOf>['image'],
  problem: (message: string, line?: number) => void
): Promise<Frame | undefined> {
  const name = `keyframes[${keyframe.index}].image`
  const line = storyboard.lineOf(['keyframes', keyframe.index, 'image']) ?? keyframe.line
  // The same rule as the frame inputs: one line, then a path, a URL or a data URL.
  const text = parseAs('first-frame', keyframe.image)
  if ('problem' in text) return void problem(`${name}: ${text.problem}`, line)
  const spec = text.value
  if (!spec) return void problem(`${name}: is empty; give a path, an https:// URL or a data URL`, line)
  const opened = await context.frames.open(`keyframes[${keyframe.index}]`, spec, {
    base: { folder: storyboard.folder, name: "the storyboard's folder" },
    rules
  })
  if ('problems' in opened) {
    for (const p of opened.problems) problem(`${name}: ${p}`, line)
    return undefined
  }
  return opened.frame
}

/** Every probed keyframe against the first probed one: one shape (within 1%) for one film. */
function checkShapes(
  storyboard: Storyboard,
  frames: ReadonlyMap<number, Frame>,
  problem: (message: string, line?: number) => void,
  notices: string[]
): void {
  const sorted = [...frames].sort(([a], [b]) => a - b)
  const probed = sorted.flatMap(([i, frame]) => (frame.kind !== 'url' ? [{ frame, i }] : []))
  const reference = probed[0]
  if (!reference) return
  const ratio = (f: (typeof probed)[number]['frame']): number => f.image.width / f.image.height
  for (const { frame, i } of probed.slice(1)) {
    if (Math.abs(ratio(frame) / ratio(reference.frame) - 1) <= ASPECT_TOLERANCE) continue
    const size = (f: typeof frame): string => `${f.image.width}x${f.image.height} (${ratio(f).toFixed(3)})`
    problem(
      `keyframes[${i}].image is ${size(frame)}, but keyframes[${reference.i}] is ${size(reference.frame)}: their ` +
        `width:height ratios differ by more than 1%, and clips of different shapes cannot be joined into one film`,
      storyboard.lineOf(['keyframes', i, 'image'])
    )
  }
  const urls = sorted.flatMap(([i, frame]) => (frame.kind === 'url' ? [`keyframes[${i}]`] : []))
  if (urls.length > 0) {
    notices.push(
      `${urls.join(', ')} ${urls.length > 1 ? 'are URLs: MiniMax checks their' : 'is a URL: MiniMax checks its'} ` +
        `size, so a shape that does not match the others is found only when the clips are joined`
    )
  }
}

/** A clip's duration: the keyframe's (by the duration rule), else the file's or the input's. */
function clipDuration(
  keyframe: Keyframe,
  storyboard: Storyboard,
  fallback: number | undefined,
  problem: (message: string, line?: number) => void
): number | undefined {
  if (keyframe.duration === undefined) return fallback
  const parsed = parseAs('duration', keyframe.duration)
  if ('problem' in parsed) {
    problem(
      `keyframes[${keyframe.index}].duration: ${parsed.problem}`,
      storyboard.lineOf(['keyframes', keyframe.index, 'duration'])
    )
    return undefined
  }
  return parsed.value
}
