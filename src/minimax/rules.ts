/**
 * Every rule of MiniMax's first-and-last-frame API, in one place.
 * Source: the reference page "首尾帧生成视频" (shared/minimax-api) and its OpenAPI contract.
 */

export const MODEL = 'MiniMax-Hailuo-02'
export const MODELS = [MODEL] as const
export type Model = (typeof MODELS)[number]

export const RESOLUTIONS = ['768P', '1080P'] as const
export type Resolution = (typeof RESOLUTIONS)[number]

export const DURATIONS = [6, 10] as const
export type Duration = (typeof DURATIONS)[number]

/** The combinations the reference page offers: 768P with 6 or 10 s, 1080P with 6 s. */
export const COMBINATIONS: Readonly<Record<Model, Readonly<Record<Resolution, readonly Duration[]>>>> = {
  'MiniMax-Hailuo-02': { '768P': [6, 10], '1080P': [6] }
}

export function resolutionsFor(model: Model, duration: Duration): Resolution[] {
  return RESOLUTIONS.filter(r => COMBINATIONS[model][r].includes(duration))
}

/** Models MiniMax offers for other modes: named so the refusal can say why. */
export const OTHER_MODE_MODELS = [
  'MiniMax-Hailuo-2.3',
  'MiniMax-Hailuo-2.3-Fast',
  'T2V-01',
  'T2V-01-Director',
  'I2V-01',
  'I2V-01-Director',
  'I2V-01-live',
  'S2V-01',
  'MiniMax-H3'
]

export const MAX_PROMPT_CHARS = 2000

/** Characters as a person counts them (code points), not UTF-16 units or bytes. */
export function countChars(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

/** What is wrong with a prompt's length, or undefined. */
export function promptLengthProblem(text: string): string | undefined {
  const chars = countChars(text)
  return chars > MAX_PROMPT_CHARS
    ? `is ${chars} characters long; MiniMax accepts at most ${MAX_PROMPT_CHARS} characters`
    : undefined
}

/** "under 20 MB": 20 MiB is refused, one byte less is accepted. */
export const MAX_FRAME_BYTES = 20 * 1024 * 1024
/** The short side must be over 300 px. */
export const MIN_SHORT_SIDE_EXCLUSIVE = 300
/** Width:height between 2:5 and 5:2, bounds included. */
export const ASPECT_MIN = { w: 2, h: 5 } as const
export const ASPECT_MAX = { w: 5, h: 2 } as const

export const IMAGE_FORMATS = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp'
} as const
export type ImageFormat = keyof typeof IMAGE_FORMATS

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(2)} MB`
}

/** What is wrong with a frame of this size on disk, or undefined. */
export function frameSizeProblem(bytes: number): string | undefined {
  if (bytes >= MAX_FRAME_BYTES) {
    return (
      `is ${bytes} bytes (${formatMegabytes(bytes)}); MiniMax accepts frames under 20 MB (at most ` +
      `${MAX_FRAME_BYTES - 1} bytes)`
    )
  }
  if (bytes === 0) return 'is empty (0 bytes)'
  return undefined
}

/** What is wrong with a frame of these dimensions, or an empty list. */
export function dimensionProblems(width: number, height: number): string[] {
  const problems: string[] = []
  const short = Math.min(width, height)
  if (short <= MIN_SHORT_SIDE_EXCLUSIVE) {
    problems.push(
      `is ${width}x${height}: its short side (${short} px) must be over ${MIN_SHORT_SIDE_EXCLUSIVE} px ` +
        `(${MIN_SHORT_SIDE_EXCLUSIVE + 1} or more)`
    )
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
