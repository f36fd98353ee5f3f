/**
 * What a run costs, in money, before it pays: the estimate at list prices (in CNY for any host but
 * api.minimax.io, so the stand-in on loopback bills in CNY), max-cost, and estimated_cost.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAgainst, withServer } from '../support/fixtures.js'
import { png } from '../support/images.js'
import { newWorkspace } from '../support/run-action.js'
import { tempDir } from '../support/temp.js'

const CLIPS = path.resolve(import.meta.dirname, '../fixtures/clips')
const clip = (name: string): Buffer => readFileSync(path.join(CLIPS, `${name}.mp4`))
const FAST = { wait: 'true', 'poll-interval': '0.05', 'retry-initial-delay': '0.01', 'submit-rate': '600' }
const keyframe = (i: number): string => `  - image: k${i}.png\n${i < 4 ? `    prompt: clip ${i}\n` : ''}`
const FOUR = `keyframes:\n${[1, 2, 3, 4].map(keyframe).join('')}`

/** A storyboard of 3 clips (768P, 6 s: 2.00 CNY each); `changed` makes keyframe 3 other bytes. */
function board(changed = false): string {
  const workspace = newWorkspace()
  mkdirSync(path.join(workspace, 'board'))
  for (const i of [1, 2, 3, 4]) {
    const size = 3000 + i * 10 + (changed && i === 3 ? 1 : 0)
    writeFileSync(path.join(workspace, 'board', `k${i}.png`), png(1280, 720, { size }))
  }
  writeFileSync(path.join(workspace, 'board/storyboard.yml'), FOUR)
  return workspace
}

const STORYBOARD = { storyboard: 'board/storyboard.yml', ...FAST }

describe('max-cost', () => {
  it('refuses a run whose new tasks would cost more, before anything is sent, naming the clips', async () => {
    await withServer(async server => {
      const run = await runAgainst(server, { ...STORYBOARD, 'max-cost': '5 CNY' }, { workspace: board() })
      expect(run.code).toBe(1)
      expect(run.errors[0]).toBe(
        'max-cost: is 5.00 CNY, but this run would pay about 6.00 CNY for 3 new tasks (clip 1 2.00 CNY, clip 2 ' +
          '2.00 CNY, clip 3 2.00 CNY); raise max-cost, or reuse more from earlier runs'
      )
      expect(server.requests).toEqual({ submit: 0, query: 0, retrieve: 0, download: 0 })
    })
  })

  it('counts only what will be paid for: clips reused from earlier runs are free', async () => {
    const records = tempDir('records-')
    await withServer(
      async server => {
        const inputs = { ...STORYBOARD, 'cache-dir': records }
        const first = await runAgainst(server, inputs, { workspace: board() })
        expect(first.outputs.estimated_cost).toBe('6.00 CNY')
        const dry = await runAgainst(server, { ...inputs, 'dry-run': 'true' }, { workspace: board(true) })
        expect(dry.outputs.estimated_cost).toBe('4.00 CNY')
        expect(dry.stdout).toContain(
          "Cost at MiniMax's list prices of 2026-12-01: about 4.00 CNY for 2 new tasks; reusing earlier runs saved " +
            '2.00 CNY.'
        )
        const changed = await runAgainst(server, { ...inputs, 'max-cost': '4 CNY' }, { workspace: board(true) })
        expect(changed.errors).toEqual([])
        expect(server.tasksCreated).toBe(5)
        expect(changed.outputs.estimated_cost).toBe('4.00 CNY')
      },
      { clips: [clip('v1-a'), clip('v1-b'), clip('v1-c')] }
    )
  })

  it('refuses a cap it cannot enforce: another currency than the list, or a model with no list price', async () => {
    await withServer(async server => {
      const usd = await runAgainst(server, { ...STORYBOARD, 'max-cost': '1.50 USD' }, { workspace: board() })
      expect(usd.errors[0]).toMatch(/^max-cost: is in USD, but this base-url's list prices are in CNY/)
      const h3max = await runAgainst(
        server,
        { ...STORYBOARD, model: 'MiniMax-H3-Max', duration: '6', 'max-cost': '100 CNY' },
        { workspace: board() }
      )
      expect(h3max.errors[0]).toMatch(
        /^max-cost: is 100\.00 CNY, but no list price is known for clip 1 \(MiniMax-H3-Max\)/
      )
      const bad = await runAgainst(server, { ...STORYBOARD, 'max-cost': '5' }, { workspace: board() })
      expect(bad.errors[0]).toMatch(/^max-cost: /)
      expect(server.requests.submit + server.requests.submit2).toBe(0)
    })
  })
})

describe('estimated_cost', () => {
  it('is empty when a price is unknown, and says nothing is free that is not', async () => {
    await withServer(async server => {
      const run = await runAgainst(
        server,
        { ...STORYBOARD, model: 'MiniMax-H3-Max', duration: '6', 'dry-run': 'true' },
        { workspace: board() }
      )
      expect(run.errors).toEqual([])
      expect(run.outputs.estimated_cost).toBeUndefined()
      expect(run.stdout).toContain(
        '3 new tasks at a price that is not known (MiniMax publishes none for MiniMax-H3-Max)'
      )
    })
  })
})
