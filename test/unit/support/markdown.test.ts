// The renderer the summary tests read HTML from: it must render as GitHub does, or they prove nothing.
import { describe, expect, it } from 'vitest'
import { renderGfm } from '../../support/markdown.js'

describe('renderGfm', () => {
  it('renders a GFM table as <table>, its first row as the header', () => {
    const html = renderGfm('| clip | seconds |\n| --- | ---: |\n| 1 | 6 |\n')
    expect(html).toContain('<table>')
    expect(html).toMatch(/<thead>\s*<tr>\s*<th>clip<\/th>\s*<th align="right">seconds<\/th>/)
    expect(html).toMatch(/<tbody>\s*<tr>\s*<td>1<\/td>\s*<td align="right">6<\/td>/)
  })

  it('keeps escaped HTML as text, and lets <details> through as GitHub does', () => {
    const html = renderGfm(
      'a prompt with &lt;b&gt;bold&lt;/b&gt; and \\<i>\n\n<details><summary>all</summary>\n\nx\n\n</details>\n'
    )
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;')
    expect(html).toContain('&lt;i&gt;')
    expect(html).not.toMatch(/<b>|<i>/)
    expect(html).toContain('<details><summary>all</summary>')
  })

  it('filters the tags GitHub filters', () => {
    expect(renderGfm('<script>alert(1)</script>\n')).not.toContain('<script>')
  })
})
