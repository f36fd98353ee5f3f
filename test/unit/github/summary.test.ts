import { describe, expect, it } from 'vitest'
import { newRunResult } from '../../../src/types/result.js'
import { renderSummary } from '../../../src/github/summary.js'

/** The rows of every Markdown table, split on the pipes GFM treats as cell borders. */
const cells = (markdown: string): string[][] =>
  markdown
    .split('\n')
    .filter(line => line.startsWith('|'))
    .map(line => line.slice(1, -1).split(/(?<!\\)\|/))

describe('the job summary renders no markup from inputs or from MiniMax', () => {
  const result = newRunResult()
  Object.assign(result, {
    model: 'MiniMax-Hailuo-02',
    prompt: 'A boat ```\n```` drifts [Push in] <b>bold</b>',
    frames: [
      { input: 'first-frame', source: 'https://cdn.example.com/a.png?x=<img src=x onerror=alert(1)>' },
      { input: 'last-frame', source: 'frames/a|b`c.png', format: 'PNG', width: 1280, height: 720, bytes: 10 }
    ],
    failure: 'MiniMax error 1026 ("[click here](https://evil.example) <img src=x>\n::error::x | y")',
    clips: [
      {
        index: 0,
        taskId: '176843862716480123',
        video: { path: 'out/v|1.mp4', bytes: 5 },
        downloadUrl: 'https://cdn.example.com/v.mp4?sig=a)b<c> d',
        releaseAssetUrl: 'javascript:alert(1)'
      }
    ]
  })
  const markdown = renderSummary(result)

  it('has no raw HTML and no links but its own', () => {
    // The prompt's fenced block and code spans are literal text whatever they hold.
    const rendered = markdown.replace(/`````text[\s\S]*?`````/, '').replace(/`[^`]*`/g, '')
    expect(rendered).not.toMatch(/<img|<b>/)
    expect(markdown).not.toMatch(/(?<!\\)\[click here\]/)
    expect(markdown).not.toContain('](javascript:')
    expect(markdown).toContain('[link](<https://cdn.example.com/v.mp4?sig=a)b%3Cc%3E%20d>)')
    expect(markdown).toContain('`javascript:alert(1)`')
  })

  it('keeps every table row to its columns', () => {
    for (const row of cells(markdown)) expect([2, 5]).toContain(row.length)
  })

  it('keeps the failure on one line of the callout', () => {
    const callout = markdown.split('\n').filter(line => line.startsWith('>'))
    expect(callout).toHaveLength(2)
    expect(markdown).not.toMatch(/^::error::/m)
  })

  it('fences the prompt with more backticks than it holds', () => {
    expect(markdown).toContain('`````text\nA boat ```\n```` drifts [Push in] <b>bold</b>\n`````')
  })
})

describe('runner paths in messages', () => {
  it('are shown relative to the workspace, and the workspace by its variable', () => {
    const markdown = renderSummary(
      {
        ...newRunResult(),
        refused: [
          'storyboard: nope.yml: no file at /home/runner/work/demo/demo/nope.yml (relative paths start at the ' +
            'workspace, /home/runner/work/demo/demo)',
          'first-frame: /home/runner/work/demo/demo-other/a.png is outside the workspace'
        ]
      },
      '/home/runner/work/demo/demo'
    )
    expect(markdown).toContain('no file at nope.yml \\(relative paths start at the workspace, $GITHUB\\_WORKSPACE\\)')
    // Only the workspace itself: a folder beside it whose name starts the same stays as it is.
    expect(markdown).toContain('/home/runner/work/demo/demo-other/a.png')
  })
})
