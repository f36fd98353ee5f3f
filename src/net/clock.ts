/**
 * Time, in one place: every wait in the action goes through a Clock, so tests can run the retry
 * policy, the waiting and the pacing on a fake one.
 */
import { setTimeout as delay } from 'node:timers/promises'
import { CancelledError } from '../errors.js'

export interface Clock {
  now(): number
  /** Wait; a cancelled run's signal ends the wait with its CancelledError. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
  /** For jitter: uniform in [0, 1). */
  random(): number
}

export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, signal ? { signal } : undefined)
  } catch (error) {
    if (signal?.aborted)
      throw signal.reason instanceof Error ? signal.reason : new CancelledError('The run was cancelled.')
    throw error
  }
}

export const realClock: Clock = { now: Date.now, sleep, random: Math.random }
