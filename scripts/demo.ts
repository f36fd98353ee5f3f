/**
 * npm run demo: the whole journey on this machine. Starts the stand-in MiniMax server on
 * loopback, runs the built action (dist/index.js) the way the GitHub runner does, with the
 * sample frames in examples/frames, and shows the log, the outputs and the job summary.
 *
 *   npm run demo                            submit, wait, download (stand-in server)
 *   npm run demo -- resolution=512P         any input=value pair overrides the demo's inputs
 *   npm run demo -- dry-run=true
 *   npm run demo -- storyboard=examples/storyboard/storyboard.yml   keyframes -> clips -> one film
 *   npm run demo -- model=MiniMax-H3 duration=8                     the V2 API: any length 4-15 s, with sound
 *   MINIMAX_API_KEY=... npm run demo -- --live             the real API (creates a paid task)
 *   MINIMAX_API_KEY=... MINIMAX_BASE_URL=https://api.minimax.io npm run demo -- --live
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { StandInServer } from '../test/stand-in/minimax-server.ts'
import { runInTerminal } from './run-in-terminal.ts'
import { dim, red } from './terminal.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const live = args.includes('--live')
const overrides = Object.fromEntries(
  args.filter(a => a.includes('=')).map(a => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)])
)

if (live && !process.env.MINIMAX_API_KEY) {
  console.error(
    red(
      '--live needs MINIMAX_API_KEY in the environment (and MINIMAX_BASE_URL=https://api.minimax.io for an ' +
        'international account).'
    )
  )
  process.exit(2)
}

// The stand-in serves real little H.264 clips (test/fixtures/clips), so a storyboard's film plays.
const fixtures = path.join(root, 'test/fixtures/clips')
const clips = ['v1-a', 'v1-b', 'v1-c'].map(name => readFileSync(path.join(fixtures, `${name}.mp4`)))
// MiniMax-H3's clips have a stereo AAC track, and so do the stand-in's for V2 tasks.
const v2Clips = ['v2-a', 'v2-c'].map(name => readFileSync(path.join(fixtures, `${name}.mp4`)))
const server = live ? undefined : await StandInServer.start({ clips, v2Clips })
// A storyboard gives the frames and the prompts itself.
const single: Record<string, string> = overrides.storyboard
  ? {}
  : {
      'first-frame': 'examples/frames/start.png',
      'last-frame': 'examples/frames/end.jpg',
      prompt: 'Dawn turns to midday over the hills [推进], the sun climbs [上升]'
    }
const baseUrl = live ? (process.env.MINIMAX_BASE_URL ?? 'https://api.minimaxi.com') : (server?.url ?? '')
const code = await runInTerminal({
  notes: [
    live
      ? red(`  LIVE: sending to ${baseUrl} with your key (a real, paid task unless dry-run=true)`)
      : dim(`  stand-in MiniMax server on ${baseUrl}: nothing leaves this machine`),
    dim('  running node dist/index.js as the GitHub runner does (INPUT_*, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY)')
  ],
  nodeArgs: [path.join(root, 'dist/index.js')],
  workspace: root,
  inputs: {
    'api-key': live ? (process.env.MINIMAX_API_KEY ?? '') : 'demo-key-for-the-stand-in',
    ...single,
    resolution: '768P',
    duration: '6',
    wait: 'true',
    'poll-interval': live ? '10' : '0.5',
    'output-path': overrides.storyboard ? 'demo-output/' : 'demo-output/video.mp4',
    ...((overrides.storyboard && !live ? { 'submit-rate': '60' } : {}) as Record<string, string>),
    'base-url': baseUrl,
    ...overrides
  }
})
await server?.close()
process.exit(code)
