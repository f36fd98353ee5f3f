/**
 * The inputs as one typed value: each input's text is parsed by its declaration
 * (declarations.ts), then the combinations are checked. Every problem names its input, and all
 * of them are reported at once. Pure: reads nothing but its argument.
 */
import {
  durationProblem,
  MODELS,
  promptLengthProblem,
  resolutionProblem,
  resolutionsOf,
  rulesOf
} from '../minimax/rules.js'
import { FRAME_FORMS } from '../frames/source.js'
import { INPUTS, type Fail, type InputDeclaration } from './declarations.js'

export type InputName = keyof typeof INPUTS
export type RawInputs = Record<InputName, string>

export const INPUT_NAMES = Object.keys(INPUTS) as InputName[]

/** The defaults the code applies, as action.yml declares them (it is generated from the same table). */
export const DEFAULTS = Object.fromEntries(
  Object.entries(INPUTS as Record<string, InputDeclaration<unknown>>)
    .filter(([, d]) => d.default !== undefined)
    .map(([name, d]) => [name, d.default])
) as Partial<Record<InputName, string>>

type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S
const camel = (name: string): string => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())

/** The checked inputs, one property per input (api-key -> apiKey), typed by its declaration's parse(). */
export type Inputs = { [K in InputName as Camel<K>]: ReturnType<(typeof INPUTS)[K]['parse']> }

export interface InputProblem {
  input: string
  message: string
  /** A file the problem is in (a storyboard), relative to the workspace, and the line: for an annotation. */
  file?: string
  line?: number
}

/** A control character in the text, described ("a line break (U+000A) at character 12"), or undefined. */
export function controlCharacter(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const match = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.exec(text)
  if (!match) return undefined
  const code = match[0].charCodeAt(0)
  const what = code === 10 || code === 13 || code >= 0x2028 ? 'a line break' : 'a control character'
  const at = [...text.slice(0, match.index)].length + 1
  return `${what} (U+${code.toString(16).toUpperCase().padStart(4, '0')}) at character ${at}`
}

class Refusal {
  readonly message: string
  constructor(message: string) {
    this.message = message
  }
}
const fail: Fail = message => {
  throw new Refusal(message)
}

/**
 * Parse one value by an input's rule (a storyboard's resolution or duration follows the input's):
 * the value, or the refusal's message. An empty text takes the input's default.
 */
export function parseAs<N extends InputName>(
  name: N,
  text: string
): { value: ReturnType<(typeof INPUTS)[N]['parse']> } | { problem: string } {
  const declaration = INPUTS[name] as InputDeclaration<ReturnType<(typeof INPUTS)[N]['parse']>>
  const trimmed = text.trim() || (declaration.default ?? '')
  const control = declaration.multiline ? undefined : controlCharacter(trimmed)
  if (control) return { problem: `contains ${control}; it must be one line of text` }
  try {
    return { value: declaration.parse(trimmed, fail) }
  } catch (error) {
    if (error instanceof Refusal) return { problem: error.message }
    throw error
  }
}

export type ParsedInputs =
  | { inputs: Inputs; partial: Inputs; problems: [] }
  | { inputs?: undefined; partial: Partial<Inputs>; problems: InputProblem[] }

export function parseInputs(raw: RawInputs): ParsedInputs {
  const problems: InputProblem[] = []
  const values: Record<string, unknown> = {}
  for (const name of INPUT_NAMES) {
    const declaration = INPUTS[name] as InputDeclaration<unknown>
    const text = (raw[name] ?? '').trim() || (declaration.default ?? '')
    const control = declaration.multiline ? undefined : controlCharacter(text)
    if (control) {
      // A line break in a value printed to the log would start a workflow command of its own.
      problems.push({ input: name, message: `contains ${control}; this input is one line of text` })
      continue
    }
    try {
      values[camel(name)] = declaration.parse(text, fail)
    } catch (error) {
      if (!(error instanceof Refusal)) throw error
      problems.push({ input: name, message: error.message })
    }
  }
  const partial = values as Partial<Inputs>
  // A resolution refused on its own is told what this run's model takes: only here is the model known.
  const resolution = problems.find(p => p.input === 'resolution')
  if (resolution) resolution.message += `; ${resolutionsOf(partial.model)}`
  problems.push(...combinationProblems(partial, raw))
  return problems.length === 0
    ? { inputs: partial as Inputs, partial: partial as Inputs, problems: [] }
    : { partial, problems }
}

/** The rules that span inputs; each runs only when the inputs it needs were valid on their own. */
function combinationProblems(v: Partial<Inputs>, raw: RawInputs): InputProblem[] {
  return [
    ...credentialProblems(v, raw),
    ...singleClipProblems(v, raw),
    ...(v.promptExpansion && v.model && !rulesOf(v.model).promptExpansion
      ? [problem('prompt-expansion', `is taken by MiniMax-H3-Max only; ${v.model} has no such setting: leave it empty`)]
      : []),
    ...shapeProblems(v),
    ...(v.prompt && v.promptFile
      ? [problem('prompt-file', 'cannot be used together with prompt; give one of them')]
      : []),
    ...[promptLengthProblem(v.prompt ?? '', v.model)].flatMap(tooLong => (tooLong ? [problem('prompt', tooLong)] : []))
  ]
}

const problem = (input: InputName, message: string): InputProblem => ({ input, message })

/** The key a paid run needs, and the token an upload needs. */
function credentialProblems(v: Partial<Inputs>, raw: RawInputs): InputProblem[] {
  const problems: InputProblem[] = []
  if (!v.apiKey && raw['api-key'].trim() === '' && v.dryRun !== true) {
    problems.push(
      problem(
        'api-key',
        'is required: pass your MiniMax API key from a secret, e.g. api-key: ${{ secrets.MINIMAX_API_KEY }} ' +
          '(only a dry-run works without one)'
      )
    )
  }
  if (v.uploadToRelease && !v.githubToken && raw['github-token'].trim() === '') {
    problems.push(
      problem(
        'github-token',
        'is empty, but upload-to-release needs a token with contents: write (the default, ${{ github.token }}, ' +
          'has it when the job grants it)'
      )
    )
  }
  return problems
}

/** The frames and the prompt a single clip needs (a storyboard's file gives its own; task-id needs none). */
function singleClipProblems(v: Partial<Inputs>, raw: RawInputs): InputProblem[] {
  if (v.taskId || raw.storyboard.trim()) return []
  const problems: InputProblem[] = []
  const rules = v.model ? rulesOf(v.model) : undefined
  if (rules?.lastFrameRequired === false) {
    if (raw['first-frame'].trim() === '' && raw['last-frame'].trim() === '') {
      problems.push(problem('last-frame', `${v.model} needs a first frame, a last frame or both: give ${FRAME_FORMS}`))
    }
  } else if (raw['last-frame'].trim() === '') {
    problems.push(problem('last-frame', `is required (unless task-id names an existing task): give ${FRAME_FORMS}`))
  }
  if (rules?.prompt.required && raw.prompt.trim() === '' && raw['prompt-file'].trim() === '') {
    problems.push(
      problem(
        'prompt',
        `is required by ${v.model} (up to ${rules.prompt.maxChars} characters): say what happens in the clip`
      )
    )
  }
  return problems
}

/** Resolution x duration; with an unknown model, checked against every model there is. */
function shapeProblems(v: Partial<Inputs>): InputProblem[] {
  const { resolution, duration } = v
  if (!resolution) return []
  const models = v.model ? [v.model] : MODELS
  const fits = models.filter(m => !resolutionProblem(m, resolution))
  if (fits.length === 0) return [problem('resolution', resolutionProblem(models[0]!, resolution)!)]
  if (!duration) return []
  const problems = fits.map(m => durationProblem(m, resolution, duration))
  return problems.every(Boolean) ? [problem('duration', problems[0]!)] : []
}

/**
 * Whether the step set an input to something of its own. The runner passes every input that has
 * a default in action.yml, so a value equal to the default is indistinguishable from "not set".
 */
export function isGiven(raw: RawInputs, name: InputName): boolean {
  const text = raw[name].trim()
  return text !== '' && text !== (DEFAULTS[name] ?? '')
}

/** Warnings about valid but probably unintended inputs. */
export function inputWarnings(inputs: Inputs, raw: RawInputs): string[] {
  const warnings: string[] = []
  if (inputs.taskId && (raw['first-frame'].trim() || raw['last-frame'].trim() || raw.prompt.trim())) {
    warnings.push(`task-id is set, so nothing new is submitted: first-frame, last-frame and prompt are not used`)
  }
  const ignored = (['output-path', 'wait-timeout', 'poll-interval'] as const).filter(name => isGiven(raw, name))
  if (!waits(inputs) && ignored.length > 0) {
    const them = ignored.length > 1 ? 'them' : 'it'
    warnings.push(
      `${ignored.join(', ')} ${ignored.length > 1 ? 'are' : 'is'} set but wait is false, so nothing is waited for or ` +
        `downloaded: set wait: true, or drop ${them}`
    )
  }
  return [...warnings, ...modelWarnings(inputs, raw)]
}

/** Settings the model ignores or may refuse, and a poll rate MiniMax would throttle. */
function modelWarnings(inputs: Inputs, raw: RawInputs): string[] {
  const warnings: string[] = []
  const rules = rulesOf(inputs.model)
  if (!rules.promptOptimizer && isGiven(raw, 'prompt-optimizer') && !inputs.promptOptimizer) {
    warnings.push(`prompt-optimizer has no effect on ${inputs.model}: the V2 API has no such setting`)
  }
  if (rules.watermarkUncertain && inputs.aigcWatermark) {
    warnings.push(
      `aigc-watermark: true is sent, but ${inputs.model} may refuse it (it is documented for MiniMax-H3, and ` +
        `ComfyUI's docs say H3-Max fails with it); if MiniMax answers 2013, turn it off`
    )
  }
  if (waits(inputs) && inputs.pollInterval < 5 && /minimaxi?\.(com|io|cn)$/.test(new URL(inputs.baseUrl).hostname)) {
    warnings.push(
      `poll-interval is ${inputs.pollInterval} s; MiniMax rate-limits video requests (5 to 20 a minute) and ` +
        `suggests about 10 s`
    )
  }
  return warnings
}

/** Whether the run waits for the video: asked for, or implied by collecting a task or uploading it. */
export function waits(inputs: Pick<Inputs, 'wait' | 'taskId' | 'uploadToRelease'>): boolean {
  return inputs.wait || Boolean(inputs.taskId) || Boolean(inputs.uploadToRelease)
}

/** Requests a minute that create tasks: the input, or the model's own rate. */
export function submitRateOf(inputs: Pick<Inputs, 'submitRate' | 'model'>): number {
  return inputs.submitRate ?? rulesOf(inputs.model).submitRate
}
