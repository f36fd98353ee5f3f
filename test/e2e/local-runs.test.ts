/** The README's commands, run as a newcomer runs them. */
import { spawn } from 'node:child_process'
import { writeFileSync, existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseDotEnv } from '../../scripts/dotenv.js'
import { ROOT } from '../support/run-action.js'
import { tempDir } from '../support/temp.js'

function script(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise(resolve => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1' }
    })
    let out = ''
    child.stdout.on('data', d => (out += d))
    child.stderr.on('data', d => (out += d))
    child.on('close', code => resolve({ code, out }))
  })
}

describe('npm run demo', () => {
  it('runs the built action end to end against the stand-in server and prints the task id', async () => {
    const video = path.join(tempDir('demo-'), 'video.mp4')
    const { code, out } = await script(['scripts/demo.ts', 'poll-interval=0.05', `output-path=${video}`])
    expect(code, out).toBe(0)
    expect(out).toMatch(/task_id\s+\d{18}/)
    expect(out).toMatch(/Task \d{18}: Success/)
    expect(out).toContain('JOB SUMMARY')
    expect(out).not.toContain('::')
    expect(existsSync(video)).toBe(true)
  })

  it('shows a refusal as readably (512P)', async () => {
    const { code, out } = await script(['scripts/demo.ts', 'resolution=512P'])
    expect(code).toBe(1)
    expect(out).toMatch(/✖ error {2}resolution: 512P is not offered/)
    expect(out).toMatch(/nothing was sent to MiniMax/)
  })
})

describe('npm run local', () => {
  it('runs the sources with inputs from a .env file', async () => {
    const dir = tempDir('local-')
    const env = path.join(dir, 'test.env')
    writeFileSync(
      env,
      `# a comment\nINPUT_API-KEY=k\nINPUT_LAST-FRAME=examples/frames/end.jpg\nINPUT_PROMPT="quoted ` +
        `[推进]"\nINPUT_DRY-RUN=true\n`
    )
    const { code, out } = await script(['scripts/local.ts', env])
    expect(code, out).toBe(0)
    expect(out).toContain('running src/index.ts from source')
    expect(out).toContain('Nothing was sent (dry-run: true).')
    expect(out).toContain('"prompt": "quoted [推进]"')
  })

  it('reads the .env format', () => {
    expect(parseDotEnv('A=1\n# B=2\nexport C=\'x y\'\nINPUT_API-KEY = "k"\nbad line\n')).toEqual({
      A: '1',
      C: 'x y',
      'INPUT_API-KEY': 'k'
    })
  })
})
