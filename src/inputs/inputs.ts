/**
 * The inputs as one typed value: each input's text is parsed by its declaration
 * (declarations.ts), then the combinations are checked. Every problem names its input, and all
 * of them are reported at once. Pure: reads nothing but its argument.
 */
import { COMBINATIONS, DURATIONS, MODELS, promptLengthProblem, RESOLUTIONS, resolutionsFor } from '../minimax/rules.js'
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

export type ParsedInputs =
  | { inputs: Inputs; partial: Inputs; problems: [] }
  | { inputs?: undefined; partial: Partial<Inputs>; problems: InputProblem[] }

export function parseInputs(raw: RawInputs): ParsedInputs {
  const problems: InputProblem[] = []
  const values: Record<string, unknown> = {}
  for (const name of INPUT_NAMES) {
    const declaration = INPUTS[name] as InputDeclaration<unknown>
    const text = (raw[name] ?? '').trim() || (declaration.default ?? '')
    try {
      values[camel(name)] = declaration.parse(text, fail)
    } catch (error) {
      if (!(error instanceof Refusal)) throw error
      problems.push({ input: name, message: error.message })
    }
  }
  const partial = values as Partial<Inputs>
  problems.push(...combinationProblems(partial, raw))
  return problems.length === 0
    ? { inputs: partial as Inputs, partial: partial as Inputs, problems: [] }
    : { partial, problems }
}

/** The rules that span inputs; each runs only when the inputs it needs were valid on their own. */
function combinationProblems(v: Partial<Inputs>, raw: RawInputs): InputProblem[] {
  const problems: InputProblem[] = []
  const add = (input: InputName, message: string): void => {
    problems.push({ input, message })
  }
  if (!v.apiKey && raw['api-key'].trim() === '' && v.dryRun !== true) {
    add(
      'api-key',
      'is required: pass your MiniMax API key from a secret, e.g. api-key: ${{ secrets.MINIMAX_API_KEY }} ' +
        '(only a dry-run works without one)'
    )
  }
  if (v.uploadToRelease && !v.githubToken && raw['github-token'].trim() === '') {
    add(
      'github-token',
      'is empty, but upload-to-release needs a token with contents: write (the default, ${{ github.token }}, ' +
        'has it when the job grants it)'
    )
  }
  if (raw['last-frame'].trim() === '' && !v.taskId) {
    add('last-frame', `is required (unless task-id names an existing task): give ${FRAME_FORMS}`)
  }
  const { model, resolution, duration } = v
  if (
    model &&
    MODELS.includes(model) &&
    resolution &&
    RESOLUTIONS.includes(resolution) &&
    duration &&
    DURATIONS.includes(duration)
  ) {
    if (!COMBINATIONS[model][resolution].includes(duration)) {
      const fits = resolutionsFor(model, duration)
      add(
        'duration',
        `${duration} s is not offered at ${resolution}: ` +
          `${RESOLUTIONS.map(r => `${r} allows ${COMBINATIONS[model][r].join(' or ')} s`).join(', ')}. ` +
          `Use resolution ${fits.join(' or ')} for ${duration} s, or duration ` +
          `${COMBINATIONS[model][resolution].join(' or ')} at ${resolution}`
      )
    }
  }
  if (v.prompt && v.promptFile) add('prompt-file', 'cannot be used together with prompt; give one of them')
  const tooLong = promptLengthProblem(v.prompt ?? '')
  if (tooLong) add('prompt', tooLong)
  return problems
}

/** Warnings about valid but probably unintended inputs. */
export function inputWarnings(inputs: Inputs, raw: RawInputs): string[] {
  const warnings: string[] = []
  if (!inputs.apiKey) warnings.push('api-key is empty: fine for a dry run, which sends nothing; a real run needs it')
  if (inputs.taskId && (raw['first-frame'].trim() || raw['last-frame'].trim() || raw.prompt.trim())) {
    warnings.push(`task-id is set, so nothing new is submitted: first-frame, last-frame and prompt are not used`)
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
