/**
 * The scheduler's rules, with a client whose answers the test releases one by one: a stop keeps
 * submits from starting but never cuts one off, lost-answer lookups wait for every submit out (and
 * submits for them), V2's tasks in flight are limited, and replacements stay within max-paid-tasks.
 */
import { describe, expect, it } from 'vitest'
import { ApiError } from '../../../src/errors.js'
import { Scheduler, type SchedulerOptions } from '../../../src/execute/scheduler.js'
import type { RequestBody } from '../../../src/minimax/body.js'
import type { ListedTask, VideoClient } from '../../../src/minimax/client.js'
import type { Job } from '../../../src/types/job.js'

const JOB: Job = { model: 'MiniMax-H3', resolution: '768P', duration: 6, promptOptimizer: false, aigcWatermark: false }
const BODY = { contentLength: 0, stream: async function* () {} } as unknown as RequestBody
const quiet = { debug: () => undefined, info: () => undefined, warning: () => undefined }

/** A client whose submits and task lists wait until the test answers them; `events` says what happened when. */
function fakeClient() {
  const events: string[] = []
  const pending: Array<{ label: string; answer: (taskId: string) => void; fail: (error: Error) => void }> = []
  let listed: ListedTask[] = []
  let next = 100
  const client = {
    findsLostTasks: true,
    submit: (_body: RequestBody, options: { label?: string; stop?: AbortSignal }) =>
      new Promise<{ taskId: string }>((resolve, reject) => {
        events.push(`sent ${options.label}`)
        pending.push({ label: options.label ?? '', answer: taskId => resolve({ taskId }), fail: reject })
      }),
    listTasks: async () => {
      events.push('listed')
      return listed
    }
  } as unknown as VideoClient
  return {
    client,
    events,
    /** Lose the answer to the submit of `label` (MiniMax may have made its task). */
    lose(label: string): void {
      const at = pending.findIndex(p => p.label === label)
      const [submit] = pending.splice(at, 1)
      events.push(`lost ${label}`)
      submit!.fail(lostError())
    },
    /** Answer the submit of `label` with a new task id. */
    answer(label: string): string {
      const at = pending.findIndex(p => p.label === label)
      const [submit] = pending.splice(at, 1)
      const taskId = String(next++)
      events.push(`answered ${label}`)
      submit!.answer(taskId)
      return taskId
    },
    list(tasks: Array<Partial<ListedTask> & { taskId: string }>): void {
      listed = tasks.map(t => ({ createdAt: Date.now() / 1000, resolution: '768P', duration: 6, ...t }))
    }
  }
}

function scheduler(
  client: VideoClient,
  options: {
    maxInFlight?: number
    maxTasks?: number
    planned?: number
    budget?: Partial<SchedulerOptions['budget']>
  } = {}
) {
  return new Scheduler({
    client,
    log: quiet,
    deadline: Date.now() + 60_000,
    timeoutText: 'not sent within wait-timeout',
    maxInFlight: options.maxInFlight ?? Infinity,
    budget: { maxTasks: options.maxTasks ?? 20, planned: options.planned ?? 0, ...options.budget },
    known: [],
    lost: []
  })
}

const tick = (): Promise<void> => new Promise(resolve => setImmediate(resolve))
const lostError = (): ApiError =>
  new ApiError('Submitting the task: HTTP 502', { retryable: false, maybeCreated: true, sentAt: Date.now() - 1000 })

describe('the scheduler', () => {
  it('lets a stop keep submits from starting, and never cuts one already sent', async () => {
    const fake = fakeClient()
    const s = scheduler(fake.client)
    const sent = s.submit(BODY, JOB, 'clip 1', {})
    await tick()
    s.stop('not sent: MiniMax error 1008')
    const late = s.submit(BODY, JOB, 'clip 2', {})
    await expect(late).rejects.toThrow('not sent: MiniMax error 1008')
    const taskId = fake.answer('clip 1')
    await expect(sent).resolves.toBe(taskId)
    expect(fake.events).toEqual(['sent clip 1', 'answered clip 1'])
    s.close()
  })

  it('looks for a lost answer only once no submit is out, and holds new submits until the lookup is done', async () => {
    const fake = fakeClient()
    const s = scheduler(fake.client)
    const out = s.submit(BODY, JOB, 'clip 1', {})
    await tick()
    fake.list([{ taskId: '900' }])
    const found = s.findLost(JOB, { from: Date.now() - 5000, until: Date.now() }, lostError())
    const held = s.submit(BODY, JOB, 'clip 3', {})
    await tick()
    expect(fake.events).toEqual(['sent clip 1'])
    const one = fake.answer('clip 1')
    await out
    await expect(found).resolves.toBe('900')
    await tick()
    expect(fake.events).toEqual(['sent clip 1', 'answered clip 1', 'listed', 'sent clip 3'])
    fake.answer('clip 3')
    await held
    expect(one).not.toBe('900')
    s.close()
  })

  it("never takes a task it knows, and takes none when two lost answers of one kind can't be told apart", async () => {
    const fake = fakeClient()
    const s = scheduler(fake.client)
    const mine = s.submit(BODY, JOB, 'clip 1', {})
    const lost = s.submit(BODY, JOB, 'clip 2', {}).catch(e => e)
    await tick()
    const known = fake.answer('clip 1')
    await mine
    fake.lose('clip 2')
    await lost
    fake.list([{ taskId: known }, { taskId: '901' }])
    await expect(s.findLost(JOB, { from: Date.now() - 5000, until: Date.now() }, lostError())).resolves.toBe('901')
    s.close()

    // Two answers of one kind lost: the lookup started after the first loss still sees the second,
    // which is counted before its submit is no longer out.
    const two = fakeClient()
    const t = scheduler(two.client)
    const first = t.submit(BODY, JOB, 'clip 1', {}).catch(e => e)
    const second = t.submit(BODY, JOB, 'clip 2', {}).catch(e => e)
    await tick()
    two.lose('clip 1')
    await first
    const looking = t.findLost(JOB, { from: Date.now() - 5000, until: Date.now() }, lostError())
    two.list([{ taskId: '902' }])
    two.lose('clip 2')
    await second
    await expect(looking).rejects.toThrow(/2 answers for MiniMax-H3 tasks \(768P, 6 s\) were lost in this run/)
    t.close()
  })

  it('keeps at most the tasks in flight it is allowed, and lets the next clip go when one is done', async () => {
    const fake = fakeClient()
    const s = scheduler(fake.client, { maxInFlight: 1 })
    const [a, b] = [{}, {}]
    const first = s.submit(BODY, JOB, 'clip 1', a)
    const second = s.submit(BODY, JOB, 'clip 2', b)
    await tick()
    fake.answer('clip 1')
    await first
    await tick()
    expect(fake.events).toEqual(['sent clip 1', 'answered clip 1'])
    s.done(a)
    await tick()
    expect(fake.events.at(-1)).toBe('sent clip 2')
    fake.answer('clip 2')
    await second
    s.close()
  })

  it('pays for replacements only within max-paid-tasks, after what the plan pays for', () => {
    const s = scheduler(fakeClient().client, { maxTasks: 3, planned: 2 })
    expect(s.spend(JOB)).toBe(true)
    expect(s.spend(JOB)).toBe(false)
    s.close()
  })

  it('pays for replacements only within max-cost, after what the plan costs, and says which cap stopped it', () => {
    const cny = (minor: number) => ({ minor, currency: 'CNY' as const })
    const s = scheduler(fakeClient().client, {
      maxTasks: 10,
      planned: 1,
      budget: { maxCost: cny(500), plannedCost: cny(200), priceOf: () => cny(200) }
    })
    expect(s.spend(JOB)).toBe(true)
    expect(s.blockedBy(JOB)).toBe('max-cost')
    expect(s.spend(JOB)).toBe(false)
    s.close()
    const unknown = scheduler(fakeClient().client, { budget: { maxCost: cny(500), priceOf: () => undefined } })
    expect(unknown.spend(JOB)).toBe(false)
    unknown.close()
    const counted = scheduler(fakeClient().client, { maxTasks: 1, planned: 1 })
    expect(counted.blockedBy(JOB)).toBe('max-paid-tasks')
    counted.close()
  })
})
