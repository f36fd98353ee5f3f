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
    const built = readdirSync(out).sort()
    expect(readdirSync(path.join(ROOT, 'dist')).sort()).toEqual(built)
    for (const file of built) {
      expect(
        readFileSync(path.join(ROOT, 'dist', file)).equals(readFileSync(path.join(out, file))),
        `dist/${file} is stale`
      ).toBe(true)
    }
  }, 120_000)
})
