/**
 * What is recorded across runs: which task a fingerprint was paid for, and the clip it made. A
 * record holds hashes and ids only (never the key, never the prompt), and carries its own
 * checksum: a corrupt or foreign record is a miss, never a wrong answer.
 */
import * as z from 'zod/mini'
import { sha256 } from '../frames/digest.js'

export interface TaskRecord {
  kind: 'task'
  fingerprint: string
  /** Missing when the submit's answer was lost: MiniMax may have created a task whose id nobody knows. */
  taskId?: string
  /**
   * Why the answer was lost (for the next run's message). Kept in the record's content; a
   * record read from its Actions cache key alone may lack it.
   */
  lostAnswer?: string
  /** The model (also part of the fingerprint); not in an Actions cache key, so a lookup may lack it. */
  model?: string
  /** ISO time the record was made (the task created, or the lost answer given up on). */
  createdAt: string
  /** A lost answer: when its request was sent (ISO): a task it made was created from then on. */
  sentAt?: string
  /**
   * A lost answer: the task ids its run knew (its other clips' tasks), so that a later run's
   * look in MiniMax's task list never takes one of them for this one.
   */
  known?: string[]
}

export interface ClipRecord {
  kind: 'clip'
  fingerprint: string
  taskId: string
  /** The MP4's size and SHA-256: a restored clip is checked against them. */
  bytes: number
  sha256: string
  createdAt: string
}

export type CacheRecord = TaskRecord | ClipRecord

const hex = z.string().check(z.regex(/^[0-9a-f]{64}$/))
const digits = z.string().check(z.regex(/^\d{1,20}$/))
const schemas = {
  task: z.strictObject({
    kind: z.literal('task'),
    fingerprint: hex,
    taskId: z.optional(digits),
    lostAnswer: z.optional(z.string()),
    model: z.optional(z.string()),
    createdAt: z.string(),
    sentAt: z.optional(z.string()),
    known: z.optional(z.array(digits))
  }),
  clip: z.strictObject({
    kind: z.literal('clip'),
    fingerprint: hex,
    taskId: digits,
    bytes: z.number().check(z.int(), z.positive()),
    sha256: hex,
    createdAt: z.string()
  })
}

/** The record as stored: its fields and a checksum over them. */
export function encodeRecord(record: CacheRecord): string {
  const body = JSON.stringify(record)
  return JSON.stringify({ record, checksum: sha256(body) })
}

/**
 * The record in `text` if it is whole, of this kind and for this fingerprint; otherwise why not
 * (a reason for the log: the run treats it as a miss).
 */
export function decodeRecord<K extends CacheRecord['kind']>(
  text: string,
  kind: K,
  fingerprint: string
): { record: Extract<CacheRecord, { kind: K }> } | { reason: string } {
  let stored: { record?: unknown; checksum?: unknown }
  try {
    stored = JSON.parse(text) as typeof stored
  } catch {
    return { reason: 'it is not JSON' }
  }
  if (typeof stored !== 'object' || stored === null || stored.checksum !== sha256(JSON.stringify(stored.record))) {
    return { reason: 'its checksum does not match' }
  }
  const parsed = schemas[kind].safeParse(stored.record)
  if (!parsed.success) return { reason: `it is not a ${kind} record of this action` }
  if (parsed.data.fingerprint !== fingerprint) return { reason: 'it is for another fingerprint' }
  return { record: parsed.data as Extract<CacheRecord, { kind: K }> }
}
