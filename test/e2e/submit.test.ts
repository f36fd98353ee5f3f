import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { KEY, leaks, runAgainst, withServer, workspaceWithFrames } from '../support/fixtures.js'
import { jpeg, png, webpVp8x } from '../support/images.js'
import type { ActionRun } from '../support/run-action.js'

/** The inputs a refused run names, one per ::error:: (the last error is the summary line). */
const refusedInputs = (run: ActionRun): string[] =>
  run.errors
    .slice(0, -1)
    .map(e => e.split(':')[0]!)
    .sort()

describe('submitting a task (dist/index.js against the stand-in server)', () => {
  it('sends both frames byte for byte with their real types, outputs the task id, and writes the summary', async () => {
    const { workspace, first, last } = workspaceWithFrames()
    await withServer(async server => {
      const run = await runAgainst(
        server,
        {
          'first-frame': 'start.png',
          'last-frame': 'end.jpg',
          prompt: 'A little girl grows up [推进], then [左摇,上升]',
          resolution: '1080p',
          duration: '6'
        },
        { workspace }
      )
      expect(run.errors).toEqual([])
      // The runner passes action.yml's defaults (wait-timeout, poll-interval, ...): not "set".
      expect(run.warnings).toEqual([])
      expect(run.code).toBe(0)
      expect(server.requests.submit).toBe(1)
      const [submit] = server.submits
      expect(submit?.contract).toEqual({ ok: true, errors: [] })
      expect(submit?.headers.authorization).toBe(`Bearer ${KEY}`)
      expect(submit?.body).toEqual({
        model: 'MiniMax-Hailuo-02',
        prompt: 'A little girl grows up [推进], then [左摇,上升]',
        first_frame_image: `data:image/png;base64,${first.toString('base64')}`,
        last_frame_image: `data:image/jpeg;base64,${last.toString('base64')}`,
        prompt_optimizer: true,
        duration: 6,
        resolution: '1080P',
        aigc_watermark: false
      })
      const taskId = submit?.taskId
      expect(taskId).toMatch(/^\d{18}$/)
      expect(run.outputs.task_id).toBe(taskId)
      expect(run.notices.join('\n')).toContain(taskId)
      expect(run.summary).toContain(taskId)
      expect(run.summary).toMatch(/\| first-frame \| `start\.png` \| PNG \| 1280x720 \| \d+ bytes \|/)
      expect(run.summary).toMatch(/\| last-frame \| `end\.jpg` \| JPEG \| 1280x720 \| [\d.]+ (KB|bytes) \|/)
      expect(run.summary).not.toContain(first.toString('base64').slice(0, 40))
      expect(leaks(run)).toEqual([])
    })
  })

  it.each([
    ['768P', '6'],
    ['768P', '10'],
    ['1080P', '6']
  ])('sends %s at %s s once, valid against the OpenAPI contract', async (resolution, duration) => {
    await withServer(async server => {
      const run = await runAgainst(server, {
        'last-frame': 'https://cdn.example.com/end.png',
        resolution,
        duration,
        'prompt-optimizer': 'false',
        'aigc-watermark': 'true',
        'callback-url': 'https://hooks.example.com/minimax'
      })
      expect(run.code).toBe(0)
      expect(server.submits).toHaveLength(1)
      expect(server.submits[0]?.contract.ok).toBe(true)
      expect(server.submits[0]?.body).toEqual({
        model: 'MiniMax-Hailuo-02',
        last_frame_image: 'https://cdn.example.com/end.png',
        prompt_optimizer: false,
        duration: Number(duration),
        resolution,
        callback_url: 'https://hooks.example.com/minimax',
        aigc_watermark: true
      })
    })
  })

  it('re-sends a data URL frame with its bytes unchanged, and a WebP path as image/webp', async () => {
    const { workspace } = workspaceWithFrames()
    const webp = webpVp8x(1024, 1024, 5000)
    writeFileSync(path.join(workspace, 'end.webp'), webp)
    const first = jpeg(1024, 1024)
    await withServer(async server => {
      const run = await runAgainst(
        server,
        { 'first-frame': `data:image/jpeg;base64,${first.toString('base64')}`, 'last-frame': 'end.webp' },
        { workspace }
      )
      expect(run.code).toBe(0)
      expect(server.submits[0]?.body?.first_frame_image).toBe(`data:image/jpeg;base64,${first.toString('base64')}`)
      expect(server.submits[0]?.body?.last_frame_image).toBe(`data:image/webp;base64,${webp.toString('base64')}`)
    })
  })

  it('reads the prompt from a UTF-8 file', async () => {
    const { workspace } = workspaceWithFrames()
    writeFileSync(path.join(workspace, 'prompt.txt'), '\ufeff小女孩慢慢长大 [推进]\n')
    await withServer(async server => {
      const run = await runAgainst(server, { 'last-frame': 'end.jpg', 'prompt-file': 'prompt.txt' }, { workspace })
      expect(run.code).toBe(0)
      expect(server.submits[0]?.body?.prompt).toBe('小女孩慢慢长大 [推进]')
    })
  })

  it('dry-run checks everything, prints the request with frames summarised, and sends nothing', async () => {
    const { workspace, first } = workspaceWithFrames()
    await withServer(async server => {
      const run = await runAgainst(
        server,
        { 'first-frame': 'start.png', 'last-frame': 'end.jpg', 'dry-run': 'true' },
        { workspace }
      )
      expect(run.code).toBe(0)
      expect(server.requests.submit).toBe(0)
      expect(run.stdout).toContain('"first_frame_image": "data:image/png;base64,<')
      expect(run.stdout).toContain('PNG 1280x720')
      expect(run.stdout).toContain('Authorization: Bearer ***')
      expect(run.stdout).not.toContain(first.toString('base64').slice(0, 24))
      expect(run.outputs.task_id).toBeUndefined()
      expect(run.summary).toContain('dry run')
      expect(leaks(run)).toEqual([])
    })
  })

  it('warns about near-miss camera commands, and notes a last frame that will be cropped', async () => {
    const { workspace } = workspaceWithFrames()
    writeFileSync(path.join(workspace, 'tall.png'), png(720, 1280))
    await withServer(async server => {
      const run = await runAgainst(
        server,
        {
          'first-frame': 'start.png',
          'last-frame': 'tall.png',
          prompt: '[左移动] then [pan left] then [推进,拉远,上升,下降]',
          'dry-run': 'true'
        },
        { workspace }
      )
      expect(run.code).toBe(0)
      expect(run.warnings).toEqual([
        expect.stringContaining('did you mean [左移]?'),
        expect.stringContaining('did you mean [Pan left]?'),
        expect.stringContaining('combines 4 camera commands')
      ])
      expect(run.notices.join('\n')).toMatch(/first-frame is 1280x720, last-frame is 720x1280.*crops the last frame/)
    })
  })
})

describe('refusing bad input before anything is sent', () => {
  const cases: Array<[string, Record<string, string>, string, RegExp]> = [
    ['1080P at 10 s', { resolution: '1080P', duration: '10' }, 'duration', /not offered at 1080P/],
    ['512P', { resolution: '512P' }, 'resolution', /512P is not offered/],
    ['a duration of 8', { duration: '8' }, 'duration', /must be 6 or 10/],
    ['a boolean spelt yes', { 'prompt-optimizer': 'yes' }, 'prompt-optimizer', /true or false/],
    ['a 2001-character prompt', { prompt: '字'.repeat(2001) }, 'prompt', /2001 characters/],
    ['a file: URL frame', { 'last-frame': 'file:///etc/hosts' }, 'last-frame', /"file:" scheme/],
    ['a directory frame', { 'last-frame': '.' }, 'last-frame', /is a directory/],
    ['/dev/urandom as a frame', { 'last-frame': '/dev/urandom' }, 'last-frame', /outside the workspace/],
    ['a GIF frame', { 'last-frame': 'anim.gif' }, 'last-frame', /GIF/],
    ['a 300 px frame', { 'last-frame': 'small.png' }, 'last-frame', /short side \(300 px\)/],
    ['a truncated frame', { 'last-frame': 'cut.png' }, 'last-frame', /truncated/],
    [
      'a callback that is not http',
      { 'callback-url': 'mailto:me@example.com' },
      'callback-url',
      /https:\/\/ or http:\/\//
    ],
    ['an empty key', { 'api-key': '' }, 'api-key', /is required/],
    ['no last frame', { 'last-frame': '' }, 'last-frame', /is required/]
  ]
  it.each(cases)('%s', async (_name, inputs, input, message) => {
    const { workspace } = workspaceWithFrames()
    writeFileSync(path.join(workspace, 'anim.gif'), Buffer.from('GIF89a\x80\x02\xe0\x01', 'latin1'))
    writeFileSync(path.join(workspace, 'small.png'), png(300, 300))
    writeFileSync(path.join(workspace, 'cut.png'), png(1280, 720).subarray(0, 20))
    await withServer(async server => {
      const run = await runAgainst(server, { 'last-frame': 'end.jpg', ...inputs }, { workspace })
      expect(run.code).toBe(1)
      expect(run.errors[0]).toMatch(new RegExp(`^${input}: `))
      expect(run.errors[0]).toMatch(message)
      expect(run.stdout).toMatch(new RegExp(`::error title=Input ${input}::`))
      expect(run.errors.at(-1)).toMatch(/nothing was sent to MiniMax/)
      expect(server.requests).toEqual({ submit: 0, query: 0, retrieve: 0, download: 0 })
      expect(run.outputs.task_id).toBeUndefined()
      expect(leaks(run)).toEqual([])
    })
  })

  it('reports every problem of a run in one go', async () => {
    await withServer(async server => {
      const run = await runAgainst(server, {
        'first-frame': '/dev/zero',
        'last-frame': 'ftp://x/y.png',
        resolution: '512P',
        wait: 'yes',
        'prompt-file': 'missing.txt'
      })
      expect(run.code).toBe(1)
      expect(refusedInputs(run)).toEqual(['first-frame', 'last-frame', 'prompt-file', 'resolution', 'wait'])
      expect(run.errors.at(-1)).toBe('5 problems in the inputs; nothing was sent to MiniMax.')
      expect(server.requests.submit).toBe(0)
    })
  })
})

describe('MiniMax refusing the request', () => {
  it('an invalid key (2049) fails with its meaning, the region hint and the Trace-Id, no task id', async () => {
    await withServer(
      async server => {
        const run = await runAgainst(server, { 'last-frame': 'https://cdn.example.com/end.png' })
        expect(run.code).toBe(1)
        const error = run.errors.join('\n')
        expect(error).toMatch(/MiniMax error 2049, invalid API key/)
        expect(error).toMatch(/tied to a region.*https:\/\/api\.minimax\.io/)
        expect(error).toMatch(/Trace-Id [0-9a-f]{32}/)
        expect(run.outputs.task_id).toBeUndefined()
        expect(server.requests.submit).toBe(1)
        expect(leaks(run)).toEqual([])
      },
      { apiKey: 'a-different-key' }
    )
  })
})

describe('inputs that try to reach the log', () => {
  it('a line break in a path or URL input is refused, and nothing it carries becomes a workflow command', async () => {
    await withServer(async server => {
      const run = await runAgainst(server, {
        'last-frame': 'end.jpg\n::error::pwned by last-frame',
        'callback-url': 'https://hooks.example.com/x\n::warning::pwned by callback-url',
        'output-path': 'out.mp4\n::notice::pwned by output-path'
      })
      expect(run.code).toBe(1)
      expect(refusedInputs(run)).toEqual(['callback-url', 'last-frame', 'output-path'])
      expect(run.stdout).not.toMatch(/^::(error|warning|notice)::pwned/m)
      expect([...run.errors, ...run.warnings, ...run.notices].join('\n')).not.toMatch(/^pwned/m)
      expect(server.requests.submit).toBe(0)
    })
  })
})

describe('warnings and refusals together', () => {
  it('shows the camera-command warnings even when another input is refused', async () => {
    await withServer(async server => {
      const run = await runAgainst(server, {
        'last-frame': 'https://cdn.example.com/end.png',
        prompt: '[左移动] then [pan left]',
        resolution: '512P'
      })
      expect(run.code).toBe(1)
      expect(run.errors[0]).toMatch(/^resolution: 512P/)
      expect(run.warnings).toEqual([expect.stringContaining('[左移]'), expect.stringContaining('[Pan left]')])
    })
  })

  it('a prompt file is measured after trimming, and an empty one gets a warning', async () => {
    const { workspace } = workspaceWithFrames()
    writeFileSync(path.join(workspace, 'padded.txt'), `${'\n'.repeat(20_000)}${'字'.repeat(2000)}${' '.repeat(20_000)}`)
    writeFileSync(path.join(workspace, 'empty.txt'), '  \n\n ')
    await withServer(async server => {
      const padded = await runAgainst(server, { 'last-frame': 'end.jpg', 'prompt-file': 'padded.txt' }, { workspace })
      expect(padded.errors).toEqual([])
      expect(server.submits[0]?.body?.prompt).toBe('字'.repeat(2000))
      const empty = await runAgainst(server, { 'last-frame': 'end.jpg', 'prompt-file': 'empty.txt' }, { workspace })
      expect(empty.code).toBe(0)
      expect(empty.warnings).toEqual([
        expect.stringMatching(/prompt-file empty\.txt is empty: the request is sent without a prompt/)
      ])
      expect(server.submits[1]?.body).not.toHaveProperty('prompt')
    })
  })
})
