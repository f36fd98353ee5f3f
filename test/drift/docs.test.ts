/** The docs say what the code does: both READMEs against action.yml, the error codes and .ci/run. */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ERROR_CODES } from '../../src/minimax/error-codes.js'
import { INPUT_NAMES } from '../../src/inputs/inputs.js'
import { ROOT } from '../support/run-action.js'

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean; default?: string }>
  outputs: Record<string, unknown>
}
const readmes = {
  'README.md': { required: '(required)', yes: 'yes', no: 'no' },
  'README.zh-CN.md': { required: '（必填）', yes: '是', no: '否' }
}

/** Rows of every Markdown table whose first cell is `code`: name -> the other cells. */
function rows(markdown: string): Map<string, string[]> {
  const found = new Map<string, string[]>()
  for (const line of markdown.split('\n')) {
    const m = /^\| `([\w-]+)` +\|(.*)\|$/.exec(line)
    if (m && !found.has(m[1]!))
      found.set(
        m[1]!,
        m[2]!.split(/(?<!\\)\|/).map(c => c.trim())
      )
  }
  return found
}

describe.each(Object.entries(readmes))('%s', (file, words) => {
  const text = readFileSync(path.join(ROOT, file), 'utf8')
  const table = rows(text)

  it('lists every input of action.yml with its default', () => {
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(table.has(name), `${name} is in the inputs table`).toBe(true)
      const expected = input.required ? words.required : input.default !== undefined ? `\`${input.default}\`` : ''
      expect(table.get(name)?.[0], name).toBe(expected)
    }
    expect(INPUT_NAMES.every(n => table.has(n))).toBe(true)
  })

  it('lists every output of action.yml', () => {
    for (const name of Object.keys(action.outputs)) expect(table.has(name), name).toBe(true)
  })

  it('lists every MiniMax error code with whether it is retried', () => {
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      const row = new RegExp(`^\\| ${code} +\\|.*\\| (${words.yes}|${words.no}) +\\|$`, 'm').exec(text)
      expect(row, `code ${code}`).not.toBeNull()
      expect(row![1], `code ${code}`).toBe(info.retry ? words.yes : words.no)
    }
  })

  it('puts the two quick-start commands near the top', () => {
    const top = text.split('\n').slice(0, 25).join('\n')
    expect(top).toContain('npm run demo')
    expect(top).toContain('npm test')
  })

  it('links to the other language', () => {
    expect(text).toContain(file === 'README.md' ? '(README.zh-CN.md)' : '(README.md)')
  })
})

describe('the two READMEs', () => {
  it('have the same sections and tables', () => {
    const shape = (file: string) => {
      const text = readFileSync(path.join(ROOT, file), 'utf8')
      return {
        h2: text.match(/^## /gm)?.length,
        h3: text.match(/^### /gm)?.length,
        rows: text.match(/^\|/gm)?.length,
        fences: text.match(/^\s*```/gm)?.length
      }
    }
    expect(shape('README.zh-CN.md')).toEqual(shape('README.md'))
  })

  it('give .ci/run exactly the test command', () => {
    const ci = readFileSync(path.join(ROOT, '.ci/run'), 'utf8')
    expect(ci).toMatch(/^npm ci$/m)
    expect(ci).toMatch(/^npm test$/m)
  })
})
