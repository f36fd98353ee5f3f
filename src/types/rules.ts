/** The shape of a model's rules (the table itself is minimax/rules.ts): which API serves it, what it takes. */
import type { ImageFormat } from './frame.js'

export type Api = 'v1' | 'v2'

/** The models MiniMax offers for first-and-last-frame video (minimax/rules.ts has a row for each). */
export type Model = 'MiniMax-Hailuo-02' | 'MiniMax-H3' | 'MiniMax-H3-Max'

export interface ImageRules {
  formats: readonly ImageFormat[]
  /** Largest accepted file, in bytes. */
  maxBytes: number
  /** How the limit is written in MiniMax's docs ("under 20 MB"). */
  maxText: string
  /** The short side must be over this (V1). */
  shortSideOver?: number
  /** Every side within this range (V2). */
  sides?: { min: number; max: number }
}

export interface ModelRules {
  api: Api
  /** Resolutions, each with the durations (seconds) offered at it. */
  durations: Readonly<Record<string, readonly number[]>>
  prompt: { required: boolean; maxChars: number }
  /** V1 needs a last frame (the first is optional); V2 takes a first and/or a last frame. */
  lastFrameRequired: boolean
  /** MiniMax documents that a last frame of another size is cropped to the first's (V1); V2 says nothing. */
  cropsLastFrame: boolean
  image: ImageRules
  /** The whole request body, base64 frames included (V2: 64 MB). */
  maxRequestBytes?: number
  /** prompt-optimizer means something (V1), or is ignored (V2). */
  promptOptimizer: boolean
  /** extra.prompt_expansion_mode is taken (MiniMax-H3-Max). */
  promptExpansion: boolean
  /** aigc_watermark is documented for another model of its API, and may be refused (MiniMax-H3-Max). */
  watermarkUncertain?: boolean
  /** Default requests a minute that create tasks, and how many tasks may be in flight at once. */
  submitRate: number
  maxInFlight?: number
}
