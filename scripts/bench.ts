/**
 * npm run bench: the action against the shell pipeline a user would write, measured side by side
 * in one run on this machine. Prints medians and ratios; fails nothing (a noisy machine is not a
 * failed build).
 *
 *   npm run bench                  5 rounds (after a warm-up round)
 *   npm run bench -- --rounds 11   more rounds
 *
 * 1. Two 19 MB frames submitted to the stand-in server: the action (node dist/index.js, run as the
 *    runner runs it) vs `{ printf ...; base64 -w0 a.png; ...; } | curl --data-binary @-` posting
 *    the same body to the same server.
 * 2. Peak memory (RSS) above a bare `node -e 0`, against the base64 payload.
 * 3. A dry-run with two small frames vs the floor of any @actions/core 3 action (a bundled script
 *    that imports it, reads one input and prints one line) and vs `node -e 0`.
 * 4. Peak memory at frame sizes 1, 5, 10 and 19 MB: it should stay flat.
 * 5. The join alone (its ncc bundle, a whole process): 5 clips against `ffmpeg -f concat -c copy`
 *    (which keeps both copies of each seam's shared picture; the join shows it one frame period),
 *    where ffmpeg is installed; peak memory joining 2 and 10 clips. The clips are 1366x768 6 s
 *    H.264, made once with ffmpeg into node_modules/.bench-clips (the test fixtures without it).
 * 6. A 5-clip storyboard with scripted generation times: the action's wall time against the
 *    ideal (the pacing, the slowest clip, and the join).
 * 7. A 20-clip storyboard against the GitHub Actions cache stand-in at 300 ms a call: what the
 *    first run recorded, and an unchanged re-run: what it paid (goal: 0) and the time it spent in
 *    cache calls (goal: under 3 s, not 2N lookups in a row).
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { CacheServer } from '../test/stand-in/cache-server.ts'
import { StandInServer } from '../test/stand-in/minimax-server.ts'
import { png } from '../test/support/images.ts'
import { runnerEnvironment } from '../test/support/run-action.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const roundsArg = process.argv.indexOf('--rounds')
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 5
const MB = 1024 * 1024
const TIME = '/usr/bin/time'
const hasTime = existsSync(TIME)
const hasFfmpeg = (() => {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
const work = mkdtempSync(path.join(tmpdir(), 'bench-'))
// Every runner environment the bench makes lands in its work folder, removed at the end.
process.env.TMPDIR = work

interface Sample {
  ms: number
  rssKb?: number
  /** For a submit: how long the server took to receive the body, first byte to last. */
  receiveMs?: number
}

/** Run a command; wall time from spawn to exit, peak RSS from GNU time when it is there. */
async function measure(command: string, args: string[], env: Record<string, string> = {}): Promise<Sample> {
  const rssFile = path.join(work, 'rss')
  const [cmd, argv] = hasTime ? [TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args]
  const started = performance.now()
  const child = spawn(cmd, argv, {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr.on('data', d => (stderr += d))
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  const ms = performance.now() - started
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`)
  const rssKb = hasTime ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : undefined
  return { ms, rssKb }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

/** Alternate the contenders round by round (after one warm-up round) and keep every sample. */
async function race(contenders: Record<string, () => Promise<Sample>>, n = rounds): Promise<Record<string, Sample[]>> {
  const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(contenders).map(k => [k, []]))
  for (const run of Object.values(contenders)) await run() // warm-up
  for (let round = 0; round < n; round++) {
    const order = Object.entries(contenders)
    if (round % 2) order.reverse()
    for (const [name, run] of order) samples[name]!.push(await run())
  }
  return samples
}

const node = path.join(root, 'node_modules/.bin/node')
const nodeBin = existsSync(node) ? node : process.execPath
const dist = path.join(root, 'dist/index.js')

function actionEnv(server: StandInServer, inputs: Record<string, string>): Record<string, string> {
  return runnerEnvironment({ 'api-key': 'bench-key', 'base-url': server.url, ...inputs }, work).env
}

function frames(sizeMb: number): [string, string] {
  const a = path.join(work, `a-${sizeMb}.png`)
  const b = path.join(work, `b-${sizeMb}.png`)
  if (!existsSync(a)) {
    writeFileSync(a, png(1920, 1080, { size: Math.round(sizeMb * MB) }))
    writeFileSync(b, png(1920, 1080, { size: Math.round(sizeMb * MB) + 7 }))
  }
  return [a, b]
}

/** The body the action sends, as a shell pipeline builds it: same fields, same order, same bytes. */
function pipeline(server: StandInServer, a: string, b: string): string {
  const head = `{"model":"MiniMax-Hailuo-02","first_frame_image":"data:image/png;base64,`
  const mid = `","last_frame_image":"data:image/png;base64,`
  const tail = `","prompt_optimizer":true,"duration":6,"resolution":"768P","aigc_watermark":false}`
  return (
    `{ printf '%s' '${head}'; base64 -w0 '${a}'; printf '%s' '${mid}'; base64 -w0 '${b}'; printf '%s' '${tail}'; } | ` +
    `curl -sS -o /dev/null --data-binary @- -H 'content-type: application/json' -H 'authorization: Bearer ` +
    `bench-key' ${server.url}/v1/video_generation`
  )
}

/** The floor of any @actions/core 3 action, bundled the same way as ours (ncc, ESM). */
function buildFloor(): string {
  const dir = path.join(root, 'node_modules/.bench-floor')
  execFileSync('mkdir', ['-p', dir])
  writeFileSync(
    path.join(dir, 'index.js'),
    "import * as core from '@actions/core'\nconsole.log(core.getInput('who'))\n"
  )
  const out = path.join(work, 'floor')
  execFileSync(
    nodeBin,
    [path.join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', path.join(dir, 'index.js'), '-o', out, '-q'],
    { cwd: root }
  )
  return path.join(out, 'index.js')
}

const fmt = (ms: number): string => `${ms.toFixed(1)} ms`
const kb = (k: number | undefined): string => (k === undefined ? 'n/a' : `${(k / 1024).toFixed(1)} MB`)

console.log(
  `bench: node ${execFileSync(nodeBin, ['--version']).toString().trim()}, ${rounds} rounds after a warm-up, ` +
    `medians; peak RSS ${hasTime ? 'from GNU time' : 'not measured (no /usr/bin/time)'}`
)

// The server checks every body against the contract, as in the tests: the same work for both sides.
const server = await StandInServer.start({ keepBodies: false })
try {
  // 1 and 2: two 19 MB frames.
  const [a, b] = frames(19)
  const payload = 2 * 4 * Math.ceil((19 * MB) / 3)
  const withReceive = async (sample: Promise<Sample>): Promise<Sample> => ({
    ...(await sample),
    receiveMs: server.submits.at(-1)?.receiveMs
  })
  const big = await race({
    action: () => withReceive(measure(nodeBin, [dist], actionEnv(server, { 'first-frame': a, 'last-frame': b }))),
    'shell pipeline': () => withReceive(measure('sh', ['-c', pipeline(server, a, b)])),
    'node -e 0': () => measure(nodeBin, ['-e', '0'])
  })
  const sizes = new Set(server.submits.map(s => s.bytes))
  if (sizes.size !== 1 || server.submits.some(s => !s.contract.ok))
    throw new Error(`the two sides sent different or invalid bodies: ${[...sizes].join(', ')} bytes`)
  const action = median(big.action!.map(s => s.ms))
  const shell = median(big['shell pipeline']!.map(s => s.ms))
  const bareRss = median(big['node -e 0']!.map(s => s.rssKb ?? 0))
  const actionRss = median(big.action!.map(s => s.rssKb ?? 0))
  console.log(`\n1. Two 19 MB frames to the stand-in server (${[...sizes][0]} bytes sent by each side)`)
  console.log(`   action          ${fmt(action)}`)
  console.log(`   shell pipeline  ${fmt(shell)}`)
  console.log(`   ratio action / shell pipeline: ${(action / shell).toFixed(2)}x (target <= 1.00x)`)
  const receive = (name: string): number => median(big[name]!.map(s => s.receiveMs ?? 0))
  console.log(
    `   the server received the body in ${fmt(receive('action'))} from the action, ` +
      `${fmt(receive('shell pipeline'))} from curl;`
  )
  console.log(`   the rest of the gap is time to the first byte: node start-up and the checks vs base64 of both files`)
  const floor = buildFloor()
  if (hasTime) {
    const floorRss = median(
      (await race({ floor: () => measure(nodeBin, [floor], { INPUT_WHO: 'bench' }) }, 3)).floor!.map(s => s.rssKb ?? 0)
    )
    const above = actionRss - bareRss
    console.log(
      `\n2. Peak memory: action ${kb(actionRss)}, node -e 0 ${kb(bareRss)}, @actions/core floor ${kb(floorRss)}`
    )
    console.log(
      `   ratio (action - node -e 0) / base64 payload (${(payload / MB).toFixed(1)} MB): ` +
        `${((above * 1024) / payload).toFixed(2)}x (target <= 0.25x)`
    )
    console.log(
      `   of which merely loading @actions/core (the floor) is ${kb(floorRss - bareRss)} = ` +
        `${(((floorRss - bareRss) * 1024) / payload).toFixed(2)}x;`
    )
    console.log(
      `   above the floor: ${kb(actionRss - floorRss)} = ` +
        `${(((actionRss - floorRss) * 1024) / payload).toFixed(2)}x of the payload`
    )
  }

  // 3: dry-run with two small frames vs the floor.
  const small = frames(0.05)
  const dry = await race(
    {
      'action dry-run': () =>
        measure(
          nodeBin,
          [dist],
          actionEnv(server, { 'first-frame': small[0], 'last-frame': small[1], 'dry-run': 'true' })
        ),
      '@actions/core floor': () => measure(nodeBin, [floor], { INPUT_WHO: 'bench' }),
      'node -e 0': () => measure(nodeBin, ['-e', '0'])
    },
    Math.max(rounds * 4, 30)
  )
  const dryMs = median(dry['action dry-run']!.map(s => s.ms))
  const floorMs = median(dry['@actions/core floor']!.map(s => s.ms))
  const bareMs = median(dry['node -e 0']!.map(s => s.ms))
  console.log(`\n3. Start-up: a dry-run with two small frames (${Math.max(rounds * 4, 30)} rounds)`)
  console.log(`   action dry-run       ${fmt(dryMs)}`)
  console.log(`   @actions/core floor  ${fmt(floorMs)}`)
  console.log(`   node -e 0            ${fmt(bareMs)}`)
  console.log(
    `   ratio dry-run / floor: ${(dryMs / floorMs).toFixed(2)}x (target <= 1.20x); floor / node -e 0: ` +
      `${(floorMs / bareMs).toFixed(2)}x; dry-run / node -e 0: ${(dryMs / bareMs).toFixed(2)}x`
  )

  // 4: memory at several frame sizes.
  if (hasTime) {
    console.log('\n4. Peak memory by frame size (two frames each; median of 3)')
    console.log('   frame size  base64 payload  action RSS  above node -e 0  ratio to payload')
    for (const size of [1, 5, 10, 19]) {
      const [fa, fb] = frames(size)
      const runs = await race(
        { action: () => measure(nodeBin, [dist], actionEnv(server, { 'first-frame': fa, 'last-frame': fb })) },
        3
      )
      const rss = median(runs.action!.map(s => s.rssKb ?? 0))
      const pay = 2 * 4 * Math.ceil((size * MB) / 3)
      console.log(
        `   ${`${size} MB`.padEnd(10)}  ${`${(pay / MB).toFixed(1)} MB`.padEnd(14)}  ${kb(rss).padEnd(10)}  ` +
          `${kb(rss - bareRss).padEnd(15)}  ${(((rss - bareRss) * 1024) / pay).toFixed(2)}x`
      )
    }
  }
  await benchStoryboard()
  await benchCacheReRun()
} finally {
  rmSync(work, { recursive: true, force: true })
  await server.close()
}

/** 1366x768 6 s H.264 clips like MiniMax's 768P, made once with ffmpeg; the tiny test fixtures without it. */
function benchClips(): { files: string[]; real: boolean } {
  const fixtures = path.join(root, 'test/fixtures/clips')
  const fallback = ['v1-a', 'v1-b', 'v1-c'].map(n => path.join(fixtures, `${n}.mp4`))
  if (!hasFfmpeg) return { files: Array.from({ length: 10 }, (_, i) => fallback[i % 3]!), real: false }
  const dir = path.join(root, 'node_modules/.bench-clips')
  mkdirSync(dir, { recursive: true })
  const files = Array.from({ length: 10 }, (_, i) => path.join(dir, `c${i}.mp4`))
  for (const [i, file] of files.entries()) {
    if (existsSync(file)) continue
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi'],
      ...['-i', `testsrc2=s=1366x768:r=24,hue=h=${i * 36},noise=alls=9:allf=t,trim=end_frame=144`],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '24', '-pix_fmt', 'yuv420p', '-profile:v', 'high'],
      ...['-map_metadata', '-1', '-fflags', '+bitexact', file]
    ])
  }
  return { files, real: true }
}

async function benchStoryboard(): Promise<void> {
  const { files, real } = benchClips()
  const note = real ? '1366x768 6 s clips' : 'the tiny test fixtures (ffmpeg is not installed)'

  // The join alone, as a whole process, from its own ncc bundle (the way the action loads it).
  const joinBundle = path.join(work, 'join')
  execFileSync(
    nodeBin,
    [path.join(root, 'node_modules/@vercel/ncc/dist/ncc/cli.js'), 'build', 'src/video/join.ts'].concat([
      '-o',
      joinBundle,
      '-q'
    ]),
    { cwd: root }
  )
  const runner = path.join(work, 'join-run.mjs')
  writeFileSync(
    runner,
    'const [b, out, ...clips] = process.argv.slice(2)\nawait (await import(b)).joinClips({ clips, output: out })\n'
  )
  const film = path.join(work, 'film.mp4')
  const join = (n: number) => () =>
    measure(nodeBin, [runner, path.join(joinBundle, 'index.js'), film, ...files.slice(0, n)])
  const list = path.join(work, 'list.txt')
  writeFileSync(
    list,
    files
      .slice(0, 5)
      .map(f => `file '${f}'`)
      .join('\n')
  )
  const ffmpeg = () =>
    measure('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'concat',
      '-safe',
      '0',
      '-i',
      list,
      '-c',
      'copy',
      path.join(work, 'ff.mp4')
    ])
  const joins = await race(
    hasFfmpeg ? { 'join 5 clips': join(5), 'ffmpeg concat 5 clips': ffmpeg } : { 'join 5 clips': join(5) }
  )
  const joinMs = median(joins['join 5 clips']!.map(s => s.ms))
  console.log(`\n5. The join alone, 5 clips (${note}), a whole process each`)
  console.log(`   join (mediabunny)   ${fmt(joinMs)}`)
  if (hasFfmpeg) {
    const ffMs = median(joins['ffmpeg concat 5 clips']!.map(s => s.ms))
    console.log(`   ffmpeg -c copy      ${fmt(ffMs)}`)
    // Recorded, not a goal: the join does more than -c copy (the checks, one frame period per seam).
    console.log(`   ratio join / ffmpeg: ${(joinMs / ffMs).toFixed(2)}x (no worse than 1.15x)`)
  }
  if (hasTime) {
    const memory = await race({ '2 clips': join(2), '10 clips': join(10) }, 3)
    const two = median(memory['2 clips']!.map(s => s.rssKb ?? 0))
    const ten = median(memory['10 clips']!.map(s => s.rssKb ?? 0))
    console.log(
      `   peak memory joining 2 clips ${kb(two)}, 10 clips ${kb(ten)}: +${kb(ten - two)} (goal: within 10 MB)`
    )
  }

  // A 5-clip storyboard: clip i takes durations[i] to generate; one submit a second.
  const durations = [3000, 2000, 4000, 2500, 3500]
  const interval = 1000
  const board = path.join(work, 'board')
  mkdirSync(board, { recursive: true })
  const frame = png(1280, 720)
  for (let i = 0; i <= durations.length; i++) writeFileSync(path.join(board, `k${i}.png`), frame)
  writeFileSync(
    path.join(board, 'storyboard.yml'),
    [
      'keyframes:',
      ...durations.map((_, i) => `  - image: k${i}.png\n    prompt: clip ${i}`),
      `  - image: k${durations.length}.png\n`
    ].join('\n')
  )
  const stand = await StandInServer.start({
    keepBodies: false,
    clips: files.slice(0, 5).map(f => readFileSync(f)),
    script: i => ({ durationMs: durations[i % durations.length] })
  })
  try {
    const inputs = {
      storyboard: path.join(board, 'storyboard.yml'),
      wait: 'true',
      'poll-interval': '0.1',
      'submit-rate': String(60_000 / interval),
      'output-path': path.join(work, 'storyboard-out/')
    }
    const runs = await race(
      { storyboard: () => measure(nodeBin, [dist], { ...actionEnv(stand, inputs), GITHUB_WORKSPACE: work }) },
      3
    )
    const wall = median(runs.storyboard!.map(s => s.ms))
    const slowest = Math.max(...durations.map((d, i) => i * interval + d))
    const ideal = slowest + joinMs
    console.log(
      `\n6. A 5-clip storyboard (${note}; generation ${durations.map(d => d / 1000).join(', ')} s; one submit a second)`
    )
    console.log(`   action wall time   ${fmt(wall)}`)
    console.log(
      `   ideal              ${fmt(ideal)} (pacing + slowest clip: ${fmt(slowest)}, + the join: ${fmt(joinMs)})`
    )
    console.log(`   ratio action / ideal: ${(wall / ideal).toFixed(2)}x (goal <= 1.10x)`)
  } finally {
    await stand.close()
  }
}

/** The action as the runner runs it, with its log and when each line came (ms from the start). */
async function runLogged(
  env: Record<string, string>
): Promise<{ ms: number; code: number | null; stdout: string; at: (line: RegExp) => number | undefined }> {
  const started = performance.now()
  const child = spawn(nodeBin, [dist], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'ignore']
  })
  let stdout = ''
  const lines: Array<[number, string]> = []
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    const now = performance.now() - started
    for (const line of d.split('\n')) lines.push([now, line])
    stdout += d
  })
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  const at = (line: RegExp): number | undefined => lines.find(([, text]) => line.test(text))?.[0]
  return { ms: performance.now() - started, code, stdout, at }
}

/**
 * 7. The records across runs in the GitHub Actions cache (its stand-in, the same twirp calls and
 * transfers as the real service) at 300 ms a call: a first run of a 20-clip storyboard, then an
 * unchanged re-run. The time in cache calls is the action's own (its debug line when the store
 * closes: time with at least one call running); the lookups' from when their log lines came.
 */
async function benchCacheReRun(): Promise<void> {
  const clips = 20
  const delayMs = 300
  const board = path.join(work, 'cache-board')
  mkdirSync(board, { recursive: true })
  // Every keyframe its own bytes, so each clip has its own fingerprint.
  for (let i = 0; i <= clips; i++) writeFileSync(path.join(board, `k${i}.png`), png(1280, 720, { size: 4000 + i }))
  const keyframes = Array.from({ length: clips + 1 }, (_, i) =>
    i < clips ? `  - image: k${i}.png\n    prompt: clip ${i}` : `  - image: k${i}.png`
  )
  writeFileSync(path.join(board, 'storyboard.yml'), ['keyframes:', ...keyframes, ''].join('\n'))
  const fixtures = path.join(root, 'test/fixtures/clips')
  const stand = await StandInServer.start({
    keepBodies: false,
    clips: ['v1-a', 'v1-b', 'v1-c'].map(n => readFileSync(path.join(fixtures, `${n}.mp4`)))
  })
  const cache = await CacheServer.start({ delayMs })
  try {
    const inputs = {
      storyboard: path.join(board, 'storyboard.yml'),
      wait: 'true',
      'poll-interval': '0.05',
      'submit-rate': '600',
      'max-paid-tasks': String(clips),
      'output-path': path.join(work, 'cache-board-out/')
    }
    const env = { ...actionEnv(stand, inputs), ...cache.env(), GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: work }
    const inCache = (stdout: string): string => {
      const line = /::debug::the GitHub Actions cache: (\d+) calls?, (\d+) ms in cache calls/.exec(stdout)
      return line ? `${line[1]} calls, ${fmt(Number(line[2]))}` : 'not reported'
    }
    const first = await runLogged(env)
    const recorded = cache.calls('FinalizeCacheEntryUpload').length
    const paidFirst = stand.requests.submit
    const again = await runLogged(env)
    const paid = stand.requests.submit - paidFirst
    const found = /In the GitHub Actions cache: (\d+) videos?/.exec(again.stdout)?.[1] ?? '0'
    const asked = again.at(/^::group::Looking for earlier runs/)
    const answered = again.at(/^In the GitHub Actions cache:/)
    const lookups = asked !== undefined && answered !== undefined ? fmt(answered - asked) : 'n/a'
    console.log(`\n7. A ${clips}-clip storyboard against the GitHub Actions cache stand-in at ${delayMs} ms a call`)
    console.log(
      `   first run         exit ${first.code}, paid ${paidFirst}, ${fmt(first.ms)}; ${recorded} entries recorded ` +
        `(goal: ${2 * clips}); in cache calls: ${inCache(first.stdout)}`
    )
    console.log(
      `   unchanged re-run  exit ${again.code}, paid ${paid} (goal: 0), ${fmt(again.ms)}; ${found} videos found`
    )
    console.log(`   re-run in cache calls: ${inCache(again.stdout)} with at least one running (goal: under 3 s)`)
    console.log(
      `   of which the ${2 * clips} lookups: ${lookups} (one after another: ${fmt(2 * clips * delayMs)}), then ` +
        `${found} restores`
    )
  } finally {
    await cache.close()
    await stand.close()
  }
}
