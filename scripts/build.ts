/**
 * npm run build: write action.yml's inputs and outputs from their declarations
 * (src/inputs/declarations.ts, src/github/outputs.ts), then bundle src/ into dist/ with ncc.
 * The drift tests call the same two functions, so the flags and the file live in one place.
 *
 *   node --import ./scripts/source-hooks.ts scripts/build.ts
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'
import { Document, isPair, isScalar, parse, Scalar, visit } from 'yaml'
import { OUTPUTS } from '../src/github/outputs.ts'
import { INPUTS } from '../src/inputs/declarations.ts'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const ACTION_YML = path.join(ROOT, 'action.yml')

/** action.yml as the declarations make it: its other fields (name, branding, runs) kept as they are. */
export async function renderActionYml(current = readFileSync(ACTION_YML, 'utf8')): Promise<string> {
  const { inputs: _inputs, outputs: _outputs, runs, ...head } = parse(current) as Record<string, unknown>
  const inputs = Object.fromEntries(
    Object.entries(INPUTS).map(([name, d]) => {
      const declared: Record<string, unknown> = { description: d.description, required: d.required === true }
      const shown = 'runnerDefault' in d ? d.runnerDefault : d.default
      if (shown !== undefined) declared.default = shown
      return [name, declared]
    })
  )
  const outputs = Object.fromEntries(Object.entries(OUTPUTS).map(([name, description]) => [name, { description }]))
  // Long descriptions as folded blocks (>-), and a blank line between the top-level sections.
  const text = [head, { inputs }, { outputs }, { runs }]
    .map(part => {
      const doc = new Document(part)
      visit(doc, {
        Pair(_, pair) {
          if (isPair(pair) && isScalar(pair.value) && String(pair.value.value).length > 90) {
            pair.value.type = Scalar.BLOCK_FOLDED
          }
        }
      })
      return doc.toString({ lineWidth: 100, minContentWidth: 40 })
    })
    .join('\n')
  const options = await prettier.resolveConfig(ACTION_YML)
  return prettier.format(text, { ...options, parser: 'yaml' })
}

/**
 * The ncc bundles into `outDir` (emptied first): src/index.ts, and beside it the record store's
 * cache worker (src/cache/cache-worker.ts, in cache-worker/), the only bundle with @actions/cache.
 */
export function bundle(outDir: string, options: { quiet?: boolean } = {}): void {
  rmSync(outDir, { recursive: true, force: true })
  const ncc = path.join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js')
  const entries: Array<[string, string]> = [
    ['src/index.ts', outDir],
    ['src/cache/cache-worker.ts', path.join(outDir, 'cache-worker')]
  ]
  for (const [entry, out] of entries) {
    const args = ['build', entry, '-o', out, '--source-map', '--no-source-map-register', '--license', 'licenses.txt']
    execFileSync(process.execPath, [ncc, ...args, ...(options.quiet ? ['-q'] : [])], {
      cwd: ROOT,
      stdio: options.quiet ? 'pipe' : 'inherit'
    })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(ACTION_YML, await renderActionYml())
  bundle(path.join(ROOT, 'dist'))
}
