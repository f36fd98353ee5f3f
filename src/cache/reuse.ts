/**
 * Before anything is paid for: each clip's fingerprint, and what earlier runs recorded for it (a
 * clip to use as it is, or a task to collect instead of paying again), all looked up in one batch.
 * Loaded only by runs that would pay for something (or, in a dry run, preview it).
 */
import type { Inputs } from '../inputs/inputs.js'
import type { Logger } from '../log.js'
import type { ClipPlan } from '../types/plan.js'
import { fingerprint } from './fingerprint.js'
import { openRecordStore, type Found as Recorded, type RecordStore } from './store.js'

export interface Found {
  /** Per clip (in plan order): its fingerprint, or undefined for a task collected without its inputs. */
  fingerprints: Array<string | undefined>
  /** What earlier runs recorded, per fingerprint. */
  recorded: Map<string, Recorded>
}

/** The run's record store (cache-dir, the Actions cache, or none). */
export function openStore(inputs: Inputs, workspace: string, log: Logger): RecordStore | undefined {
  return openRecordStore({ cache: inputs.cache, cacheDir: inputs.cacheDir, workspace }, process.env, log)
}

export async function lookUp(clips: readonly ClipPlan[], store: RecordStore | undefined, log: Logger): Promise<Found> {
  const fingerprints = await Promise.all(clips.map(c => (c.job ? fingerprint(c.job, c.take) : undefined)))
  const distinct = [...new Set(fingerprints.filter((f): f is string => f !== undefined))]
  const recorded = new Map<string, Recorded>()
  if (store) {
    // One call for all of them: each fingerprint's task and clip, looked up at once.
    const looked = await store.lookupAll(distinct)
    distinct.forEach((print, i) => recorded.set(print, looked[i]!))
    const clips = looked.filter(r => r.clip).length
    const tasks = looked.filter(r => !r.clip && r.task).length
    const paid = distinct.length - clips - tasks
    log.info(
      `In ${store.name}: ${clips} video${clips === 1 ? '' : 's'} and ${tasks} task${tasks === 1 ? '' : 's'} ` +
        `from earlier runs with the same inputs; ${paid} to pay for.`
    )
  }
  return { fingerprints, recorded }
}
