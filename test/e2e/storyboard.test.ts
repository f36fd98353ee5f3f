/**
 * Storyboards end to end: dist/index.js against the stand-in, which serves real H.264 clips
 * (test/fixtures/clips), with per-task delays and failures. The joined film is checked with
 * mediabunny's own demuxer, and decoded by ffprobe where it is installed.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { probeClip } from '../../src/video/join.js'
import { verifyFilm } from '../support/film.js'
import { leaks, runAgainst, withServer } from '../support/fixtures.js'
import { jpeg, png } from '../support/images.js'
import { newWorkspace } from '../support/run-action.js'

const CLIPS = path.resolve(import.meta.dirname, '../fixtures/clips')
const clip = (name: string): Buffer => readFileSync(path.join(CLIPS, `${name}.mp4`))
const FAST = { wait: 'true', 'poll-interval': '0.05', 'retry-initial-delay': '0.01', 'submit-rate': '600' }
const hasFfprobe = (() => {
  try {
    execFileSync('ffprobe', ['-version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

/** A workspace with board/storyboard.yml and its keyframes (1280x720 each unless told). */
function storyboardWorkspace(yml: string, frames: Record<string, Buffer> = {}): string {
  const workspace = newWorkspace()
  mkdirSync(path.join(workspace, 'board'))
  const files = {
    'k1.png': png(1280, 720),
    'k2.png': png(1280, 720, { size: 5000 }),
    'k3.jpg': jpeg(1280, 720),
    ...frames
  }
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(workspace, 'board', name), bytes)
  writeFileSync(path.join(workspace, 'board/storyboard.yml'), yml)
  return workspace
}

const THREE = `resolution: 768P
keyframes:
  - image: k1.png
    prompt: The boat leaves the shore [推进]
    duration: 10
  - image: k2.png
    prompt: It drifts across the pond
  - image: k3.jpg
`

describe('a storyboard', () => {
  it('becomes one clip per pair of keyframes, generated in parallel and joined into one film', async () => {
    const workspace = storyboardWorkspace(THREE)
    await withServer(
      async server => {
        const run = await runAgainst(
          server,
          { storyboard: 'board/storyboard.yml', 'output-path': 'out/film.mp4', ...FAST },
          { workspace }
        )
        expect(run.errors).toEqual([])
        expect(run.code).toBe(0)

        // Two paid tasks, each valid against the contract, with the keyframes' bytes as sent.
        expect(server.submits).toHaveLength(2)
        const k2 = readFileSync(path.join(workspace, 'board/k2.png')).toString('base64')
        const bodies = server.submits.map(s => s.body!).sort((a, b) => (a.duration as number) - (b.duration as number))
        for (const s of server.submits) expect(s.contract.errors).toEqual([])
        expect(bodies.map(b => [b.duration, b.prompt])).toEqual([
          [6, 'It drifts across the pond'],
          [10, 'The boat leaves the shore [推进]']
        ])
        // The middle keyframe ends the first clip and starts the second.
        expect(bodies[1]!.last_frame_image).toBe(`data:image/png;base64,${k2}`)
        expect(bodies[0]!.first_frame_image).toBe(`data:image/png;base64,${k2}`)

        // Outputs: task ids in clip order, one segment per clip, the film and its length.
        const ids = JSON.parse(run.outputs.task_ids!) as string[]
        const byClip = [10, 6].map(d => server.submits.find(s => s.body?.duration === d)!.taskId)
        expect(ids).toEqual(byClip)
        expect(run.outputs.task_id).toBeUndefined()
        const segments = JSON.parse(run.outputs.segments!) as Array<Record<string, unknown>>
        expect(segments).toEqual([
          {
            index: 0,
            first_frame: 'k1.png',
            last_frame: 'k2.png',
            prompt: 'The boat leaves the shore [推进]',
            duration: 10,
            task_id: ids[0],
            status: 'Success',
            video_path: path.join(workspace, 'out/film.mp4.clips/01.mp4'),
            fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
            cache_hit: false
          },
          expect.objectContaining({ index: 1, first_frame: 'k2.png', last_frame: 'k3.jpg', task_id: ids[1] })
        ])
        const film = path.join(workspace, 'out/film.mp4')
        expect(run.outputs.video_path).toBe(film)
        expect(Number(run.outputs.video_duration)).toBeCloseTo(1.96, 2) // 2 s less one frame period at the seam

        // Each task id was announced the moment it existed; one progress line per round.
        for (const id of ids) expect(run.notices.join('\n')).toContain(`MiniMax task ${id} created`)
        expect(run.stdout).toMatch(/^2 of 2 clips done, 0 processing, 0 failed, \d+s$/m)

        // The film: the clips' frames and duration, in order, with the clips' codec parameters.
        const clips = await Promise.all(['01', '02'].map(n => probeClip(path.join(`${film}.clips`, `${n}.mp4`))))
        const report = await verifyFilm(film, clips)
        expect(report.problems).toEqual([])
        expect(report.frames).toBe(49) // v1-a's copy of the shared picture left out
        if (hasFfprobe) {
          const errors = execFileSync('ffmpeg', ['-v', 'error', '-i', film, '-f', 'null', '-'], { encoding: 'utf8' })
          expect(errors).toBe('')
        }

        const row = /\| 1 \| `k1\.png` → `k2\.png` \| 10 s \| The boat leaves the shore \\\[推进\\\] \| 4\.00 CNY \|/
        expect(run.summary).toMatch(new RegExp(`${row.source} done \\| \`\\d+\` \\|`))
        expect(run.summary).toContain('### Film')
        expect(leaks(run)).toEqual([])
      },
      { clips: [clip('v1-a'), clip('v1-b')], script: i => ({ durationMs: 150 + 100 * i }) }
    )
  })

  it('reports every problem of the file at once, with the keyframe and its line, and sends nothing', async () => {
    const yml = `resolution: 768P
duration: 7
keyframes:
  - image: k1.png
    promt: a typo
  - image: tall.png
    duration: 10
  - image: missing.png
  - image: k3.jpg
    prompt: the last keyframe takes no prompt
`
    const workspace = storyboardWorkspace(yml, { 'tall.png': png(720, 1280) })
    await withServer(async server => {
      const run = await runAgainst(
        server,
        { storyboard: 'board/storyboard.yml', 'first-frame': 'board/k1.png' },
        { workspace }
      )
      expect(run.code).toBe(1)
      const errors = run.errors.join('\n')
      expect(errors).toMatch(/^first-frame: must be empty when storyboard is set/m)
      expect(errors).toMatch(/board\/storyboard\.yml line 5: keyframes\[0\]\.promt: unknown key; did you mean prompt\?/)
      expect(errors).toMatch(/line 2: duration: must be 6 or 10 \(seconds\) for MiniMax-Hailuo-02; got 7/)
      expect(errors).toMatch(/line 6: keyframes\[1\]\.image is 720x1280 \(0\.563\), but keyframes\[0\] is 1280x720/)
      expect(errors).toMatch(
        /line 8: keyframes\[2\]\.image: no file at .*missing\.png \(relative paths start at the storyboard's folder/
      )
      expect(errors).toMatch(/line 10: keyframes\[3\]\.prompt: the last keyframe ends the film/)
      // Annotated on the file's lines.
      expect(run.stdout).toMatch(/^::error title=Input storyboard,file=board\/storyboard\.yml,line=5::/m)
      expect(server.requests).toEqual({ submit: 0, query: 0, retrieve: 0, download: 0 })
    })
  })

  it('keeps going when a clip fails, then fails naming it, and keeps the clips it has', async () => {
    const workspace = storyboardWorkspace(THREE)
    await withServer(
      async server => {
        const run = await runAgainst(server, { storyboard: 'board/storyboard.yml', ...FAST }, { workspace })
        expect(run.code).toBe(1)
        const ids = JSON.parse(run.outputs.task_ids!) as string[]
        const failedId = server.submits.find(s => s.body?.duration === 6)!.taskId
        expect(run.errors.join('\n')).toMatch(
          new RegExp(
            `1 of 2 clips failed.*\\n- clip 2 \\(task ${failedId}\\): MiniMax reports that task ${failedId} failed`
          )
        )
        expect(ids).toHaveLength(2)
        expect(existsSync(path.join(workspace, 'storyboard.mp4.clips/01.mp4'))).toBe(true)
        expect(existsSync(path.join(workspace, 'storyboard.mp4'))).toBe(false)
        const segments = JSON.parse(run.outputs.segments!) as Array<{ status: string; video_path: string | null }>
        expect(segments.map(s => s.status)).toEqual(['Success', 'Fail'])
        expect(run.summary).toMatch(/\| 2 \| .* \| failed: MiniMax reports/)
      },
      {
        clips: [clip('v1-a'), clip('v1-b')],
        // The pacer sends the clips in film order: the second task created is clip 2's, and it fails.
        script: i => (i === 1 ? { statuses: ['Processing', 'Fail'] } : undefined)
      }
    )
  })
})

describe('a storyboard, other ways', () => {
  it('with wait: false submits every clip and outputs the task ids, without waiting or joining', async () => {
    const workspace = storyboardWorkspace(THREE)
    await withServer(async server => {
      const run = await runAgainst(server, { storyboard: 'board/storyboard.yml', 'submit-rate': '600' }, { workspace })
      expect(run.errors).toEqual([])
      expect(JSON.parse(run.outputs.task_ids!)).toEqual([...server.tasks.keys()])
      expect(server.requests.query + server.requests.download).toBe(0)
      expect(run.outputs.video_path).toBeUndefined()
    })
  })

  it('is refused when it would pay for more tasks than max-paid-tasks', async () => {
    const workspace = storyboardWorkspace(THREE)
    await withServer(async server => {
      const run = await runAgainst(server, { storyboard: 'board/storyboard.yml', 'max-paid-tasks': '1' }, { workspace })
      expect(run.code).toBe(1)
      expect(run.errors[0]).toMatch(/^max-paid-tasks: is 1, but board\/storyboard\.yml would pay for 2 new tasks/)
      expect(server.requests.submit).toBe(0)
    })
  })

  it('in a dry run prints the plan and what a real run would pay for, and sends nothing', async () => {
    const workspace = storyboardWorkspace(THREE)
    await withServer(async server => {
      const run = await runAgainst(server, { storyboard: 'board/storyboard.yml', 'dry-run': 'true' }, { workspace })
      expect(run.errors).toEqual([])
      expect(run.stdout).toContain('A real run would pay for 2 new tasks, then join the 2 clips (16 s of video)')
      expect(run.stdout).toContain('clip 1: "k1.png" -> "k2.png", 10 s')
      expect(server.requests.submit).toBe(0)
      expect(run.summary).toContain('would be paid for')
    })
  })

  it('paces the submits for all clips together, and a rate limit slows it down without dropping a clip', async () => {
    const yml = `keyframes:\n${[1, 2, 3, 4].map(i => `  - image: k${i}.png\n`).join('')}`
    const workspace = storyboardWorkspace(yml, { 'k4.png': png(1280, 720), 'k3.png': png(1280, 720) })
    await withServer(async server => {
      // 120 a minute: one every 0.5 s. The second submit is rate-limited once.
      server.fail('submit', {}, { http: 429, headers: { 'retry-after': '0' } })
      const run = await runAgainst(
        server,
        { storyboard: 'board/storyboard.yml', 'submit-rate': '120', 'retry-initial-delay': '0.01' },
        { workspace }
      )
      expect(run.errors).toEqual([])
      expect(server.tasksCreated).toBe(3)
      // Four requests: three tasks, and the 429 sent again as soon as its Retry-After (0 s) allowed.
      expect(server.submits).toHaveLength(4)
      const retried = server.submits.findIndex(s => !s.taskId)
      expect(server.submits[retried + 1]!.at - server.submits[retried]!.at).toBeLessThan(300)
      const times = server.submits.filter(s => s.taskId).map(s => s.startedAt)
      const gaps = times.slice(1).map((t, i) => t - times[i]!)
      // The clips' tasks the pacer's 0.5 s apart; after the 429 the spacing doubled to 1 s. (Measured
      // where the requests arrive, so a loaded machine shifts a gap a little: unpaced, they would be ~0,
      // and undoubled 0.5 s.)
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(400)
      expect(gaps.at(-1)).toBeGreaterThanOrEqual(750)
      expect(JSON.parse(run.outputs.task_ids!)).toHaveLength(3)
    }, {})
  })

  it('refuses to join clips whose codec parameters differ, naming the difference, and keeps them', async () => {
    const workspace = storyboardWorkspace(THREE)
    await withServer(
      async server => {
        const run = await runAgainst(server, { storyboard: 'board/storyboard.yml', ...FAST }, { workspace })
        expect(run.code).toBe(1)
        expect(run.errors.join('\n')).toMatch(/clip 2 \(02\.mp4\): frame size is 320x180, clip 1 has 256x144/)
        expect(run.errors.join('\n')).toMatch(/The clips are kept in .*storyboard\.mp4\.clips/)
        const segments = JSON.parse(run.outputs.segments!) as Array<{ video_path: string }>
        for (const s of segments) expect(existsSync(s.video_path)).toBe(true)
      },
      { clips: [clip('v1-a'), clip('mismatch')] }
    )
  })

  it('outputs every task id when the runner cancels it mid-way', async () => {
    const workspace = storyboardWorkspace(THREE)
    await withServer(
      async server => {
        let signalled = false
        const run = await runAgainst(
          server,
          { storyboard: 'board/storyboard.yml', ...FAST },
          {
            workspace,
            onOutput: (stdout, child) => {
              if (!signalled && /0 of 2 clips done, 2 processing/.test(stdout)) {
                signalled = true
                child.kill('SIGINT')
              }
            }
          }
        )
        expect(signalled).toBe(true)
        expect(run.code).toBe(1)
        expect(JSON.parse(run.outputs.task_ids!)).toEqual([...server.tasks.keys()])
        expect(run.summary).toContain('MiniMax storyboard')
      },
      { clips: [clip('v1-a')], script: () => ({ durationMs: 60_000 }) }
    )
  })
})
