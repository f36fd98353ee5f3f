/** A Job: one paid request, validated. Built once from checked inputs and checked frames; the
 * request body is made from it and nothing checks it again. */
import type { Frame } from './frame.js'
import type { Model } from './rules.js'

export interface Job {
  model: Model
  resolution: string
  duration: number
  prompt?: string
  firstFrame?: Frame
  /** Always there for MiniMax-Hailuo-02; MiniMax-H3 takes a first frame, a last frame or both. */
  lastFrame?: Frame
  /** V1 only (the V2 API has no such setting). */
  promptOptimizer: boolean
  aigcWatermark: boolean
  callbackUrl?: string
  /** MiniMax-H3-Max only: extra.prompt_expansion_mode. */
  promptExpansion?: 'disabled' | 'balanced' | 'quality'
}

/** What every job of a run takes from the inputs as they are: the model and its settings. */
export type JobSettings = Pick<Job, 'model' | 'promptOptimizer' | 'aigcWatermark' | 'callbackUrl' | 'promptExpansion'>
