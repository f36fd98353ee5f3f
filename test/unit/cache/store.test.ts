/**
 * The record store, with each backend: a folder (cache-dir), and the GitHub Actions cache through
 * @actions/cache in child processes (from src/, as npm run local runs them) against the cache
 * service stand-in on loopback.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { actionsCacheBackend } from '../../../src/cache/actions-cache.js'
import { FILE_CLIP, FILE_RECORD } from '../../../src/cache/backend.js'
import { folderBackend } from '../../../src/cache/folder.js'
import { encodeRecord, type ClipRecord, type TaskRecord } from '../../../src/cache/records.js'
import { RecordStore, type StoreOptions } from '../../../src/cache/store.js'
import { WorkerPool, workerScript } from '../../../src/cache/worker-pool.js'
import { CacheServer } from '../../stand-in/cache-server.js'
import { tempDir } from '../../support/temp.js'

const VIDEO = readFileSync(path.resolve(import.meta.dirname, '../../fixtures/clips/v1-a.mp4'))
const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex')
const fingerprint = (n: number | string): string => sha256(`request ${n}`)

let cache: CacheServer
let temp: string
let warnings: string[]
const stores: RecordStore[] = []
const log = { debug: () => undefined, info: () => undefined, warning: (m: string) => void warnings.push(m) }

beforeEach(async () => {
  cache = await CacheServer.start()
  temp = tempDir('records-temp-')
  warnings = []
})
afterEach(async () => {
  await Promise.all(stores.splice(0).map(store => store.close()))
  await cache.close()
})

/** What a runner gives the action for the cache service (and what a worker needs to run). */
const cacheEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME, ...cache.env() })

const backends = {
  'a folder': () => folderBackend(path.join(tempDir('cache-dir-'), 'records')),
  'the GitHub Actions cache': () => actionsCacheBackend(temp, cacheEnv())
}
type Kind = keyof typeof backends

function open(kind: Kind, options: StoreOptions = {}): RecordStore {
  const store = new RecordStore(backends[kind](), log, temp, options)
  stores.push(store)
  return store
}

function openActions(options: StoreOptions = {}, backend: Parameters<typeof actionsCacheBackend>[2] = {}) {
  const store = new RecordStore(actionsCacheBackend(temp, cacheEnv(), backend), log, temp, options)
  stores.push(store)
  return store
}

const task = (fp: string, taskId: string | undefined, createdAt = new Date().toISOString()): TaskRecord => ({
  kind: 'task',
  fingerprint: fp,
  ...(taskId ? { taskId } : { lostAnswer: 'Submitting the task: HTTP 502' }),
  model: 'MiniMax-Hailuo-02',
  createdAt
})

function clipFile(): { file: string; record: (fp: string) => ClipRecord } {
  const file = path.join(tempDir('video-'), 'clip.mp4')
  writeFileSync(file, VIDEO)
  const record = (fp: string): ClipRecord => ({
    kind: 'clip',
    fingerprint: fp,
    taskId: '176843862716480123',
    bytes: VIDEO.length,
    sha256: sha256(VIDEO),
    createdAt: new Date().toISOString()
  })
  return { file, record }
}

/** Records for `count` fingerprints, each a task and its clip. */
async function seed(store: RecordStore, count: number): Promise<string[]> {
  const prints = Array.from({ length: count }, (_, i) => fingerprint(i))
  const { file, record } = clipFile()
  await Promise.all(prints.map(fp => store.saveTask(task(fp, '176843862716480123'))))
  await Promise.all(prints.map(fp => store.saveClip(record(fp), file)))
  return prints
}

/** An entry put in the Actions cache as a foreign or older writer would, through the same worker. */
async function plant(key: string, paths: string[], files: Record<string, string | Buffer>): Promise<void> {
  const pool = new WorkerPool({ script: workerScript(), env: cacheEnv(), temp, max: 1 })
  try {
    await pool.inFolder(async folder => {
      for (const [name, data] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(folder.workspace, name)), { recursive: true })
        writeFileSync(path.join(folder.workspace, name), data)
      }
      expect(await pool.call(folder, { kind: 'save', paths, key }, 10_000)).toBeGreaterThan(0)
    })
  } finally {
    await pool.close()
  }
}

/** This process's children that are cache workers (Linux: /proc); undefined where that cannot be seen. */
function workersRunning(): number | undefined {
  const tasks = `/proc/${process.pid}/task`
  if (!existsSync(tasks)) return undefined
  const children = readdirSync(tasks).flatMap(t =>
    readFileSync(path.join(tasks, t, 'children'), 'utf8')
      .split(' ')
      .filter(Boolean)
  )
  return children.filter(pid => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('cache-worker')
    } catch {
      return false
    }
  }).length
}

describe.each(Object.keys(backends) as Kind[])('the record store in %s', kind => {
  it('finds what was saved, in the order asked, and gives a recorded clip back as it was', async () => {
    const store = open(kind)
    const [a, b, c, d] = [fingerprint('a'), fingerprint('b'), fingerprint('c'), fingerprint('d')]
    const paid = task(a, '176843862716480123')
    const lost = task(b, undefined)
    const { file, record } = clipFile()
    await Promise.all([store.saveTask(paid), store.saveTask(lost), store.saveClip(record(c), file)])

    const found = await store.lookupAll([c, a, d, b, a])
    expect(found.map(f => f.clip)).toEqual([true, false, false, false, false])
    expect(found[1]!.task).toMatchObject({ fingerprint: a, taskId: paid.taskId, createdAt: paid.createdAt })
    expect(found[4]).toEqual(found[1])
    expect(found[2]!.task).toBeUndefined()
    // A lost answer: no task id, and why (its message, kept in the record's content).
    expect(found[3]!.task).toMatchObject({ fingerprint: b, createdAt: lost.createdAt, lostAnswer: lost.lostAnswer })
    expect(found[3]!.task!.taskId).toBeUndefined()

    const destination = path.join(tempDir('out-'), 'film', 'clip-1.mp4')
    const restored = await store.restoreClip(c, r => (r.taskId === record(c).taskId ? destination : 'wrong'))
    expect(restored?.path).toBe(destination)
    expect(readFileSync(destination).equals(VIDEO)).toBe(true)
    expect(await store.restoreClip(d, () => destination)).toBeUndefined()
    expect(warnings).toEqual([])
  })

  it('answers with the newest task recorded for a fingerprint', async () => {
    const store = open(kind)
    const fp = fingerprint('retried')
    await store.saveTask(task(fp, '1111', '2026-01-01T10:00:00.000Z'))
    await store.saveTask(task(fp, '2222', '2026-01-01T10:05:00.000Z'))
    const [found] = await store.lookupAll([fp])
    expect(found!.task?.taskId).toBe('2222')
  })

  it('a failed save is tried once more, then one warning, and no save is made again', async () => {
    const records = tempDir('not-a-folder-')
    writeFileSync(path.join(records, 'file'), '')
    const store =
      kind === 'a folder'
        ? new RecordStore(folderBackend(path.join(records, 'file')), log, temp)
        : openActions({ recordDeadlineMs: 1000 })
    stores.push(store)
    cache.faults.down = true
    const fp = fingerprint('down')
    const before = cache.calls('CreateCacheEntry').length
    await store.saveTask(task(fp, '1234'))
    if (kind !== 'a folder') expect(cache.calls('CreateCacheEntry').length).toBeGreaterThan(before)
    const asked = cache.events.length
    await store.saveTask(task(fp, '5678'))
    expect(warnings).toEqual([
      expect.stringMatching(
        kind === 'a folder'
          ? /^the folder .* could not save a task record: .*This run goes on without recording/
          : /^the GitHub Actions cache did not save a task record within 1 s\. This run goes on without recording/
      )
    ])
    expect(cache.events.length).toBe(asked)
  })
})

describe('a slow lookup', () => {
  it("is a warning and a miss, and never keeps this run's paid tasks from being recorded", async () => {
    const store = openActions({ recordDeadlineMs: 1500 })
    stores.push(store)
    const fp = fingerprint('slow')
    cache.faults.delayMs = 4000
    expect(await store.lookupAll([fp])).toEqual([{ clip: false }])
    expect(warnings).toEqual([expect.stringMatching(/did not look up 2 records within 1\.5 s/)])
    cache.faults.delayMs = 0
    await store.saveTask(task(fp, '4321'))
    const later = openActions()
    stores.push(later)
    expect(await later.lookupAll([fp])).toEqual([{ task: expect.objectContaining({ taskId: '4321' }), clip: false }])
  })
})

describe('corrupt and foreign records: a warning and a miss', () => {
  it('in a folder', async () => {
    const dir = path.join(tempDir('cache-dir-'), 'records')
    const store = new RecordStore(folderBackend(dir), log, temp)
    stores.push(store)
    const fp = fingerprint('tampered')
    const { file, record } = clipFile()
    await store.saveClip(record(fp), file)
    mkdirSync(dir, { recursive: true })
    writeFileSync(path.join(dir, `task-${fp}.json`), '{"record":{"kind":"task"},"checksum":"x"}')
    writeFileSync(path.join(dir, `clip-${fp}.mp4`), 'not the video')
    const [found] = await store.lookupAll([fp])
    expect(found!.task).toBeUndefined()
    expect(await store.restoreClip(fp, () => path.join(temp, 'out.mp4'))).toBeUndefined()
    expect(warnings).toEqual([
      expect.stringMatching(/^A task record in the folder .* was ignored: its checksum does not match/),
      expect.stringMatching(/^A clip recorded in the folder .* was ignored: the video is not the one recorded/)
    ])
  })

  it('in the GitHub Actions cache', async () => {
    const [foreign, older, broken, tampered] = ['foreign', 'older', 'broken', 'tampered'].map(fingerprint)
    const record = (r: TaskRecord | ClipRecord): string => encodeRecord(r)
    // A key this action would never write; an earlier-form key (its record is in the content);
    // an earlier-form key whose content is not whole; a clip whose video is not the one recorded.
    await plant(`minimax-video-task-${foreign!}-1700000000000-not-an-id`, ['record'], {
      [`record/${FILE_RECORD}`]: record(task(foreign!, '1'))
    })
    await plant(`minimax-video-task-${older!}-1700000000000`, ['record'], {
      [`record/${FILE_RECORD}`]: record(task(older!, '176843862716480999'))
    })
    await plant(`minimax-video-task-${broken!}-1700000000000`, ['record'], { [`record/${FILE_RECORD}`]: '{"re' })
    await plant(`minimax-video-clip-${tampered!}`, ['clip'], {
      [`clip/${FILE_RECORD}`]: record(clipFile().record(tampered!)),
      [`clip/${FILE_CLIP}`]: 'not the video'
    })
    const store = openActions()
    const found = await store.lookupAll([foreign!, older!, broken!, tampered!])
    expect(found.map(f => f.task?.taskId)).toEqual([undefined, '176843862716480999', undefined, undefined])
    expect(found.map(f => f.clip)).toEqual([false, false, false, true])
    expect(await store.restoreClip(tampered!, () => path.join(temp, 'out.mp4'))).toBeUndefined()
    expect(warnings).toEqual([
      expect.stringMatching(/^A task record in the GitHub Actions cache was ignored: its key .* is not one of this/),
      expect.stringMatching(/^A task record in the GitHub Actions cache was ignored: it is not JSON/),
      expect.stringMatching(/^A clip recorded in the GitHub Actions cache was ignored: the video is not the one/)
    ])
  })
})

describe('the GitHub Actions cache, through workers', () => {
  it('looks up 20 fingerprints at 150 ms a call within the deadline of one call, with no download', async () => {
    const prints = await seed(openActions(), 20)
    cache.faults.delayMs = 150
    const before = cache.events.length
    const started = performance.now()
    const found = await openActions().lookupAll(prints)
    const ms = performance.now() - started
    expect(found.every(f => f.clip && f.task?.taskId === '176843862716480123')).toBe(true)
    expect(warnings).toEqual([])
    const calls = cache.events.slice(before)
    expect(calls.map(e => e.op)).toEqual(Array(40).fill('GetCacheEntryDownloadURL'))
    // 40 calls in a row would take 6 s, past the 5 s deadline.
    expect(ms).toBeLessThan(40 * 150)
  })

  it('a lookup slower than its deadline is a warning and a miss, and its worker is gone', async () => {
    const fp = (await seed(openActions(), 1))[0]!
    cache.faults.delayMs = 4000
    const store = openActions({ recordDeadlineMs: 1500 })
    const started = performance.now()
    expect(await store.lookupAll([fp])).toEqual([{ clip: false }])
    // Sooner than the service answers: the worker was stopped at its deadline, not waited for.
    expect(performance.now() - started).toBeLessThan(3500)
    expect(warnings).toEqual([expect.stringMatching(/did not look up 2 records within 1\.5 s\. This run goes on/)])
    const running = workersRunning()
    if (running !== undefined) expect(running).toBe(0)
  })

  it("restores waiting behind others are not late: a deadline counts from its call's start", async () => {
    const prints = await seed(openActions(), 12)
    cache.faults.delayMs = 400
    const store = openActions({ clipDeadlineMs: 2500 }, { workers: 2 })
    const out = tempDir('out-')
    const started = performance.now()
    const restored = await Promise.all(prints.map((fp, i) => store.restoreClip(fp, () => path.join(out, `${i}.mp4`))))
    // Two workers, six restores each: longer in all than one deadline, and none of them late.
    expect(performance.now() - started).toBeGreaterThan(2500)
    expect(restored.every(r => r !== undefined)).toBe(true)
    expect(warnings).toEqual([])
  })

  it("never changes the action's working directory, GITHUB_WORKSPACE or stdout, during calls or after", async () => {
    const cwd = process.cwd()
    const workspace = process.env.GITHUB_WORKSPACE
    const write = process.stdout.write
    const seen = new Set<string>()
    const sample = setInterval(() => {
      if (process.cwd() !== cwd) seen.add(`cwd ${process.cwd()}`)
      if (process.env.GITHUB_WORKSPACE !== workspace) seen.add(`GITHUB_WORKSPACE ${process.env.GITHUB_WORKSPACE}`)
      if (process.stdout.write !== write) seen.add('stdout.write')
    }, 1)
    try {
      const store = openActions()
      const prints = await seed(store, 3)
      await store.lookupAll(prints)
      await Promise.all(prints.map((fp, i) => store.restoreClip(fp, () => path.join(temp, 'out', `${i}.mp4`))))
    } finally {
      clearInterval(sample)
    }
    expect([...seen]).toEqual([])
    expect([process.cwd(), process.env.GITHUB_WORKSPACE, process.stdout.write]).toEqual([cwd, workspace, write])
    expect(warnings).toEqual([])
  })

  it("never shows a worker's log (with debug on, it holds the signed URLs and their ::add-mask:: lines)", async () => {
    const store = new RecordStore(actionsCacheBackend(temp, { ...cacheEnv(), RUNNER_DEBUG: '1' }), log, temp)
    stores.push(store)
    const said: string[] = []
    const spies = [process.stdout, process.stderr].map(stream =>
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => said.push(String(chunk)) > 0)
    )
    try {
      const [fp] = await seed(store, 1)
      await store.lookupAll([fp!])
      expect(await store.restoreClip(fp!, () => path.join(temp, 'out', 'clip.mp4'))).toBeDefined()
    } finally {
      spies.forEach(spy => spy.mockRestore())
    }
    expect(cache.calls('Download').length).toBe(1)
    expect(said.join('')).not.toMatch(/sig=|add-mask|::debug::|Cache hit/)
    expect(warnings).toEqual([])
  })

  it('close() ends the workers still running; later calls are misses without a warning', async () => {
    cache.faults.delayMs = 5000
    const store = openActions()
    const fp = fingerprint('closed')
    const looking = store.lookupAll([fp])
    await new Promise(resolve => setTimeout(resolve, 300))
    const started = performance.now()
    await store.close()
    await store.close()
    expect(await looking).toEqual([{ clip: false }])
    expect(performance.now() - started).toBeLessThan(2000)
    await store.saveTask(task(fp, '1234'))
    expect(cache.calls('CreateCacheEntry')).toEqual([])
    expect(warnings).toEqual([])
    const running = workersRunning()
    if (running !== undefined) expect(running).toBe(0)
    // Every worker's folder is gone with it.
    expect(readdirSync(temp)).toEqual([])
  })

  it("a failure is the service's own words, once", async () => {
    cache.faults.readDenied = true
    const store = openActions()
    await store.lookupAll([fingerprint('denied'), fingerprint('denied too')])
    expect(warnings).toEqual([
      expect.stringMatching(
        /could not look up 4 records: Failed to restore: .*cache read denied: token has no readable/
      )
    ])
  })
})
