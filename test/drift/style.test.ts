/** What Prettier cannot enforce: no line over 120 characters in the code, the workflows or the config. */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/run-action.js'

const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter(f => /\.(ts|js|ya?ml|json)$/.test(f) && !/^(dist|test\/contract)\/|package-lock\.json$/.test(f))

describe('line length', () => {
  it('is at most 120 characters everywhere', () => {
    const long = files.flatMap(file =>
      readFileSync(path.join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (line.length > 120 ? [`${file}:${i + 1} (${line.length})`] : []))
    )
    expect(long).toEqual([])
  })
})
