/**
 * The workflows are linted by actionlint (test/support/actionlint.ts): syntax, expressions and
 * their types, `uses: ./` inputs and outputs against action.yml, called workflows and their
 * inputs, permission names, untrusted values in run:. What follows it here is what actionlint does
 * not check and this project asks: least permissions declared, actions pinned to a commit with the
 * tag beside it, no expression at all inside run:, no token kept for npm ci, the film uploaded as
 * one file, every example run by CI in dry-run. action.yml itself: node24, Marketplace fields.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { actionlint } from '../support/actionlint.js'
import { ROOT } from '../support/run-action.js'
import { tempDir } from '../support/temp.js'

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
const uploads = (jobs: [string, Job][]): Step[] =>
  jobs.flatMap(([, job]) => (job.steps ?? []).filter(s => s.uses?.startsWith('actions/upload-artifact@')))
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

// What actionlint 1.7.7 reports that is not a mistake here: it predates node24 (1.7.8 knows it);
// the action.yml tests above hold runs.using to node24.
const NODE24 = /^invalid runner name "node24" at runs\.using /

async function mistakes(file: string): Promise<string[]> {
  return (await actionlint(file))
    .filter(f => !NODE24.test(f.message))
    .map(f => `${path.basename(file)}:${f.line}:${f.column} [${f.kind}] ${f.message}`)
}

describe('actionlint', () => {
  it('reads the repository: local actions and called workflows are checked only in a git checkout', () => {
    expect(existsSync(path.join(ROOT, '.git'))).toBe(true)
  })

  it('finds a real mistake: an unknown input and an unknown output of uses: ./, a missing workflow', async () => {
    const repo = tempDir('actionlint-')
    mkdirSync(path.join(repo, '.git'))
    mkdirSync(path.join(repo, '.github/workflows'), { recursive: true })
    copyFileSync(path.join(ROOT, 'action.yml'), path.join(repo, 'action.yml'))
    const broken = path.join(repo, '.github/workflows/example-minimal.yml')
    writeFileSync(
      broken,
      readFileSync(path.join(dir, 'example-minimal.yml'), 'utf8')
        .replace('first-frame:', 'first-fram:')
        .replace('steps.video.outputs.task_id', 'steps.video.outputs.taskid')
    )
    const ci = path.join(repo, '.github/workflows/ci.yml')
    writeFileSync(ci, readFileSync(path.join(dir, 'ci.yml'), 'utf8'))
    const found = (await mistakes(broken)).join('\n')
    expect(found).toMatch(/\[action\] input "first-fram" is not defined in action "MiniMax/)
    expect(found).toMatch(/\[expression\] property "taskid" is not defined/)
    expect((await mistakes(ci)).join('\n')).toMatch(/could not read reusable workflow file .*example-batch\.yml/)
  })
})

describe.each(files)('.github/workflows/%s', file => {
  const workflow = load(file)
  const jobs = Object.entries(workflow.jobs ?? {})

  it('passes actionlint', async () => {
    expect(await mistakes(path.join(dir, file))).toEqual([])
  })

  it('has a name and explicit permissions', () => {
    expect(workflow.name).toBeTruthy()
    expect(workflow.permissions, 'least permissions are declared, not inherited').toBeDefined()
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

  it('uploads unzipped (archive: false) only one file, which upload-artifact v7 requires', () => {
    for (const { name, with: inputs = {} } of uploads(jobs)) {
      if (inputs.archive !== false) continue
      expect(String(inputs.path), name).not.toMatch(/[*?\n]|\/$/)
      expect(inputs.name, `${name}: the artifact takes the file's name`).toBeUndefined()
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
  it('upload the video they keep as it is, one click away on the run page (archive: false)', () => {
    const keeping = files.filter(f => f.startsWith('example-') && uploads(Object.entries(load(f).jobs ?? {})).length)
    expect(keeping.length).toBeGreaterThan(0)
    for (const f of keeping) {
      const steps = uploads(Object.entries(load(f).jobs ?? {}))
      expect(
        steps.some(s => s.with?.archive === false && /outputs\.video_path/.test(String(s.with.path))),
        f
      ).toBe(true)
    }
  })
})
