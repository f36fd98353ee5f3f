import { describe, expect, it } from 'vitest'
import type { RunContext } from '../../../src/execute/context.js'
import { runRequest, type Unit } from '../../../src/execute/lifecycle.js'
import type { ClipResult } from '../../../src/types/result.js'
import { Scheduler } from '../../../src/execute/scheduler.js'
import { parseInputs } from '../../../src/inputs/inputs.js'
import type { VideoClient } from '../../../src/minimax/client.js'
import { raw } from '../../support/inputs.js'
import type { Job } from '../../../src/types/job.js'

const JOB: Job = {
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

describe('a paid request', () => {
  it('outputs the task id before it prints it (a cancel between the two must not lose it)', async () => {
    const events: string[] = []
    const clip: ClipResult = { index: 0 }
    const client = { submit: async () => ({ taskId: '176843862716480123' }) } as unknown as VideoClient
    const context: RunContext = {
      client,
      inputs: parseInputs(raw()).inputs!,
      workspace: '/nowhere',
      signal: new AbortController().signal,
      waits: false,
      log: {
        debug: () => undefined,
        info: () => undefined,
        warning: () => undefined,
        notice: message => events.push(`notice: ${message}`),
        group: (_name, fn) => fn()
      }
    }
    const scheduler = new Scheduler({
      client,
      log: context.log,
      deadline: Date.now() + 60_000,
      timeoutText: 'not sent in time',
      maxInFlight: Infinity,
      budget: { maxTasks: 1, planned: 1 },
      known: [],
      lost: []
    })
    const unit: Unit = {
      request: { clips: [0], job: JOB, start: { kind: 'pay' } },
      clips: [clip],
      label: '',
      destination: () => '/nowhere/video.mp4',
      verbose: true,
      changed: () => events.push(`output: ${clip.taskId}`)
    }
    await runRequest(context, scheduler, unit)
    scheduler.close()
    expect(events).toEqual([
      'output: 176843862716480123',
      expect.stringMatching(/^notice: MiniMax task 176843862716480123 created/)
    ])
  })
})
