/**
 * The GitHub stand-in, driven by the real @actions/github: Octokit finds it through GITHUB_API_URL
 * as it does on a runner, pages through issue comments by their Link header, creates and updates
 * one, and gets GitHub's 401 and 403. The release API it already served keeps working.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { ACTIONS_BOT, GitHubStandIn, MAX_COMMENT_CHARS } from '../../stand-in/github-server.js'

type Octokit = ReturnType<(typeof import('@actions/github'))['getOctokit']>

const REPO = { owner: 'octo', repo: 'demo' }
const MARKER = '<!-- minimax-plan -->'
let stand: GitHubStandIn
let octokit: Octokit

beforeAll(async () => {
  stand = await GitHubStandIn.start()
  // @actions/github reads GITHUB_API_URL once, when it is first imported: set it, then import.
  vi.stubEnv('GITHUB_API_URL', stand.url)
  const { getOctokit } = await import('@actions/github')
  octokit = getOctokit('ghs_unit_token')
})

afterAll(async () => {
  vi.unstubAllEnvs()
  await stand.close()
})

beforeEach(() => stand.reset())

/** How an action keeps one comment per pull request: find it by its marker, update it or create it. */
async function upsert(issue: number, body: string): Promise<number> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...REPO,
    issue_number: issue,
    per_page: 100
  })
  const mine = comments.find(c => c.user?.type === 'Bot' && c.body?.includes(MARKER))
  if (mine) return (await octokit.rest.issues.updateComment({ ...REPO, comment_id: mine.id, body })).data.id
  return (await octokit.rest.issues.createComment({ ...REPO, issue_number: issue, body })).data.id
}

describe('issue comments', () => {
  it('lists 150 comments across pages by the Link header, in order', async () => {
    stand.seedComments(
      7,
      Array.from({ length: 150 }, (_, i) => `comment ${i + 1}`)
    )
    const all = await octokit.paginate(octokit.rest.issues.listComments, { ...REPO, issue_number: 7, per_page: 100 })
    expect(all.map(c => c.body)).toEqual(Array.from({ length: 150 }, (_, i) => `comment ${i + 1}`))
    expect(stand.requestsTo('list-comments').map(r => r.query)).toEqual([
      { per_page: '100' },
      { per_page: '100', page: '2' }
    ])
  })

  it('pages like GitHub: 30 by default, at most 100, Link with prev, next, last and first', async () => {
    stand.seedComments(
      3,
      Array.from({ length: 150 }, (_, i) => `c${i}`)
    )
    const first = await octokit.rest.issues.listComments({ ...REPO, issue_number: 3 })
    expect(first.data).toHaveLength(30)
    expect(first.headers.link).toBe(
      `<${stand.url}/repos/octo/demo/issues/3/comments?page=2>; rel="next", ` +
        `<${stand.url}/repos/octo/demo/issues/3/comments?page=5>; rel="last"`
    )
    const middle = await octokit.rest.issues.listComments({ ...REPO, issue_number: 3, per_page: 50, page: 2 })
    expect(middle.data.map(c => c.body)).toEqual(Array.from({ length: 50 }, (_, i) => `c${i + 50}`))
    expect(middle.headers.link).toMatch(
      /page=1>; rel="prev", <.*page=3>; rel="next", <.*page=3>; rel="last", <.*page=1>; rel="first"$/
    )
    const capped = await octokit.rest.issues.listComments({ ...REPO, issue_number: 3, per_page: 500 })
    expect(capped.data).toHaveLength(100)
    const past = await octokit.rest.issues.listComments({ ...REPO, issue_number: 3, per_page: 100, page: 9 })
    expect(past.data).toEqual([])
    const alone = await octokit.rest.issues.listComments({ ...REPO, issue_number: 4 })
    expect(alone.data).toEqual([])
    expect(alone.headers.link).toBeUndefined()
  })

  it('creates one comment, then updates that same comment, never a second', async () => {
    stand.seedComments(
      12,
      Array.from({ length: 150 }, (_, i) => `review ${i}`)
    )
    const created = await upsert(12, `${MARKER}\nMerging pays for 2 new clips, about 4.00 CNY`)
    const updated = await upsert(12, `${MARKER}\nMerging pays for 1 new clip, about 2.00 CNY`)
    expect(updated).toBe(created)
    expect(stand.requestsTo('create-comment')).toHaveLength(1)
    expect(stand.requestsTo('update-comment')).toHaveLength(1)
    expect(stand.requestsTo('update-comment')[0]).toMatchObject({
      path: `/repos/octo/demo/issues/comments/${created}`,
      status: 200,
      authorization: 'token ghs_unit_token',
      body: { body: `${MARKER}\nMerging pays for 1 new clip, about 2.00 CNY` }
    })
    const comments = stand.commentsOn(12)
    expect(comments).toHaveLength(151)
    expect(comments.at(-1)).toMatchObject({ id: created, user: ACTIONS_BOT, body: expect.stringContaining('2.00 CNY') })
    expect(comments.at(-1)!.updated_at > comments.at(-1)!.created_at).toBe(true)
  })

  it('answers 401 to a request without an Authorization header, and changes nothing', async () => {
    const [existing] = stand.seedComments(5, ['hello'])
    const base = `${stand.url}/repos/octo/demo/issues`
    const answers = await Promise.all([
      fetch(`${base}/5/comments`),
      fetch(`${base}/5/comments`, { method: 'POST', body: JSON.stringify({ body: 'x' }) }),
      fetch(`${base}/comments/${existing!.id}`, { method: 'PATCH', body: JSON.stringify({ body: 'x' }) })
    ])
    for (const answer of answers) {
      expect(answer.status).toBe(401)
      expect(await answer.json()).toMatchObject({ message: 'Requires authentication', status: '401' })
    }
    expect(stand.commentsOn(5).map(c => c.body)).toEqual(['hello'])
    expect(stand.requests.map(r => r.status)).toEqual([401, 401, 401])
  })

  it("answers 403 with GitHub's message to a read-only token's writes; it can still read", async () => {
    const [existing] = stand.seedComments(9, [`${MARKER}\nold plan`], { user: ACTIONS_BOT })
    stand.readOnly = true
    const forbidden = {
      status: 403,
      response: { data: { message: 'Resource not accessible by integration', status: '403' } }
    }
    await expect(octokit.rest.issues.createComment({ ...REPO, issue_number: 9, body: 'new' })).rejects.toMatchObject(
      forbidden
    )
    await expect(
      octokit.rest.issues.updateComment({ ...REPO, comment_id: existing!.id, body: 'new' })
    ).rejects.toMatchObject(forbidden)
    const read = await octokit.rest.issues.listComments({ ...REPO, issue_number: 9 })
    expect(read.data.map(c => c.body)).toEqual([`${MARKER}\nold plan`])
    expect(stand.requests.map(r => [r.route, r.status])).toEqual([
      ['create-comment', 403],
      ['update-comment', 403],
      ['list-comments', 200]
    ])
  })

  it('refuses what GitHub refuses: an unknown comment, a missing or too long body, broken JSON', async () => {
    await expect(octokit.rest.issues.updateComment({ ...REPO, comment_id: 1, body: 'x' })).rejects.toMatchObject({
      status: 404
    })
    await expect(
      octokit.rest.issues.createComment({ ...REPO, issue_number: 2, body: 'x'.repeat(MAX_COMMENT_CHARS + 1) })
    ).rejects.toMatchObject({ status: 422, response: { data: { message: 'Validation Failed' } } })
    const headers = { authorization: 'Bearer ghs_unit_token' }
    const empty = await fetch(`${stand.url}/repos/octo/demo/issues/2/comments`, { method: 'POST', headers })
    expect(empty.status).toBe(422)
    const broken = await fetch(`${stand.url}/repos/octo/demo/issues/2/comments`, { method: 'POST', headers, body: '{' })
    expect(broken.status).toBe(400)
    expect(stand.commentsOn(2)).toEqual([])
  })
})

describe('releases', () => {
  it('still finds a release by tag, lists and deletes its assets', async () => {
    stand.addRelease('v1.0.0', 42, ['clip.mp4'])
    const release = await octokit.rest.repos.getReleaseByTag({ ...REPO, tag: 'v1.0.0' })
    expect(release.data.id).toBe(42)
    const assets = await octokit.rest.repos.listReleaseAssets({ ...REPO, release_id: 42 })
    expect(assets.data.map(a => a.name)).toEqual(['clip.mp4'])
    await octokit.rest.repos.deleteReleaseAsset({ ...REPO, asset_id: assets.data[0]!.id })
    expect(stand.deleted).toEqual([assets.data[0]!.id])
    await expect(octokit.rest.repos.getReleaseByTag({ ...REPO, tag: 'v9' })).rejects.toMatchObject({ status: 404 })
  })
})
