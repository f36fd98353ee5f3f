/** What every job of a run takes from the inputs: the model and its settings. */
import type { Inputs } from '../inputs/inputs.js'
import { MODEL } from '../minimax/rules.js'
import type { JobSettings } from '../types/job.js'

/**
 * The settings from the inputs. Partial while problems are still being collected (a storyboard's
 * clips are planned then); a plan is only ever made from inputs that all parsed, so the fallbacks
 * never reach MiniMax.
 */
export function jobSettings(v: Partial<Inputs>): JobSettings {
  return {
    model: v.model ?? MODEL,
    promptOptimizer: v.promptOptimizer ?? true,
    aigcWatermark: v.aigcWatermark ?? false,
    callbackUrl: v.callbackUrl,
    promptExpansion: v.promptExpansion
  }
}
