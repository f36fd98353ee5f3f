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
  const problems: InputProblem[] = REPLACED.filter(name => raw[name].trim()).map(input => ({
    input,
    message: 'must be empty when storyboard is set: the storyboard file gives the keyframes and their prompts'
  }))
  const { readStoryboard } = await import('../storyboard/file.js')
  const read = readStoryboard(named, context.where)
  const file = 'storyboard' in read ? path.relative(context.where.workspace, read.storyboard.file) : named
  const report = new Report(file, problems)
  for (const p of read.problems) report.problem(p.message, p.line)
  if (!('storyboard' in read)) return report.result()
  const storyboard = read.storyboard

  const settings = jobSettings(given)
  const film: Film = { storyboard, settings, rules: rulesOf(settings.model), given, report }
  film.resolution = filmResolution(film)
  film.fileDuration = fileDuration(film)

  // Each keyframe read and probed once (the FrameStore), though it serves two clips.
  const frames = new Map<number, Frame>()
  await Promise.all(
    storyboard.keyframes.map(async keyframe => {
      const frame = await openKeyframe(keyframe, storyboard, context, film.rules.image, report.problem)
      if (frame) frames.set(keyframe.index, frame)
    })
  )
  checkShapes(storyboard, frames, report.problem, report.notices)

  const count = storyboard.keyframes.length
  const clips = Array.from({ length: Math.max(0, count - 1) }, (_, i) => planClip(film, i, frames))
  const planned = clips.filter(clip => clip !== undefined)
  if (problems.length > 0 || planned.length !== clips.length) return report.result()
  const filmName = `${path.basename(named, path.extname(named)) || 'storyboard'}.mp4`
  const inputFiles = [storyboard.file, ...[...frames.values()].flatMap(f => (f.kind === 'file' ? [f.path] : []))]
  const plan: Plan = { kind: 'storyboard', clips: planned, storyboard: { file, filmName }, inputFiles }
  return { ...report.result(), plan }
}

/** What a storyboard's problems, warnings and notices are collected in, each problem naming the file and line. */
class Report {
  readonly warnings: string[] = []
  readonly notices: string[] = []
  private readonly file: string
  readonly problems: InputProblem[]
  constructor(file: string, problems: InputProblem[]) {
    this.file = file
    this.problems = problems
  }
  at(line: number | undefined): string {
    return line ? `${this.file} line ${line}: ` : `${this.file}: `
  }
  /** Bound, so it can be handed to the checks below as a plain function. */
  readonly problem = (message: string, line?: number): void => {
    this.problems.push({ input: 'storyboard', message: `${this.at(line)}${message}`, file: this.file, line })
  }
  result(): PlannedStoryboard {
    return { problems: this.problems, warnings: this.warnings, notices: this.notices }
  }
}

/** What every clip of one film shares while it is planned. */
interface Film {
  storyboard: Storyboard
  settings: ReturnType<typeof jobSettings>
  rules: ReturnType<typeof rulesOf>
  given: Partial<Inputs>
  report: Report
  /** One resolution for the whole film: the file's, or the input's. */
  resolution?: Inputs['resolution']
  /** The file's default duration, checked once (each clip's own is checked with its clip). */
  fileDuration?: number
}

function filmResolution({ storyboard, settings, given, report }: Film): Inputs['resolution'] | undefined {
  if (storyboard.resolution === undefined) return given.resolution
  const line = storyboard.lineOf(['resolution'])
  const parsed = parseAs('resolution', storyboard.resolution)
  if ('problem' in parsed) {
    report.problem(`resolution: ${parsed.problem}`, line)
    return given.resolution
  }
  const wrong = given.model ? resolutionProblem(settings.model, parsed.value) : undefined
  if (wrong) report.problem(`resolution: ${wrong}`, line)
  return parsed.value
}

function fileDuration({ storyboard, settings, resolution, report }: Film): number | undefined {
  if (storyboard.duration === undefined) return undefined
  const parsed = parseAs('duration', storyboard.duration)
  const line = storyboard.lineOf(['duration'])
  if ('problem' in parsed) return void report.problem(`duration: ${parsed.problem}`, line)
  if (!resolution || resolutionProblem(settings.model, resolution)) return parsed.value
  const wrong = durationProblem(settings.model, resolution, parsed.value)
  if (wrong) return void report.problem(`duration: ${wrong}`, line)
  return parsed.value
}

/** Clip i, from keyframe i to keyframe i + 1, with every rule of its own checked; undefined when refused. */
function planClip(film: Film, i: number, frames: ReadonlyMap<number, Frame>): ClipPlan | undefined {
  const { storyboard, settings, resolution, report } = film
  const first = storyboard.keyframes.find(k => k.index === i)
  const last = storyboard.keyframes.find(k => k.index === i + 1)
  // A keyframe missing here was refused by its shape (already reported).
  if (!first || !last) return undefined
  const duration = checkedClipDuration(film, first)
  const prompt = checkedPrompt(film, first)
  const own = clipKeys(first, storyboard, film.given.take ?? '1', report.problem)
  const firstFrame = frames.get(i)
  const lastFrame = frames.get(i + 1)
  if (!firstFrame || !lastFrame || duration === undefined || !resolution || !own) return undefined
  const job = { ...settings, resolution, duration, prompt, firstFrame, lastFrame }
  const tooBig = requestSizeProblem(job)
  if (tooBig) report.problem(`keyframes[${i}] (clip ${i + 1}): its frames ${tooBig}`, first.line)
  return {
    index: i,
    job,
    ...own,
    firstImage: frameLabel(firstFrame),
    lastImage: frameLabel(lastFrame),
    keyframe: { index: i, line: first.line, endLine: last.line }
  }
}

/** The clip's duration, checked against the film's resolution unless the file's was checked once already. */
function checkedClipDuration(film: Film, first: Keyframe): number | undefined {
  const { storyboard, settings, resolution, report } = film
  const duration = clipDuration(first, storyboard, film.fileDuration ?? film.given.duration, report.problem)
  const checked = first.duration === undefined && storyboard.duration !== undefined
  if (duration === undefined || checked || !resolution || resolutionProblem(settings.model, resolution)) return duration
  const wrong = durationProblem(settings.model, resolution, duration)
  const from = first.duration === undefined ? ' (the duration input)' : ''
  if (wrong) report.problem(`keyframes[${first.index}] (clip ${first.index + 1}): duration${from} ${wrong}`, first.line)
  return duration
}

/** The clip's prompt (the keyframe it starts at), its length checked and its camera commands linted. */
function checkedPrompt({ storyboard, settings, rules, report }: Film, first: Keyframe): string | undefined {
  const i = first.index
  const prompt = first.prompt?.trim() || undefined
  if (!prompt) {
    if (rules.prompt.required)
      report.problem(`keyframes[${i}].prompt: ${settings.model} needs a prompt for every clip`, first.line)
    return undefined
  }
  const line = storyboard.lineOf(['keyframes', i, 'prompt'])
  const tooLong = promptLengthProblem(prompt, settings.model)
  if (tooLong) report.problem(`keyframes[${i}].prompt: ${tooLong}`, line)
  report.warnings.push(...lintCameraCommands(prompt).map(w => `${report.at(line)}keyframes[${i}].prompt: ${w}`))
  return prompt
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
