/** Files still being written are removed when the process exits, whatever the way out (a cancel, a bug, exit()). */
import { rmSync } from 'node:fs'

const unfinished = new Set<string>()
let exitHook = false

/** Remove `file` if the process exits before `done()` is called. */
export function removeAtExit(file: string): () => void {
  if (!exitHook) {
    exitHook = true
    process.on('exit', () => {
      for (const path of unfinished) rmSync(path, { force: true })
    })
  }
  unfinished.add(file)
  return () => unfinished.delete(file)
}
