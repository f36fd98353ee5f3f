/** The record store's backend in the GitHub Actions cache service, through @actions/cache. */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { FILE_CLIP, FILE_RECORD, type Backend } from './backend.js'

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
