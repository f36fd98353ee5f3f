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
  lastFrame: Frame
  promptOptimizer: boolean
  aigcWatermark: boolean
  callbackUrl?: string
}
