import type http from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { fetchUrlFrame, MAX_FRAME_REDIRECTS, type UrlFetchOptions } from '../../../src/frames/fetch.js'
import { sha256 } from '../../../src/frames/digest.js'
import { rulesOf } from '../../../src/minimax/rules.js'
import {
  fakeDns,
  PUBLIC_ADDRESS,
  selfSigned,
  startFrameHost,
  toLoopback,
  type FrameHost
} from '../../support/frame-host.js'
import { heic, jpeg, png } from '../../support/images.js'
import type { ImageRules } from '../../../src/types/rules.js'

const HAILUO = rulesOf('MiniMax-Hailuo-02').image
/** A small limit, so that "too big" needs no 20 MB. */
const SMALL: ImageRules = { ...HAILUO, maxBytes: 50_000, maxText: 'of at most 50000 bytes' }
const HOST = 'images.example.org'

let hosts: FrameHost[] = []
afterEach(async () => {
  await Promise.all(hosts.map(host => host.close()))
  hosts = []
})

async function host(handler: http.RequestListener, tls?: { key: string; cert: string }): Promise<FrameHost> {
  const started = await startFrameHost(handler, tls)
  hosts.push(started)
  return started
}

const serve =
  (bytes: Buffer, type = 'image/png'): http.RequestListener =>
  (_req, res) =>
    res.writeHead(200, { 'content-type': type, 'content-length': bytes.length }).end(bytes)

/** The fetch as the action makes it, with the test's DNS (HOST is public) and every connection routed to loopback. */
function fetchAs(url: string, options: Partial<UrlFetchOptions> & { names?: Record<string, string[]> } = {}) {
  const dns = fakeDns(options.names ?? { [HOST]: [PUBLIC_ADDRESS] })
  const routing = toLoopback()
  const result = fetchUrlFrame(url, {
    rules: HAILUO,
    timeoutMs: 5000,
    lookup: dns.lookup,
    route: routing.route,
    ...options
  })
  return { result, looked: dns.looked, connected: routing.connected }
}

describe('fetchUrlFrame', () => {
  it.each([
    ['a PNG', png(1280, 720), 'png', 1280, 720],
    ['a progressive JPEG', jpeg(720, 1280, { progressive: true }), 'jpeg', 720, 1280]
  ])('fetches %s and checks it: its size, its pixels, its hash', async (_name, bytes, format, width, height) => {
    const site = await host(serve(bytes))
    const { result, looked, connected } = fetchAs(`http://${HOST}:${site.port}/frame?v=1`)
    const got = await result
    expect(got).toEqual({
      kind: 'fetched',
      bytes,
      image: { format, mime: `image/${format}`, width, height },
      sha256: sha256(bytes)
    })
    // One resolution, and the connection went to the address it gave (pinned, not resolved again).
    expect(looked).toEqual([HOST])
    expect(connected).toEqual([PUBLIC_ADDRESS])
    expect(site.requests.map(r => r.url)).toEqual(['/frame?v=1'])
  })

  it('gives another SHA-256 when the same URL serves other bytes', async () => {
    const images = [png(1280, 720), png(1280, 720, { size: 5000 })]
    let served = 0
    const site = await host((req, res) => serve(images[served++]!)(req, res))
    const url = `http://${HOST}:${site.port}/frame.png`
    const first = await fetchAs(url).result
    const second = await fetchAs(url).result
    expect(first).toMatchObject({ kind: 'fetched', sha256: sha256(images[0]!) })
    expect(second).toMatchObject({ kind: 'fetched', sha256: sha256(images[1]!) })
    expect(sha256(images[0]!)).not.toBe(sha256(images[1]!))
  })

  it('sends no credential: not the URL user:password, no cookie, no authorization', async () => {
    const site = await host(serve(png(1280, 720)))
    const got = await fetchAs(`http://someone:secret@${HOST}:${site.port}/frame.png`).result
    expect(got.kind).toBe('fetched')
    const headers = site.requests[0]!.headers
    expect(Object.keys(headers).sort()).toEqual(['accept', 'connection', 'host'])
    // Only what the model takes: a host that picks a format by Accept must not pick AVIF or GIF.
    expect(headers.accept).toBe('image/jpeg, image/png, image/webp')
    expect(JSON.stringify(headers)).not.toContain('secret')
  })

  it('refuses a host that resolves to a private address, and fetches nothing', async () => {
    const site = await host(serve(png(1280, 720)))
    const { result, connected } = fetchAs(`http://${HOST}:${site.port}/frame.png`, {
      names: { [HOST]: [PUBLIC_ADDRESS, '10.0.0.7'] }
    })
    expect(await result).toEqual({
      kind: 'unfetched',
      problem:
        `http://${HOST}:${site.port}/frame.png could not be fetched: its host ${HOST} resolves to 10.0.0.7, ` +
        `which is a private, link-local or reserved address; only public addresses are fetched`
    })
    expect(connected).toEqual([])
    expect(site.requests).toEqual([])
  })

  it.each([
    ['cloud metadata by address', 'http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254 is a private/],
    ['the same, IPv4-mapped', 'http://[::ffff:169.254.169.254]/latest/', /::ffff:a9fe:a9fe is a private/],
    ['a name known only inside a network', 'https://printer.local/scan.png', /known only inside a network/],
    ['a name without a domain', 'http://intranet/frame.png', /without a domain/]
  ])('refuses %s without looking it up', async (_name, url, problem) => {
    const { result, looked, connected } = fetchAs(url)
    const got = await result
    expect(got.kind).toBe('unfetched')
    expect(got.kind === 'unfetched' && got.problem).toMatch(problem)
    expect(looked).toEqual([])
    expect(connected).toEqual([])
  })

  it('refuses a redirect to a private address, and to this machine, and follows one to a public host', async () => {
    const site = await host((req, res) => {
      const to: Record<string, string> = {
        '/to-private': 'http://db.example.org/frame.png',
        '/to-loopback': `http://127.0.0.1:${site.port}/frame.png`,
        '/to-public': `http://cdn.example.org:${site.port}/frame.png`
      }
      if (to[req.url!]) res.writeHead(302, { location: to[req.url!] }).end()
      else serve(png(1280, 720))(req, res)
    })
    const names = { [HOST]: [PUBLIC_ADDRESS], 'db.example.org': ['192.168.1.20'], 'cdn.example.org': ['8.8.4.4'] }
    const base = `http://${HOST}:${site.port}`

    const toPrivate = fetchAs(`${base}/to-private`, { names })
    expect(await toPrivate.result).toMatchObject({
      kind: 'unfetched',
      problem: expect.stringMatching(
        /redirects to http:\/\/db\.example\.org, and its host .* resolves to 192\.168\.1\.20/
      )
    })
    expect(toPrivate.connected).toEqual([PUBLIC_ADDRESS])

    const toLoopback = fetchAs(`${base}/to-loopback`, { names })
    expect(await toLoopback.result).toMatchObject({ kind: 'unfetched', problem: expect.stringMatching(/loopback/) })

    const toPublic = fetchAs(`${base}/to-public`, { names })
    expect(await toPublic.result).toMatchObject({ kind: 'fetched' })
    expect(toPublic.looked).toEqual([HOST, 'cdn.example.org'])
    expect(toPublic.connected).toEqual([PUBLIC_ADDRESS, '8.8.4.4'])
    // Only the hops that were allowed reached the host.
    expect(site.requests.map(r => r.url)).toEqual(['/to-private', '/to-loopback', '/to-public', '/frame.png'])
  })

  it(`follows at most ${MAX_FRAME_REDIRECTS} redirects`, async () => {
    const site = await host((req, res) =>
      res.writeHead(301, { location: `/hop${Number(req.url!.slice(4)) + 1}` }).end()
    )
    const got = await fetchAs(`http://${HOST}:${site.port}/hop0`).result
    expect(got).toMatchObject({ kind: 'unfetched', problem: expect.stringMatching(/redirects more than 3 times/) })
    expect(site.requests).toHaveLength(MAX_FRAME_REDIRECTS + 1)
  })

  it('refuses an image too big by its Content-Length, before reading its body', async () => {
    const sent = { bytes: 0 }
    const site = await host((_req, res) => {
      res.writeHead(200, { 'content-length': 1024 * 1024 * 1024 })
      drain(res, sent)
    })
    const started = performance.now()
    const got = await fetchAs(`http://${HOST}:${site.port}/huge.png`, { rules: SMALL }).result
    expect(got).toEqual({
      kind: 'refused',
      problems: [
        `the image at http://${HOST}:${site.port}/huge.png, by its Content-Length, is 1073741824 bytes ` +
          `(1024.00 MB); MiniMax accepts frames of at most 50000 bytes (at most 50000 bytes)`
      ]
    })
    expect(performance.now() - started).toBeLessThan(2000)
    expect(sent.bytes).toBeLessThan(64 * 1024 * 1024)
  })

  it('stops reading a body that runs past the limit (no Content-Length)', async () => {
    const sent = { bytes: 0 }
    const site = await host((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' })
      drain(res, sent)
    })
    const got = await fetchAs(`http://${HOST}:${site.port}/endless.png`, { rules: SMALL }).result
    expect(got).toEqual({
      kind: 'refused',
      problems: [
        `the image at http://${HOST}:${site.port}/endless.png is over 50000 bytes (it was cut off there); ` +
          `MiniMax accepts frames of at most 50000 bytes`
      ]
    })
    // The host would send forever: the fetch hung up on it.
    await expect.poll(() => sent.bytes > 0 && site.requests.length === 1).toBe(true)
    expect(sent.bytes).toBeLessThan(64 * 1024 * 1024)
  })

  it('gives up on a slow drip at the deadline for the whole fetch', async () => {
    const timers: NodeJS.Timeout[] = []
    const site = await host((_req, res) => {
      res.writeHead(200, { 'content-length': 10_000 })
      timers.push(setInterval(() => res.write('x'), 20))
    })
    const started = performance.now()
    const got = await fetchAs(`http://${HOST}:${site.port}/drip.png`, { timeoutMs: 400 }).result
    const elapsed = performance.now() - started
    timers.forEach(clearInterval)
    expect(got).toEqual({
      kind: 'unfetched',
      problem: `http://${HOST}:${site.port}/drip.png could not be fetched: it did not arrive whole within 0.4 s`
    })
    // Each byte came well within any idle timeout: only a deadline for the whole fetch ends it.
    expect(elapsed).toBeGreaterThanOrEqual(390)
    expect(elapsed).toBeLessThan(1500)
  })

  it('gives up on a lookup that never answers at the same deadline', async () => {
    const got = await fetchUrlFrame(`http://${HOST}/frame.png`, {
      rules: HAILUO,
      timeoutMs: 200,
      lookup: () => new Promise(() => undefined)
    })
    expect(got).toMatchObject({ kind: 'unfetched', problem: expect.stringMatching(/within 0\.2 s$/) })
  })

  it.each([
    [
      'an HTML page',
      Buffer.from('<!doctype html><title>Sign in</title>'),
      /is not JPEG, PNG, WebP or HEIC\/HEIF by its content \(it looks like HTML or XML text\)/
    ],
    ['a truncated PNG', png(1280, 720).subarray(0, 60), /is cut short: .*the file looks truncated/],
    ['a PNG too small for the model', png(300, 300), /is 300x300: its short side \(300 px\) must be over 300 px/],
    ['a HEIC, which this model does not take', heic(1280, 720), /is HEIC, which this model does not take/],
    ['an empty body', Buffer.alloc(0), /is empty \(0 bytes\)/]
  ])('refuses %s with the same words as for a file', async (_name, bytes, problem) => {
    const site = await host(serve(bytes))
    const got = await fetchAs(`http://${HOST}:${site.port}/frame.png`).result
    expect(got.kind).toBe('refused')
    expect(got.kind === 'refused' && got.problems).toEqual([
      expect.stringMatching(new RegExp(`^the image at http://${HOST}:${site.port}/frame\\.png ${problem.source}`))
    ])
  })

  it.each([404, 403, 500])('does not take an answer HTTP %i', async status => {
    const site = await host((_req, res) => res.writeHead(status).end('no such frame'))
    const got = await fetchAs(`http://${HOST}:${site.port}/gone.png`).result
    expect(got).toEqual({
      kind: 'unfetched',
      problem: `http://${HOST}:${site.port}/gone.png could not be fetched: the server answered HTTP ${status}`
    })
  })

  it('says why when the host does not resolve or refuses the connection', async () => {
    const unresolved = await fetchAs(`http://nowhere.example.org/frame.png`).result
    expect(unresolved).toMatchObject({
      kind: 'unfetched',
      problem: expect.stringMatching(/does not resolve \(ENOTFOUND\)/)
    })
    const closed = await host(serve(png(1280, 720)))
    const port = closed.port
    await closed.close()
    hosts = []
    const refused = await fetchAs(`http://${HOST}:${port}/frame.png`).result
    expect(refused).toMatchObject({ kind: 'unfetched', problem: expect.stringMatching(/refused \(ECONNREFUSED\)/) })
  })

  it.each(['ftp://images.example.org/frame.png', 'not a url'])('does not fetch %s', async url => {
    const { result, looked } = fetchAs(url)
    expect(await result).toEqual({ kind: 'unfetched', problem: `${JSON.stringify(url)} is not an http(s) URL` })
    expect(looked).toEqual([])
  })

  it("throws the run's cancellation instead of answering", async () => {
    const site = await host(() => undefined) // never answers
    const run = new AbortController()
    const { result } = fetchAs(`http://${HOST}:${site.port}/frame.png`, { signal: run.signal })
    setTimeout(() => run.abort(new Error('cancelled by the user')), 50)
    await expect(result).rejects.toThrow('cancelled by the user')
  })

  describe('over TLS', () => {
    const certificate = selfSigned(HOST)

    it.skipIf(!certificate)(
      'checks the certificate for the host name while connecting to the pinned address',
      async () => {
        const site = await host(serve(png(1280, 720)), certificate)
        const names = { [HOST]: [PUBLIC_ADDRESS], 'other.example.org': [PUBLIC_ADDRESS] }
        const good = fetchAs(`https://${HOST}:${site.port}/frame.png`, { names, ca: certificate!.cert })
        expect(await good.result).toMatchObject({ kind: 'fetched', sha256: sha256(png(1280, 720)) })
        expect(good.connected).toEqual([PUBLIC_ADDRESS])
        // Same address, another name: the certificate does not name it.
        const other = await fetchAs(`https://other.example.org:${site.port}/frame.png`, {
          names,
          ca: certificate!.cert
        }).result
        expect(other).toMatchObject({
          kind: 'unfetched',
          problem: expect.stringMatching(/TLS certificate was refused \(ERR_TLS_CERT_ALTNAME_INVALID\)/)
        })
      }
    )

    it.skipIf(!certificate)('refuses a redirect from https to plain http', async () => {
      const plain = await host(serve(png(1280, 720)))
      const site = await host(
        (_req, res) => res.writeHead(302, { location: `http://${HOST}:${plain.port}/frame.png` }).end(),
        certificate
      )
      const got = await fetchAs(`https://${HOST}:${site.port}/frame.png`, { ca: certificate!.cert }).result
      expect(got).toMatchObject({
        kind: 'unfetched',
        problem: expect.stringMatching(/redirects from https to plain http \(http:\/\/images\.example\.org:\d+\)/)
      })
      expect(plain.requests).toEqual([])
    })
  })
})

/** An endless body: 64 KiB chunks, minding backpressure, until the client hangs up (counted in `sent`). */
function drain(res: http.ServerResponse, sent: { bytes: number }): void {
  const chunk = Buffer.alloc(64 * 1024, 0x61)
  const more = (): void => {
    while (!res.destroyed) {
      sent.bytes += chunk.length
      if (!res.write(chunk)) return void res.once('drain', more)
    }
  }
  more()
}
