import { describe, expect, it } from 'vitest'
import type { Clock } from '../../../src/net/clock.js'
import { Pacer } from '../../../src/net/pacer.js'

/** A clock whose sleeps end in time order when run() advances it, with every microtask settled between. */
function fakeClock() {
  let now = 0
  const timers: Array<{ at: number; wake: () => void }> = []
  const clock: Clock = {
    now: () => now,
    random: () => 0.5,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        const timer = { at: now + ms, wake: resolve }
        timers.push(timer)
        signal?.addEventListener('abort', () => {
          timers.splice(timers.indexOf(timer), 1)
          reject(signal.reason)
        })
      })
  }
  const settle = () => new Promise<void>(resolve => setImmediate(resolve))
  async function run(): Promise<void> {
    for (await settle(); timers.length > 0; await settle()) {
      timers.sort((a, b) => a.at - b.at)
      const timer = timers.shift()!
      now = Math.max(now, timer.at)
      timer.wake()
    }
  }
  return { clock, run, now: () => now }
}

describe('the pacer', () => {
  it('spaces every caller evenly, in the order they asked', async () => {
    const { clock, run, now } = fakeClock()
    const pacer = new Pacer(5, clock)
    const sent: Array<[string, number]> = []
    const turns = ['a', 'b', 'c', 'd'].map(name => pacer.acquire().then(() => sent.push([name, now()])))
    await run()
    await Promise.all(turns)
    expect(sent).toEqual([
      ['a', 0],
      ['b', 12_000],
      ['c', 24_000],
      ['d', 36_000]
    ])
  })

  it('after a rate limit: everyone waits it out, the limited request goes first, and the spacing doubles', async () => {
    const { clock, run, now } = fakeClock()
    const pacer = new Pacer(60, clock)
    const sent: Array<[string, number]> = []
    await pacer.acquire().then(() => sent.push(['a', now()]))
    const b = pacer.acquire().then(() => sent.push(['b', now()]))
    const c = pacer.acquire().then(() => sent.push(['c', now()]))
    // a was answered 429 with Retry-After 5 s.
    pacer.rateLimited(5000)
    const again = pacer.acquire(undefined, true).then(() => sent.push(['a again', now()]))
    await run()
    await Promise.all([b, c, again])
    expect(sent).toEqual([
      ['a', 0],
      ['a again', 5000],
      ['b', 7000],
      ['c', 9000]
    ])
    expect(pacer.intervalMs).toBe(2000)
  })

  it('lets a cancelled caller go without holding up the others', async () => {
    const { clock, run, now } = fakeClock()
    const pacer = new Pacer(60, clock)
    await pacer.acquire()
    const cancel = new AbortController()
    const gone = pacer.acquire(cancel.signal)
    const next = pacer.acquire().then(() => now())
    cancel.abort(new Error('cancelled'))
    await expect(gone).rejects.toThrow('cancelled')
    await run()
    expect(await next).toBe(1000)
  })
})
