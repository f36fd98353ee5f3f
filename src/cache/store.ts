/**
 * Where records live across runs: a folder (cache-dir), or the GitHub Actions cache service
 * (@actions/cache, loaded only when a record is really looked up or saved). The store never fails
 * a run: every call has a deadline of a few seconds, and a slow, failing or unreachable service, a
 * corrupt or foreign record, or a save that loses a race is a warning (once) and a miss. After a
 * failure of the service itself, the store is not asked again in this run.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { errorMessage } from '../errors.js'
import type { Logger } from '../log.js'
import type { ClipRecord, TaskRecord } from './records.js'

/** The records' schema (zod) is loaded only when a store is used: a run without one never pays for it. */
const codec = (): Promise<typeof import('./records.js')> => import('./records.js')

/** How long a record lookup or save may take, and a clip's (it carries the video). */
export const RECORD_DEADLINE_MS = 5_000
export const CLIP_DEADLINE_MS = 10_000

/** The storage itself: raw files in, raw files out. The RecordStore below checks what comes back. */
interface Backend {
  readonly name: string
  getTask(fingerprint: string): Promise<string | undefined>
  hasClip(fingerprint: string): Promise<boolean>
  /** Put the clip's record.json and clip.mp4 in `into`; false when there is none. */
  getClip(fingerprint: string, into: string): Promise<boolean>
  putTask(fingerprint: string, text: string): Promise<void>
  putClip(fingerprint: string, text: string, file: string): Promise<void>
}

export interface Found {
  task?: TaskRecord
  /** A clip is recorded (its file is fetched, and checked, by restoreClip). */
  clip: boolean
}

const FILE_RECORD = 'record.json'
const FILE_CLIP = 'clip.mp4'

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

/** Records in a folder: task-<fp>.json, clip-<fp>.json and clip-<fp>.mp4, each written atomically. */
export function folderBackend(dir: string): Backend {
  const at = (name: string): string => path.join(dir, name)
  const write = async (name: string, data: string): Promise<void> => {
    await mkdir(dir, { recursive: true })
    const partial = at(`.${name}.${randomBytes(4).toString('hex')}`)
    await writeFile(partial, data)
    await rename(partial, at(name))
  }
  const exists = (name: string): Promise<boolean> =>
    stat(at(name)).then(
      s => s.isFile(),
      () => false
    )
  const read = (name: string): Promise<string | undefined> => readFile(at(name), 'utf8').catch(() => undefined)
  return {
    name: `the folder ${dir} (cache-dir)`,
    getTask: fingerprint => read(`task-${fingerprint}.json`),
    hasClip: async fingerprint =>
      (await exists(`clip-${fingerprint}.json`)) && (await exists(`clip-${fingerprint}.mp4`)),
    async getClip(fingerprint, into) {
      if (!(await this.hasClip(fingerprint))) return false
      await copyFile(at(`clip-${fingerprint}.json`), path.join(into, FILE_RECORD))
      await copyFile(at(`clip-${fingerprint}.mp4`), path.join(into, FILE_CLIP))
      return true
    },
    putTask: (fingerprint, text) => write(`task-${fingerprint}.json`, text),
    async putClip(fingerprint, text, file) {
      await mkdir(dir, { recursive: true })
      const partial = at(`.clip-${fingerprint}.${randomBytes(4).toString('hex')}.mp4`)
      await copyFile(file, partial)
      await rename(partial, at(`clip-${fingerprint}.mp4`))
      // The record last: a record always has its clip.
      await write(`clip-${fingerprint}.json`, text)
    }
  }
}

const TASK_KEY = 'minimax-video-task-'
const CLIP_KEY = 'minimax-video-clip-'

/**
 * Records in the GitHub Actions cache. Its keys are immutable, so each kind has its own key:
 * a clip is saved once under minimax-video-clip-<fp>; a task under minimax-video-task-<fp>-<time>
 * (a task that failed is followed by a newer one), looked up by prefix, newest first.
 *
 * @actions/cache archives paths relative to GITHUB_WORKSPACE and hashes the path list into the
 * entry's version, so each call gets its own folder in RUNNER_TEMP holding one fixed relative path
 * (`record` or `clip`), with GITHUB_WORKSPACE and the working directory pointed at it for the
 * call. The calls run one at a time for that reason (each takes tens of milliseconds).
 */
export function actionsCacheBackend(runnerTemp: string): Backend {
  let queue: Promise<unknown> = Promise.resolve()
  const inFolder = <T>(fn: (folder: string, cache: typeof import('@actions/cache')) => Promise<T>): Promise<T> => {
    const run = queue.then(async () => {
      const cache = await import('@actions/cache')
      const root = await mkdtemp(path.join(runnerTemp, 'minimax-records-'))
      const workspace = process.env.GITHUB_WORKSPACE
      const cwd = process.cwd()
      process.env.GITHUB_WORKSPACE = root
      process.chdir(root)
      const failures = catchFailures()
      try {
        const result = await fn(root, cache)
        // @actions/cache reports a failed call as a warning of its own and returns a miss: it
        // becomes this store's one warning instead, and the store is not asked again.
        if (failures.seen[0]) throw new Error(failures.seen[0])
        return result
      } finally {
        failures.stop()
        process.chdir(cwd)
        if (workspace === undefined) delete process.env.GITHUB_WORKSPACE
        else process.env.GITHUB_WORKSPACE = workspace
        await rm(root, { recursive: true, force: true })
      }
    })
    queue = run.catch(() => undefined)
    return run
  }
  return {
    name: 'the GitHub Actions cache',
    getTask: fingerprint =>
      inFolder(async (root, cache) => {
        const prefix = `${TASK_KEY}${fingerprint}-`
        const key = await cache.restoreCache(['record'], prefix)
        // A hit is ours only when its key is one of our task keys for this fingerprint.
        if (!key?.startsWith(prefix)) return undefined
        return readFile(path.join(root, 'record', FILE_RECORD), 'utf8')
      }),
    hasClip: fingerprint =>
      inFolder(async (_root, cache) => {
        const key = `${CLIP_KEY}${fingerprint}`
        return (await cache.restoreCache(['clip'], key, [], { lookupOnly: true })) === key
      }),
    getClip: (fingerprint, into) =>
      inFolder(async (root, cache) => {
        const key = `${CLIP_KEY}${fingerprint}`
        if ((await cache.restoreCache(['clip'], key)) !== key) return false
        await copyFile(path.join(root, 'clip', FILE_RECORD), path.join(into, FILE_RECORD))
        await copyFile(path.join(root, 'clip', FILE_CLIP), path.join(into, FILE_CLIP))
        return true
      }),
    putTask: (fingerprint, text) =>
      inFolder(async (root, cache) => {
        await mkdir(path.join(root, 'record'))
        await writeFile(path.join(root, 'record', FILE_RECORD), text)
        await cache.saveCache(['record'], `${TASK_KEY}${fingerprint}-${Date.now()}`)
      }),
    putClip: (fingerprint, text, file) =>
      inFolder(async (root, cache) => {
        await mkdir(path.join(root, 'clip'))
        await copyFile(file, path.join(root, 'clip', FILE_CLIP))
        await writeFile(path.join(root, 'clip', FILE_RECORD), text)
        // -1 when the key exists already (another run saved this clip first): nothing lost.
        await cache.saveCache(['clip'], `${CLIP_KEY}${fingerprint}`)
      })
  }
}

/**
 * While a call runs, the "Failed to restore/save" warnings @actions/cache writes to stdout are
 * kept back (the calls run one at a time, so they are this call's); every other line passes.
 */
function catchFailures(): { seen: string[]; stop: () => void } {
  const seen: string[] = []
  const write = process.stdout.write
  process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')
    const failure = /^::warning::(Failed to (?:restore|save): [^\n]*)/.exec(text)?.[1]
    if (failure) {
      // The first line of the message (core escapes line breaks as %0A).
      seen.push(failure.split('%0A')[0]!.replace(/%25/g, '%'))
      return true
    }
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest)
  } as typeof process.stdout.write
  return { seen, stop: () => void (process.stdout.write = write) }
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
