import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { bundle } from '../../scripts/build.js'
import { ROOT } from '../support/run-action.js'
import { tempDir } from '../support/temp.js'

// The runner executes dist/, not src/: the committed bundle must be what the sources build.
describe('dist/', () => {
  it('is what the sources build (run `npm run build` and commit dist/ if this fails)', () => {
    const out = tempDir('dist-check-')
    bundle(out, { quiet: true })
    // Every file, the cache worker's bundle (dist/cache-worker/) too.
    const files = (dir: string): string[] =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter(entry => entry.isFile())
        .map(entry => path.relative(dir, path.join(entry.parentPath, entry.name)))
        .sort()
    const built = files(out)
    expect(built).toContain(path.join('cache-worker', 'index.js'))
    expect(files(path.join(ROOT, 'dist'))).toEqual(built)
    for (const file of built) {
      expect(
        readFileSync(path.join(ROOT, 'dist', file)).equals(readFileSync(path.join(out, file))),
        `dist/${file} is stale`
      ).toBe(true)
    }
  }, 120_000)
})
