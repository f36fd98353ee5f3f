import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/run-action.js'

// The runner executes dist/, not src/: the committed bundle must be what the sources build.
describe('dist/', () => {
  it('is what the sources build (run `npm run build` and commit dist/ if this fails)', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'dist-check-'))
    const ncc = path.join(ROOT, 'node_modules/@vercel/ncc/dist/ncc/cli.js')
    execFileSync(
      process.execPath,
      [
        ncc,
        'build',
        'src/index.ts',
        '-o',
        out,
        '--source-map',
        '--no-source-map-register',
        '--license',
        'licenses.txt',
        '-q'
      ],
      { cwd: ROOT, stdio: 'pipe' }
    )
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
