/**
 * Every rule of MiniMax's video models, in one place: a table per model (which API serves it,
 * resolutions, durations, prompt, frames, images), and the checks that read it.
 * Sources: MiniMax's API reference pages for first-and-last-frame video (V1) and Video Generation V2,
 * whose OpenAPI texts are copied unchanged to test/contract/ (the stand-in checks every request against them).
 */
import type { Api, ImageRules, Model, ModelRules } from '../types/rules.js'

/** "under 20 MB": 20 MiB is refused, one byte less is accepted. */
export const MAX_FRAME_BYTES = 20 * 1024 * 1024

/** Whole seconds from `from` to `to`. */
const seconds = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i)

/** V2's images (its create page's image rules): + HEIC/HEIF, <= 30 MB, sides 256-5760. */
const V2_IMAGES: ImageRules = {
  formats: ['jpeg', 'png', 'webp', 'heic', 'heif'],
  maxBytes: 30 * 1024 * 1024,
  maxText: 'of at most 30 MB',
  sides: { min: 256, max: 5760 }
}

export const MODEL_RULES = {
  'MiniMax-Hailuo-02': {
    api: 'v1',
    // The reference page: 768P with 6 or 10 s, 1080P with 6 s (no 512P in this mode).
    durations: { '768P': [6, 10], '1080P': [6] },
    prompt: { required: false, maxChars: 2000 },
    lastFrameRequired: true,
    cropsLastFrame: true,
    image: {
      formats: ['jpeg', 'png', 'webp'],
      maxBytes: MAX_FRAME_BYTES - 1,
      maxText: 'under 20 MB',
      shortSideOver: 300
    },
    promptOptimizer: true,
    promptExpansion: false,
    // Free plans allow 5 video requests a minute, paid plans 20.
    submitRate: 5
  },
  'MiniMax-H3': {
    api: 'v2',
    durations: { '768P': seconds(4, 15), '2K': seconds(4, 15) },
    prompt: { required: true, maxChars: 7000 },
    lastFrameRequired: false,
    cropsLastFrame: false,
    image: V2_IMAGES,
    maxRequestBytes: 64 * 1024 * 1024,
    promptOptimizer: false,
    promptExpansion: false,
    // 300 requests a minute and 30 tasks in flight are published for V2; 60 leaves room for other work.
    submitRate: 60,
    maxInFlight: 30
  },
  'MiniMax-H3-Max': {
    api: 'v2',
    durations: { '480P': seconds(5, 15), '768P': seconds(5, 15) },
    prompt: { required: true, maxChars: 7000 },
    lastFrameRequired: false,
    cropsLastFrame: false,
    image: V2_IMAGES,
    maxRequestBytes: 64 * 1024 * 1024,
    promptOptimizer: false,
    promptExpansion: true,
    // ComfyUI's docs say MiniMax-H3-Max fails with it; MiniMax documents it for MiniMax-H3.
    watermarkUncertain: true,
    submitRate: 60,
    maxInFlight: 30
  }
} as const satisfies Record<Model, ModelRules>

export const MODELS = Object.keys(MODEL_RULES) as Model[]
export const MODEL: Model = 'MiniMax-Hailuo-02'

export const rulesOf = (model: Model): ModelRules => MODEL_RULES[model]
export const isModel = (name: string | undefined): name is Model => (MODELS as readonly string[]).includes(name ?? '')
export const apiOf = (model: Model): Api => rulesOf(model).api

/** The short side of a video at each resolution (2K is 2560x1440 at 16:9): no clip of it is larger. */
export const RESOLUTION_SHORT_SIDE: Readonly<Record<string, number>> = {
  '480P': 480,
  '768P': 768,
  '1080P': 1080,
  '2K': 1440
}

/** Every resolution some model offers, in a stable order. */
export const RESOLUTIONS = [...new Set(MODELS.flatMap(m => Object.keys(rulesOf(m).durations)))]

/** Models MiniMax offers for other modes: named so the refusal can say why. */
export const OTHER_MODE_MODELS = [
  'MiniMax-Hailuo-2.3',
  'MiniMax-Hailuo-2.3-Fast',
  'T2V-01',
  'T2V-01-Director',
  'I2V-01',
  'I2V-01-Director',
  'I2V-01-live',
  'S2V-01'
]

const or = (items: ReadonlyArray<string | number>): string =>
  items.length <= 2 ? items.join(' or ') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`

/** "6 or 10", or "4 to 15" for a run of whole seconds. */
const durationsText = (ds: readonly number[]): string =>
  ds.length > 3 && ds.every((d, i) => i === 0 || d === ds[i - 1]! + 1) ? `${ds[0]} to ${ds.at(-1)}` : or(ds)

/** What a model takes, to follow a refused resolution ("MiniMax-Hailuo-02 takes 768P or 1080P"). */
export function resolutionsOf(model: Model | undefined): string {
  return model ? `${model} takes ${or(Object.keys(rulesOf(model).durations))}` : `the models take ${or(RESOLUTIONS)}`
}

/** What is wrong with a resolution for a model, or undefined. */
export function resolutionProblem(model: Model, resolution: string): string | undefined {
  const offered = Object.keys(rulesOf(model).durations)
  if (offered.includes(resolution)) return undefined
  return `${resolution} is not offered by ${model}, which takes ${or(offered)}`
}

/**
 * What is wrong with a duration at a resolution for a model, or undefined. The message says both
 * ways out (another resolution, another duration).
 */
export function durationProblem(model: Model, resolution: string, duration: number): string | undefined {
  const table = rulesOf(model).durations
  const all = [...new Set(Object.values(table).flat())].sort((a, b) => a - b)
  if (!all.includes(duration)) return `must be ${durationsText(all)} (seconds) for ${model}; got ${duration}`
  const here = table[resolution]
  if (!here || here.includes(duration)) return undefined
  const fits = Object.keys(table).filter(r => table[r]!.includes(duration))
  const offers = Object.entries(table)
    .map(([r, ds]) => `${r} allows ${durationsText(ds)} s`)
    .join(', ')
  return (
    `${duration} s is not offered at ${resolution}: ${offers}. ` +
    `Use resolution ${or(fits)} for ${duration} s, or duration ${durationsText(here)} at ${resolution}`
  )
}

/** Characters as a person counts them (code points), not UTF-16 units or bytes. */
export function countChars(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

/** What is wrong with a prompt for a model (its length; whether one is needed), or undefined. */
export function promptLengthProblem(text: string, model: Model = MODEL): string | undefined {
  const { maxChars } = rulesOf(model).prompt
  const chars = countChars(text)
  return chars > maxChars ? `is ${chars} characters long; MiniMax accepts at most ${maxChars} characters` : undefined
}

/** Width:height between 2:5 and 5:2, bounds included (every model). */
export const ASPECT_MIN = { w: 2, h: 5 } as const
export const ASPECT_MAX = { w: 5, h: 2 } as const

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB`
}

/** What is wrong with a frame of this size on disk, or undefined. */
export function frameSizeProblem(bytes: number, rules: ImageRules = rulesOf(MODEL).image): string | undefined {
  if (bytes > rules.maxBytes) {
    return (
      `is ${bytes} bytes (${formatMegabytes(bytes)}); MiniMax accepts frames ${rules.maxText} (at most ` +
      `${rules.maxBytes} bytes)`
    )
  }
  if (bytes === 0) return 'is empty (0 bytes)'
  return undefined
}

/** What is wrong with a frame of these dimensions, or an empty list. */
export function dimensionProblems(width: number, height: number, rules: ImageRules = rulesOf(MODEL).image): string[] {
  const problems: string[] = []
  const short = Math.min(width, height)
  if (rules.shortSideOver !== undefined && short <= rules.shortSideOver) {
    problems.push(
      `is ${width}x${height}: its short side (${short} px) must be over ${rules.shortSideOver} px ` +
        `(${rules.shortSideOver + 1} or more)`
    )
  }
  if (rules.sides && (short < rules.sides.min || Math.max(width, height) > rules.sides.max)) {
    problems.push(`is ${width}x${height}: each side must be ${rules.sides.min} to ${rules.sides.max} px`)
  }
  // Integer arithmetic: 2/5 <= w/h <= 5/2.
  const tooTall = width * ASPECT_MIN.h < height * ASPECT_MIN.w
  const tooWide = width * ASPECT_MAX.h > height * ASPECT_MAX.w
  if (tooTall || tooWide) {
    problems.push(
      `is ${width}x${height} (aspect ratio ${ratioOutside(width, height)}): the width:height ratio must be ` +
        `between 2:5 (0.4) and 5:2 (2.5)`
    )
  }
  return problems
}

/** w/h with as many decimals as it takes to look outside 0.4..2.5 (2501x1000 is 2.501, not 2.500). */
export function ratioOutside(width: number, height: number): string {
  const ratio = width / height
  for (let digits = 3; digits < 12; digits++) {
    const text = ratio.toFixed(digits)
    if (Number(text) !== ASPECT_MIN.w / ASPECT_MIN.h && Number(text) !== ASPECT_MAX.w / ASPECT_MAX.h) return text
  }
  return `${width}/${height}`
}
