/** The record store's cache-dir backend: records as files in a folder of the workspace. */
import { randomBytes } from 'node:crypto'
import { copyFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { CacheCallError, codec, FILE_CLIP, FILE_RECORD, withDeadline, type Backend } from './backend.js'

/**
 * Records in a folder: task-<fp>.json, clip-<fp>.json and clip-<fp>.mp4, each written atomically.
 * File calls cannot be stopped: past its deadline one is left to finish, and its answer is ignored.
 */
export function folderBackend(dir: string): Backend {
  let closed = false
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
  const hasClip = async (fingerprint: string): Promise<boolean> =>
    (await exists(`clip-${fingerprint}.json`)) && (await exists(`clip-${fingerprint}.mp4`))
  const call = <T>(deadlineMs: number, work: () => Promise<T>): Promise<T> =>
    closed ? Promise.reject(new CacheCallError({ reason: 'closed' })) : withDeadline(deadlineMs, work())
  return {
    name: `the folder ${dir} (cache-dir)`,
    lookupAll: (fingerprints, deadlineMs, answer) =>
      call(deadlineMs, async () => {
        const { decodeRecord } = await codec()
        await Promise.all(
          fingerprints.map(async (fingerprint, i) => {
            const [text, clip] = await Promise.all([read(`task-${fingerprint}.json`), hasClip(fingerprint)])
            answer(i, { clip, ...(text === undefined ? {} : { task: decodeRecord(text, 'task', fingerprint) }) })
          })
        )
      }),
    getClip: (fingerprint, into, deadlineMs) =>
      call(deadlineMs, async () => {
        if (!(await hasClip(fingerprint))) return false
        await copyFile(at(`clip-${fingerprint}.json`), path.join(into, FILE_RECORD))
        await copyFile(at(`clip-${fingerprint}.mp4`), path.join(into, FILE_CLIP))
        return true
      }),
    putTask: (record, text, deadlineMs) => call(deadlineMs, () => write(`task-${record.fingerprint}.json`, text)),
    putClip: (fingerprint, text, file, deadlineMs) =>
      call(deadlineMs, async () => {
        await mkdir(dir, { recursive: true })
        const partial = at(`.clip-${fingerprint}.${randomBytes(4).toString('hex')}.mp4`)
        await copyFile(file, partial)
        await rename(partial, at(`clip-${fingerprint}.mp4`))
        // The record last: a record always has its clip.
        await write(`clip-${fingerprint}.json`, text)
      }),
    close: async () => {
      closed = true
    }
  }
}
