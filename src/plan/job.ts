/**
 * A Job: one paid request, validated. Built once from checked inputs and checked frames; the
 * request body is made from it and nothing checks it again.
 */
import type { Frame } from '../frames/source.js'
import type { Model } from '../minimax/rules.js'

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
