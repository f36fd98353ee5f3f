/**
 * Records in the GitHub Actions cache, through @actions/cache in child processes (worker-pool.ts).
 * Its keys are immutable and a lookup can answer with the matched key alone (lookupOnly: no
 * download), so each kind of record has its own key and a task's key says what a lookup needs:
 *
 *   minimax-video-clip-<fp>                      the clip: record.json and clip.mp4 under `clip/`
 *   minimax-video-task-<fp>-<ms>-<task id|lost>  the task (or that its submit's answer was lost,
 *                                                and when), the whole record under `record/`
 *
 * A task that failed is followed by a newer key; a lookup by the prefix gets the newest. Keys of
 * the earlier form (minimax-video-task-<fp>-<ms>, before the key carried the task) and lost
 * answers (for their message) are read from the entry's content: a download of a few hundred
 * bytes, rare, in a worker of its own.
 *
 * The paths are part of an entry's version, so they are fixed relative paths (`record`, `clip`)
 * in each worker's own workspace.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { codec, FILE_CLIP, FILE_RECORD, type Answer, type Backend } from './backend.js'
import type { TaskRecord } from './records.js'
import { WorkerPool, workerScript, type WorkerScript } from './worker-pool.js'
import type { WorkerOp } from './worker-protocol.js'

const TASK_KEY = 'minimax-video-task-'
const CLIP_KEY = 'minimax-video-clip-'
const TASK_PATHS = ['record']
const CLIP_PATHS = ['clip']

export interface ActionsCacheOptions {
  /**
   * Workers at once. Each is a node process (about 0.15 s of CPU to start, then reused for the
   * next call); on two busy cores, 6 restored a 20-clip storyboard at 300 ms a call a little faster
   * than 4, and 8 no faster (npm run bench, section 7).
   */
  workers?: number
  /**
   * Lookups one worker makes at once: a 20-clip storyboard's 40 in one round trip. A cap on the
   * burst only (the service rate-limits requests per minute, which this does not change).
   */
  lookupsAtOnce?: number
  script?: WorkerScript
}

export function actionsCacheBackend(
  runnerTemp: string,
  env: NodeJS.ProcessEnv,
  options: ActionsCacheOptions = {}
): Backend {
  const workers = options.workers ?? 6
  const pool = new WorkerPool({ script: options.script ?? workerScript(), env, temp: runnerTemp, max: workers })
  const lookupsAtOnce = options.lookupsAtOnce ?? 40
  return {
    name: 'the GitHub Actions cache',
    lookupAll: (fingerprints, deadlineMs, answer) =>
      lookupAll(pool, fingerprints, { deadlineMs, lookupsAtOnce, workers }, answer),
    getClip: (fingerprint, into, deadlineMs) =>
      pool.inFolder(async folder => {
        const key = `${CLIP_KEY}${fingerprint}`
        if ((await pool.call(folder, { kind: 'restore', paths: CLIP_PATHS, key }, deadlineMs)) !== key) return false
        const from = path.join(folder.workspace, 'clip')
        await copyFile(path.join(from, FILE_RECORD), path.join(into, FILE_RECORD))
        await copyFile(path.join(from, FILE_CLIP), path.join(into, FILE_CLIP))
        return true
      }),
    putTask: (record, text, deadlineMs) =>
      pool.inFolder(async folder => {
        await mkdir(path.join(folder.workspace, 'record'))
        await writeFile(path.join(folder.workspace, 'record', FILE_RECORD), text)
        await pool.call(folder, { kind: 'save', paths: TASK_PATHS, key: taskKey(record) }, deadlineMs)
      }),
    putClip: (fingerprint, text, file, deadlineMs) =>
      pool.inFolder(async folder => {
        const into = path.join(folder.workspace, 'clip')
        await mkdir(into)
        await copyFile(file, path.join(into, FILE_CLIP))
        await writeFile(path.join(into, FILE_RECORD), text)
        // -1 when the key exists already (another run saved this clip first): nothing lost.
        await pool.call(folder, { kind: 'save', paths: CLIP_PATHS, key: `${CLIP_KEY}${fingerprint}` }, deadlineMs)
      }),
    close: () => pool.close()
  }
}

/** The task's key: its fingerprint, when it was made (ms), and its id, or `lost`. */
export function taskKey(record: TaskRecord): string {
  const ms = Date.parse(record.createdAt)
  return `${TASK_KEY}${record.fingerprint}-${Number.isNaN(ms) ? Date.now() : ms}-${record.taskId ?? 'lost'}`
}

/** The record a task key says (`earlier`: a key of the earlier form, whose record is in the content only). */
export function parseTaskKey(
  key: string,
  fingerprint: string
): { record: TaskRecord } | { reason: string } | 'earlier' {
  const parts = /^minimax-video-task-([0-9a-f]{64})-(\d{1,15})(?:-(\d{1,20}|lost))?$/.exec(key)
  if (!parts || parts[1] !== fingerprint)
    return { reason: `its key (${key.slice(0, 120)}) is not one of this action's` }
  if (parts[3] === undefined) return 'earlier'
  const createdAt = new Date(Number(parts[2])).toISOString()
  const record: TaskRecord = { kind: 'task', fingerprint, createdAt }
  if (parts[3] !== 'lost') record.taskId = parts[3]
  return { record }
}

/**
 * Every fingerprint's task and clip, looked up in one worker (lookupsAtOnce at a time), each
 * answered as it comes; then the contents of the task entries whose key does not say it all.
 */
async function lookupAll(
  pool: WorkerPool,
  fingerprints: readonly string[],
  options: { deadlineMs: number; lookupsAtOnce: number; workers: number },
  answer: (index: number, found: Answer) => void
): Promise<void> {
  const ops = fingerprints.flatMap((fingerprint): WorkerOp[] => [
    { kind: 'lookup', paths: TASK_PATHS, key: `${TASK_KEY}${fingerprint}-` },
    { kind: 'lookup', paths: CLIP_PATHS, key: `${CLIP_KEY}${fingerprint}` }
  ])
  const contents: Array<{ index: number; key: string; lost: boolean }> = []
  let warmed = 0
  const onValue = (op: number, value: string | number | null): void => {
    const index = op >> 1
    const fingerprint = fingerprints[index]!
    const clip = op % 2 === 1 && value === `${CLIP_KEY}${fingerprint}`
    // A recorded clip is restored next (when the run waits for videos): a worker for it starts
    // now, while the lookups finish; one that gets nothing to do ends by itself.
    if (clip && warmed < options.workers - 1) {
      warmed++
      pool.prewarm(1, options.deadlineMs)
    }
    if (op % 2 === 1) return answer(index, { clip })
    if (typeof value !== 'string') return
    const task = parseTaskKey(value, fingerprint)
    const lost = task !== 'earlier' && 'record' in task && !task.record.taskId
    if (task === 'earlier' || lost) contents.push({ index, key: value, lost })
    // A lost answer is answered from its key at once: its message below is a detail, the block is not.
    if (task !== 'earlier') answer(index, { task })
  }
  await pool.inFolder(folder =>
    pool.run(folder, ops, { deadlineMs: options.deadlineMs, concurrency: options.lookupsAtOnce, onValue })
  )
  await Promise.all(
    contents.map(async ({ index, key, lost }) => {
      const task = await taskContent(pool, key, fingerprints[index]!, options.deadlineMs)
      // For a lost answer the content only adds its message: it counts if it says the same.
      if (task && (!lost || ('record' in task && !task.record.taskId))) answer(index, { task })
    })
  )
}

/** The record in a task entry's content (undefined: there is none). */
async function taskContent(
  pool: WorkerPool,
  key: string,
  fingerprint: string,
  deadlineMs: number
): Promise<Answer['task']> {
  return pool.inFolder(async folder => {
    if ((await pool.call(folder, { kind: 'restore', paths: TASK_PATHS, key }, deadlineMs)) !== key) return undefined
    const text = await readFile(path.join(folder.workspace, 'record', FILE_RECORD), 'utf8').catch(() => undefined)
    if (text === undefined) return { reason: 'its entry holds no record' }
    return (await codec()).decodeRecord(text, 'task', fingerprint)
  })
}
