/**
 * Before anything is paid for: each job's fingerprint, and what earlier runs recorded for it (a
 * clip to use as it is, or a task to collect instead of paying again). Loaded only by runs that
 * would pay for something (or, in a dry run, preview it).
 */
import type { Inputs } from '../inputs/inputs.js'
import type { Logger } from '../log.js'
import type { Job } from '../plan/job.js'
import { fingerprint } from './fingerprint.js'
import type { TaskRecord } from './records.js'
import { openRecordStore, type RecordStore } from './store.js'

export interface Reuse {
  fingerprint: string
  /** A task an earlier run paid for with these inputs. */
  task?: TaskRecord
  /** Its clip is recorded too: no request to MiniMax at all. */
  clip: boolean
}

/** The run's record store (cache-dir, the Actions cache, or none). */
export function openStore(inputs: Inputs, workspace: string, log: Logger): RecordStore | undefined {
  return openRecordStore({ cache: inputs.cache, cacheDir: inputs.cacheDir, workspace }, process.env, log)
}

export async function lookUp(
  jobs: readonly Job[],
  take: string,
  store: RecordStore | undefined,
  log: Logger
): Promise<Reuse[]> {
  const reuses = await Promise.all(
    jobs.map(async job => {
      const print = await fingerprint(job, take)
      const found = store ? await store.lookup(print) : { clip: false }
      return { fingerprint: print, task: found.task, clip: found.clip }
    })
  )
  if (store) {
    const clips = reuses.filter(r => r.clip).length
    const tasks = reuses.filter(r => !r.clip && r.task).length
    const paid = reuses.length - clips - tasks
    log.info(
      `In ${store.name}: ${clips} video${clips === 1 ? '' : 's'} and ${tasks} task${tasks === 1 ? '' : 's'} ` +
        `from earlier runs with the same inputs; ${paid} to pay for.`
    )
  }
  return reuses
}

/** A fingerprint shortened for a log line (the whole one is in the outputs). */
export const short = (fingerprint: string): string => `${fingerprint.slice(0, 12)}...`
