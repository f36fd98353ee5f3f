/**
 * The key never leaks: the action runs with RUNNER_DEBUG=1 (every debug line printed) through
 * success, an auth failure, 5xx on every try and a validation failure, and the key must appear
 * nowhere but the ::add-mask:: line that tells the runner to hide it.
 */
import { appendFileSync, openSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { KEY, leaks, runAgainst, withServer, workspaceWithFrames } from '../support/fixtures.js'
import { png } from '../support/images.js'

const DEBUG = { env: { RUNNER_DEBUG: '1' } }

describe('the API key never appears in any output', () => {
  it.each([
    ['success, waiting for the video', {}, { wait: 'true', 'poll-interval': '0.05' }, 0],
    ['an auth failure (1004)', { fault: { code: 1004, msg: `login fail for key ${KEY}` } }, {}, 1],
    [
      '5xx on every try',
      { always: { http: 503, body: `upstream said: Bearer ${KEY}` } },
      { 'retry-initial-delay': '0.01' },
      1
    ],
    ['a validation failure', {}, { resolution: '1080P', duration: '10' }, 1],
    ['a dry run', {}, { 'dry-run': 'true' }, 0]
  ])('%s', async (_name, setup: { fault?: object; always?: object }, inputs, code) => {
    const { workspace } = workspaceWithFrames()
    await withServer(async server => {
      if (setup.fault) server.fail('submit', setup.fault)
      if (setup.always) server.always.submit = setup.always
      const run = await runAgainst(
        server,
        { 'first-frame': 'start.png', 'last-frame': 'end.jpg', ...inputs },
        { workspace, ...DEBUG }
      )
      expect(run.code).toBe(code)
      expect(run.stdout).toContain(`::add-mask::${KEY}`)
      expect(run.stdout.split('\n')[0]).toBe(`::add-mask::${KEY}`) // masked before anything else
      expect(run.stdout).toMatch(/::debug::/) // debug really was on
      expect(leaks(run)).toEqual([])
      expect(run.stdout.toLowerCase()).not.toContain('authorization: bearer s')
    })
  })

  it('never sends the key to the download host', async () => {
    await withServer(async server => {
      const run = await runAgainst(
        server,
        { 'last-frame': 'https://cdn.example.com/x.png', wait: 'true', 'poll-interval': '0.05' },
        DEBUG
      )
      expect(run.code).toBe(0)
      expect(JSON.stringify(server.downloads)).not.toContain(KEY)
    })
  })
})

describe('a frame that changes while it is sent', () => {
  it('is never sent past the size it had when checked, and the request is cut off', async () => {
    const { workspace } = workspaceWithFrames()
    const file = path.join(workspace, 'growing.png')
    writeFileSync(file, png(1280, 720, { size: 8 * 1024 * 1024 }))
    await withServer(async server => {
      // Grow the file by 1 MB every few milliseconds while the action runs, up to 40 MB.
      const fd = openSync(file, 'a')
      const chunk = Buffer.alloc(1024 * 1024, 0x41)
      let grown = 0
      const timer = setInterval(() => {
        if (grown < 32) {
          appendFileSync(fd, chunk)
          grown++
        }
      }, 3)
      const run = await runAgainst(server, { 'last-frame': 'growing.png' }, { workspace }).finally(() =>
        clearInterval(timer)
      )
      expect(run.code).toBe(1)
      expect(server.tasksCreated).toBe(0)
      // Either refused at the check (already 20 MB or more) or cut off while sending.
      expect(run.errors.join('\n')).toMatch(
        /changed size while it was being sent|under 20 MB|changed while it was being checked/
      )
      for (const submit of server.submits) expect(submit.bytes).toBeLessThan(Math.ceil((20 * 1024 * 1024) / 3) * 4)
    })
  })
})

describe('a proxy in the environment', () => {
  it('never sees a request to a loopback base-url (it would see the key)', async () => {
    const seen: string[] = []
    const proxy = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`)
      res.writeHead(502).end()
    })
    proxy.on('connect', (req, socket) => {
      seen.push(`CONNECT ${req.url}`)
      socket.destroy()
    })
    await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve))
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
    try {
      await withServer(async server => {
        const env = { HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl, http_proxy: proxyUrl, NO_PROXY: '' }
        const run = await runAgainst(
          server,
          { 'last-frame': 'https://cdn.example.com/end.png', wait: 'true', 'poll-interval': '0.05' },
          { env }
        )
        expect(run.errors).toEqual([])
        expect(server.requests.submit).toBe(1)
        expect(seen).toEqual([])
      })
    } finally {
      proxy.closeAllConnections()
      await new Promise<void>(resolve => proxy.close(() => resolve()))
    }
  })
})
