/**
 * What the clips of one run share while they run: the wait deadline, the stop that keeps submits
 * from starting (an account error, wait-timeout), V2's limit of tasks in flight, the lost-answer
 * lookups (one at a time, with no submit out: every other task id is known then), the task ids
 * the run knows, and the budget of tasks it may still pay for. The client's one pacer spaces the
 * submits. A single clip is a storyboard of one here: the same rules hold for both.
 */
import { ActionError, ApiError, errorMessage } from '../errors.js'
import type { Logger } from '../log.js'
import type { VideoClient } from '../minimax/client.js'
import type { RequestBody } from '../minimax/body.js'
import { realClock, type Clock } from '../net/clock.js'
import { findLostTask, type SearchWindow } from './lost.js'
import type { Job } from '../types/job.js'
import type { Money } from '../types/money.js'

/** Answers that fail every clip alike (the key, the balance): submits not yet started are not sent. */
const ACCOUNT_CODES = new Set([1004, 1008, 2038, 2049, 2056])

export interface SchedulerOptions {
  client: VideoClient
  log: Logger
  /** Absolute time (ms) after which nothing is waited for, and no submit starts. */
  deadline: number
  /** Why a submit still waiting at the deadline is not sent ("not sent within wait-timeout (1800 s)"). */
  timeoutText: string
  /** Tasks in flight at once while waiting (V2: 30); Infinity without a limit. */
  maxInFlight: number
  /**
   * What the run may pay for in all (max-paid-tasks; max-cost, if set) and what the plan pays for:
   * a replacement beyond the plan must fit both. `priceOf`: a task's list price (undefined: unknown).
   */
  budget: {
    maxTasks: number
    planned: number
    maxCost?: Money
    plannedCost?: Money
    priceOf?: (job: Job) => Money | undefined
  }
  /** Task ids known before anything is sent (given, recorded by earlier runs, or known to them). */
  known: Iterable<string>
  /** Recorded videos still to restore: a lost-answer lookup waits for them (each may name its task). */
  restores?: number
  /** Lost answers of each kind that earlier runs recorded (see kindOf). */
  lost: Iterable<Job>
  clock?: Clock
}

/** Lost answers of one kind (model, resolution, duration) cannot be told apart in MiniMax's task list. */
const kindOf = (job: Job): string => `${job.model}/${job.resolution}/${job.duration}`

export class Scheduler {
  readonly deadline: number
  readonly #client: VideoClient
  readonly #log: Logger
  readonly #stop = new AbortController()
  readonly #slots: Slots
  #spare: number
  #spareMoney: number | undefined
  readonly #priceOf: (job: Job) => Money | undefined
  readonly #known: Set<string>
  readonly #lostOfKind = new Map<string, number>()
  #out = 0
  #lookups = 0
  #lookupsDone: Promise<unknown> = Promise.resolve()
  readonly #whenNoneOut: Array<() => void> = []
  readonly #whenNoLookups: Array<() => void> = []
  readonly #timer: NodeJS.Timeout

  constructor(options: SchedulerOptions) {
    const clock = options.clock ?? realClock
    this.deadline = options.deadline
    this.#client = options.client
    this.#log = options.log
    this.#slots = new Slots(options.maxInFlight, this.#stop.signal)
    const { budget } = options
    this.#spare = budget.maxTasks - budget.planned
    this.#spareMoney = budget.maxCost && budget.maxCost.minor - (budget.plannedCost?.minor ?? 0)
    this.#priceOf = budget.priceOf ?? (() => undefined)
    this.#known = new Set(options.known)
    for (const job of options.lost) this.#countLost(job)
    // Until each recorded video is restored (or not), its task id may be unknown: lookups wait.
    this.#out = options.restores ?? 0
    // At the deadline, submits still waiting their turn are not sent; one already sent finishes.
    this.#timer = setTimeout(() => this.stop(options.timeoutText), Math.max(0, this.deadline - clock.now())).unref()
  }

  /** Keep every submit that has not started from starting (one already sent is never cut off). */
  stop(reason: string): void {
    if (!this.#stop.signal.aborted) this.#stop.abort(new ActionError(reason))
  }

  get stopped(): boolean {
    return this.#stop.signal.aborted
  }

  /** A task id this run knows: a lookup for a lost answer never takes it. */
  know(taskId: string): void {
    this.#known.add(taskId)
  }

  /** Every task id this run knows now (a lost answer's record keeps them for later runs). */
  get known(): string[] {
    return [...this.#known]
  }

  /** A recorded video was restored, or could not be (its task id, if any, is known by now). */
  restored(): void {
    this.#settle()
  }

  /**
   * One more task for `job` beyond the plan (a recorded task that failed, replaced): false when it
   * does not fit max-paid-tasks, or max-cost (a price that is not known does not fit a cap).
   */
  spend(job: Job): boolean {
    if (this.blockedBy(job)) return false
    if (this.#spareMoney !== undefined) this.#spareMoney -= this.#priceOf(job)!.minor
    this.#spare--
    return true
  }

  /** Which cap keeps one more task for this job from being paid for, if any (for the message). */
  blockedBy(job: Job): 'max-paid-tasks' | 'max-cost' | undefined {
    if (this.#spare <= 0) return 'max-paid-tasks'
    if (this.#spareMoney === undefined) return undefined
    const price = this.#priceOf(job)
    return !price || price.minor > this.#spareMoney ? 'max-cost' : undefined
  }

  /**
   * Create the task: in the pacer's turn, within the tasks-in-flight limit, never while a lookup
   * for a lost answer runs. `label` names the clip in log lines ("Clip 2 of 5"); `slot`
   * identifies its hold on the in-flight limit (given back with `done`). The stop keeps it from
   * starting; once sent it runs to its answer.
   */
  async submit(body: RequestBody, job: Job, label: string, slot: object): Promise<string> {
    await this.#slots.take(slot)
    try {
      while (this.#lookups > 0) await new Promise<void>(resolve => this.#whenNoLookups.push(resolve))
      this.#stop.signal.throwIfAborted()
      this.#out++
      try {
        const { taskId } = await this.#client.submit(body, { label, stop: this.#stop.signal })
        this.know(taskId)
        return taskId
      } catch (error) {
        // Counted before the submit is no longer out: a lookup waiting for it must see this loss.
        if (error instanceof ApiError && error.maybeCreated) this.#countLost(job)
        throw error
      } finally {
        this.#settle()
      }
    } catch (error) {
      this.#slots.give(slot)
      if (error instanceof ApiError && error.code !== undefined && ACCOUNT_CODES.has(error.code)) {
        this.stop(`not sent: ${errorMessage(error)}`)
      }
      throw error
    }
  }

  /** The clip's task is no longer queued or running: its place in flight goes to the next clip. */
  done(slot: object): void {
    this.#slots.give(slot)
  }

  /**
   * Look for the task a lost answer may have made, in MiniMax's task list: one lookup at a time,
   * each once no submit is out, so every other task id is known (and a task one lookup takes is
   * known to the next). `error` is what the submit ended with (thrown again, with what the list
   * showed, when there is not exactly one candidate).
   */
  findLost(job: Job, window: SearchWindow, error: ApiError): Promise<string> {
    this.#lookups++
    const turn = this.#lookupsDone.then(async () => {
      if (this.#out > 0) await new Promise<void>(resolve => this.#whenNoneOut.push(resolve))
      const others = (this.#lostOfKind.get(kindOf(job)) ?? 1) - 1
      const taskId = await findLostTask(this.#client, this.#log, job, window, error, this.#known, others)
      this.know(taskId)
      return taskId
    })
    this.#lookupsDone = turn.catch(() => undefined)
    return turn.finally(() => {
      if (--this.#lookups === 0) this.#whenNoLookups.splice(0).forEach(go => go())
    })
  }

  close(): void {
    clearTimeout(this.#timer)
  }

  /** One submit (or restore) fewer out: lookups waiting for none go. */
  #settle(): void {
    if (--this.#out === 0) this.#whenNoneOut.splice(0).forEach(go => go())
  }

  #countLost(job: Job): void {
    this.#lostOfKind.set(kindOf(job), (this.#lostOfKind.get(kindOf(job)) ?? 0) + 1)
  }
}

/** At most `limit` clips hold a slot (a task in flight); the others wait, in order, until one is given back. */
class Slots {
  readonly #held = new Set<object>()
  readonly #waiting: Array<() => void> = []
  readonly #limit: number
  readonly #signal: AbortSignal
  constructor(limit: number, signal: AbortSignal) {
    this.#limit = limit
    this.#signal = signal
    signal.addEventListener('abort', () => this.#waiting.splice(0).forEach(go => go()), { once: true })
  }

  async take(holder: object): Promise<void> {
    while (this.#held.size >= this.#limit && !this.#signal.aborted) {
      await new Promise<void>(resolve => this.#waiting.push(resolve))
    }
    this.#signal.throwIfAborted()
    this.#held.add(holder)
  }

  give(holder: object): void {
    if (this.#held.delete(holder)) this.#waiting.shift()?.()
  }
}
