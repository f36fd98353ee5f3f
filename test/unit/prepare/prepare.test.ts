/**
 * The prepare step's URL frames, in-process against a real HTTP host on loopback (its name
 * resolved to a public address by the test's DNS, the pinned connection routed to 127.0.0.1): a
 * frame given as a URL is fetched before paying, checked like a file, and identified by its bytes.
 */
import type http from 'node:http'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { fingerprint } from '../../../src/cache/fingerprint.js'
import { FrameStore } from '../../../src/frames/store.js'
import { readableRoots } from '../../../src/fs/paths.js'
import { decide } from '../../../src/plan/decide.js'
import { planRun } from '../../../src/plan/plan.js'
import { prepare } from '../../../src/prepare/prepare.js'
import { fakeDns, PUBLIC_ADDRESS, startFrameHost, toLoopback, type FrameHost } from '../../support/frame-host.js'
import { png } from '../../support/images.js'
import { raw } from '../../support/inputs.js'
import { tempDir } from '../../support/temp.js'

const HOST = 'images.example.org'
const workspace = tempDir('prepare-')
let hosts: FrameHost[] = []
afterEach(async () => {
  await Promise.all(hosts.map(h => h.close()))
  hosts = []
})

/** A host whose /end.png serves whatever `image()` gives at that moment. */
async function serving(image: () => Buffer): Promise<string> {
  const handler: http.RequestListener = (_req, res) => {
    const bytes = image()
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': bytes.length }).end(bytes)
  }
  const host = await startFrameHost(handler)
  hosts.push(host)
  return `http://${HOST}:${host.port}/end.png`
}

const fetchVia = { lookup: fakeDns({ [HOST]: [PUBLIC_ADDRESS] }).lookup, route: toLoopback().route }

/** Plan and prepare a run of these inputs, as run() does. */
async function prepared(inputs: Record<string, string>) {
  const where = readableRoots(workspace, undefined)
  const frames = new FrameStore(where)
  try {
    const checked = await planRun(raw({ 'api-key': 'k', ...inputs }), { where, frames })
    if (!checked.plan) throw new Error(JSON.stringify(checked.problems))
    const done = await prepare(checked.inputs, checked.plan, { workspace, eventName: 'push', fetch: fetchVia })
    const clip = checked.plan.clips[0]!
    const print = done.problems.length > 0 ? undefined : await fingerprint(clip.job!, clip.take)
    return { ...done, plan: checked.plan, print }
  } finally {
    await frames.close()
  }
}

describe('a frame given as a URL', () => {
  it('is identified by the bytes it serves: an image replaced at the same URL is paid for again', async () => {
    let image = png(1280, 720)
    const url = await serving(() => image)
    const first = await prepared({ 'last-frame': url })
    expect(first.problems).toEqual([])
    expect(first.notes).toEqual([])
    const again = await prepared({ 'last-frame': url })
    expect(again.print).toBe(first.print)

    image = png(1280, 720, { size: 5000 })
    const replaced = await prepared({ 'last-frame': url })
    expect(replaced.print).not.toBe(first.print)
    // What an earlier run recorded for the old image does not apply to the new one.
    const recorded = new Map([[first.print!, { clip: true }]])
    const options = { maxPaidTasks: 20, waits: true, findsLostTasks: false }
    expect(decide(again.plan, [again.print], recorded, options).requests[0]!.start.kind).toBe('video')
    expect(decide(replaced.plan, [replaced.print], recorded, options).requests[0]!.start.kind).toBe('pay')
  })

  it('is checked like a file before paying: an image too small is refused, naming the storyboard line', async () => {
    const url = await serving(() => png(200, 100))
    writeFileSync(path.join(workspace, 'k1.png'), png(1280, 720))
    writeFileSync(
      path.join(workspace, 'board.yml'),
      `keyframes:\n  - image: k1.png\n    prompt: go\n  - image: ${url}\n`
    )
    const done = await prepared({ storyboard: 'board.yml', 'last-frame': '' })
    expect(done.problems).toEqual([
      {
        input: 'storyboard',
        message: expect.stringMatching(/^board\.yml line 4: keyframes\[1\]\.image: the image at .* short side/),
        file: 'board.yml',
        line: 4
      }
    ])
  })

  it('that cannot be fetched is said so, identified by its URL, and left to MiniMax to check', async () => {
    const done = await prepared({ 'last-frame': 'https://unknown.example.org/end.png' })
    expect(done.problems).toEqual([])
    expect(done.notes).toEqual([
      expect.stringMatching(/^last-frame: https:\/\/unknown\.example\.org\/end\.png could not be fetched: .*its URL/)
    ])
    const url = await prepared({ 'last-frame': 'https://unknown.example.org/end.png' })
    expect(url.print).toBe(done.print)
  })
})
