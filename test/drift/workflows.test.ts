/**
 * A linter for the workflows and action.yml, with the yaml package: structure, least
 * permissions, inputs that exist, no expressions inside run: (script injection), actions pinned
 * to a version. (The schema bundled in @action-validator/cli 0.6 rejects node24.)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ROOT } from '../support/run-action.js'

type Step = {
  uses?: string
  run?: string
  with?: Record<string, unknown>
  env?: Record<string, unknown>
  id?: string
  name?: string
}
type Job = {
  'runs-on'?: unknown
  uses?: string
  with?: Record<string, unknown>
  steps?: Step[]
  permissions?: unknown
  strategy?: unknown
}
type Workflow = {
  name?: string
  on?: Record<string, { inputs?: Record<string, unknown> } | null>
  permissions?: unknown
  jobs?: Record<string, Job>
}

const dir = path.join(ROOT, '.github/workflows')
const files = readdirSync(dir).filter(f => /\.ya?ml$/.test(f))
const load = (file: string): Workflow => parse(readFileSync(path.join(dir, file), 'utf8')) as Workflow
const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  name: string
  description: string
  branding: { icon: string; color: string }
  inputs: Record<string, { description?: string; required?: boolean; default?: string }>
  outputs: Record<string, unknown>
  runs: { using: string; main: string }
}

describe('action.yml', () => {
  it('is a node24 action whose entry point exists', () => {
    expect(action.runs.using).toBe('node24')
    expect(existsSync(path.join(ROOT, action.runs.main))).toBe(true)
  })
  it('has a Marketplace name, description and branding', () => {
    expect(action.name.length).toBeGreaterThan(0)
    expect(action.description.length).toBeLessThan(300)
    expect(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']).toContain(
      action.branding.color
    )
    expect(action.branding.icon).toMatch(/^[a-z-]+$/)
  })
  it('marks required only what has no default', () => {
    for (const [name, input] of Object.entries(action.inputs))
      if (input.required) expect(input.default, name).toBeUndefined()
  })
})

describe.each(files)('.github/workflows/%s', file => {
  const workflow = load(file)
  const jobs = Object.entries(workflow.jobs ?? {})

  it('has a name, triggers, jobs and explicit permissions', () => {
    expect(workflow.name).toBeTruthy()
    expect(workflow.on).toBeTruthy()
    expect(jobs.length).toBeGreaterThan(0)
    expect(workflow.permissions, 'least permissions are declared, not inherited').toBeDefined()
  })

  it('has jobs that either run steps or call a workflow that exists', () => {
    for (const [name, job] of jobs) {
      if (job.uses) {
        expect(job.uses, name).toMatch(/^\.\/\.github\/workflows\/.+\.ya?ml$/)
        const called = load(path.basename(job.uses))
        const declared = Object.keys(called.on?.workflow_call?.inputs ?? {})
        for (const key of Object.keys(job.with ?? {})) expect(declared, `${name} passes ${key}`).toContain(key)
      } else {
        expect(job['runs-on'], name).toBeTruthy()
        expect(job.steps?.length, name).toBeGreaterThan(0)
      }
    }
  })

  it('has steps that use or run, never both', () => {
    for (const [, job] of jobs)
      for (const step of job.steps ?? [])
        expect(Boolean(step.uses) !== Boolean(step.run), JSON.stringify(step)).toBe(true)
  })

  it('gives this action only inputs it declares', () => {
    for (const [, job] of jobs) {
      for (const step of job.steps ?? []) {
        if (step.uses !== './') continue
        for (const key of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs), key).toContain(key)
      }
    }
  })

  it('puts no ${{ }} expression inside run: (values go through env:)', () => {
    for (const [, job] of jobs) for (const step of job.steps ?? []) if (step.run) expect(step.run).not.toMatch(/\$\{\{/)
  })

  it('pins other actions to a commit, with the tag in a comment (dependabot keeps both current)', () => {
    const text = readFileSync(path.join(dir, file), 'utf8')
    for (const [, job] of jobs) {
      for (const step of job.steps ?? []) {
        if (!step.uses || step.uses.startsWith('./')) continue
        expect(step.uses).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/)
        expect(text).toMatch(
          new RegExp(`uses: ${step.uses.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} # v\\d+\\.\\d+\\.\\d+$`, 'm')
        )
      }
    }
  })

  it('checks out without keeping a token for later steps, where it runs npm ci', () => {
    for (const [, job] of jobs) {
      const steps = job.steps ?? []
      if (!steps.some(s => s.run?.includes('npm ci'))) continue
      for (const step of steps.filter(s => s.uses?.startsWith('actions/checkout@')))
        expect(step.with?.['persist-credentials'], `${file}: checkout before npm ci`).toBe(false)
    }
  })

  it('reads only outputs this action declares', () => {
    const text = readFileSync(path.join(dir, file), 'utf8')
    const ids = jobs.flatMap(([, job]) => (job.steps ?? []).filter(s => s.uses === './' && s.id).map(s => s.id!))
    for (const id of ids) {
      for (const m of text.matchAll(new RegExp(`steps\\.${id}\\.outputs\\.([\\w-]+)`, 'g')))
        expect(Object.keys(action.outputs)).toContain(m[1])
    }
  })
})

describe('ci.yml', () => {
  it('gives no job a write token on pull requests', () => {
    const ci = load('ci.yml') as Workflow & { jobs: Record<string, Job & { if?: string }> }
    for (const [name, job] of Object.entries(ci.jobs)) {
      if (!JSON.stringify(job.permissions ?? {}).includes('write')) continue
      expect(job.if, `${name} has a write permission`).toMatch(/github\.event_name != 'pull_request'/)
    }
  })
})

describe('examples', () => {
  it('are all run by CI in dry-run', () => {
    const ci = load('ci.yml')
    const called = Object.values(ci.jobs ?? {})
      .filter(j => j.uses)
      .map(j => path.basename(j.uses!))
    expect(called.sort()).toEqual(files.filter(f => f.startsWith('example-')).sort())
    for (const job of Object.values(ci.jobs ?? {})) if (job.uses) expect(job.with?.['dry-run']).toBe(true)
  })
})
