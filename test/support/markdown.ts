/**
 * Markdown as GitHub renders it (GFM: tables, task lists, strikethrough, autolinks, footnotes, and
 * the tag filter), for tests that check what a job summary looks like on the run page.
 */
import { micromark } from 'micromark'
import { gfm, gfmHtml } from 'micromark-extension-gfm'

/**
 * The HTML of GFM `markdown`. Raw HTML passes, as on GitHub (`<details>`, `<br>`), less the tags GFM
 * filters (`<script>`, ...); GitHub's sanitizer also drops attributes it does not allow, this does not.
 */
export function renderGfm(markdown: string): string {
  return micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] })
}
