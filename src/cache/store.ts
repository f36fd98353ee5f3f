/**
 * Where records live across runs: a folder (cache-dir), or the GitHub Actions cache service
 * (@actions/cache, in child processes: actions-cache.ts). The store never fails a run: every call
 * has a deadline of a few seconds from when it starts, and a slow, failing or unreachable
 * service, a corrupt or foreign record, or a save that loses a race is a warning (once) and a
 * miss. After a failure of the service itself, the store is not asked again in this run.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { errorMessage } from '../errors.js'
import type { Logger } from '../log.js'
import { actionsCacheBackend } from './actions-cache.js'
import { CacheCallError, codec, FILE_CLIP, FILE_RECORD, type Answer, type Backend } from './backend.js'
import { folderBackend } from './folder.js'
import type { ClipRecord, TaskRecord } from './records.js'

/** How long a record lookup or save may take, and a clip's (it carries the video). */
export const RECORD_DEADLINE_MS = 5_000
export const CLIP_DEADLINE_MS = 10_000

export interface Found {
  task?: TaskRecord
  /** A clip is recorded (its file is fetched, and checked, by restoreClip). */
  clip: boolean
}

export interface StoreOptions {
  /** Each call's deadline, counted from when it starts (defaults above). */
  recordDeadlineMs?: number
  clipDeadlineMs?: number
}

export class RecordStore {
  readonly #backend: Backend
  readonly #log: Logger
  readonly #temp: string
  readonly #deadlines: { record: number; clip: number }
  readonly #time = { calls: 0, running: 0, since: 0, busyMs: 0 }
  /**
   * After a failure of the service itself, that kind of call is not made again this run: a failed
   * lookup stops lookups (a slow or broken service costs time, not more failures), a failed save
   * stops saves. One never stops the other: a late lookup must not keep this run's paid tasks
   * from being recorded.
   */
  readonly #broken = { lookup: false, save: false }
  #closing: Promise<void> | undefined

  constructor(backend: Backend, log: Logger, temp: string, options: StoreOptions = {}) {
    this.#backend = backend
    this.#log = log
    this.#temp = temp
    this.#deadlines = {
      record: options.recordDeadlineMs ?? RECORD_DEADLINE_MS,
      clip: options.clipDeadlineMs ?? CLIP_DEADLINE_MS
    }
  }

  /** "the folder …" or "the GitHub Actions cache". */
  get name(): string {
    return this.#backend.name
  }

  /**
   * What earlier runs recorded for each fingerprint, in the order given, in one call (the Actions
   * cache: one worker, its lookups concurrent, no download). What was answered before a failure
   * or the deadline is kept: a slow cache costs time, never a task paid again that it had found.
   */
  async lookupAll(fingerprints: readonly string[]): Promise<Found[]> {
    const unique = [...new Set(fingerprints)]
    const answers: Answer[] = unique.map(() => ({}))
    if (unique.length > 0) {
      let open = true
      await this.#call('lookup', `look up ${unique.length * 2} records`, this.#deadlines.record, deadlineMs =>
        this.#backend.lookupAll(unique, deadlineMs, (i, found) => {
          if (open) Object.assign(answers[i]!, found)
        })
      )
      open = false
    }
    const found = new Map(unique.map((fingerprint, i) => [fingerprint, this.#found(answers[i]!)]))
    return fingerprints.map(fingerprint => found.get(fingerprint)!)
  }

  #found(answer: Answer): Found {
    const { task } = answer
    if (task && 'reason' in task) this.#log.warning(`A task record in ${this.name} was ignored: ${task.reason}`)
    return task && 'record' in task ? { task: task.record, clip: answer.clip === true } : { clip: answer.clip === true }
  }

  /**
   * Put the recorded clip where `destinationFor` says (it may depend on the recorded task id),
   * checked against its record: the record and the path, or undefined.
   */
  async restoreClip(
    fingerprint: string,
    destinationFor: (record: ClipRecord) => string
  ): Promise<{ record: ClipRecord; path: string } | undefined> {
    const dir = await mkdtemp(path.join(this.#temp, 'minimax-clip-'))
    try {
      const got = await this.#call('lookup', 'restore a clip', this.#deadlines.clip, deadlineMs =>
        this.#backend.getClip(fingerprint, dir, deadlineMs)
      )
      if (!got) return undefined
      const { decodeRecord } = await codec()
      const decoded = decodeRecord(await readFile(path.join(dir, FILE_RECORD), 'utf8'), 'clip', fingerprint)
      const file = path.join(dir, FILE_CLIP)
      const problem =
        'reason' in decoded
          ? decoded.reason
          : (await stat(file)).size !== decoded.record.bytes || (await fileSha256(file)) !== decoded.record.sha256
            ? 'the video is not the one recorded (its size or SHA-256 differ)'
            : undefined
      if (problem || !('record' in decoded)) {
        this.#log.warning(`A clip recorded in ${this.name} was ignored: ${problem}`)
        return undefined
      }
      const destination = destinationFor(decoded.record)
      await mkdir(path.dirname(destination), { recursive: true })
      const partial = `${destination}.${randomBytes(4).toString('hex')}.part`
      try {
        await copyFile(file, partial)
        await rename(partial, destination)
      } catch (error) {
        await rm(partial, { force: true })
        throw error
      }
      return { record: decoded.record, path: destination }
    } catch (error) {
      this.#log.warning(`A clip recorded in ${this.name} could not be restored: ${errorMessage(error)}`)
      return undefined
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }

  /** A task's record: tried again after a quick failure (it is what keeps a re-run from paying for this task again). */
  async saveTask(record: TaskRecord): Promise<void> {
    const text = (await codec()).encodeRecord(record)
    await this.#call(
      'save',
      'save a task record',
      this.#deadlines.record,
      deadlineMs => this.#backend.putTask(record, text, deadlineMs),
      true
    )
  }

  async saveClip(record: ClipRecord, file: string): Promise<void> {
    const text = (await codec()).encodeRecord(record)
    await this.#call('save', 'save a clip', this.#deadlines.clip, deadlineMs =>
      this.#backend.putClip(record.fingerprint, text, file, deadlineMs)
    )
  }

  /**
   * End every call still running (the Actions cache: kill its workers) and wait for their files
   * to be removed; later calls are misses, without a warning. Idempotent. Logs (debug) the time
   * the run spent with at least one cache call running.
   */
  close(): Promise<void> {
    this.#closing ??= this.#backend.close().then(() => {
      const { calls, busyMs } = this.#time
      const n = `${calls} call${calls === 1 ? '' : 's'}`
      if (calls > 0) this.#log.debug(`${this.name}: ${n}, ${Math.round(busyMs)} ms in cache calls`)
    })
    return this.#closing
  }

  /**
   * One call with its deadline; a failure is a warning and a miss (undefined), never an error.
   * `again`: a quick failure is tried once more (one that took half the deadline says the service
   * is down or slow, and a second try would only make the run wait as long again).
   */
  async #call<T>(
    kind: 'lookup' | 'save',
    what: string,
    deadlineMs: number,
    work: (deadlineMs: number) => Promise<T>,
    again = false
  ): Promise<T | undefined> {
    if (this.#broken[kind] || this.#closing) return undefined
    this.#started()
    const started = performance.now()
    try {
      return await work(deadlineMs)
    } catch (error) {
      // Ended by close(): the run is over, nothing to say.
      if (this.#closing) return undefined
      if (again && performance.now() - started < deadlineMs / 2) return await this.#call(kind, what, deadlineMs, work)
      const late = error instanceof CacheCallError && error.reason === 'late'
      const detail = error instanceof CacheCallError ? (error.detail ?? error.message) : errorMessage(error)
      this.#fail(
        kind,
        late
          ? `${this.name} did not ${what} within ${deadlineMs / 1000} s`
          : `${this.name} could not ${what}: ${detail}`
      )
      return undefined
    } finally {
      this.#ended()
    }
  }

  #started(): void {
    this.#time.calls++
    if (this.#time.running++ === 0) this.#time.since = performance.now()
  }

  #ended(): void {
    if (--this.#time.running === 0) this.#time.busyMs += performance.now() - this.#time.since
  }

  #fail(kind: 'lookup' | 'save', message: string): void {
    if (this.#broken[kind]) return
    this.#broken[kind] = true
    this.#log.warning(
      kind === 'lookup'
        ? `${message}. This run goes on without it: what it would have reused is paid for again.`
        : `${message}. This run goes on without recording: a re-run may pay again for what this run paid for.`
    )
  }
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/**
 * The run's store: cache-dir when it is set, else the Actions cache when this run has one, else
 * none (one warning on a runner; a local run simply has none).
 */
export function openRecordStore(
  options: { cache: boolean; cacheDir?: string; workspace: string },
  env: NodeJS.ProcessEnv,
  log: Logger
): RecordStore | undefined {
  if (!options.cache) return undefined
  const temp = env.RUNNER_TEMP || tmpdir()
  if (options.cacheDir)
    return new RecordStore(folderBackend(path.resolve(options.workspace, options.cacheDir)), log, temp)
  if (env.ACTIONS_RESULTS_URL && env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_CACHE_SERVICE_V2 && env.RUNNER_TEMP) {
    return new RecordStore(actionsCacheBackend(env.RUNNER_TEMP, env), log, temp)
  }
  // Said once, as a plain line: a local run has no store by design, and a runner without the
  // service (GHES) is told where records can go instead.
  log.info(
    'Records of paid tasks are off: this run has neither a cache-dir nor the GitHub Actions cache service (v2), ' +
      'so nothing is recorded or reused, as with cache: false'
  )
  return undefined
}
