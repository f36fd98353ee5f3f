/**
 * Test helper: plays a film in headless Chromium (Debian's `chromium`, where installed) and
 * reports what the page saw: whether it reached the end, its currentTime and duration, the
 * media time of every presented frame (requestVideoFrameCallback) and the playback quality.
 * Driven through the DevTools protocol over Node's own WebSocket; the film is served from a
 * loopback server, the profile lives in a fresh folder, and the browser is ended by its pid.
 */
import { spawn, spawnSync } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { createReadStream, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tempDir } from '../../support/temp.js'

const BROWSER = ['chromium', 'chromium-browser'].find(
  name => spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0
)

/** The Chromium binary's name, or undefined when none is installed (tests skip then). */
export const chromium = BROWSER

export interface Playback {
  ended: boolean
  error: string | null
  currentTime: number
  duration: number
  /** Media time of each frame the compositor presented, in order. */
  presented: number[]
  totalVideoFrames: number
  droppedVideoFrames: number
}

const PAGE = `<!doctype html><video muted playsinline src="/film.mp4"></video><script>
const v = document.querySelector('video')
const presented = []
window.playback = new Promise(resolve => {
  const done = extra => resolve({ currentTime: v.currentTime, duration: v.duration, presented,
    totalVideoFrames: v.getVideoPlaybackQuality().totalVideoFrames,
    droppedVideoFrames: v.getVideoPlaybackQuality().droppedVideoFrames, ...extra })
  const frame = (now, meta) => { presented.push(meta.mediaTime); v.requestVideoFrameCallback(frame) }
  v.requestVideoFrameCallback(frame)
  v.addEventListener('ended', () => done({ ended: true, error: null }))
  v.addEventListener('error', () => done({ ended: false, error: v.error.code + ': ' + v.error.message }))
  setTimeout(() => done({ ended: false, error: 'timed out' }), 40000)
  v.play().catch(e => done({ ended: false, error: String(e) }))
})
</script>`

/** Play `film` to its end (or an error, or 40 s) in headless Chromium. */
export async function playInChromium(film: string): Promise<Playback> {
  if (!BROWSER) throw new Error('no chromium')
  const server = await serve(film)
  const profile = tempDir('chromium-')
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
  const browser = spawn(
    BROWSER,
    [
      ...['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      ...['--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`],
      ...['--autoplay-policy=no-user-gesture-required', '--remote-debugging-port=0', 'about:blank']
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TMPDIR: profile } }
  )
  const exited = new Promise<void>(resolve => browser.once('exit', () => resolve()))
  try {
    const endpoint = await devtoolsEndpoint(browser.stderr!)
    const page = await pageSocket(endpoint)
    try {
      const loaded = event(page, 'Page.loadEventFired')
      await call(page, 'Page.enable', {})
      await call(page, 'Page.navigate', { url })
      await loaded
      const answer = await call(page, 'Runtime.evaluate', {
        expression: 'window.playback',
        awaitPromise: true,
        returnByValue: true
      })
      return (answer as { result: { value: Playback } }).result.value
    } finally {
      page.close()
    }
  } finally {
    browser.kill('SIGTERM')
    await exited
    await new Promise(resolve => server.close(resolve))
  }
}

/** The page and the film, with byte ranges (Chromium asks for them to read an MP4). */
async function serve(film: string): Promise<Server> {
  const size = statSync(film).size
  const server = createServer((request, response) => {
    if (request.url !== '/film.mp4') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE)
      return
    }
    const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '')
    const start = range ? Number(range[1]) : 0
    const end = range && range[2] ? Number(range[2]) : size - 1
    response.writeHead(range ? 206 : 200, {
      'content-type': 'video/mp4',
      'accept-ranges': 'bytes',
      'content-length': end - start + 1,
      ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {})
    })
    createReadStream(film, { start, end }).pipe(response)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return server
}

/** The browser prints its DevTools address on stderr once it listens. */
function devtoolsEndpoint(stderr: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${text}`)), 20_000)
    stderr.on('data', chunk => {
      text += String(chunk)
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(text)
      if (m) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
  })
}

/** A socket to the browser's first page (its target is listed by the browser's HTTP endpoint). */
async function pageSocket(browserEndpoint: string): Promise<WebSocket> {
  const base = browserEndpoint.replace(/^ws:\/\/([^/]+)\/.*$/, 'http://$1')
  for (let tries = 0; tries < 100; tries++) {
    const targets = (await (await fetch(`${base}/json/list`)).json()) as { type: string; url: string; ws?: string }[]
    const page = targets.find(t => t.type === 'page') as { webSocketDebuggerUrl?: string } | undefined
    if (page?.webSocketDebuggerUrl) {
      const socket = new WebSocket(page.webSocketDebuggerUrl)
      await new Promise((resolve, reject) => {
        socket.addEventListener('open', resolve, { once: true })
        socket.addEventListener('error', reject, { once: true })
      })
      return socket
    }
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new Error('chromium never showed the page')
}

/** One DevTools command and its result. */
function call(socket: WebSocket, method: string, params: object): Promise<unknown> {
  const id = randomInt(1, 2 ** 31)
  return new Promise((resolve, reject) => {
    const onMessage = (event: MessageEvent): void => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: unknown }
      if (message.id !== id) return
      socket.removeEventListener('message', onMessage)
      if (message.error) reject(new Error(`${method}: ${JSON.stringify(message.error)}`))
      else resolve(message.result)
    }
    socket.addEventListener('message', onMessage)
    socket.send(JSON.stringify({ id, method, params }))
  })
}

/** The first DevTools event named `method`. */
function event(socket: WebSocket, method: string): Promise<void> {
  return new Promise(resolve => {
    const onMessage = (message: MessageEvent): void => {
      if ((JSON.parse(String(message.data)) as { method?: string }).method !== method) return
      socket.removeEventListener('message', onMessage)
      resolve()
    }
    socket.addEventListener('message', onMessage)
  })
}
