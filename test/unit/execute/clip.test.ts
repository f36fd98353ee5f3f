import { describe, expect, it } from 'vitest'
import { submitClip, type ClipContext } from '../../../src/execute/clip.js'
import type { ClipResult } from '../../../src/execute/result.js'
import { parseInputs } from '../../../src/inputs/inputs.js'
import type { MiniMaxClient } from '../../../src/minimax/client.js'
import type { Job } from '../../../src/plan/job.js'
import { raw } from '../../support/inputs.js'

describe('submitClip', () => {
  it('outputs the task id before it prints it (a cancel between the two must not lose it)', async () => {
    const events: string[] = []
    const clip: ClipResult = { index: 0 }
    const context: ClipContext = {
      client: { submit: async () => ({ taskId: '176843862716480123' }) } as unknown as MiniMaxClient,
      inputs: parseInputs(raw()).inputs!,
      workspace: '/nowhere',
      signal: new AbortController().signal,
      log: {
        debug: () => undefined,
        info: () => undefined,
        warning: () => undefined,
        notice: message => events.push(`notice: ${message}`),
        group: (_name, fn) => fn()
      },
      changed: () => events.push(`output: ${clip.taskId}`)
    }
    const job: Job = {
      model: 'MiniMax-Hailuo-02',
      resolution: '768P',
      duration: 6,
      lastFrame: {
        kind: 'url',
        input: 'last-frame',
        source: 'https://cdn.example.com/a.png',
        url: 'https://cdn.example.com/a.png'
      },
      promptOptimizer: true,
      aigcWatermark: false
    }
    await submitClip(context, job, clip, false)
    expect(events).toEqual([
      'output: 176843862716480123',
      expect.stringMatching(/^notice: MiniMax task 176843862716480123 created/)
    ])
  })
})
