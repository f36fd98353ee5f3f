/**
 * Runs the action as the GitHub runner does: a node process with INPUT_* variables (action.yml's
 * defaults included), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and a workspace folder.
 *
 * Which action: `npm test` (and CI) runs the built dist/index.js, what the runner runs
 * (ACTION_UNDER_TEST=dist). `npx vitest` while iterating runs the TypeScript sources (Node 24's type
 * stripping with scripts/source-hooks.ts, as npm run local does), so a change in src/ is tested
 * without a build. ACTION_UNDER_TEST may also name another bundle's index.js (an older build, to
 * show that a new test fails there).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { tempDir } from './temp.ts'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const DIST = path.join(ROOT, 'dist/index.js')

/** The node arguments that start the action under test (see above). */
export function actionEntry(under = process.env.ACTION_UNDER_TEST): string[] {
  if (under === 'dist') return [DIST]
  if (under) return [path.resolve(under)]
  return ['--import', path.join(ROOT, 'scripts/source-hooks.ts'), path.join(ROOT, 'src/index.ts')]
}

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  workspace: string
  /** The `::error::` lines, decoded. */
  errors: string[]
  warnings: string[]
  notices: string[]
  ms: number
}

/** Parse a GITHUB_OUTPUT file: `name<<DELIM` / value lines / `DELIM`. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!)
    if (!m) {
      const eq = /^([^=]+)=(.*)$/.exec(lines[i]!)
      if (eq) out[eq[1]!] = eq[2]!
      continue
    }
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!)
    out[m[1]!] = value.join('\n')
  }
  return out
}

const unescape = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')

function commands(stdout: string, name: string): string[] {
  const found: string[] = []
  for (const line of stdout.split('\n')) {
    const m = new RegExp(`^::${name}(?: [^:]*)?::(.*)$`).exec(line)
    if (m) found.push(unescape(m[1]!))
  }
  return found
}

/** A fresh workspace folder, removed when the test file ends. */
export function newWorkspace(): string {
  return tempDir('action-ws-')
}

export interface RunnerEnvironment {
  /** GITHUB_WORKSPACE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP and the INPUT_* variables. */
  env: Record<string, string>
  outputFile: string
  summaryFile: string
  /** The folder holding those files (and RUNNER_TEMP): the caller removes it when done. */
  dir: string
}

/** What the runner puts for `${{ github.token }}`: a job token (a stand-in's, here). */
export const JOB_TOKEN = 'ghs_standInJobToken0000000000000000000'

/**
 * The inputs as the runner passes them: every input that has a default in action.yml is set to
 * it unless the step gives it (the runner evaluates expressions such as `${{ github.token }}`).
 * So the action cannot tell "left at its default" from "set to the default", and every run here
 * sees what it would see on GitHub.
 */
export function withActionDefaults(inputs: Record<string, string>): Record<string, string> {
  const declared = (
    parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>
    }
  ).inputs
  const defaults = Object.entries(declared).flatMap(([name, input]) =>
    input.default === undefined ? [] : [[name, input.default === '${{ github.token }}' ? JOB_TOKEN : input.default]]
  )
  return { ...Object.fromEntries(defaults), ...inputs }
}

/**
 * What the runner gives a step: each input as INPUT_<NAME> (upper case, spaces as _, hyphens
 * kept, as @actions/core reads them), action.yml's defaults included, and empty GITHUB_OUTPUT
 * and GITHUB_STEP_SUMMARY files in a fresh folder. Shared by the tests, npm run demo / local, and
 * npm run bench.
 */
export function runnerEnvironment(inputs: Record<string, string>, workspace: string): RunnerEnvironment {
  const files = mkdtempSync(path.join(tmpdir(), 'action-files-'))
  const outputFile = path.join(files, 'output')
  const summaryFile = path.join(files, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const env: Record<string, string> = {
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: files
  }
  for (const [name, value] of Object.entries(withActionDefaults(inputs)))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value
  return { env, outputFile, summaryFile, dir: files }
}

export async function runAction(
  inputs: Record<string, string>,
  options: {
    workspace?: string
    env?: Record<string, string>
    timeoutMs?: number
    /** Called with the log so far each time the action prints: to signal it mid-run, as a cancel would. */
    onOutput?: (stdout: string, child: ChildProcess) => void
  } = {}
): Promise<ActionRun> {
  const workspace = options.workspace ?? newWorkspace()
  const runner = runnerEnvironment(inputs, workspace)
  const { outputFile, summaryFile } = runner
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    // The tests' own temporary folder (global-setup.ts), so a leak by the action is caught too.
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    ...runner.env,
    ...options.env
  }
  const started = performance.now()
  const child = spawn(process.execPath, actionEntry(), { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', d => {
    stdout += d
    options.onOutput?.(stdout, child)
  })
  child.stderr.setEncoding('utf8').on('data', d => (stderr += d))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
  const code = await new Promise<number | null>(resolve => child.on('close', c => resolve(c)))
  clearTimeout(timer)
  const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'))
  const summary = readFileSync(summaryFile, 'utf8')
  rmSync(runner.dir, { recursive: true, force: true })
  return {
    code,
    stdout,
    stderr,
    outputs,
    summary,
    workspace,
    errors: commands(stdout, 'error'),
    warnings: commands(stdout, 'warning'),
    notices: commands(stdout, 'notice'),
    ms: performance.now() - started
  }
}
