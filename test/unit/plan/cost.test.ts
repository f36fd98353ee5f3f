import { describe, expect, it } from 'vitest'
import { costPerClip, costProblems, estimate } from '../../../src/plan/cost.js'
import type { Request, Start } from '../../../src/plan/decide.js'
import type { Job } from '../../../src/types/job.js'
import type { Model } from '../../../src/types/rules.js'

const job = (model: Model, resolution: string, duration: number): Job => ({
  model,
  resolution,
  duration,
  promptOptimizer: true,
  aigcWatermark: false
})
const request = (clips: number[], start: Start, j = job('MiniMax-Hailuo-02', '768P', 6)): Request => ({
  clips,
  job: j,
  start
})
const PAY: Start = { kind: 'pay' }
const cny = (minor: number) => ({ minor, currency: 'CNY' as const })

describe('the estimate', () => {
  it('counts new tasks at list price, reused ones as saved, collected ones as free', () => {
    const cost = estimate(
      [
        request([0], PAY),
        request([1], { kind: 'video' }, job('MiniMax-Hailuo-02', '1080P', 6)),
        request([2], { kind: 'given', taskId: '1' }),
        request([3], PAY, job('MiniMax-H3', '2K', 7))
      ],
      'CNY'
    )
    expect(cost.total).toEqual(cny(200 + 560))
    expect(cost.saved).toEqual(cny(350))
    expect(cost.requests.map(c => c.kind)).toEqual(['new', 'reused', 'collected', 'new'])
    expect(cost.most).toBeUndefined()
  })

  it('says at most what replacing recorded tasks would add, only when the run waits for them', () => {
    const requests = [request([0], PAY), request([1], { kind: 'task', taskId: '9' })]
    expect(estimate(requests, 'USD', { waits: true }).most).toEqual({ minor: 56, currency: 'USD' })
    expect(estimate(requests, 'USD', { waits: false }).most).toBeUndefined()
  })

  it('is unknown, never zero, when a price among the new tasks is unknown', () => {
    const cost = estimate([request([0], PAY), request([1], PAY, job('MiniMax-H3-Max', '768P', 6))], 'CNY')
    expect(cost.total).toBeUndefined()
  })

  it('prices a request once: another clip of the same request shares its task', () => {
    const cost = estimate([request([0, 2], PAY), request([1], PAY)], 'CNY')
    expect(cost.total).toEqual(cny(400))
    expect(costPerClip(cost, 3).map(c => c.kind)).toEqual(['new', 'new', 'shared'])
  })
})

describe('max-cost against the estimate', () => {
  const name = (r: Request) => `clip ${r.clips[0]! + 1}`
  it('passes a run within it, and refuses one above it naming each clip', () => {
    const cost = estimate([request([0], PAY), request([1], PAY)], 'CNY')
    expect(costProblems(cost, cny(400), name)).toEqual([])
    expect(costProblems(cost, cny(399), name)[0]!.message).toBe(
      'is 3.99 CNY, but this run would pay about 4.00 CNY for 2 new tasks (clip 1 2.00 CNY, clip 2 2.00 CNY); ' +
        'raise max-cost, or reuse more from earlier runs'
    )
  })
  it('refuses what it cannot enforce', () => {
    const cost = estimate([request([0], PAY, job('MiniMax-H3-Max', '768P', 6))], 'CNY')
    expect(costProblems(cost, cny(10_000), name)[0]!.message).toMatch(/no list price is known for clip 1/)
    expect(costProblems(cost, { minor: 100, currency: 'USD' }, name)[0]!.message).toMatch(/^is in USD/)
  })
})
