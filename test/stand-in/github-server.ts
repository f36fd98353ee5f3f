/**
 * A stand-in for the part of GitHub's REST API that upload-to-release uses: find a release by
 * tag, list and delete its assets, upload an asset. Records every upload.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Upload {
  releaseId: number
  name: string
  contentType: string | undefined
  authorization: string | undefined
  bytes: Buffer
}

export class GitHubStandIn {
  readonly server: http.Server
  url = ''
  readonly uploads: Upload[] = []
  readonly deleted: number[] = []
  readonly releases = new Map<string, { id: number; assets: Array<{ id: number; name: string }> }>()
  #nextAsset = 1000

  constructor() {
    this.server = http.createServer((req, res) => void this.#handle(req, res))
  }

  static async start(): Promise<GitHubStandIn> {
    const stand = new GitHubStandIn()
    await new Promise<void>(resolve => stand.server.listen(0, '127.0.0.1', resolve))
    stand.url = `http://127.0.0.1:${(stand.server.address() as AddressInfo).port}`
    return stand
  }

  addRelease(tag: string, id: number, assets: string[] = []): void {
    this.releases.set(tag, { id, assets: assets.map(name => ({ id: this.#nextAsset++, name })) })
  }

  releaseJson(tag: string): Record<string, unknown> {
    const release = this.releases.get(tag)
    if (!release) throw new Error(`no release ${tag}`)
    return {
      id: release.id,
      tag_name: tag,
      upload_url: `${this.url}/uploads/repos/octo/demo/releases/${release.id}/assets{?name,label}`
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const url = new URL(req.url ?? '/', 'http://stand-in')
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value))
    }
    const byTag = /^\/repos\/octo\/demo\/releases\/tags\/(.+)$/.exec(url.pathname)
    if (req.method === 'GET' && byTag) {
      const tag = decodeURIComponent(byTag[1]!)
      return this.releases.has(tag) ? json(200, this.releaseJson(tag)) : json(404, { message: 'Not Found' })
    }
    const list = /^\/repos\/octo\/demo\/releases\/(\d+)\/assets$/.exec(url.pathname)
    const release = [...this.releases.values()].find(r => r.id === Number(list?.[1]))
    if (req.method === 'GET' && list) return json(200, release?.assets ?? [])
    const del = /^\/repos\/octo\/demo\/releases\/assets\/(\d+)$/.exec(url.pathname)
    if (req.method === 'DELETE' && del) {
      this.deleted.push(Number(del[1]))
      for (const r of this.releases.values()) r.assets = r.assets.filter(a => a.id !== Number(del[1]))
      res.writeHead(204).end()
      return
    }
    const upload = /^\/uploads\/repos\/octo\/demo\/releases\/(\d+)\/assets$/.exec(url.pathname)
    if (req.method === 'POST' && upload) {
      const name = url.searchParams.get('name') ?? ''
      this.uploads.push({
        releaseId: Number(upload[1]),
        name,
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization,
        bytes: Buffer.concat(chunks)
      })
      return json(201, {
        id: this.#nextAsset++,
        name,
        browser_download_url: `https://github.example/octo/demo/releases/download/v1/${name}`
      })
    }
    json(404, { message: `Not Found: ${req.method} ${url.pathname}` })
  }
}
