/**
 * One pacer for every request that creates a task: at most `perMinute` of them, evenly spaced,
 * for all clips together (MiniMax's limits are per minute, per account, and it answers a burst
 * with 2045, "rate growth limit"). Callers wait their turn in order; a turn is taken only when it
 * comes, so a slow-down applies to everyone still waiting.
 *
 * A rate-limit answer (429, 1002, ...) pauses the pacer until its Retry-After (or backoff) has
 * passed and doubles the spacing for what follows, up to one a minute. The request that got it is
 * sent again first when the pause ends: it is never dropped. Queries and downloads are not paced
 * here (they follow poll-interval).
 */
import { realClock, type Clock } from './clock.js'

interface Waiter {
  grant: () => void
  /** A request sent again after a rate limit: it goes first, and only the pause holds it back. */
  again: boolean
}

export class Pacer {
  readonly #clock: Clock
  #intervalMs: number
  #last = -Infinity
  #notBefore = -Infinity
  readonly #waiting: Waiter[] = []
  #pumping = false
  /**
   * Ends the pump's sleep early: when a waiter arrives that may be due sooner, and when nobody is
   * left waiting (a cancelled run must not be kept alive by it).
   */
  #nap: AbortController | undefined

  constructor(perMinute: number, clock: Clock = realClock) {
    this.#intervalMs = 60_000 / perMinute
    this.#clock = clock
  }

  get intervalMs(): number {
    return this.#intervalMs
  }

  /** Wait for this caller's turn. `again`: a request being sent again after a rate limit. */
  acquire(signal?: AbortSignal, again = false): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      signal?.throwIfAborted()
      const waiter: Waiter = { grant: resolve, again }
      const at = again ? this.#waiting.findIndex(w => !w.again) : -1
      this.#waiting.splice(at < 0 ? this.#waiting.length : at, 0, waiter)
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.#waiting.indexOf(waiter)
          if (i >= 0) this.#waiting.splice(i, 1)
          if (this.#waiting.length === 0) this.#nap?.abort()
          reject(signal.reason)
        },
        { once: true }
      )
      // Wake the pump: the newcomer may be due sooner than the one it was sleeping for.
      this.#nap?.abort()
      void this.#pump()
    })
  }

  /** MiniMax answered with a rate limit: hold every request for `ms`, and space what follows twice as far apart. */
  rateLimited(ms: number): void {
    this.#notBefore = Math.max(this.#notBefore, this.#clock.now() + ms)
    this.#intervalMs = Math.min(60_000, this.#intervalMs * 2)
  }

  /** Grants turns one at a time; checks again after each sleep (a pause or slow-down may have come). */
  async #pump(): Promise<void> {
    if (this.#pumping) return
    this.#pumping = true
    try {
      for (let next = this.#waiting[0]; next; next = this.#waiting[0]) {
        const wait = this.#wait(next)
        if (wait > 0) {
          this.#nap = new AbortController()
          await this.#clock.sleep(wait, this.#nap.signal).catch(() => undefined)
          continue
        }
        this.#waiting.shift()
        this.#last = this.#clock.now()
        next.grant()
      }
    } finally {
      this.#pumping = false
    }
  }

  #wait(next: Waiter): number {
    const spaced = next.again ? -Infinity : this.#last + this.#intervalMs
    return Math.max(spaced, this.#notBefore) - this.#clock.now()
  }
}
