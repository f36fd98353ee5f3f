/**
 * Time, in one place: every wait in the action goes through a Clock, so tests can run the retry
 * policy, the waiting and the pacing on a fake one.
 */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
  /** For jitter: uniform in [0, 1). */
  random(): number
}

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

export const realClock: Clock = { now: Date.now, sleep, random: Math.random }
