/**
 * MiniMax-H3 and MiniMax-H3-Max end to end: dist/index.js against the stand-in's V2 API, which
 * checks every create body against minimax-v2-video.openapi.yaml and serves real clips with an
 * AAC stereo track. Each status path, each error status, resume by task-id, cancellation of a
 * queued task on SIGINT, and a storyboard whose film keeps its sound.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { probeClip } from '../../src/video/join.js'
import { verifyFilm } from '../support/film.js'
import type { StandInServer } from '../stand-in/minimax-server.js'
import { leaks, runAgainst, withServer } from '../support/fixtures.js'
import { png } from '../support/images.js'
import { newWorkspace } from '../support/run-action.js'

const CLIPS = path.resolve(import.meta.dirname, '../fixtures/clips')
const clip = (name: string): Buffer => readFileSync(path.join(CLIPS, `${name}.mp4`))
const FAST = { wait: 'true', 'poll-interval': '0.05', 'retry-initial-delay': '0.01' }
const H3 = {
  model: 'MiniMax-H3',
  resolution: '768P',
  duration: '8',
  prompt: 'The paper boat drifts across the pond and stops at the stone steps.',
  'first-frame': 'https://cdn.example.com/start.png',
  'last-frame': 'https://cdn.example.com/end.png'
}

type Content = Array<{ type: string; text?: string; role?: string; image_url?: { url: string } }>

describe('MiniMax-H3 through the V2 API', () => {
  it('sends content[] with roles, follows queued -> running -> succeeded, and keeps the sound', async () => {
    await withServer(async server => {
      const run = await runAgainst(server, { ...H3, ...FAST, 'output-path': 'out/h3.mp4' })
      expect(run.errors).toEqual([])
      expect(run.code).toBe(0)

      expect(server.requests.submit).toBe(0)
      expect(server.requests.submit2).toBe(1)
      const sent = server.submits[0]!
      expect(sent.contract.errors).toEqual([])
      expect(sent.body).toEqual({
        model: 'MiniMax-H3',
        content: [
          { type: 'text', text: H3.prompt },
          { type: 'image_url', image_url: { url: H3['first-frame'] }, role: 'first_frame' },
          { type: 'image_url', image_url: { url: H3['last-frame'] }, role: 'last_frame' }
        ],
        resolution: '768P',
        duration: 8,
        ratio: 'adaptive'
      })

      const task = [...server.tasks.values()][0]!
      for (const status of ['queued', 'running', 'succeeded'])
        expect(run.stdout).toMatch(new RegExp(`\\[\\d+ s\\] Task ${task.id}: ${status}`))
      const video = path.join(run.workspace, 'out/h3.mp4')
      expect(readFileSync(video).equals(clip('v2-a'))).toBe(true)
      const info = await probeClip(video)
      expect(run.outputs).toEqual({
        // 1080P 6 s / 768P 8 s at the list price of the host's currency (CNY for any host but api.minimax.io)
        estimated_cost: '4.00 CNY',
        task_id: task.id,
        status: 'succeeded',
        // V2 has no file: the link comes with the task
        download_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/download\//),
        video_path: video,
        video_width: String(info.video.codedWidth),
        video_height: String(info.video.codedHeight),
        video_duration: info.video.duration.toFixed(3),
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        cache_hit: 'false'
      })
      expect(run.stdout).toMatch(/Video written: .*h3\.mp4 \(\d+ bytes, \d+x\d+, [\d.]+ s, sound: mp4a\.40\.2, stereo/)
      expect(run.notices.join('\n')).toContain(`MiniMax task ${task.id} created (MiniMax-H3, 768P, 8 s)`)
      expect(run.summary).toContain('- **Status:** succeeded')
      expect(run.summary).toMatch(/- \*\*Sound:\*\* mp4a\.40\.2, stereo, \d+ Hz\n/)
      expect(leaks(run)).toEqual([])
    })
  })

  it('makes a clip from a last frame alone, and sends the watermark only when it is asked for', async () => {
    await withServer(async server => {
      const { 'first-frame': _first, ...lastOnly } = H3
      const run = await runAgainst(server, { ...lastOnly, 'aigc-watermark': 'true' })
      expect(run.errors).toEqual([])
      const body = server.submits[0]!.body!
      expect(server.submits[0]!.contract.errors).toEqual([])
      expect((body.content as Content).map(c => c.role ?? c.type)).toEqual(['text', 'last_frame'])
      expect(body.aigc_watermark).toBe(true)
      expect(run.outputs.task_id).toMatch(/^\d+$/)
    })
  })

  it('sends prompt-expansion to MiniMax-H3-Max as extra.prompt_expansion_mode', async () => {
    await withServer(async server => {
      const run = await runAgainst(server, {
        ...H3,
        model: 'MiniMax-H3-Max',
        resolution: '480P',
        'prompt-expansion': 'quality'
      })
      expect(run.errors).toEqual([])
      expect(server.submits[0]!.contract.errors).toEqual([])
      expect(server.submits[0]!.body).toMatchObject({
        model: 'MiniMax-H3-Max',
        resolution: '480P',
        extra: { prompt_expansion_mode: 'quality' }
      })
    })
  })

  it('sends a frame file as a data URL in its image_url', async () => {
    const workspace = newWorkspace()
    const frame = png(1280, 720)
    writeFileSync(path.join(workspace, 'end.png'), frame)
    await withServer(async server => {
      const run = await runAgainst(
        server,
        { ...H3, 'first-frame': '', 'last-frame': 'end.png', duration: '4' },
        { workspace }
      )
      expect(run.errors).toEqual([])
      const content = server.submits[0]!.body!.content as Content
      expect(content[1]).toEqual({
        type: 'image_url',
        image_url: { url: `data:image/png;base64,${frame.toString('base64')}` },
        role: 'last_frame'
      })
    })
  })
})

describe('V2 tasks that end without a video', () => {
  it('explains a failed task with its error code, from the same table as V1', async () => {
    await withServer(
      async server => {
        const run = await runAgainst(server, { ...H3, ...FAST })
        expect(run.code).toBe(1)
        const error = run.errors.join('\n')
        expect(error).toMatch(
          /task \d+ failed with MiniMax error 1026, input contains sensitive content \("video description contains/
        )
        expect(error).toMatch(/No video was made; change the prompt or the frames/)
        expect(run.outputs.status).toBe('failed')
        expect(run.outputs.task_id).toMatch(/^\d+$/)
      },
      { v2Statuses: ['queued', 'running', 'failed'] }
    )
  })

  it.each([
    ['cancelled', /was cancelled \(status cancelled\).*nothing is charged for it/],
    ['expired', /expired \(status expired\).*nothing is charged for it/]
  ])('ends the wait on %s, and says nothing was charged', async (status, message) => {
    await withServer(
      async server => {
        const run = await runAgainst(server, { ...H3, ...FAST })
        expect(run.code).toBe(1)
        expect(run.errors.join('\n')).toMatch(message)
        expect(run.outputs.status).toBe(status)
        expect(server.requests.download).toBe(0)
      },
      { v2Statuses: ['queued', status] }
    )
  })
})

describe('V2 errors, mapped to the same retry policy as V1', () => {
  it.each([
    [401, 1004, /HTTP 401, request_id [0-9a-f]{32}, MiniMax error 1004, not authorized.*api-key secret/],
    [402, 1008, /HTTP 402, request_id [0-9a-f]{32}, MiniMax error 1008, insufficient balance.*Top up/],
    [422, 1026, /HTTP 422, request_id [0-9a-f]{32}, MiniMax error 1026, input contains sensitive content/]
  ])('a submit answered %d (code %d) is not repeated, and is explained', async (http, code, message) => {
    await withServer(async server => {
      server.always.submit2 = { http, code }
      const run = await runAgainst(server, { ...H3, ...FAST })
      expect(run.code).toBe(1)
      expect(server.requests.submit2).toBe(1)
      expect(run.errors.join('\n')).toMatch(message)
      expect(run.outputs.task_id).toBeUndefined()
    })
  })

  it('says that V2 needs a pay-as-you-go key when a 2013 mentions the Token Plan', async () => {
    await withServer(async server => {
      server.always.submit2 = { http: 400, code: 2013, msg: 'token plan key does not support this model' }
      const run = await runAgainst(server, H3)
      expect(run.code).toBe(1)
      expect(server.requests.submit2).toBe(1)
      expect(run.errors.join('\n')).toMatch(/MiniMax error 2013.*take a pay-as-you-go API key/)
    })
  })

  it.each([429, 503, 529])('a submit answered %d is sent again (no task was made) and succeeds', async http => {
    await withServer(async server => {
      server.fail('submit2', { http })
      const run = await runAgainst(server, { ...H3, ...FAST })
      expect(run.errors).toEqual([])
      expect(server.requests.submit2).toBe(2)
      expect(server.tasks.size).toBe(1)
      expect(run.outputs.status).toBe('succeeded')
    })
  })

  it.each([500, 502, 504])(
    'a submit answered %d is not sent again: the task it made is found in the task list and collected',
    async http => {
      await withServer(async server => {
        server.fail('submit2', { http, createTask: true })
        const run = await runAgainst(server, { ...H3, ...FAST })
        expect(run.errors).toEqual([])
        expect(server.requests.submit2).toBe(1)
        expect(server.tasks.size).toBe(1)
        const taskId = [...server.tasks.keys()][0]!
        expect(server.requests.list2).toBeGreaterThan(0)
        expect(run.warnings.join('\n')).toMatch(
          new RegExp(
            `HTTP ${http}, request_id [0-9a-f]{32}.*task list shows exactly one MiniMax-H3 task ` +
              `\\(768P, 8 s\\) created meanwhile, task ${taskId}`
          )
        )
        expect(run.outputs).toMatchObject({ task_id: taskId, status: 'succeeded' })
      })
    }
  )

  it('a submit answered 500 that made no task: not sent again, and the task list says so', async () => {
    await withServer(async server => {
      server.fail('submit2', { http: 500 })
      const run = await runAgainst(server, { ...H3, ...FAST })
      expect(run.code).toBe(1)
      expect(server.requests.submit2).toBe(1)
      expect(run.errors.join('\n')).toMatch(
        /HTTP 500.*may have reached MiniMax.*not sent again.*task list shows no MiniMax-H3 task \(768P, 8 s\) created/
      )
      expect(run.outputs.task_id).toBeUndefined()
    })
  })

  it('does not guess when the task list shows two tasks that could be the lost one', async () => {
    await withServer(async server => {
      const other = await runAgainst(server, H3)
      server.fail('submit2', { http: 502, createTask: true })
      const run = await runAgainst(server, H3)
      expect(run.code).toBe(1)
      expect(server.requests.submit2).toBe(2)
      const ids = [...server.tasks.keys()]
      expect(ids[0]).toBe(other.outputs.task_id)
      expect(run.errors.join('\n')).toMatch(
        /shows 2 MiniMax-H3 tasks \(768P, 8 s\) created meanwhile.*collect it with task-id/
      )
      for (const id of ids) expect(run.errors.join('\n')).toContain(id)
      expect(run.outputs.task_id).toBeUndefined()
    })
  })

  it('rides out a 5xx on a status query, then collects the video', async () => {
    await withServer(async server => {
      server.fail('query2', { http: 500 }, { http: 529 })
      const run = await runAgainst(server, { ...H3, ...FAST })
      expect(run.errors).toEqual([])
      expect(run.outputs.status).toBe('succeeded')
      expect(server.requests.submit2).toBe(1)
    })
  })
})

describe('collecting a V2 task with task-id', () => {
  it('queries and downloads it without submitting anything', async () => {
    await withServer(async server => {
      const first = await runAgainst(server, H3)
      const taskId = first.outputs.task_id!
      const run = await runAgainst(server, { 'task-id': taskId, model: 'MiniMax-H3', ...FAST })
      expect(run.errors).toEqual([])
      expect(server.requests.submit2).toBe(1)
      expect(run.outputs).toMatchObject({ task_id: taskId, status: 'succeeded' })
      expect(existsSync(run.outputs.video_path!)).toBe(true)
    })
  })

  it('explains a task id MiniMax does not know (older than 7 days, or another key)', async () => {
    await withServer(async server => {
      const run = await runAgainst(server, { 'task-id': '176843862716480999', model: 'MiniMax-H3', ...FAST })
      expect(run.code).toBe(1)
      expect(run.errors.join('\n')).toMatch(/HTTP 400.*MiniMax error 2013.*keeps V2 tasks for 7 days/)
    })
  })
})

describe('the runner cancelling a V2 run (SIGINT)', () => {
  /** An H3 run that the runner cancels as soon as its log shows `seen`. */
  async function cancelledWhen(server: StandInServer, seen: RegExp) {
    let signalled = false
    const run = await runAgainst(
      server,
      { ...H3, ...FAST },
      {
        onOutput: (stdout, child) => {
          if (!signalled && seen.test(stdout)) {
            signalled = true
            child.kill('SIGINT')
          }
        }
      }
    )
    expect(signalled).toBe(true)
    expect(run.code).toBe(1)
    return run
  }

  it('cancels the task while it is still queued (no charge), and says so', async () => {
    await withServer(
      async server => {
        const run = await cancelledWhen(server, /Task \d+: queued/)
        const taskId = run.outputs.task_id!
        expect(server.deletes.map(d => [d.taskId, d.action])).toEqual([[taskId, 'cancelled']])
        expect(run.stdout).toContain(`Cancelled task ${taskId}, which had not started: MiniMax charges nothing for it.`)
        expect(run.outputs.status).toBe('cancelled')
        expect(run.summary).toContain('1 cancellation')
        expect(leaks(run)).toEqual([])
      },
      { v2Statuses: ['queued'] }
    )
  })

  it('asks first, and does not send the DELETE to a task that has started since it was last seen', async () => {
    await withServer(
      async server => {
        // The log shows queued; the status check the cancel asks for first finds the task running.
        const run = await cancelledWhen(server, /Task \d+: queued/)
        expect(server.deletes).toEqual([])
        expect(server.requests.query2).toBeGreaterThanOrEqual(2)
        expect(run.outputs.status).toBe('running')
      },
      { v2Statuses: ['queued', 'running'] }
    )
  })

  it('leaves a running task alone: it is paid for, and its id is in the outputs', async () => {
    await withServer(
      async server => {
        const run = await cancelledWhen(server, /Task \d+: running/)
        expect(server.deletes).toEqual([])
        expect(run.outputs).toMatchObject({ task_id: expect.stringMatching(/^\d+$/), status: 'running' })
      },
      { v2Statuses: ['running'] }
    )
  })
})

describe('a storyboard with MiniMax-H3', () => {
  it('joins clips with sound into one film whose sound stays in step at every seam', async () => {
    const workspace = newWorkspace()
    mkdirSync(path.join(workspace, 'board'))
    for (const [name, size] of [
      ['k1.png', 1000],
      ['k2.png', 2000],
      ['k3.png', 3000]
    ] as const) {
      writeFileSync(path.join(workspace, 'board', name), png(1280, 720, { size }))
    }
    writeFileSync(
      path.join(workspace, 'board/storyboard.yml'),
      `resolution: 768P
duration: 5
keyframes:
  - image: k1.png
    prompt: The boat leaves the shore
  - image: k2.png
    prompt: It drifts across the pond
    duration: 12
  - image: k3.png
`
    )
    await withServer(
      async server => {
        const run = await runAgainst(
          server,
          { storyboard: 'board/storyboard.yml', model: 'MiniMax-H3', 'output-path': 'out/film.mp4', ...FAST },
          { workspace }
        )
        expect(run.errors).toEqual([])
        expect(run.code).toBe(0)
        expect(server.requests.submit2).toBe(2)
        for (const s of server.submits) expect(s.contract.errors).toEqual([])
        expect(server.submits.map(s => s.body!.duration).sort()).toEqual([12, 5])

        const film = path.join(workspace, 'out/film.mp4')
        const clips = await Promise.all(['01', '02'].map(n => probeClip(path.join(`${film}.clips`, `${n}.mp4`))))
        expect(clips.every(c => c.audio?.channels === 2)).toBe(true)
        const report = await verifyFilm(film, clips)
        expect(report.problems).toEqual([])
        expect(report.audioPackets).toBeGreaterThan(0)
        expect(Number(run.outputs.video_duration)).toBeCloseTo(report.duration, 2)
        const segments = JSON.parse(run.outputs.segments!) as Array<{ status: string }>
        expect(segments.map(s => s.status)).toEqual(['succeeded', 'succeeded'])
      },
      // Either may end the film (tasks are created in parallel): both have sound to the video's end.
      { v2Clips: [clip('v2-a'), clip('v2-c')], script: i => ({ durationMs: 100 + 100 * i }) }
    )
  })
})

/** A storyboard of three clips of one kind (768P, 6 s): the task list alone cannot tell them apart. */
function sameKindBoard(): string {
  const workspace = newWorkspace()
  mkdirSync(path.join(workspace, 'board'))
  for (const name of ['k1.png', 'k2.png', 'k3.png', 'k4.png']) {
    writeFileSync(path.join(workspace, 'board', name), png(1280, 720, { size: 1000 + name.charCodeAt(1) * 10 }))
  }
  writeFileSync(
    path.join(workspace, 'board/storyboard.yml'),
    `duration: 6
keyframes:
  - { image: k1.png, prompt: one }
  - { image: k2.png, prompt: two }
  - { image: k3.png, prompt: three }
  - image: k4.png
`
  )
  return workspace
}

describe('a storyboard with MiniMax-H3 whose submit answer is lost', () => {
  it("finds the lost clip's task once every other clip's id is known, and pays for nothing twice", async () => {
    const workspace = sameKindBoard()
    await withServer(
      async server => {
        server.fail('submit2', { http: 502, createTask: true, delayMs: 50 })
        const run = await runAgainst(
          server,
          { storyboard: 'board/storyboard.yml', model: 'MiniMax-H3', ...FAST },
          { workspace }
        )
        expect(run.errors).toEqual([])
        expect(server.requests.submit2).toBe(3)
        expect(server.tasks.size).toBe(3)
        const ids = JSON.parse(run.outputs.task_ids!) as string[]
        expect(new Set(ids)).toEqual(new Set(server.tasks.keys()))
        expect(run.warnings.join('\n')).toMatch(/task list shows exactly one MiniMax-H3 task \(768P, 6 s\)/)
      },
      { v2Clips: [clip('v2-c')] }
    )
  })
})

describe('a storyboard with MiniMax-H3 whose submit answers are lost twice', () => {
  it('takes no task when two lost answers of one kind cannot be told apart', async () => {
    const workspace = sameKindBoard()
    await withServer(
      async server => {
        // Two answers lost; only the first request made a task.
        server.fail('submit2', { http: 502, createTask: true, delayMs: 50 }, { http: 502, delayMs: 50 })
        const run = await runAgainst(
          server,
          { storyboard: 'board/storyboard.yml', model: 'MiniMax-H3', ...FAST },
          { workspace }
        )
        expect(run.code).toBe(1)
        expect(server.requests.submit2).toBe(3)
        const ids = (JSON.parse(run.outputs.task_ids!) as Array<string | null>).filter(Boolean)
        expect(ids).toHaveLength(1)
        expect(run.errors.join('\n')).toMatch(/2 answers for MiniMax-H3 tasks \(768P, 6 s\) were lost in this run/)
      },
      { v2Clips: [clip('v2-c')] }
    )
  })
})

describe('a dry run with MiniMax-H3', () => {
  it('prints the V2 request it would send, and sends nothing', async () => {
    await withServer(async server => {
      const run = await runAgainst(server, { ...H3, 'dry-run': 'true' })
      expect(run.errors).toEqual([])
      expect(run.stdout).toContain(`POST ${server.url}/v2/video_generation`)
      expect(run.stdout).toContain('"role": "first_frame"')
      expect(server.requests.submit2).toBe(0)
    })
  })
})
