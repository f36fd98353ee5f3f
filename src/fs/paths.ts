/**
 * Files named by inputs (frames, the prompt file, later the storyboard and its keyframes) are read
 * only from the workspace or RUNNER_TEMP, judged by their real path: `../x`, an absolute path or
 * a symlink that leads elsewhere is refused. With free-text workflow inputs, anyone who may start
 * the workflow could otherwise have any file on the runner sent to MiniMax.
 */
import { realpathSync } from 'node:fs'
import path from 'node:path'

export interface ReadableRoots {
  /** Relative paths start here. */
  workspace: string
  /** What that folder is, for messages (default "the workspace"). */
  baseName?: string
  /** Real paths of the folders files may be read from. */
  roots: string[]
}

export function readableRoots(workspace: string, runnerTemp: string | undefined): ReadableRoots {
  const roots = [workspace, runnerTemp].flatMap(folder => {
    if (!folder) return []
    try {
      return [realpathSync(folder)]
    } catch {
      return []
    }
  })
  return { workspace, roots }
}

const inside = (file: string, root: string): boolean => {
  const relative = path.relative(root, file)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

export type Confined = { abs: string; real: string } | { problem: string; missing?: true }

/** The real path of `given` (relative to the workspace), or why it may not be read. */
export function confine(given: string, where: ReadableRoots): Confined {
  const abs = path.resolve(where.workspace, given)
  let real: string
  try {
    real = realpathSync(abs)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const at = path.isAbsolute(given)
      ? abs
      : `${abs} (relative paths start at ${where.baseName ?? 'the workspace'}, ${where.workspace})`
    if (code === 'ENOENT' || code === 'ENOTDIR') return { problem: `no file at ${at}`, missing: true }
    return { problem: `${abs} cannot be read (${code ?? String(error)})` }
  }
  if (!where.roots.some(root => inside(real, root))) {
    const via = real === abs ? '' : ` (it leads to ${real})`
    return {
      problem:
        `${abs}${via} is outside the workspace and RUNNER_TEMP; files are read only from there, so that ` +
        `no input can send another file of the runner to MiniMax`
    }
  }
  return { abs, real }
}
