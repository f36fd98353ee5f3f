/**
 * Where records live across runs: a folder (cache-dir), or the GitHub Actions cache service
 * (@actions/cache, loaded only when a record is really looked up or saved). The store never fails
 * a run: every call has a deadline of a few seconds, and a slow, failing or unreachable service, a
 * corrupt or foreign record, or a save that loses a race is a warning (once) and a miss. After a
 * failure of the service itself, the store is not asked again in this run.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { errorMessage } from '../errors.js'
import type { Logger } from '../log.js'
import { FILE_CLIP, FILE_RECORD, type Backend } from './backend.js'
import { actionsCacheBackend } from './actions-cache.js'
import { folderBackend } from './folder.js'
import type { ClipRecord, TaskRecord } from './records.js'

/** The records' schema (zod) is loaded only when a store is used: a run without one never pays for it. */
const codec = (): Promise<typeof import('./records.js')> => import('./records.js')

/** How long a record lookup or save may take, and a clip's (it carries the video). */
export const RECORD_DEADLINE_MS = 5_000
export const CLIP_DEADLINE_MS = 10_000

export interface Found {
  task?: TaskRecord
  /** A clip is recorded (its file is fetched, and checked, by restoreClip). */
  clip: boolean
}

export class RecordStore {
  readonly #backend: Backend
  readonly #log: Logger
  readonly #temp: string
  #broken = false
  #abandoned = false

  constructor(backend: Backend, log: Logger, temp: string) {
    this.#backend = backend
    this.#log = log
    this.#temp = temp
  }

  /** "the folder …" or "the GitHub Actions cache". */
  get name(): string {
    return this.#backend.name
  }

  /** A call was left running at its deadline: the process must exit rather than wait for it. */
  get abandoned(): boolean {
    return this.#abandoned
  }

  async lookup(fingerprint: string): Promise<Found> {
    const [text, clip] = await Promise.all([
      this.#call('look up a task record', RECORD_DEADLINE_MS, () => this.#backend.getTask(fingerprint)),
      this.#call('look up a clip record', RECORD_DEADLINE_MS, () => this.#backend.hasClip(fingerprint))
    ])
    const found: Found = { clip: clip === true }
    if (text) {
      const decoded = (await codec()).decodeRecord(text, 'task', fingerprint)
      if ('record' in decoded) found.task = decoded.record
      else this.#log.warning(`A task record in ${this.name} was ignored: ${decoded.reason}`)
    }
    return found
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
      const got = await this.#call('restore a clip', CLIP_DEADLINE_MS, () => this.#backend.getClip(fingerprint, dir))
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
      await copyFile(file, partial)
      await rename(partial, destination)
      return { record: decoded.record, path: destination }
    } catch (error) {
      this.#log.warning(`A clip recorded in ${this.name} could not be restored: ${errorMessage(error)}`)
      return undefined
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }

  async saveTask(record: TaskRecord): Promise<void> {
    await this.#call('save a task record', RECORD_DEADLINE_MS, async () =>
      this.#backend.putTask(record.fingerprint, (await codec()).encodeRecord(record))
    )
  }

  async saveClip(record: ClipRecord, file: string): Promise<void> {
    await this.#call('save a clip', CLIP_DEADLINE_MS, async () =>
      this.#backend.putClip(record.fingerprint, (await codec()).encodeRecord(record), file)
    )
  }

  /** One call with its deadline; a failure is a warning and a miss (undefined), never an error. */
  async #call<T>(what: string, deadlineMs: number, work: () => Promise<T>): Promise<T | undefined> {
    if (this.#broken) return undefined
    let timer: NodeJS.Timeout | undefined
    const running = work()
    // A late rejection is ignored, never unhandled.
    running.catch(() => undefined)
    const late = new Promise<'late'>(resolve => {
      timer = setTimeout(() => resolve('late'), deadlineMs)
    })
    try {
      const outcome = await Promise.race([running, late])
      if (outcome === 'late') {
        this.#abandoned = true
        this.#fail(`${this.name} did not ${what} within ${deadlineMs / 1000} s`)
        return undefined
      }
      return outcome
    } catch (error) {
      this.#fail(`${this.name} could not ${what}: ${errorMessage(error)}`)
      return undefined
    } finally {
      clearTimeout(timer)
    }
  }

  #fail(message: string): void {
    if (this.#broken) return
    this.#broken = true
    this.#log.warning(`${message}. This run goes on without it: what it would have reused is paid for again.`)
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
    return new RecordStore(actionsCacheBackend(env.RUNNER_TEMP), log, temp)
  }
  const message =
    'cache is on, but this run has neither a cache-dir nor the GitHub Actions cache service (v2): nothing is ' +
    'recorded or reused, as with cache: false'
  if (env.GITHUB_ACTIONS === 'true') log.warning(message)
  else log.debug(message)
  return undefined
}
