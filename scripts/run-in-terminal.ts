/**
 * Run the action the way the GitHub runner does (INPUT_* variables, GITHUB_OUTPUT and
 * GITHUB_STEP_SUMMARY files) and show it in a terminal: the inputs as given, the log with
 * workflow commands rendered, the outputs (the last value written wins, as on the runner) and the
 * job summary. Shared by npm run demo (dist/) and npm run local (src/).
 */
import { spawn } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { parseOutputFile, runnerEnvironment } from '../test/support/run-action.ts'
import { bold, dim, green, red, renderLogLine, renderMarkdown } from './terminal.ts'

export interface TerminalRun {
  /** Lines printed under the title. */
  notes: string[]
  /** node arguments: the entry point, and any flags before it. */
  nodeArgs: string[]
  inputs: Record<string, string>
  /** Other environment variables (GITHUB_*, RUNNER_DEBUG...). */
  env?: Record<string, string>
  workspace: string
}

const SECRET = /^(api-key|github-token)$/

export async function runInTerminal(run: TerminalRun): Promise<number> {
  const runner = runnerEnvironment(run.inputs, run.workspace)
  const { outputFile, summaryFile } = runner
  const env: Record<string, string | undefined> = { ...process.env, ...runner.env, ...run.env }

  console.log(bold('MiniMax first-and-last-frame video: a local run of the action'))
  for (const note of run.notes) console.log(note)
  console.log()
  console.log(bold('INPUTS'))
  for (const [name, value] of Object.entries(run.inputs))
    console.log(`  ${name.padEnd(14)} ${SECRET.test(name) ? '***' : value}`)
  console.log()
  console.log(bold('ACTION LOG'))

  const child = spawn(process.execPath, run.nodeArgs, { cwd: run.workspace, env, stdio: ['ignore', 'pipe', 'inherit'] })
  let pending = ''
  const show = (line: string): void => {
    const shown = renderLogLine(line, Boolean(env.RUNNER_DEBUG))
    if (shown !== undefined) console.log(`  ${shown}`)
  }
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    lines.forEach(show)
  })
  const code = await new Promise<number>(resolve => child.on('close', c => resolve(c ?? 1)))
  if (pending) show(pending)

  const outputs = Object.entries(parseOutputFile(readFileSync(outputFile, 'utf8')))
  const summary = readFileSync(summaryFile, 'utf8')
  rmSync(runner.dir, { recursive: true, force: true })
  console.log()
  console.log(bold('OUTPUTS'))
  if (outputs.length === 0) console.log(dim('  (none)'))
  for (const [name, value] of outputs) console.log(`  ${name.padEnd(14)} ${value}`)
  if (summary.trim()) {
    console.log()
    console.log(bold('JOB SUMMARY'))
    console.log(renderMarkdown(summary).replace(/^/gm, '  '))
  }
  console.log()
  console.log(code === 0 ? green('✔ the action succeeded') : red(`✖ the action failed (exit code ${code})`))
  return code
}
