/**
 * What each of MiniMax's API versions is, as the rest of the action needs to know it. Callers ask
 * a model's traits (or its client); nobody outside minimax/ compares versions. A new API version
 * is a row here and a client class (client.ts).
 */
import type { Job } from '../types/job.js'
import type { Api, Model } from '../types/rules.js'
import { rulesOf } from './rules.js'

export interface ApiTraits {
  /** The version's name, as the fingerprint records it. */
  name: Api
  /** Where a request that creates a task goes. */
  submitPath: string
  /** A submit whose answer was lost can be looked for in MiniMax's task list. */
  findsLostTasks: boolean
  /** A task that has not started can be cancelled, free of charge. */
  cancelsQueued: boolean
  /** How long MiniMax's link to a finished video lives, as the summary says it. */
  linkLifetime: string
  /** The request's settings of this version that change what MiniMax makes (in the fingerprint, in this order). */
  fingerprintSettings(job: Job): Record<string, unknown>
}

const TRAITS: Readonly<Record<Api, ApiTraits>> = {
  v1: {
    name: 'v1',
    submitPath: '/v1/video_generation',
    findsLostTasks: false,
    cancelsQueued: false,
    linkLifetime: 'expires about an hour after the task finished',
    fingerprintSettings: job => ({ prompt_optimizer: job.promptOptimizer })
  },
  v2: {
    name: 'v2',
    submitPath: '/v2/video_generation',
    findsLostTasks: true,
    cancelsQueued: true,
    linkLifetime: 'it expires; MiniMax does not say when',
    // V2 ignores the prompt optimizer (null keeps V1's key order), and has its own expansion setting.
    fingerprintSettings: job => ({ prompt_optimizer: null, prompt_expansion: job.promptExpansion ?? null })
  }
}

export const traitsOf = (model: Model): ApiTraits => TRAITS[rulesOf(model).api]
export const apiTraits = (api: Api): ApiTraits => TRAITS[api]
