/** The record store's cache-dir backend: records as files in a folder of the workspace. */
import { randomBytes } from 'node:crypto'
import { copyFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { FILE_CLIP, FILE_RECORD, type Backend } from './backend.js'

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
