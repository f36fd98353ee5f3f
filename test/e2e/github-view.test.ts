/**
 * What a person sees on GitHub: the raw log as the runner folds it (groups that hold their own
 * lines, none empty), a job summary for every run (a refused one too), the summary's markdown
 * rendered as GitHub renders it (GFM) and checked as HTML, and its size whatever the storyboard.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SUMMARY_LIMIT_BYTES } from '../../src/github/summary.js'
import { runAgainst, withServer, workspaceWithFrames } from '../support/fixtures.js'
import { png } from '../support/images.js'
import { renderGfm } from '../support/markdown.js'
import { newWorkspace } from '../support/run-action.js'
import { tempDir } from '../support/temp.js'

const CLIPS = path.resolve(import.meta.dirname, '../fixtures/clips')
const clip = (name: string): Buffer => readFileSync(path.join(CLIPS, `${name}.mp4`))
const FAST = { 'poll-interval': '0.05', 'retry-initial-delay': '0.01', 'submit-rate': '600' }
const FRAMES = { 'first-frame': 'start.png', 'last-frame': 'end.jpg', prompt: 'The boat drifts [推进]' }

/** The log as the runner folds it: each group's lines, and the lines outside any group. */
function groups(stdout: string): { name: string; lines: string[] }[] {
  const found: { name: string; lines: string[] }[] = [{ name: '(outside)', lines: [] }]
  let open: { name: string; lines: string[] } | undefined
  for (const line of stdout.split('\n').filter(l => l && !l.startsWith('::add-mask::') && !l.startsWith('::debug::'))) {
    const start = /^::group::(.*)$/.exec(line)
    if (start) {
      expect(open, `a group opened inside "${open?.name}"`).toBeUndefined()
      open = { name: start[1]!, lines: [] }
      found.push(open)
    } else if (line === '::endgroup::') {
      expect(open, 'an endgroup without a group').toBeDefined()
      open = undefined
    } else (open ?? found[0]!).lines.push(line)
  }
  return found
}
const linesOf = (stdout: string, name: string): string[] => groups(stdout).find(g => g.name === name)?.lines ?? []

/** A storyboard of `n` clips, each prompt `prompt(i)` (the keyframes alternate two images). */
function board(n: number, prompt: (i: number) => string): string {
  const workspace = newWorkspace()
  mkdirSync(path.join(workspace, 'board'))
  writeFileSync(path.join(workspace, 'board/a.png'), png(1280, 720))
  writeFileSync(path.join(workspace, 'board/b.png'), png(1280, 720, { size: 5000 }))
  const keyframes = Array.from({ length: n + 1 }, (_, i) => {
    const text = i < n ? `    prompt: ${JSON.stringify(prompt(i))}\n` : ''
    return `  - image: ${i % 2 ? 'b' : 'a'}.png\n${text}`
  })
  writeFileSync(path.join(workspace, 'board/storyboard.yml'), `keyframes:\n${keyframes.join('')}`)
  return workspace
}

describe('the log', () => {
  it('has no empty group, and the checks and the lookups print their results inside their own group', async () => {
    const records = tempDir('records-')
    await withServer(async server => {
      const { workspace } = workspaceWithFrames()
      const run = await runAgainst(server, { ...FRAMES, ...FAST, wait: 'true', 'cache-dir': records }, { workspace })
      expect(run.errors).toEqual([])
      for (const group of groups(run.stdout).slice(1)) expect(group.lines, group.name).not.toEqual([])
      expect(linesOf(run.stdout, 'Checking the inputs')).toContain('Every check passed.')
      expect(linesOf(run.stdout, 'Looking for earlier runs with the same inputs')).toEqual([
        expect.stringMatching(/^In the folder .* 0 videos and 0 tasks from earlier runs .* 1 to pay for\.$/)
      ])
      expect(linesOf(run.stdout, '(outside)').join('\n')).not.toMatch(/Every check passed|In the folder/)
    })
  })

  it('without any store says once, in a plain line, why nothing is recorded, and opens no group for it', async () => {
    await withServer(async server => {
      const { workspace } = workspaceWithFrames()
      const run = await runAgainst(server, { ...FRAMES, 'dry-run': 'true', 'api-key': '' }, { workspace })
      expect(run.warnings).toEqual([])
      expect(run.stdout.match(/Records of paid tasks are off/g)).toHaveLength(1)
      expect(groups(run.stdout).map(g => g.name)).not.toContain('Looking for earlier runs with the same inputs')
      expect(run.stdout).toContain('No api-key: fine for a dry run, which sends nothing; a real run needs one.')
    })
  })

  it('prints a storyboard progress line when something changed, never the same line twice in a row', async () => {
    await withServer(
      async server => {
        const run = await runAgainst(
          server,
          { storyboard: 'board/storyboard.yml', wait: 'true', ...FAST },
          { workspace: board(3, i => `clip ${i + 1}`) }
        )
        expect(run.errors).toEqual([])
        const progress = run.stdout.split('\n').filter(l => /^\d+ of 3 clips done/.test(l))
        expect(progress.length).toBeGreaterThan(1)
        progress.slice(1).forEach((line, i) => expect(line).not.toBe(progress[i]))
        for (const group of groups(run.stdout).slice(1)) expect(group.lines, group.name).not.toEqual([])
      },
      { clips: [clip('v1-a'), clip('v1-b'), clip('v1-c')], script: i => ({ durationMs: 100 + 150 * i }) }
    )
  })
})

describe('the job summary', () => {
  it('is written for a refused run too: what was refused, and that nothing was sent or paid for', async () => {
    await withServer(async server => {
      const { workspace } = workspaceWithFrames()
      const run = await runAgainst(server, { ...FRAMES, resolution: '512P' }, { workspace })
      expect(run.code).toBe(1)
      expect(run.errors[0]).toMatch(/^resolution: 512P is not offered .*; MiniMax-Hailuo-02 takes 768P or 1080P$/)
      const html = renderGfm(run.summary)
      expect(html).toContain('<h2>MiniMax video: refused (nothing sent)</h2>')
      expect(html).toContain('nothing was sent to MiniMax, nothing was paid for.')
      expect(html).toMatch(/<li>resolution: 512P is not offered for first-and-last-frame video/)
      expect(server.requests.submit).toBe(0)
    })
  })

  it("of a 5-clip storyboard: its prompts, the film's picture and sound, no blank header, no runner path", async () => {
    await withServer(
      async server => {
        const workspace = board(5, i => `Clip ${i + 1}: the boat <drifts> | on`)
        const run = await runAgainst(
          server,
          { storyboard: 'board/storyboard.yml', wait: 'true', 'output-path': 'film/', ...FAST },
          { workspace }
        )
        expect(run.errors).toEqual([])
        const html = renderGfm(run.summary)
        expect(html).not.toMatch(/<th><\/th>/)
        expect(run.summary).not.toContain(workspace)
        expect(html).toContain('<td>Clip 3: the boat &lt;drifts&gt; | on</td>')
        expect(html).toMatch(/<li><strong>Path:<\/strong> <code>film\/storyboard\.mp4<\/code><\/li>/)
        expect(html).toMatch(/<li><strong>Picture:<\/strong> 256x144, 25 fps, [\d.]+ s<\/li>/)
        expect(html).toContain('<li><strong>Sound:</strong> none</li>')
        expect(html).toMatch(/<li><strong>Size:<\/strong> [\d.]+ KB<\/li>/)
        expect(html).toContain('<th>seam</th>')
        expect(html.match(/<td>\d → \d<\/td>/g)).toHaveLength(4)
        expect(html).toMatch(/<li><strong>Cost:<\/strong> about 10\.00 CNY for 5 new tasks/)
      },
      { clips: [clip('v1-a'), clip('v1-b'), clip('v1-c')] }
    )
  })

  it('stays under 1 MiB for 200 keyframes with 2000-character prompts (a dry run), with no empty column', async () => {
    await withServer(async server => {
      const long = (i: number): string => `${i}: ${'a long prompt for this clip '.repeat(80)}`.slice(0, 2000)
      const run = await runAgainst(
        server,
        { storyboard: 'board/storyboard.yml', 'dry-run': 'true', 'max-paid-tasks': '1000' },
        { workspace: board(199, long) }
      )
      expect(run.errors).toEqual([])
      expect(Buffer.byteLength(run.summary)).toBeLessThan(SUMMARY_LIMIT_BYTES)
      expect(run.summary).not.toContain('task id')
      const html = renderGfm(run.summary)
      expect(html.match(/<tr>/g)!.length).toBeGreaterThan(50)
      expect(html).toContain('<summary>The prompts in full</summary>')
    })
  })
})
