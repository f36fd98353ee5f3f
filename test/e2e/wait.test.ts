import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { GitHubStandIn } from '../stand-in/github-server.js'
import { leaks, runAgainst, withServer } from '../support/fixtures.js'
import { png } from '../support/images.js'
import { newWorkspace } from '../support/run-action.js'
import { tempDir } from '../support/temp.js'

const FAST = { wait: 'true', 'poll-interval': '0.05', 'retry-initial-delay': '0.01' }
const URL_FRAME = { 'last-frame': 'https://cdn.example.com/end.png' }

describe('waiting for the video', () => {
  it('follows the statuses to Success and writes the video byte for byte, with every output', async () => {
    await withServer(async server => {
      const run = await runAgainst(server, {
        ...URL_FRAME,
        ...FAST,
        resolution: '1080P',
        'output-path': 'videos/out/clip.mp4'
      })
      expect(run.errors).toEqual([])
      expect(run.code).toBe(0)
      const task = [...server.tasks.values()][0]!
      for (const status of ['Preparing', 'Queueing', 'Processing', 'Success'])
        expect(run.stdout).toMatch(new RegExp(`\\[\\d+ s\\] Task ${task.id}: ${status}`))
      const videoPath = path.join(run.workspace, 'videos/out/clip.mp4')
      expect(readFileSync(videoPath).equals(server.video)).toBe(true)
      expect(run.outputs).toEqual({
        // 1080P 6 s / 768P 8 s at the list price of the host's currency (CNY for any host but api.minimax.io)
        estimated_cost: '3.50 CNY',
        task_id: task.id,
        status: 'Success',
        // an 18-digit id that the retrieve answer sends as a bare JSON number survives digit for digit
        file_id: task.fileId,
        download_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/download\//),
        video_path: videoPath,
        // read from the video's tracks (the stand-in serves test/fixtures/clips/v1-a.mp4: 256x144, 1 s), not
        // from what the query claimed (1920x1080)
        video_width: '256',
        video_height: '144',
        video_duration: '1.000',
        fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
        cache_hit: 'false'
      })
      expect(run.stdout).toMatch(/Video written: .*clip\.mp4 \(13075 bytes, 256x144, 1\.00 s, no sound\)/)
      expect(task.fileId).toMatch(/^\d{18}$/)
      expect(server.downloads).toHaveLength(1)
      expect(server.downloads[0]?.authorization).toBeUndefined()
      expect(run.summary).toContain('- **Status:** Success')
      expect(run.summary).toContain(
        `- **Requests to MiniMax:** 1 submit, ${server.requests.query} status queries, 1 file retrieval\n`
      )
      expect(run.summary).toContain(`- **Size:** ${(server.video.length / 1024).toFixed(1)} KB`)
      expect(run.summary).toContain('- **Picture:** 256x144, 25 fps, 1.00 s')
      expect(run.summary).toContain('- **Path:** `videos/out/clip.mp4`')
      expect(run.summary).toMatch(/expires/)
      expect(readdirSync(path.dirname(videoPath))).toEqual(['clip.mp4'])
      expect(leaks(run)).toEqual([])
    })
  })

  it('writes <task_id>.mp4 in the workspace by default', async () => {
    await withServer(async server => {
      const run = await runAgainst(server, { ...URL_FRAME, ...FAST })
      expect(run.code).toBe(0)
      expect(existsSync(path.join(run.workspace, `${run.outputs.task_id}.mp4`))).toBe(true)
    })
  })

  it('fails on Fail with an error naming the task, and still outputs the task id', async () => {
    await withServer(
      async server => {
        const run = await runAgainst(server, { ...URL_FRAME, ...FAST })
        expect(run.code).toBe(1)
        const id = [...server.tasks.keys()][0]!
        expect(run.outputs.task_id).toBe(id)
        expect(run.outputs.status).toBe('Fail')
        expect(run.errors.join('\n')).toMatch(new RegExp(`task ${id} failed`))
        expect(server.requests.retrieve).toBe(0)
        expect(run.summary).toContain(id)
      },
      { statuses: ['Queueing', 'Processing', 'Fail'] }
    )
  })

  it('gives up at the deadline, saying the task may still finish and how to collect it', async () => {
    await withServer(
      async server => {
        const run = await runAgainst(server, { ...URL_FRAME, ...FAST, 'wait-timeout': '1', 'poll-interval': '0.2' })
        expect(run.code).toBe(1)
        const id = run.outputs.task_id
        expect(id).toMatch(/^\d{18}$/)
        expect(run.outputs.status).toBe('Processing')
        expect(run.errors.join('\n')).toMatch(new RegExp(`may still finish.*task-id: ${id}`))
        expect(run.ms).toBeLessThan(10_000)
      },
      { statuses: ['Processing'] }
    )
  })

  it('retries a download cut short and never leaves a partial file', async () => {
    await withServer(async server => {
      server.fail('download', { cutAfterBytes: 1000 }, { http: 503 })
      const run = await runAgainst(server, { ...URL_FRAME, ...FAST, 'output-path': 'out/v.mp4' })
      expect(run.errors).toEqual([])
      expect(server.requests.download).toBe(3)
      expect(readFileSync(path.join(run.workspace, 'out/v.mp4')).equals(server.video)).toBe(true)
      expect(readdirSync(path.join(run.workspace, 'out'))).toEqual(['v.mp4'])
    })
  })

  it('fails cleanly when every download is cut short, leaving nothing at output-path', async () => {
    await withServer(async server => {
      server.always.download = { cutAfterBytes: 1000 }
      const run = await runAgainst(server, { ...URL_FRAME, ...FAST, 'output-path': 'out/v.mp4', 'max-retries': '2' })
      expect(run.code).toBe(1)
      expect(server.requests.download).toBe(3)
      expect(run.errors.join('\n')).toMatch(/cut/)
      expect(readdirSync(path.join(run.workspace, 'out'))).toEqual([])
      expect(run.outputs.task_id).toMatch(/^\d+$/)
    })
  })

  it('refuses a download whose size is not the one MiniMax announced, after retrying it', async () => {
    await withServer(
      async server => {
        const run = await runAgainst(server, { ...URL_FRAME, ...FAST, 'output-path': 'out/v.mp4', 'max-retries': '1' })
        expect(run.code).toBe(1)
        expect(run.errors.join('\n')).toMatch(
          new RegExp(`got ${server.video.length} bytes, but MiniMax announced 1000000`)
        )
        expect(server.requests.download).toBe(2)
        expect(readdirSync(path.join(run.workspace, 'out'))).toEqual([])
      },
      { announcedBytes: 1_000_000 }
    )
  })

  it('refuses a download that is not an MP4', async () => {
    await withServer(
      async server => {
        const run = await runAgainst(server, { ...URL_FRAME, ...FAST, 'output-path': 'v.mp4' })
        expect(run.code).toBe(1)
        expect(run.errors.join('\n')).toMatch(/not an MP4/)
        expect(existsSync(path.join(run.workspace, 'v.mp4'))).toBe(false)
      },
      { video: Buffer.from('<html>expired</html>') }
    )
  })

  it('rides out a spell of 5xx, 1002 and an HTML page while polling', async () => {
    await withServer(async server => {
      server.fail(
        'query',
        { http: 503 },
        { code: 1002, msg: 'rate limit' },
        { http: 502, body: '<html>Bad gateway</html>', contentType: 'text/html' },
        { http: 500 },
        { code: 1001 },
        { http: 429, headers: { 'retry-after': '0' } },
        { code: 1033 }
      )
      const run = await runAgainst(server, { ...URL_FRAME, ...FAST, 'max-retries': '1' })
      expect(run.errors).toEqual([])
      expect(run.code).toBe(0)
      expect(run.outputs.status).toBe('Success')
      expect(server.requests.submit).toBe(1)
    })
  })

  it('fails at once on a final code while polling', async () => {
    await withServer(async server => {
      server.fail('query', { code: 1004 })
      const run = await runAgainst(server, { ...URL_FRAME, ...FAST })
      expect(run.code).toBe(1)
      expect(server.requests.query).toBe(1)
      expect(run.errors.join('\n')).toMatch(/1004.*tied to a region/)
    })
  })

  it('collects an existing task with task-id, without submitting again', async () => {
    await withServer(async server => {
      const first = await runAgainst(server, URL_FRAME)
      const id = first.outputs.task_id!
      const run = await runAgainst(server, { 'task-id': id, 'poll-interval': '0.05' })
      expect(run.errors).toEqual([])
      expect(server.requests.submit).toBe(1)
      expect(run.outputs.task_id).toBe(id)
      expect(run.outputs.status).toBe('Success')
      expect(readFileSync(run.outputs.video_path!).equals(server.video)).toBe(true)
      expect(run.summary).toContain('collecting a task')
    })
  })
})

describe('upload-to-release', () => {
  it('attaches the video to the release of a tag, replacing an earlier upload of the same name', async () => {
    const github = await GitHubStandIn.start()
    github.addRelease('v1.2.0', 42, ['clip.mp4'])
    try {
      await withServer(async server => {
        const env = { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'octo/demo', GITHUB_EVENT_NAME: 'push' }
        const run = await runAgainst(
          server,
          {
            ...URL_FRAME,
            ...FAST,
            'output-path': 'clip.mp4',
            'upload-to-release': 'v1.2.0',
            'github-token': 'ghs_token123'
          },
          { env }
        )
        expect(run.errors).toEqual([])
        expect(github.deleted).toHaveLength(1)
        expect(github.uploads).toHaveLength(1)
        expect(github.uploads[0]).toMatchObject({
          releaseId: 42,
          name: 'clip.mp4',
          contentType: 'video/mp4',
          authorization: 'token ghs_token123'
        })
        expect(github.uploads[0]?.bytes.equals(server.video)).toBe(true)
        expect(run.outputs.release_asset_url).toBe('https://github.example/octo/demo/releases/download/v1/clip.mp4')
        expect(leaks(run, 'ghs_token123')).toEqual([])
      })
    } finally {
      await github.close()
    }
  })

  it('with true, uses the release of the triggering release event', async () => {
    const github = await GitHubStandIn.start()
    github.addRelease('v2.0.0', 7)
    const dir = tempDir('event-')
    const eventPath = path.join(dir, 'event.json')
    writeFileSync(eventPath, JSON.stringify({ release: github.releaseJson('v2.0.0') }))
    try {
      await withServer(async server => {
        const env = {
          GITHUB_API_URL: github.url,
          GITHUB_REPOSITORY: 'octo/demo',
          GITHUB_EVENT_NAME: 'release',
          GITHUB_EVENT_PATH: eventPath
        }
        const run = await runAgainst(
          server,
          { ...URL_FRAME, ...FAST, 'upload-to-release': 'true', 'github-token': 'ghs_x' },
          { env }
        )
        expect(run.errors).toEqual([])
        expect(github.uploads[0]).toMatchObject({ releaseId: 7, name: `${run.outputs.task_id}.mp4` })
      })
    } finally {
      await github.close()
    }
  })

  it('with true outside a release event, is refused before anything is sent (a warning in a dry run)', async () => {
    await withServer(async server => {
      const env = { env: { GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'octo/demo' } }
      const run = await runAgainst(
        server,
        { ...URL_FRAME, ...FAST, 'upload-to-release': 'true', 'github-token': 'ghs_x' },
        env
      )
      expect(run.code).toBe(1)
      expect(run.errors[0]).toMatch(/^upload-to-release: is true, .*started by push; give a release tag instead/)
      expect(server.requests.submit).toBe(0)
      const dry = await runAgainst(
        server,
        { ...URL_FRAME, 'upload-to-release': 'true', 'github-token': 'ghs_x', 'dry-run': 'true' },
        env
      )
      expect(dry.code).toBe(0)
      expect(dry.warnings.join('\n')).toMatch(/a real run would be refused/)
    })
  })

  it('needs a github-token, checked before anything is sent', async () => {
    await withServer(async server => {
      const run = await runAgainst(server, { ...URL_FRAME, ...FAST, 'upload-to-release': 'v1.0.0', 'github-token': '' })
      expect(run.code).toBe(1)
      expect(run.errors[0]).toMatch(/^github-token: is empty, but upload-to-release needs a token/)
      expect(server.requests.submit).toBe(0)
    })
  })
})

describe('output-path', () => {
  it('naming a folder (existing, or ending in /) puts <task_id>.mp4 in it', async () => {
    await withServer(async server => {
      const run = await runAgainst(server, { ...URL_FRAME, ...FAST, 'output-path': 'videos/' })
      expect(run.errors).toEqual([])
      expect(run.outputs.video_path).toBe(path.join(run.workspace, 'videos', `${run.outputs.task_id}.mp4`))
      const again = await runAgainst(
        server,
        { ...URL_FRAME, ...FAST, 'output-path': 'videos' },
        { workspace: run.workspace }
      )
      expect(again.outputs.video_path).toBe(path.join(run.workspace, 'videos', `${again.outputs.task_id}.mp4`))
    })
  })
})

describe('dry-run with task-id', () => {
  it('sends nothing, not even a status query', async () => {
    await withServer(async server => {
      const run = await runAgainst(server, { 'task-id': '176843862716480123', 'dry-run': 'true' })
      expect(run.code).toBe(0)
      expect(server.requests).toEqual({ submit: 0, query: 0, retrieve: 0, download: 0 })
      expect(run.stdout).toContain('Task 176843862716480123 would be collected')
    })
  })
})

describe('checked before anything is paid for', () => {
  it('a release tag that has no release', async () => {
    const github = await GitHubStandIn.start()
    try {
      await withServer(async server => {
        const env = { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'octo/demo', GITHUB_EVENT_NAME: 'push' }
        const run = await runAgainst(
          server,
          { ...URL_FRAME, ...FAST, 'upload-to-release': 'v9.9.9', 'github-token': 'ghs_x' },
          { env }
        )
        expect(run.code).toBe(1)
        expect(run.errors[0]).toMatch(/^upload-to-release: no release with tag "v9\.9\.9" in octo\/demo \(HTTP 404\)/)
        expect(server.requests.submit).toBe(0)
        const dry = await runAgainst(
          server,
          { ...URL_FRAME, 'upload-to-release': 'v9.9.9', 'github-token': 'ghs_x', 'dry-run': 'true' },
          { env }
        )
        expect(dry.code).toBe(0)
        expect(dry.warnings.join('\n')).toMatch(/no release with tag.*a real run would be refused/)
      })
    } finally {
      await github.close()
    }
  })

  it.each([
    ['below a regular file', 'blocker/v.mp4', /blocker is a file, so no folder can be made below it/],
    [
      'one of the frames',
      'start.png',
      /is one of this run's input files \(a frame, the prompt file or the storyboard\)/
    ]
  ])('an output-path %s', async (_name, outputPath, message) => {
    const workspace = newWorkspace()
    writeFileSync(path.join(workspace, 'blocker'), 'not a folder')
    writeFileSync(path.join(workspace, 'start.png'), png(1280, 720))
    await withServer(async server => {
      const run = await runAgainst(
        server,
        { 'last-frame': 'start.png', ...FAST, 'output-path': outputPath },
        { workspace }
      )
      expect(run.code).toBe(1)
      expect(run.errors[0]).toMatch(/^output-path: /)
      expect(run.errors[0]).toMatch(message)
      expect(server.requests.submit).toBe(0)
    })
  })

  it.each([
    ['the prompt file', { 'prompt-file': 'prompt.txt', 'output-path': 'prompt.txt' }],
    ['the storyboard', { storyboard: 'board.yml', 'last-frame': '', 'output-path': 'board.yml' }]
  ])('an output-path that is %s is refused before anything is paid for', async (_name, inputs) => {
    const workspace = newWorkspace()
    writeFileSync(path.join(workspace, 'start.png'), png(1280, 720))
    writeFileSync(path.join(workspace, 'prompt.txt'), 'The boat drifts')
    writeFileSync(path.join(workspace, 'board.yml'), 'keyframes:\n  - image: start.png\n  - image: start.png\n')
    await withServer(async server => {
      const run = await runAgainst(server, { 'last-frame': 'start.png', ...FAST, ...inputs }, { workspace })
      expect(run.code).toBe(1)
      expect(run.errors[0]).toMatch(/^output-path: .* is one of this run's input files/)
      expect(server.requests.submit).toBe(0)
    })
  })

  it('an output-path that exists and is not a video gets a warning before it is replaced', async () => {
    const workspace = newWorkspace()
    writeFileSync(path.join(workspace, 'notes.txt'), 'my notes')
    await withServer(async server => {
      const run = await runAgainst(server, { ...URL_FRAME, ...FAST, 'output-path': 'notes.txt' }, { workspace })
      expect(run.code).toBe(0)
      expect(run.warnings).toEqual([expect.stringMatching(/notes\.txt exists and is not a video; it will be replaced/)])
      expect(readFileSync(path.join(workspace, 'notes.txt')).equals(server.video)).toBe(true)
    })
  })
})
