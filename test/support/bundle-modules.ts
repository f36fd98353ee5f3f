/**
 * Which source files each chunk of the ncc (webpack) bundle holds, read from the chunks' source maps:
 * their `sources` name every module webpack put in the chunk, those it concatenated into one
 * (scope hoisting) included, which the `/***\/ 12345:` module ids in the chunk text do not show.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { packageOf } from './imports.ts'

/** Each bundled file (relative to `root`, '/'-separated) -> the chunk files that hold it, in name order. */
export function chunkContents(distDir: string, root: string): Map<string, string[]> {
  const holders = new Map<string, string[]>()
  const maps = readdirSync(distDir)
    .filter(f => f.endsWith('.js.map'))
    .sort()
  for (const map of maps) {
    const chunk = map.slice(0, -'.map'.length)
    const { sources } = JSON.parse(readFileSync(path.join(distDir, map), 'utf8')) as { sources: string[] }
    for (const source of new Set(sources)) {
      // webpack's own runtime is named webpack/runtime/...; node:* and other externals are not files.
      if (!source || source.startsWith('webpack/')) continue
      const file = path.relative(root, path.resolve(distDir, source)).split(path.sep).join('/')
      if (file.startsWith('..') || !existsSync(path.join(root, file))) continue
      holders.set(file, [...(holders.get(file) ?? []), chunk])
    }
  }
  return holders
}

/** Files held by more than one chunk: each is parsed, and evaluated, once per chunk that is loaded. */
export function inSeveralChunks(contents: Map<string, string[]>): { file: string; chunks: string[] }[] {
  return [...contents].filter(([, chunks]) => chunks.length > 1).map(([file, chunks]) => ({ file, chunks }))
}

export interface PackageCopies {
  /** name@version */
  id: string
  /** Each install folder of that version (relative to root), with the chunks that hold files of it. */
  copies: { dir: string; files: number; chunks: string[] }[]
}

/**
 * One version of a package bundled from two install folders (npm nests a copy under each dependent
 * when the top-level slot holds another version): webpack tells modules by path, so both go in.
 */
export function packageCopies(contents: Map<string, string[]>, root: string): PackageCopies[] {
  const byId = new Map<string, Map<string, { files: number; chunks: Set<string> }>>()
  for (const [file, chunks] of contents) {
    const pkg = packageOf(path.join(root, file))
    if (!pkg) continue
    const manifest = path.join(pkg.dir, 'package.json')
    if (!existsSync(manifest)) continue
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }
    const id = `${pkg.name}@${version}`
    const dirs = byId.get(id) ?? new Map<string, { files: number; chunks: Set<string> }>()
    byId.set(id, dirs)
    const dir = path.relative(root, pkg.dir).split(path.sep).join('/')
    const copy = dirs.get(dir) ?? { files: 0, chunks: new Set<string>() }
    dirs.set(dir, copy)
    copy.files++
    for (const chunk of chunks) copy.chunks.add(chunk)
  }
  return [...byId]
    .filter(([, dirs]) => dirs.size > 1)
    .map(([id, dirs]) => ({
      id,
      copies: [...dirs].map(([dir, c]) => ({ dir, files: c.files, chunks: [...c.chunks].sort() }))
    }))
}
