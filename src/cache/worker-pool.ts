/**
 * The child processes that make the @actions/cache calls (cache-worker.ts). A worker's working
 * directory, GITHUB_WORKSPACE and RUNNER_TEMP are its own, so the action's process never changes
 * its own while other clips download. A worker's stdout carries @actions/cache's log (::add-mask::
 * lines, signed URLs in debug lines): it is read for failure annotations only and never shown.
 * Answers come over the IPC channel.
 *
 * Deadlines count from when a call starts: a worker's start-up (until @actions/cache is loaded)
 * has one, and each call has one from the moment its worker starts it. Past it, the worker is
 * killed, so nothing of a late call keeps the run alive.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { CacheCallError } from './backend.js'
import type { ParentMessage, WorkerMessage, WorkerOp, WorkerRequest, WorkerValue } from './worker-protocol.js'
import { DONE_MARK } from './worker-protocol.js'

/** How to start a worker: its file and node's options for it. */
export interface WorkerScript {
  file: string
  execArgv: string[]
}

/**
 * The worker beside this module: its bundle (dist/cache-worker/index.js, next to the chunk this
 * module is in), or, when the action runs from src/ (npm run local, the tests), its source with
 * the hooks that let Node run src/ directly.
 */
export function workerScript(): WorkerScript {
  const here = path.dirname(fileURLToPath(import.meta.url))
  if (!import.meta.url.endsWith('.ts')) return { file: path.join(here, 'cache-worker', 'index.js'), execArgv: [] }
  const hooks = pathToFileURL(path.join(here, '..', '..', 'scripts', 'source-hooks.ts')).href
  return { file: path.join(here, 'cache-worker.ts'), execArgv: ['--import', hooks] }
}

/** A call's own folders: its workspace (what is saved goes in, what is restored comes out) and its temp. */
export interface WorkerFolder {
  workspace: string
  temp: string
}

export interface RunOptions {
  deadlineMs: number
  /** How many of the ops the worker runs at once (only ops that share no files: lookups). */
  concurrency?: number
  /** Each answer as it comes, before the worker ends (so a later failure keeps it). */
  onValue?: (index: number, value: WorkerValue) => void
}

export interface PoolOptions {
  script: WorkerScript
  /** The environment workers start from (the action's; see workerEnv for what is left out). */
  env: NodeJS.ProcessEnv
  /** Where the calls' folders are made. */
  temp: string
  /** Workers at once; more calls wait (their deadline starts when their worker starts them). */
  max: number
}

/**
 * What a worker inherits: the action's environment without the step's inputs (the MiniMax key is
 * one) and without the files through which a step changes the job (outputs, env, path, state).
 */
export function workerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const stepFiles = new Set(['GITHUB_OUTPUT', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY'])
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^INPUT_/i.test(name) && !stepFiles.has(name)))
}

/** A call waiting for a worker, in its own folder. */
interface Queued {
  op: WorkerOp
  deadlineMs: number
  resolve: (value: WorkerValue) => void
  reject: (error: CacheCallError) => void
}

/** How long a worker with nothing to do waits for another call before it ends. */
const IDLE_MS = 1000

export class WorkerPool {
  readonly #options: PoolOptions
  readonly #env: NodeJS.ProcessEnv
  readonly #workers = new Set<Worker>()
  /** Every folder's use, so close() can wait until each is removed. */
  readonly #uses = new Set<Promise<unknown>>()
  /** V8's compile cache, shared by the workers: each after the first starts about a quarter faster. */
  #compileCache: Promise<string> | undefined
  /** Batches waiting for a slot (false: closed). */
  #waiting: Array<(ok: boolean) => void> = []
  /** Single calls waiting for a worker. */
  #queue: Queued[] = []
  /** Lanes whose worker is up and waiting for a call (false: end instead). */
  #idle: Array<(take: boolean) => void> = []
  #busy = 0
  #closed = false

  constructor(options: PoolOptions) {
    this.#options = options
    this.#env = workerEnv(options.env)
  }

  /** `use` gets fresh folders for a call, removed when it is done. */
  inFolder<T>(use: (folder: WorkerFolder) => Promise<T>): Promise<T> {
    const work = (async () => {
      const root = await mkdtemp(path.join(this.#options.temp, 'minimax-cache-'))
      try {
        const folder = { workspace: path.join(root, 'workspace'), temp: path.join(root, 'temp') }
        await mkdir(folder.workspace)
        await mkdir(folder.temp)
        return await use(folder)
      } finally {
        await rm(root, { recursive: true, force: true })
      }
    })()
    this.#uses.add(work)
    void work.then(
      () => this.#uses.delete(work),
      () => this.#uses.delete(work)
    )
    return work
  }

  /**
   * `ops` in one worker of their own, started in `folder`, `concurrency` at a time: their answers,
   * in order. Rejects with a CacheCallError; what `onValue` heard before it stands.
   */
  async run(folder: WorkerFolder, ops: WorkerOp[], options: RunOptions): Promise<WorkerValue[]> {
    if (!(await this.#slot())) throw new CacheCallError({ reason: 'closed' })
    let worker: Worker | undefined
    try {
      worker = await this.#start(folder, options.deadlineMs)
      const calls = ops.map(op => ({ op, deadlineMs: options.deadlineMs }))
      const { values, failure } = await worker.request(calls, options.concurrency ?? 1, options.onValue)
      if (failure) throw failure
      return values
    } finally {
      // Its folder is removed next: the worker is gone first.
      await worker?.end()
      this.#release()
    }
  }

  /**
   * One call in `folder`. Calls share workers, one call at a time in each: a worker takes the next
   * waiting call when it is done with one (a worker costs about 0.15 s of CPU to start; on a
   * runner's two cores, that, not the service, is what a storyboard's restores would wait for).
   * Its deadline counts from when its worker starts it, not from when it was queued.
   */
  call(folder: WorkerFolder, op: WorkerOp, deadlineMs: number): Promise<WorkerValue> {
    if (this.#closed) return Promise.reject(new CacheCallError({ reason: 'closed' }))
    return new Promise((resolve, reject) => {
      this.#queue.push({ op: { ...op, folder }, deadlineMs, resolve, reject })
      const idle = this.#idle.shift()
      if (idle) idle(true)
      else this.#kick()
    })
  }

  /**
   * Start up to `count` workers for calls about to come (a lookup found clips to restore): they
   * load @actions/cache while the lookups finish. A worker with nothing to do ends after IDLE_MS.
   */
  prewarm(count: number, deadlineMs: number): void {
    for (let i = 0; i < count && this.#busy < this.#options.max && !this.#closed; i++) {
      this.#busy++
      void this.#lane(undefined, deadlineMs)
    }
  }

  /** Kill every worker still running, refuse new calls, and wait until every folder is removed. */
  async close(): Promise<void> {
    this.#closed = true
    for (const wake of this.#waiting.splice(0)) wake(false)
    for (const idle of this.#idle.splice(0)) idle(false)
    for (const queued of this.#queue.splice(0)) queued.reject(new CacheCallError({ reason: 'closed' }))
    for (const worker of this.#workers) worker.kill()
    await Promise.allSettled([...this.#uses, ...[...this.#workers].map(w => w.closed)])
    const compiled = await this.#compileCache?.catch(() => undefined)
    if (compiled) await rm(compiled, { recursive: true, force: true })
  }

  async #slot(): Promise<boolean> {
    if (this.#closed) return false
    if (this.#busy < this.#options.max) {
      this.#busy++
      return true
    }
    // Idle workers make way.
    for (const idle of this.#idle.splice(0)) idle(false)
    const ok = await new Promise<boolean>(resolve => this.#waiting.push(resolve))
    if (ok) this.#busy++
    return ok
  }

  #release(): void {
    this.#busy--
    const batch = this.#waiting.shift()
    if (batch) batch(true)
    else this.#kick()
  }

  #kick(): void {
    while (this.#queue.length > 0 && this.#busy < this.#options.max && !this.#closed) {
      this.#busy++
      void this.#lane(this.#queue.shift()!)
    }
  }

  /**
   * One worker taking waiting calls one after another, and waiting IDLE_MS for more when there are
   * none (a storyboard's saves come one by one); a killed worker is replaced at the next call.
   */
  async #lane(first: Queued | undefined, deadlineMs = first?.deadlineMs ?? 0): Promise<void> {
    const home = { workspace: this.#options.temp, temp: this.#options.temp }
    let worker: Worker | undefined
    try {
      if (!first) worker = await this.#start(home, deadlineMs)
      for (let queued = first ?? (await this.#next()); queued; queued = await this.#next()) {
        try {
          if (worker?.dead) worker = undefined
          worker ??= await this.#start(home, queued.deadlineMs)
          const { values, failure } = await worker.request([queued], 1)
          if (failure) queued.reject(failure)
          else queued.resolve(values[0]!)
        } catch (error) {
          queued.reject(asCallError(error))
        }
      }
    } catch {
      // A worker that could not start for no call: the next call starts its own.
    } finally {
      void worker?.end()
      this.#release()
    }
  }

  /** The next waiting call, or, after IDLE_MS without one (or when a batch needs the slot), none. */
  async #next(): Promise<Queued | undefined> {
    const queued = this.#queue.shift()
    if (queued || this.#closed || this.#waiting.length > 0) return queued
    const take = await new Promise<boolean>(resolve => {
      const wake = (take: boolean): void => {
        clearTimeout(timer)
        resolve(take)
      }
      const timer = setTimeout(() => {
        this.#idle = this.#idle.filter(w => w !== wake)
        resolve(false)
      }, IDLE_MS)
      this.#idle.push(wake)
    })
    return take ? this.#next() : undefined
  }

  async #start(folder: WorkerFolder, deadlineMs: number): Promise<Worker> {
    this.#compileCache ??= mkdtemp(path.join(this.#options.temp, 'minimax-cache-code-'))
    const compileCache = await this.#compileCache
    if (this.#closed) throw new CacheCallError({ reason: 'closed' })
    const { script } = this.#options
    const child = fork(script.file, [], {
      cwd: folder.workspace,
      env: {
        ...this.#env,
        GITHUB_WORKSPACE: folder.workspace,
        RUNNER_TEMP: folder.temp,
        NODE_COMPILE_CACHE: compileCache
      },
      execArgv: script.execArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json'
    })
    const worker = new Worker(child, deadlineMs)
    this.#workers.add(worker)
    void worker.closed.then(() => this.#workers.delete(worker))
    return worker
  }
}

const asCallError = (error: unknown): CacheCallError =>
  error instanceof CacheCallError
    ? error
    : new CacheCallError({ reason: 'failed', detail: error instanceof Error ? error.message : String(error) })

/** The answers to one request, and why it failed, if it did. */
interface Outcome {
  values: WorkerValue[]
  failure?: CacheCallError
}

/** What a request is waiting for: each op's answer over IPC and its mark in the log (so its log is read). */
interface Pending {
  values: WorkerValue[]
  left: Set<string>
  deadlines: number[]
  onValue: RunOptions['onValue']
  failure?: CacheCallError
  finish: (outcome: Outcome) => void
}

/** One child process: its requests one at a time, its deadlines, and what its log says went wrong. */
class Worker {
  readonly closed: Promise<void>
  readonly #child: ChildProcess
  readonly #timers = new Map<number, NodeJS.Timeout>()
  readonly #log: WorkerLog
  #pending: Pending | undefined
  /** Why it can take no more requests (killed, or ended). */
  #dead: CacheCallError | undefined

  constructor(child: ChildProcess, startupMs: number) {
    this.#child = child
    this.#log = new WorkerLog(index => this.#settle(`mark ${index}`))
    this.#arm(-1, startupMs)
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.#log.stdout(chunk))
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => this.#log.stderr(chunk))
    child.on('message', (message: WorkerMessage) => this.#message(message))
    this.closed = new Promise(resolve => {
      const end = (code: number | null, signal: NodeJS.Signals | null): void => {
        for (const timer of this.#timers.values()) clearTimeout(timer)
        this.#log.flush()
        this.#dead ??= this.#crashed(code, signal)
        this.#finish(this.#dead)
        resolve()
      }
      child.on('close', end)
      child.on('error', error => {
        this.#dead ??= new CacheCallError({ reason: 'failed', detail: error.message })
        // A worker that never started has no 'close' to wait for.
        if (child.pid === undefined) end(null, null)
      })
    })
  }

  get dead(): boolean {
    return this.#dead !== undefined
  }

  /** Run `calls`, `concurrency` at a time. */
  request(
    calls: Array<{ op: WorkerOp; deadlineMs: number }>,
    concurrency: number,
    onValue?: RunOptions['onValue']
  ): Promise<Outcome> {
    if (this.#dead) return Promise.resolve({ values: [], failure: this.#dead })
    return new Promise(finish => {
      this.#pending = {
        values: calls.map(() => null),
        left: new Set(calls.flatMap((_, i) => [`answer ${i}`, `mark ${i}`])),
        deadlines: calls.map(c => c.deadlineMs),
        onValue,
        finish
      }
      const request: WorkerRequest = { ops: calls.map(c => c.op), concurrency }
      this.#child.send(
        request,
        error => error && this.#kill(new CacheCallError({ reason: 'failed', detail: error.message }))
      )
    })
  }

  /** No more requests: the worker exits (it is killed if it has not within a second). */
  end(): Promise<void> {
    // A message, not disconnect(): after a disconnect from this side, node never emits 'close'.
    if (this.#child.connected) this.#child.send('end' satisfies ParentMessage, () => undefined)
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 1000)
    return this.closed.finally(() => clearTimeout(timer))
  }

  kill(): void {
    this.#kill(new CacheCallError({ reason: 'closed' }))
  }

  #kill(failure: CacheCallError): void {
    this.#dead ??= failure
    this.#child.kill('SIGKILL')
  }

  #message(message: WorkerMessage): void {
    if (message.type === 'ready') return this.#disarm(-1)
    const pending = this.#pending
    if (!pending) return
    if (message.type === 'start') return this.#arm(message.index, pending.deadlines[message.index]!)
    this.#disarm(message.index)
    if (message.type === 'threw') pending.failure ??= new CacheCallError({ reason: 'failed', detail: message.message })
    else {
      pending.values[message.index] = message.value
      pending.onValue?.(message.index, message.value)
    }
    this.#settle(`answer ${message.index}`)
  }

  #settle(what: string): void {
    const pending = this.#pending
    if (!pending) return
    pending.left.delete(what)
    if (pending.left.size === 0) this.#finish(undefined)
  }

  /** The request is over: every op answered and marked, or the worker is gone. */
  #finish(dead: CacheCallError | undefined): void {
    const pending = this.#pending
    if (!pending) return
    this.#pending = undefined
    const logged = this.#log.takeFailure()
    const failure =
      dead ?? pending.failure ?? (logged ? new CacheCallError({ reason: 'failed', detail: logged }) : undefined)
    pending.finish({ values: pending.values, ...(failure ? { failure } : {}) })
  }

  /** Why a worker ended: its last words on stderr, if it ended in the middle of a request. */
  #crashed(code: number | null, signal: NodeJS.Signals | null): CacheCallError {
    const how = signal ? `was ended by ${signal}` : `exited with code ${code}`
    const said = this.#pending ? this.#log.lastError() : undefined
    return new CacheCallError({ reason: 'failed', detail: `its worker ${how}${said ? ` (${said})` : ''}` })
  }

  #arm(index: number, deadlineMs: number): void {
    const late = (): void => this.#kill(new CacheCallError({ reason: 'late', deadlineMs }))
    this.#timers.set(index, setTimeout(late, deadlineMs))
  }

  #disarm(index: number): void {
    clearTimeout(this.#timers.get(index))
    this.#timers.delete(index)
  }
}

/** Decoded as @actions/core encodes a command's message. */
const unescape = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')

/**
 * A worker's log, read line by line: the values it asked the runner to mask, the first warning or
 * error annotation since the last request (@actions/cache reports each failed call with one, e.g.
 * "Failed to restore: ..."), masked values replaced by ***, and the worker's mark after each call.
 * The rest is dropped.
 */
class WorkerLog {
  readonly #masks = new Set<string>()
  readonly #marked: (index: number) => void
  #partial = ''
  #failure: string | undefined
  #stderr = ''

  constructor(marked: (index: number) => void) {
    this.#marked = marked
  }

  stdout(chunk: string): void {
    const lines = (this.#partial + chunk).split('\n')
    // A line too long to be an annotation worth keeping (debug output) is not kept whole.
    this.#partial = lines.pop()!.slice(-65_536)
    for (const line of lines) this.#line(line.replace(/\r$/, ''))
  }

  stderr(chunk: string): void {
    this.#stderr = (this.#stderr + chunk).slice(-4096)
  }

  flush(): void {
    if (this.#partial) this.#line(this.#partial)
    this.#partial = ''
  }

  /** The failure logged since the last time it was taken (masked), if any. */
  takeFailure(): string | undefined {
    const failure = this.#failure
    this.#failure = undefined
    return failure === undefined ? undefined : this.#masked(failure)
  }

  /** The last line the worker wrote to stderr (a crash's message), masked. */
  lastError(): string | undefined {
    const last = this.#stderr.trim().split('\n').pop()?.trim()
    return last ? this.#masked(last).slice(0, 300) : undefined
  }

  #line(line: string): void {
    const mark = line.startsWith(DONE_MARK) ? Number(line.slice(DONE_MARK.length)) : undefined
    if (mark !== undefined) return this.#marked(mark)
    const mask = /^::add-mask::(.+)$/.exec(line)?.[1]
    if (mask) this.#masks.add(unescape(mask))
    const annotation = /^::(?:warning|error)(?: [^:]*)?::(.*)$/.exec(line)?.[1]
    if (annotation !== undefined && this.#failure === undefined) {
      this.#failure = unescape(annotation).split('\n')[0]!.slice(0, 1000)
    }
  }

  #masked(text: string): string {
    let out = text
    for (const mask of this.#masks) out = out.split(mask).join('***')
    return out
  }
}
