import { describe, expect, it } from 'vitest'
import type { Phase, TaskState } from '../../../src/minimax/client.js'
import { TaskFailedError, WaitTimeoutError } from '../../../src/errors.js'
import { waitForTask } from '../../../src/execute/wait.js'

const PHASES: Record<string, Phase> = {
  Preparing: 'pending',
  Queueing: 'pending',
  Processing: 'pending',
  Success: 'succeeded',
  Fail: 'failed'
}

/** A wait on a fake clock: each query returns the next status; sleeping advances the clock. */
function fakeWait(statuses: string[], options: { timeoutSeconds?: number; pollIntervalSeconds?: number } = {}) {
  let clock = 0
  let queries = 0
  const lines: string[] = []
  const seen: string[] = []
  const result = waitForTask({
    client: {
      query: async (taskId: string): Promise<TaskState> => {
        const status = statuses[Math.min(queries++, statuses.length - 1)]!
        const phase = PHASES[status]!
        const failure =
          phase === 'failed' ? { failure: 'failed (status Fail)', advice: 'No video was made; check the prompt' } : {}
        return { taskId, status, phase, ...failure, ...(phase === 'succeeded' ? { fileId: '176844028768320456' } : {}) }
      }
    },
    taskId: '176843862716480123',
    timeoutSeconds: options.timeoutSeconds ?? 1800,
    pollIntervalSeconds: options.pollIntervalSeconds ?? 10,
    log: line => lines.push(line),
    onStatus: status => seen.push(status),
    now: () => clock,
    sleep: async ms => {
      clock += ms
    }
  })
  return { result, lines, seen, queries: () => queries, clock: () => clock }
}

describe('waitForTask', () => {
  it('logs each status change once, with the time elapsed', async () => {
    const w = fakeWait(['Preparing', 'Queueing', 'Queueing', 'Processing', 'Success'])
    await expect(w.result).resolves.toMatchObject({
      status: 'Success',
      fileId: '176844028768320456',
      elapsedSeconds: 40
    })
    expect(w.lines).toEqual([
      '[0 s] Task 176843862716480123: Preparing',
      '[10 s] Task 176843862716480123: Queueing',
      '[30 s] Task 176843862716480123: Processing',
      '[40 s] Task 176843862716480123: Success'
    ])
    expect(w.seen).toEqual(['Preparing', 'Queueing', 'Processing', 'Success'])
  })

  it('says it is alive at most once a minute while nothing changes', async () => {
    const w = fakeWait([...Array<string>(30).fill('Processing'), 'Success'])
    await w.result
    const heartbeats = w.lines.filter(l => l.includes('still Processing'))
    // 300 s of Processing with a check every 10 s: a heartbeat at 60, 120, 180, 240 s, never more often.
    expect(heartbeats).toHaveLength(4)
    expect(heartbeats[0]).toMatch(/^\[1 min 0 s\] .*still Processing \(7 status checks so far\)$/)
  })

  it('fails on Fail, naming the task', async () => {
    const w = fakeWait(['Queueing', 'Fail'])
    await expect(w.result).rejects.toThrow(TaskFailedError)
    await expect(w.result).rejects.toThrow(
      /task 176843862716480123 failed \(status Fail\) after 10 s.*check the prompt/
    )
  })

  it('gives up at the deadline without sleeping past it, and says how to collect the task later', async () => {
    const w = fakeWait(['Processing'], { timeoutSeconds: 25, pollIntervalSeconds: 10 })
    await expect(w.result).rejects.toThrow(WaitTimeoutError)
    await expect(w.result).rejects.toThrow(
      /within wait-timeout \(25 s\).*last status was Processing.*task-id: 176843862716480123/
    )
    expect(w.clock()).toBe(25_000)
    expect(w.queries()).toBe(4) // at 0, 10, 20 and 25 s
  })
})
