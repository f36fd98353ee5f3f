/**
 * comment-on-pr end to end: the built action against the MiniMax stand-in and a stand-in of the
 * GitHub REST API's issue comments (the real @actions/github code runs), with records in a
 * cache-dir so that a pull request that changes one keyframe shows what merging pays for.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ACTIONS_BOT, GitHubStandIn } from '../stand-in/github-server.js'
import { runAgainst, withServer } from '../support/fixtures.js'
import { renderGfm } from '../support/markdown.js'
import { png } from '../support/images.js'
import { newWorkspace } from '../support/run-action.js'
import { tempDir } from '../support/temp.js'

const CLIPS = path.resolve(import.meta.dirname, '../fixtures/clips')
const clip = (name: string): Buffer => readFileSync(path.join(CLIPS, `${name}.mp4`))
const FAST = { 'poll-interval': '0.05', 'retry-initial-delay': '0.01', 'submit-rate': '600' }
const keyframe = (i: number): string => `  - image: k${i}.png\n${i < 6 ? `    prompt: clip ${i}\n` : ''}`
const SIX = `keyframes:\n${[1, 2, 3, 4, 5, 6].map(keyframe).join('')}`

/** A 5-clip storyboard; `changed` gives keyframe k3 (keyframes[2]) other bytes. */
function board(changed = false): string {
  const workspace = newWorkspace()
  mkdirSync(path.join(workspace, 'board'))
  for (const i of [1, 2, 3, 4, 5, 6]) {
    const size = 3000 + i * 10 + (changed && i === 3 ? 1 : 0)
    writeFileSync(path.join(workspace, 'board', `k${i}.png`), png(1280, 720, { size }))
  }
  writeFileSync(path.join(workspace, 'board/storyboard.yml'), SIX)
  return workspace
}

let github: GitHubStandIn
beforeEach(async () => {
  github = await GitHubStandIn.start()
})
afterEach(async () => {
  await github.close()
})

/** What the runner gives a job started by a pull request (#7 of octo/demo). */
function pullRequest(): Record<string, string> {
  const event = path.join(tempDir('event-'), 'event.json')
  writeFileSync(event, JSON.stringify({ pull_request: { number: 7 }, repository: { full_name: 'octo/demo' } }))
  return {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_REPOSITORY: 'octo/demo',
    GITHUB_API_URL: github.url
  }
}

const PREVIEW = { storyboard: 'board/storyboard.yml', 'dry-run': 'true', 'comment-on-pr': 'true' }

describe('comment-on-pr', () => {
  it('writes one comment that says what merging pays for, and updates it in place on every push', async () => {
    const records = tempDir('records-')
    await withServer(
      async server => {
        // The default branch made the film once: its five clips are recorded.
        const made = await runAgainst(
          server,
          { storyboard: 'board/storyboard.yml', wait: 'true', ...FAST, 'cache-dir': records },
          { workspace: board() }
        )
        expect(made.errors).toEqual([])

        // A pull request changes one interior keyframe: two clips are new.
        const first = await runAgainst(
          server,
          { ...PREVIEW, 'cache-dir': records },
          {
            workspace: board(true),
            env: pullRequest()
          }
        )
        expect(first.errors).toEqual([])
        expect(first.warnings).toEqual([])
        const [comment] = github.commentsOn(7)
        expect(github.commentsOn(7)).toHaveLength(1)
        const html = renderGfm(comment!.body)
        expect(html).toContain('<strong>Merging pays for 2 new clips, about 4.00 CNY; 3 clips reused.</strong>')
        expect(html).toContain('<table>')
        expect(html).toMatch(
          /<td>2<\/td>\s*<td><code>k2\.png<\/code> \(line 4\) → <code>k3\.png<\/code> \(line 6\)<\/td>/
        )
        expect(html).toContain(
          'Changed since the clips earlier runs made: the image of keyframes[2] (board/storyboard.yml line 6).'
        )
        expect(comment!.user).toEqual(ACTIONS_BOT)

        // The next push: the same comment, updated; never a second one.
        const again = await runAgainst(
          server,
          { ...PREVIEW, 'cache-dir': records },
          {
            workspace: board(true),
            env: pullRequest()
          }
        )
        expect(again.errors).toEqual([])
        expect(github.commentsOn(7)).toHaveLength(1)
        expect(github.requestsTo('create-comment')).toHaveLength(1)
        expect(github.requestsTo('update-comment')).toHaveLength(1)
        expect(server.requests.submit).toBe(5)
      },
      { clips: [clip('v1-a'), clip('v1-b'), clip('v1-c')] }
    )
  })

  it('a push that breaks the storyboard turns the comment into the refusal, never leaving the old plan', async () => {
    await withServer(async server => {
      const workspace = board()
      const valid = await runAgainst(server, PREVIEW, { workspace, env: pullRequest() })
      expect(valid.errors).toEqual([])
      expect(github.commentsOn(7)[0]!.body).toContain('Merging pays for 5 new clips')

      writeFileSync(path.join(workspace, 'board/storyboard.yml'), SIX.replace('prompt: clip 2', 'promt: clip 2'))
      const broken = await runAgainst(server, PREVIEW, { workspace, env: pullRequest() })
      expect(broken.code).toBe(1)
      expect(github.commentsOn(7)).toHaveLength(1)
      const html = renderGfm(github.commentsOn(7)[0]!.body)
      expect(html).toContain('<strong>Refused: nothing was sent, nothing paid.</strong>')
      expect(html).toMatch(/<li>storyboard: board\/storyboard\.yml line 5: keyframes\[1\]\.promt: unknown key/)
      expect(html).not.toContain('Merging pays')
      expect(html).not.toContain(workspace)

      // A plan refused by max-cost says that max-cost refused it, with the table of what it would pay.
      writeFileSync(path.join(workspace, 'board/storyboard.yml'), SIX)
      const capped = await runAgainst(server, { ...PREVIEW, 'max-cost': '1 CNY' }, { workspace, env: pullRequest() })
      expect(capped.code).toBe(1)
      expect(capped.outputs.estimated_cost).toBeUndefined()
      // The job summary's clips table says what happened to each clip: none was sent.
      expect(capped.summary.match(/\| not sent \(refused\) \|/g)).toHaveLength(5)
      expect(capped.summary).toContain('about 10.00 CNY for 5 new tasks in a real run')
      const cappedHtml = renderGfm(github.commentsOn(7)[0]!.body)
      expect(cappedHtml).toContain('<strong>Refused: nothing was sent, nothing paid.</strong>')
      expect(cappedHtml).toMatch(/<li>max-cost: is 1\.00 CNY, but this run would pay about 10\.00 CNY for 5 new tasks/)
      expect(cappedHtml).toContain('<table>')
      expect(github.requestsTo('create-comment')).toHaveLength(1)
      expect(server.requests.submit).toBe(0)
    })
  })

  it('two workflows on one storyboard keep a comment each; a comment quoting the marker is not it', async () => {
    await withServer(async server => {
      const workspace = board()
      const preview = await runAgainst(server, PREVIEW, {
        workspace,
        env: { ...pullRequest(), GITHUB_WORKFLOW: 'Preview' }
      })
      const approval = await runAgainst(server, PREVIEW, {
        workspace,
        env: { ...pullRequest(), GITHUB_WORKFLOW: 'Approval' }
      })
      expect([preview.errors, approval.errors]).toEqual([[], []])
      const [mine, theirs] = github.commentsOn(7)
      expect(mine!.body).toContain('<!-- minimax-video-plan: Preview / board/storyboard.yml -->')
      expect(theirs!.body).toContain('<!-- minimax-video-plan: Approval / board/storyboard.yml -->')

      // Someone pastes the plan, marker and all, into a comment of their own: the action's stays the one updated.
      const [quoted] = github.seedComments(7, [mine!.body])
      const again = await runAgainst(server, PREVIEW, {
        workspace,
        env: { ...pullRequest(), GITHUB_WORKFLOW: 'Preview' }
      })
      expect(again.errors).toEqual([])
      expect(github.requestsTo('update-comment').map(r => r.path)).toEqual([
        `/repos/octo/demo/issues/comments/${mine!.id}`
      ])
      expect(github.commentsOn(7).find(c => c.id === quoted!.id)!.user.type).toBe('User')
    })
  })

  it('a changed prompt names the clip whose prompt, duration or take changed', async () => {
    const records = tempDir('records-')
    await withServer(
      async server => {
        const workspace = board()
        const made = await runAgainst(
          server,
          { storyboard: 'board/storyboard.yml', wait: 'true', ...FAST, 'cache-dir': records },
          { workspace }
        )
        expect(made.errors).toEqual([])
        writeFileSync(path.join(workspace, 'board/storyboard.yml'), SIX.replace('prompt: clip 3', 'prompt: clip three'))
        const changed = await runAgainst(
          server,
          { ...PREVIEW, 'cache-dir': records },
          { workspace, env: pullRequest() }
        )
        expect(changed.errors).toEqual([])
        const html = renderGfm(github.commentsOn(7)[0]!.body)
        expect(html).toContain('<strong>Merging pays for 1 new clip, about 2.00 CNY; 4 clips reused.</strong>')
        expect(html).toContain(
          'Changed since the clips earlier runs made: clip 3, from keyframes[2] (board/storyboard.yml line 6): its ' +
            'prompt, duration or take.'
        )
      },
      { clips: [clip('v1-a'), clip('v1-b'), clip('v1-c')] }
    )
  })

  it('finds its comment among many (pages of them) rather than writing a second one', async () => {
    await withServer(async server => {
      const first = await runAgainst(server, PREVIEW, { workspace: board(), env: pullRequest() })
      expect(first.errors).toEqual([])
      const ours = github.commentsOn(7)[0]!
      github.seedComments(
        7,
        Array.from({ length: 150 }, (_, i) => `comment ${i}`)
      )
      const again = await runAgainst(server, PREVIEW, { workspace: board(), env: pullRequest() })
      expect(again.errors).toEqual([])
      expect(github.commentsOn(7)).toHaveLength(151)
      expect(github.requestsTo('update-comment').map(r => r.path)).toEqual([
        `/repos/octo/demo/issues/comments/${ours.id}`
      ])
    })
  })

  it('with a read-only token (a pull request from a fork): a warning, and the run goes on', async () => {
    github.readOnly = true
    await withServer(async server => {
      const run = await runAgainst(server, PREVIEW, { workspace: board(), env: pullRequest() })
      expect(run.code).toBe(0)
      expect(run.warnings).toEqual([expect.stringMatching(/^comment-on-pr: .*\(HTTP 403; a pull request from a fork/)])
      expect(github.commentsOn(7)).toHaveLength(0)
    })
  })

  it('outside a pull request: says once that it writes no comment, and asks GitHub nothing', async () => {
    await withServer(async server => {
      const env = { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_API_URL: github.url, GITHUB_REPOSITORY: 'octo/demo' }
      const run = await runAgainst(server, PREVIEW, { workspace: board(), env })
      expect(run.errors).toEqual([])
      expect(run.warnings).toEqual([])
      expect(run.stdout.match(/comment-on-pr: this run was started by workflow_dispatch/g)).toHaveLength(1)
      expect(github.requests).toEqual([])
    })
  })
})
