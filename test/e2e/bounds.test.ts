/**
 * Every wait and every download is bounded: an answer dripped a byte at a time, a body that never
 * ends, a redirect chain, and the runner's cancel (SIGINT) all end the run in a bounded time, with
 * the paid task's id out and no partial file left behind.
 */
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { leaks, runAgainst, withServer } from '../support/fixtures.js'

const URL_FRAME = { 'last-frame': 'https://cdn.example.com/end.png' }
const FAST = { 'poll-interval': '0.05', 'retry-initial-delay': '0.01' }

describe('an answer dripped a byte at a time', () => {
  it('to a submit ends at request-timeout in all, not at an idle timer, and is not sent again', async () => {
    await withServer(async server => {
      server.fail('submit', { dripMs: 200, createTask: true })
      const run = await runAgainst(server, { ...URL_FRAME, 'request-timeout': '1' })
      expect(run.code).toBe(1)
      expect(run.ms).toBeLessThan(3000)
      expect(server.requests.submit).toBe(1)
      expect(run.errors.join('\n')).toMatch(
        /no complete answer came within request-timeout.*request-timeout is 1 s.*may have reached MiniMax/
      )
    })
  })

  it('to a status query is cut by wait-timeout, which names the task to collect later', async () => {
    await withServer(async server => {
      server.always.query = { dripMs: 200 }
      const run = await runAgainst(server, { ...URL_FRAME, ...FAST, wait: 'true', 'wait-timeout': '2' })
      expect(run.code).toBe(1)
      expect(run.ms).toBeLessThan(4500)
      const id = [...server.tasks.keys()][0]!
      expect(run.outputs.task_id).toBe(id)
      expect(run.errors.join('\n')).toMatch(new RegExp(`did not finish within wait-timeout \\(2 s\\).*task-id: ${id}`))
    })
  })
})

describe('downloads', () => {
  it('a body that never ends is cut at the size MiniMax announced, and no .part file stays', async () => {
    await withServer(async server => {
      server.fail('download', { endless: {} })
      const run = await runAgainst(server, { ...URL_FRAME, ...FAST, wait: 'true', 'output-path': 'out/v.mp4' })
      expect(run.code).toBe(1)
      expect(run.errors.join('\n')).toMatch(new RegExp(`runs past ${server.video.length} bytes`))
      expect(server.requests.download).toBe(1)
      expect(readdirSync(path.join(run.workspace, 'out'))).toEqual([])
      expect(run.ms).toBeLessThan(5000)
    })
  })

  it('where MiniMax gives no size, a Content-Length beyond any video is refused before reading', async () => {
    await withServer(
      async server => {
        server.fail('download', { endless: { announce: 600 * 1024 * 1024 } })
        const run = await runAgainst(server, { ...URL_FRAME, ...FAST, wait: 'true', 'output-path': 'v.mp4' })
        expect(run.code).toBe(1)
        expect(run.errors.join('\n')).toMatch(/announces 629145600 bytes, more than any video/)
        expect(readdirSync(run.workspace).filter(f => f.includes('.part'))).toEqual([])
        expect(run.ms).toBeLessThan(5000)
      },
      { announcedBytes: 0 }
    )
  })

  it('follows up to 5 redirects without the API key, and refuses a sixth', async () => {
    await withServer(async server => {
      server.fail('download', { redirects: 5 })
      const ok = await runAgainst(server, { ...URL_FRAME, ...FAST, wait: 'true' })
      expect(ok.errors).toEqual([])
      expect(server.downloads).toHaveLength(6)
      expect(server.downloads.every(h => h.authorization === undefined)).toBe(true)
      server.fail('download', { redirects: 6 })
      const refused = await runAgainst(server, { ...URL_FRAME, ...FAST, wait: 'true' })
      expect(refused.code).toBe(1)
      expect(refused.errors.join('\n')).toMatch(/more than 5 redirects/)
    })
  })
})

describe('the runner cancelling the step (SIGINT)', () => {
  it('ends the run at once, keeps the task id in the outputs, and leaves no partial video', async () => {
    await withServer(async server => {
      server.fail('download', { dripMs: 50 })
      let signalled = false
      const run = await runAgainst(
        server,
        { ...URL_FRAME, ...FAST, wait: 'true', 'output-path': 'out/v.mp4' },
        {
          onOutput: (stdout, child) => {
            if (!signalled && stdout.includes('Downloading http')) {
              signalled = true
              setTimeout(() => child.kill('SIGINT'), 300)
            }
          }
        }
      )
      expect(signalled).toBe(true)
      expect(run.code).toBe(1)
      expect(run.ms).toBeLessThan(5000)
      expect(run.outputs.task_id).toBe([...server.tasks.keys()][0])
      expect(run.errors.join('\n')).toMatch(/cancelled \(SIGINT\)/)
      expect(readdirSync(path.join(run.workspace, 'out'))).toEqual([])
      expect(run.summary).toContain(run.outputs.task_id)
      expect(leaks(run)).toEqual([])
    })
  })
})
