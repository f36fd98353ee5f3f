import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { renderActionYml } from '../../scripts/build.js'
import { DEFAULTS, INPUT_NAMES } from '../../src/inputs/inputs.js'
import { ROOT } from '../support/run-action.js'

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  runs: { using: string; main: string }
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
}

describe('action.yml', () => {
  it('runs dist/index.js on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })
  it('declares exactly the inputs the code reads', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort())
  })
  it('declares the same defaults the code applies', () => {
    for (const [name, value] of Object.entries(DEFAULTS)) expect(action.inputs[name]?.default, name).toBe(value)
  })
  it('is what the declarations make (run `npm run build` and commit action.yml if this fails)', async () => {
    expect(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')).toBe(await renderActionYml())
  })
  it('describes every input and output', () => {
    for (const [name, input] of Object.entries({ ...action.inputs, ...action.outputs }))
      expect(input.description?.length, name).toBeGreaterThan(20)
  })
})

describe('release hygiene', () => {
  it('has a CHANGELOG section for the version in package.json', () => {
    const version = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version
    expect(readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8')).toMatch(
      new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm')
    )
  })
})
