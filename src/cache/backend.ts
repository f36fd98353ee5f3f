/** What the record store (store.ts) asks of where records live: a folder, or the GitHub Actions cache. */
import type { TaskRecord } from './records.js'

/** A task record as a backend read it, or why it is not one (the store warns and treats it as a miss). */
export type TaskAnswer = { record: TaskRecord } | { reason: string }

/** What a backend knows of one fingerprint; a field left out was not answered (a miss). */
export interface Answer {
  task?: TaskAnswer
  /** A clip is recorded: its record and video can be restored. */
  clip?: boolean
}

/**
 * The storage itself. Each call ends within its deadline (counted from when the call starts) or
 * rejects with a CacheCallError; the RecordStore checks what comes back.
 */
export interface Backend {
  readonly name: string
  /**
   * What is recorded for each fingerprint, told to `answer` (with its index) as it is known, so
   * what was answered before a failure or a deadline is kept; rejects at the first failure.
   */
  lookupAll(
    fingerprints: readonly string[],
    deadlineMs: number,
    answer: (index: number, found: Answer) => void
  ): Promise<void>
  /** Put the clip's record.json and clip.mp4 in `into`; false when there is none. */
  getClip(fingerprint: string, into: string, deadlineMs: number): Promise<boolean>
  /** `text` is the encoded record; the record itself is there for what a backend keeps beside it. */
  putTask(record: TaskRecord, text: string, deadlineMs: number): Promise<void>
  putClip(fingerprint: string, text: string, file: string, deadlineMs: number): Promise<void>
  /** End whatever still runs (idempotent); later calls reject. */
  close(): Promise<void>
}

/** The files of a recorded clip, as a backend hands them over. */
export const FILE_RECORD = 'record.json'
export const FILE_CLIP = 'clip.mp4'

/** The records' schema (zod) is loaded only when a store is used: a run without one never pays for it. */
export const codec = (): Promise<typeof import('./records.js')> => import('./records.js')

export interface CacheCallFailure {
  /** late: the deadline passed; failed: the storage said no or broke; closed: the store was closed. */
  reason: 'late' | 'failed' | 'closed'
  deadlineMs?: number
  /** What the storage said (for failed). */
  detail?: string
}

/** A backend call that did not give an answer. */
export class CacheCallError extends Error {
  override name = 'CacheCallError'
  readonly reason: CacheCallFailure['reason']
  readonly deadlineMs: number | undefined
  readonly detail: string | undefined
  constructor(failure: CacheCallFailure) {
    super(
      failure.reason === 'late'
        ? `no answer within ${failure.deadlineMs} ms`
        : failure.reason === 'closed'
          ? 'the record store is closed'
          : (failure.detail ?? 'failed')
    )
    this.reason = failure.reason
    this.deadlineMs = failure.deadlineMs
    this.detail = failure.detail
  }
}

/** `work`, or a late CacheCallError once `ms` have passed (work that cannot be stopped is left to finish). */
export async function withDeadline<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  // A late rejection is ignored, never unhandled.
  work.catch(() => undefined)
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CacheCallError({ reason: 'late', deadlineMs: ms })), ms)
  })
  try {
    return await Promise.race([work, late])
  } finally {
    clearTimeout(timer)
  }
}
