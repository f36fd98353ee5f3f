/**
 * The action's inputs: read in one place, checked by one schema that knows every rule and every
 * allowed combination, and turned into a typed Inputs object. Every problem names its input.
 */
// zod/mini: the same zod 4 core, tree-shakable, a third less code to load at every start.
import * as z from 'zod/mini'
import { classifyFrame, FRAME_FORMS, type FrameSpec } from '../frames/source.js'
import type { ReleaseTarget } from '../github/release.js'
import {
  COMBINATIONS,
  DURATIONS,
  MODEL,
  MODELS,
  OTHER_MODE_MODELS,
  promptLengthProblem,
  RESOLUTIONS,
  resolutionsFor,
  type Duration,
  type Model,
  type Resolution
} from '../minimax/rules.js'

/** Defaults, as action.yml declares them (a test keeps the two the same). */
export const DEFAULTS = {
  model: MODEL,
  resolution: '768P',
  duration: '6',
  'prompt-optimizer': 'true',
  'aigc-watermark': 'false',
  'base-url': 'https://api.minimaxi.com',
  'dry-run': 'false',
  wait: 'false',
  'wait-timeout': '1800',
  'poll-interval': '10',
  'max-retries': '5',
  'request-timeout': '60',
  'retry-initial-delay': '1'
} as const

/** Every input the code reads. action.yml must declare exactly these (a test checks). */
export const INPUT_NAMES = [
  'api-key',
  'first-frame',
  'last-frame',
  'prompt',
  'prompt-file',
  'model',
  'resolution',
  'duration',
  'prompt-optimizer',
  'aigc-watermark',
  'callback-url',
  'base-url',
  'dry-run',
  'wait',
  'wait-timeout',
  'poll-interval',
  'output-path',
  'task-id',
  'upload-to-release',
  'github-token',
  'max-retries',
  'request-timeout',
  'retry-initial-delay'
] as const
export type InputName = (typeof INPUT_NAMES)[number]
export type RawInputs = Record<InputName, string>

/**
 * The checked inputs. The frames and the prompt are not here: the schema checks their form, and
 * prepare() (src/plan/prepare.ts) reads and checks what they point to, which takes I/O.
 */
export interface Inputs {
  apiKey: string
  model: Model
  resolution: Resolution
  duration: Duration
  promptOptimizer: boolean
  aigcWatermark: boolean
  callbackUrl?: string
  baseUrl: string
  dryRun: boolean
  wait: boolean
  waitTimeoutSeconds: number
  pollIntervalSeconds: number
  outputPath?: string
  taskId?: string
  /** A release tag, or the release of the triggering `release` event. */
  uploadToRelease?: ReleaseTarget
  githubToken?: string
  maxRetries: number
  requestTimeoutSeconds: number
  retryInitialDelaySeconds: number
}

export interface InputProblem {
  input: string
  message: string
}

const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']
const BOOLEAN_FORMS = 'true or false (True, TRUE, False and FALSE also work)'

/** A string input whose text is turned into a value, or refused with a message. */
function field<T>(parse: (value: string, fail: (message: string) => typeof z.NEVER) => T) {
  return z.pipe(
    z.string(),
    z.transform((value: string, ctx) =>
      parse(value.trim(), message => {
        ctx.issues.push({ code: 'custom', message, input: value })
        return z.NEVER
      })
    )
  )
}

const quoted = (value: string): string => JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)

type Defaulted = keyof typeof DEFAULTS

const boolean = (name: Defaulted) =>
  field((value, fail) => {
    const text = value || DEFAULTS[name]
    if (TRUE.includes(text)) return true
    if (FALSE.includes(text)) return false
    return fail(`must be ${BOOLEAN_FORMS}; got ${quoted(value)}`)
  })

const seconds = (name: Defaulted, min: number, max: number) =>
  field((value, fail) => {
    const text = value || DEFAULTS[name]
    const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN
    if (!(n >= min && n <= max)) return fail(`must be a number of seconds from ${min} to ${max}; got ${quoted(value)}`)
    return n
  })

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname)
}

function httpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined
  } catch {
    return undefined
  }
}

const frame = () =>
  field((value, fail): FrameSpec | undefined => {
    if (!value) return undefined
    const spec = classifyFrame(value)
    return 'problem' in spec ? fail(spec.problem) : spec
  })

const schema = z
  .object({
    // Required unless dry-run: the object-level check below decides.
    'api-key': field((value, fail) => {
      if (/\s/.test(value))
        return fail('contains a space or line break inside it; copy the key again from the MiniMax console')
      return value
    }),
    'first-frame': frame(),
    // Required unless task-id is given: the object-level check below decides.
    'last-frame': frame(),
    prompt: field(value => value),
    'prompt-file': field(value => value),
    model: field((value, fail) => {
      const text = value || DEFAULTS.model
      const known = MODELS.find(m => m.toLowerCase() === text.toLowerCase())
      if (known) return known
      const other = OTHER_MODE_MODELS.find(m => m.toLowerCase() === text.toLowerCase())
      if (other)
        return fail(
          `${quoted(value)} is a MiniMax model for other modes; first-and-last-frame video is offered by ${MODEL} only`
        )
      return fail(`must be ${MODEL}, the only model offered for first-and-last-frame video; got ${quoted(value)}`)
    }),
    resolution: field((value, fail) => {
      const text = (value || DEFAULTS.resolution).toUpperCase()
      const known = RESOLUTIONS.find(r => r === text)
      if (known) return known
      if (text === '512P')
        return fail(
          `512P is not offered for first-and-last-frame video (MiniMax offers it only for other modes); use ${RESOLUTIONS.join(' or ')}`
        )
      return fail(`must be ${RESOLUTIONS.join(' or ')} (a lower-case p works too); got ${quoted(value)}`)
    }),
    duration: field((value, fail) => {
      const text = value || DEFAULTS.duration
      const n = /^\d+\s*s?$/i.test(text) ? Number.parseInt(text, 10) : NaN
      const known = DURATIONS.find(d => d === n)
      if (known) return known
      return fail(`must be ${DURATIONS.join(' or ')} (seconds); got ${quoted(value)}`)
    }),
    'prompt-optimizer': boolean('prompt-optimizer'),
    'aigc-watermark': boolean('aigc-watermark'),
    'callback-url': field((value, fail) => {
      if (!value) return undefined
      if (!httpUrl(value))
        return fail(`must be an https:// or http:// URL that MiniMax can POST status changes to; got ${quoted(value)}`)
      return value
    }),
    'base-url': field((value, fail) => {
      const text = value || DEFAULTS['base-url']
      const url = httpUrl(text)
      if (!url)
        return fail(
          `must be an https:// URL such as https://api.minimaxi.com (mainland China) or https://api.minimax.io (international); got ${quoted(value)}`
        )
      if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
        return fail(
          `uses plain http:// to ${url.hostname}, which would send your API key unencrypted; use https:// (plain http is allowed only for localhost)`
        )
      }
      if (url.search || url.hash || url.username)
        return fail(`must not carry a query, fragment or credentials; got ${quoted(value)}`)
      return text.replace(/\/+$/, '')
    }),
    'dry-run': boolean('dry-run'),
    wait: boolean('wait'),
    'wait-timeout': seconds('wait-timeout', 1, 6 * 3600),
    'poll-interval': seconds('poll-interval', 0.01, 600),
    'output-path': field(value => value || undefined),
    'task-id': field((value, fail) => {
      if (!value) return undefined
      if (!/^\d{1,20}$/.test(value))
        return fail(`must be a MiniMax task id: a string of digits such as 106916112212032; got ${quoted(value)}`)
      return value
    }),
    'upload-to-release': field((value): Inputs['uploadToRelease'] => {
      if (!value || FALSE.includes(value)) return undefined
      return TRUE.includes(value) ? { fromEvent: true } : { tag: value }
    }),
    'github-token': field(value => value || undefined),
    'max-retries': field((value, fail) => {
      const text = value || DEFAULTS['max-retries']
      const n = /^\d+$/.test(text) ? Number(text) : NaN
      if (!(n >= 0 && n <= 20)) return fail(`must be a whole number from 0 to 20; got ${quoted(value)}`)
      return n
    }),
    'request-timeout': seconds('request-timeout', 0.1, 600),
    'retry-initial-delay': seconds('retry-initial-delay', 0, 60)
  })
  .check(
    z.superRefine(
      (v, ctx) => {
        const add = (input: InputName, message: string): void => {
          ctx.addIssue({ code: 'custom', path: [input], message })
        }
        if (!v['api-key'] && v['dry-run'] !== true) {
          add(
            'api-key',
            'is required: pass your MiniMax API key from a secret, e.g. api-key: ${{ secrets.MINIMAX_API_KEY }} (only a dry-run works without one)'
          )
        }
        if (v['upload-to-release'] && !v['github-token']) {
          add(
            'github-token',
            'is empty, but upload-to-release needs a token with contents: write (the default, ${{ github.token }}, has it when the job grants it)'
          )
        }
        if (v['last-frame'] === undefined && !v['task-id']) {
          add('last-frame', `is required (unless task-id names an existing task): give ${FRAME_FORMS}`)
        }
        // The resolution x duration combinations of the reference page.
        const model = v.model
        const resolution = v.resolution
        const duration = v.duration
        if (MODELS.includes(model) && RESOLUTIONS.includes(resolution) && DURATIONS.includes(duration)) {
          if (!COMBINATIONS[model][resolution].includes(duration)) {
            const fits = resolutionsFor(model, duration)
            add(
              'duration',
              `${duration} s is not offered at ${resolution}: ${RESOLUTIONS.map(r => `${r} allows ${COMBINATIONS[model][r].join(' or ')} s`).join(', ')}. ` +
                `Use resolution ${fits.join(' or ')} for ${duration} s, or duration ${COMBINATIONS[model][resolution].join(' or ')} at ${resolution}`
            )
          }
        }
        const promptText = typeof v.prompt === 'string' ? v.prompt : ''
        const promptFile = typeof v['prompt-file'] === 'string' ? v['prompt-file'] : ''
        if (promptText && promptFile) add('prompt-file', 'cannot be used together with prompt; give one of them')
        const tooLong = promptLengthProblem(promptText)
        if (tooLong) add('prompt', tooLong)
      },
      { when: () => true }
    )
  )

/** Check raw input texts. Pure: reads nothing but its argument. */
export function parseInputs(
  raw: RawInputs
): { inputs: Inputs; problems: [] } | { inputs?: undefined; problems: InputProblem[] } {
  const result = schema.safeParse(raw)
  if (!result.success) {
    return {
      problems: result.error.issues.map(issue => ({ input: String(issue.path[0] ?? 'inputs'), message: issue.message }))
    }
  }
  const v = result.data
  const inputs: Inputs = {
    apiKey: v['api-key'],
    model: v.model,
    resolution: v.resolution,
    duration: v.duration,
    promptOptimizer: v['prompt-optimizer'],
    aigcWatermark: v['aigc-watermark'],
    callbackUrl: v['callback-url'],
    baseUrl: v['base-url'],
    dryRun: v['dry-run'],
    wait: v.wait || Boolean(v['task-id']) || Boolean(v['upload-to-release']),
    waitTimeoutSeconds: v['wait-timeout'],
    pollIntervalSeconds: v['poll-interval'],
    outputPath: v['output-path'],
    taskId: v['task-id'],
    uploadToRelease: v['upload-to-release'],
    githubToken: v['github-token'],
    maxRetries: v['max-retries'],
    requestTimeoutSeconds: v['request-timeout'],
    retryInitialDelaySeconds: v['retry-initial-delay']
  }
  return { inputs, problems: [] }
}

/** Warnings about valid but probably unintended inputs. */
export function inputWarnings(inputs: Inputs, raw: RawInputs): string[] {
  const warnings: string[] = []
  if (!inputs.apiKey) warnings.push('api-key is empty: fine for a dry run, which sends nothing; a real run needs it')
  if (inputs.taskId && (raw['first-frame'].trim() || raw['last-frame'].trim() || raw.prompt.trim())) {
    warnings.push(`task-id is set, so nothing new is submitted: first-frame, last-frame and prompt are not used`)
  }
  if (
    inputs.wait &&
    inputs.pollIntervalSeconds < 5 &&
    /minimaxi?\.(com|io|cn)$/.test(new URL(inputs.baseUrl).hostname)
  ) {
    warnings.push(
      `poll-interval is ${inputs.pollIntervalSeconds} s; MiniMax rate-limits video requests (5 to 20 a minute) and suggests about 10 s`
    )
  }
  return warnings
}
