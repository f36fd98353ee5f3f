/**
 * npm run demo: the whole journey on this machine. Starts the stand-in MiniMax server on
 * loopback, runs the built action (dist/index.js) the way the GitHub runner does, with the
 * sample frames in examples/frames, and shows the log, the outputs and the job summary.
 *
 *   npm run demo                            submit, wait, download (stand-in server)
 *   npm run demo -- resolution=512P         any input=value pair overrides the demo's inputs
 *   npm run demo -- dry-run=true
 *   MINIMAX_API_KEY=... npm run demo -- --live             the real API (creates a paid task)
 *   MINIMAX_API_KEY=... MINIMAX_BASE_URL=https://api.minimax.io npm run demo -- --live
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { StandInServer } from '../test/stand-in/minimax-server.ts'
import { parseOutputFile } from '../test/support/run-action.ts'
import { bold, dim, green, red, renderLogLine, renderMarkdown } from './terminal.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const live = args.includes('--live')
const overrides = Object.fromEntries(args.filter(a => a.includes('=')).map(a => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]))

if (live && !process.env.MINIMAX_API_KEY) {
  console.error(red('--live needs MINIMAX_API_KEY in the environment (and MINIMAX_BASE_URL=https://api.minimax.io for an international account).'))
  process.exit(2)
}

const server = live ? undefined : await StandInServer.start()
const inputs: Record<string, string> = {
  'api-key': live ? (process.env.MINIMAX_API_KEY ?? '') : 'demo-key-for-the-stand-in',
  'first-frame': 'examples/frames/start.png',
  'last-frame': 'examples/frames/end.jpg',
  prompt: 'Dawn turns to midday over the hills [推进], the sun climbs [上升]',
  resolution: '768P',
  duration: '6',
  wait: 'true',
  'poll-interval': live ? '10' : '0.5',
  'output-path': 'demo-output/video.mp4',
  'base-url': live ? (process.env.MINIMAX_BASE_URL ?? 'https://api.minimaxi.com') : (server?.url ?? ''),
  ...overrides
}

const files = mkdtempSync(path.join(tmpdir(), 'demo-'))
const outputFile = path.join(files, 'output')
const summaryFile = path.join(files, 'summary')
writeFileSync(outputFile, '')
writeFileSync(summaryFile, '')
const env: Record<string, string | undefined> = { ...process.env, GITHUB_WORKSPACE: root, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile }
for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value

console.log(bold('MiniMax first-and-last-frame video: a local run of the action'))
console.log(live ? red(`  LIVE: sending to ${inputs['base-url']} with your key (a real, paid task unless dry-run=true)`) : dim(`  stand-in MiniMax server on ${server?.url}: nothing leaves this machine`))
console.log(dim('  running node dist/index.js as the GitHub runner does (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY)'))
console.log()
console.log(bold('INPUTS'))
for (const [name, value] of Object.entries(inputs)) console.log(`  ${name.padEnd(14)} ${name === 'api-key' ? '***' : value}`)
console.log()
console.log(bold('ACTION LOG'))

const child = spawn(process.execPath, [path.join(root, 'dist/index.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] })
let pending = ''
child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
  pending += chunk
  const lines = pending.split('\n')
  pending = lines.pop() ?? ''
  for (const line of lines) {
    const shown = renderLogLine(line, Boolean(process.env.RUNNER_DEBUG))
    if (shown !== undefined) console.log(`  ${shown}`)
  }
})
const code = await new Promise<number>(resolve => child.on('close', c => resolve(c ?? 1)))
await server?.close()

// As on the runner, the last value written for an output is the one a later step sees.
const outputs = Object.entries(parseOutputFile(readFileSync(outputFile, 'utf8')))
console.log()
console.log(bold('OUTPUTS'))
if (outputs.length === 0) console.log(dim('  (none)'))
for (const [name, value] of outputs) console.log(`  ${name.padEnd(14)} ${value}`)
const summary = readFileSync(summaryFile, 'utf8')
if (summary.trim()) {
  console.log()
  console.log(bold('JOB SUMMARY'))
  console.log(renderMarkdown(summary).replace(/^/gm, '  '))
}
console.log()
console.log(code === 0 ? green('✔ the action succeeded') : red(`✖ the action failed (exit code ${code})`))
process.exit(code)
