/**
 * A paid request's fingerprint: the SHA-256 of a canonical JSON of everything that changes what
 * MiniMax would make, so two runs that would pay for the same video agree on it. The API version,
 * the model, the exact prompt sent, each frame's bytes as sent (their hash, not their paths), the
 * resolution, the duration, the prompt optimizer (V1) or expansion (V2), the watermark, and `take`
 * (a new take of the same inputs is paid for again). Never the key, the base URL or the waiting settings.
 */
import { frameIdentity, sha256 } from '../frames/digest.js'
import { traitsOf } from '../minimax/api.js'
import type { Job } from '../types/job.js'

/** Bump when the canonical form changes: old records then simply stop matching. */
const FORM = 1

export async function fingerprint(job: Job, take: string): Promise<string> {
  const api = traitsOf(job.model)
  const canonical = {
    form: FORM,
    api: api.name,
    model: job.model,
    prompt: job.prompt ?? null,
    first_frame: await frameIdentity(job.firstFrame),
    last_frame: await frameIdentity(job.lastFrame),
    resolution: job.resolution,
    duration: job.duration,
    // Each API's own settings (V1's prompt optimizer, V2's expansion), where V1's always stood.
    ...api.fingerprintSettings(job),
    aigc_watermark: job.aigcWatermark,
    take
  }
  // JSON.stringify keeps the key order written above: one fixed order is the canonical form.
  return sha256(JSON.stringify(canonical))
}
