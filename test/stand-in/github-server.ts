/**
 * A stand-in for the parts of GitHub's REST API the action uses, spoken as GitHub speaks them so
 * the real @actions/github (Octokit) runs against it:
 * - releases (upload-to-release): find a release by tag, list and delete its assets, upload one;
 * - issue comments (the plan on a pull request; a pull request is an issue): list with per_page,
 *   page and a Link header, create, update. These need an Authorization header (401 without), and
 *   a read-only token is refused writes with GitHub's 403 "Resource not accessible by integration".
 * Every request is recorded, with the route it matched and the status it got.
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

export type Route =
  | 'release-by-tag'
  | 'list-assets'
  | 'delete-asset'
  | 'upload-asset'
  | 'list-comments'
  | 'create-comment'
  | 'update-comment'
  | 'unknown'

export interface RecordedRequest {
  method: string
  /** The path without the query, as sent. */
  path: string
  query: Record<string, string>
  route: Route
  status: number
  authorization: string | undefined
  /** The JSON body of a comment request (undefined for other routes, or when it was not JSON). */
  body: unknown
}

export interface User {
  login: string
  id: number
  type: 'User' | 'Bot'
}

/** What GITHUB_TOKEN writes as. */
export const ACTIONS_BOT: User = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' }
const OCTOCAT: User = { login: 'octocat', id: 583231, type: 'User' }

export interface Comment {
  id: number
  owner: string
  repo: string
  issue: number
  body: string
  user: User
  created_at: string
  updated_at: string
}

/** GitHub's own limit on a comment body, in characters. */
export const MAX_COMMENT_CHARS = 65536
const DOCS = 'https://docs.github.com/rest/issues/comments'

interface Reply {
  status: number
  json?: unknown
  headers?: Record<string, string>
}

interface Call {
  method: string
  url: URL
  match: RegExpExecArray
  headers: http.IncomingHttpHeaders
  bytes: Buffer
  json: unknown
}

interface Handler {
  method: string
  pattern: RegExp
  route: Route
  /** Comment routes need a token; release routes keep answering without one, as before. */
  auth: boolean
  run: (call: Call) => Reply
}

const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8' }
const BAD_JSON = Symbol('not JSON')

/** A request's JSON body; undefined when there is none, BAD_JSON when it does not parse. */
function parseJson(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown
  } catch {
    return BAD_JSON
  }
}

const error = (status: number, message: string, documentation = DOCS): Reply => ({
  status,
  json: { message, documentation_url: documentation, status: String(status) }
})

export class GitHubStandIn {
  readonly server: http.Server
  url = ''
  readonly uploads: Upload[] = []
  readonly deleted: number[] = []
  readonly releases = new Map<string, { id: number; assets: Array<{ id: number; name: string }> }>()
  readonly requests: RecordedRequest[] = []
  /** Every comment on every issue, oldest first (as GitHub lists them). */
  readonly comments: Comment[] = []
  /** Writes to comments get GitHub's 403, as a pull request from a fork's GITHUB_TOKEN does. */
  readOnly = false
  #nextAsset = 1000
  #nextComment = 2_000_000_000
  #clock = Date.parse('2026-12-01T00:00:00Z')
  readonly #handlers: Handler[] = [
    {
      method: 'GET',
      pattern: /^\/repos\/octo\/demo\/releases\/tags\/(.+)$/,
      route: 'release-by-tag',
      auth: false,
      run: c => this.#releaseByTag(c)
    },
    {
      method: 'GET',
      pattern: /^\/repos\/octo\/demo\/releases\/(\d+)\/assets$/,
      route: 'list-assets',
      auth: false,
      run: c => this.#listAssets(c)
    },
    {
      method: 'DELETE',
      pattern: /^\/repos\/octo\/demo\/releases\/assets\/(\d+)$/,
      route: 'delete-asset',
      auth: false,
      run: c => this.#deleteAsset(c)
    },
    {
      method: 'POST',
      pattern: /^\/uploads\/repos\/octo\/demo\/releases\/(\d+)\/assets$/,
      route: 'upload-asset',
      auth: false,
      run: c => this.#upload(c)
    },
    {
      method: 'GET',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
      route: 'list-comments',
      auth: true,
      run: c => this.#listComments(c)
    },
    {
      method: 'POST',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
      route: 'create-comment',
      auth: true,
      run: c => this.#createComment(c)
    },
    {
      method: 'PATCH',
      pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/,
      route: 'update-comment',
      auth: true,
      run: c => this.#updateComment(c)
    }
  ]

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

  /** Comments already on an issue (of octo/demo unless told), oldest first; returns them. */
  seedComments(
    issue: number,
    bodies: string[],
    options: { user?: User; owner?: string; repo?: string } = {}
  ): Comment[] {
    const { user = OCTOCAT, owner = 'octo', repo = 'demo' } = options
    return bodies.map(body => this.#addComment(owner, repo, issue, body, user))
  }

  /** The comments of one issue, oldest first. */
  commentsOn(issue: number, owner = 'octo', repo = 'demo'): Comment[] {
    return this.comments.filter(c => c.owner === owner && c.repo === repo && c.issue === issue)
  }

  /** The recorded requests that matched a route. */
  requestsTo(route: Route): RecordedRequest[] {
    return this.requests.filter(r => r.route === route)
  }

  /** Back to an empty stand-in on the same address (for tests that share one). */
  reset(): void {
    for (const list of [this.uploads, this.deleted, this.requests, this.comments]) list.length = 0
    this.releases.clear()
    this.readOnly = false
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const url = new URL(req.url ?? '/', 'http://stand-in')
    const method = req.method ?? 'GET'
    const found = this.#handlers
      .map(handler => ({ handler, match: handler.method === method ? handler.pattern.exec(url.pathname) : null }))
      .find(candidate => candidate.match)
    const bytes = Buffer.concat(chunks)
    const json = found?.handler.auth ? parseJson(bytes) : undefined
    const reply = found
      ? this.#answer(found.handler, { method, url, match: found.match!, headers: req.headers, bytes, json })
      : error(404, `Not Found: ${method} ${url.pathname}`, 'https://docs.github.com/rest')
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      route: found?.handler.route ?? 'unknown',
      status: reply.status,
      authorization: req.headers.authorization,
      body: json === BAD_JSON ? undefined : json
    })
    res.writeHead(reply.status, { ...(reply.json === undefined ? {} : JSON_TYPE), ...reply.headers })
    res.end(reply.json === undefined ? undefined : JSON.stringify(reply.json))
  }

  #answer(handler: Handler, call: Call): Reply {
    if (handler.auth) {
      const token = /^(?:token|bearer)\s+(\S+)$/i.exec(call.headers.authorization ?? '')
      if (!token) return error(401, 'Requires authentication', 'https://docs.github.com/rest')
      if (call.json === BAD_JSON) return error(400, 'Problems parsing JSON', 'https://docs.github.com/rest')
    }
    return handler.run(call)
  }

  #releaseByTag({ match }: Call): Reply {
    const tag = decodeURIComponent(match[1]!)
    return this.releases.has(tag) ? { status: 200, json: this.releaseJson(tag) } : error(404, 'Not Found')
  }

  #listAssets({ match }: Call): Reply {
    const release = [...this.releases.values()].find(r => r.id === Number(match[1]))
    return { status: 200, json: release?.assets ?? [] }
  }

  #deleteAsset({ match }: Call): Reply {
    const id = Number(match[1])
    this.deleted.push(id)
    for (const r of this.releases.values()) r.assets = r.assets.filter(a => a.id !== id)
    return { status: 204 }
  }

  #upload({ match, url, headers, bytes }: Call): Reply {
    const name = url.searchParams.get('name') ?? ''
    this.uploads.push({
      releaseId: Number(match[1]),
      name,
      contentType: headers['content-type'],
      authorization: headers.authorization,
      bytes
    })
    return {
      status: 201,
      json: {
        id: this.#nextAsset++,
        name,
        browser_download_url: `https://github.example/octo/demo/releases/download/v1/${name}`
      }
    }
  }

  /** GitHub's paging: per_page 30 by default and at most 100, page from 1, Link with prev/next/last/first. */
  #listComments({ match, url }: Call): Reply {
    const [owner, repo, issue] = [match[1]!, match[2]!, Number(match[3])]
    const all = this.commentsOn(issue, owner, repo)
    const asked = Number(url.searchParams.get('per_page'))
    const perPage = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, 100) : 30
    const page = Math.max(1, Math.trunc(Number(url.searchParams.get('page'))) || 1)
    const last = Math.max(1, Math.ceil(all.length / perPage))
    const at = (n: number): string => {
      const query = new URLSearchParams(url.searchParams)
      query.set('page', String(n))
      return `<${this.url}${url.pathname}?${query}>`
    }
    const links = [
      ...(page > 1 ? [`${at(Math.min(page - 1, last))}; rel="prev"`] : []),
      ...(page < last ? [`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`] : []),
      ...(page > 1 ? [`${at(1)}; rel="first"`] : [])
    ]
    const json = all.slice((page - 1) * perPage, page * perPage).map(c => this.#commentJson(c))
    return { status: 200, json, headers: links.length ? { link: links.join(', ') } : {} }
  }

  #createComment({ match, json }: Call): Reply {
    const refused = this.#writeProblem(json, 'create-an-issue-comment')
    if (refused) return refused
    const comment = this.#addComment(
      match[1]!,
      match[2]!,
      Number(match[3]),
      (json as { body: string }).body,
      ACTIONS_BOT
    )
    return { status: 201, json: this.#commentJson(comment), headers: { location: this.#apiUrl(comment) } }
  }

  #updateComment({ match, json }: Call): Reply {
    const comment = this.comments.find(c => c.id === Number(match[3]) && c.owner === match[1] && c.repo === match[2])
    if (!comment) return error(404, 'Not Found', `${DOCS}#update-an-issue-comment`)
    const refused = this.#writeProblem(json, 'update-an-issue-comment')
    if (refused) return refused
    comment.body = (json as { body: string }).body
    comment.updated_at = this.#now()
    return { status: 200, json: this.#commentJson(comment) }
  }

  /** GitHub's answers to a write it will not make: a read-only token, no body, too long a body. */
  #writeProblem(json: unknown, operation: string): Reply | undefined {
    if (this.readOnly) return error(403, 'Resource not accessible by integration', `${DOCS}#${operation}`)
    const body = (json as { body?: unknown } | undefined)?.body
    if (typeof body !== 'string')
      return error(422, 'Invalid request.\n\n"body" wasn\'t supplied.', `${DOCS}#${operation}`)
    if (body.length > MAX_COMMENT_CHARS) {
      return {
        status: 422,
        json: {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'IssueComment',
              code: 'custom',
              field: 'body',
              message: `body is too long (maximum is ${MAX_COMMENT_CHARS} characters)`
            }
          ],
          documentation_url: `${DOCS}#${operation}`,
          status: '422'
        }
      }
    }
    return undefined
  }

  #addComment(owner: string, repo: string, issue: number, body: string, user: User): Comment {
    const at = this.#now()
    const comment = { id: this.#nextComment++, owner, repo, issue, body, user, created_at: at, updated_at: at }
    this.comments.push(comment)
    return comment
  }

  /** One second later than the last answer: timestamps that order like GitHub's. */
  #now(): string {
    this.#clock += 1000
    return new Date(this.#clock).toISOString().replace('.000Z', 'Z')
  }

  #apiUrl(c: Comment): string {
    return `${this.url}/repos/${c.owner}/${c.repo}/issues/comments/${c.id}`
  }

  #commentJson(c: Comment): Record<string, unknown> {
    return {
      id: c.id,
      node_id: `IC_${c.id.toString(36)}`,
      url: this.#apiUrl(c),
      html_url: `https://github.example/${c.owner}/${c.repo}/issues/${c.issue}#issuecomment-${c.id}`,
      issue_url: `${this.url}/repos/${c.owner}/${c.repo}/issues/${c.issue}`,
      body: c.body,
      user: { login: c.user.login, id: c.user.id, type: c.user.type },
      created_at: c.created_at,
      updated_at: c.updated_at,
      author_association: c.user.type === 'Bot' ? 'NONE' : 'OWNER'
    }
  }
}
