/**
 * Markdown for the job summary and the pull-request comment, safe whatever the text: values from
 * the inputs, the repository or MiniMax are literal text or code spans, links are only to http(s).
 */
import path from 'node:path'

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }

/**
 * Text that did not come from our own code (an input, MiniMax's words) as literal text in
 * Markdown: no HTML, no links or images, no emphasis, no table break, one line.
 */
export function literal(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[&<>]/g, c => HTML[c]!)
    .replace(/[\\`*_[\]()#!|~]/g, '\\$&')
}

/** A path, URL or id as a code span (in a table cell too): it cannot end early, break the row or render. */
export function code(text: string): string {
  return `\`${text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|')}\``
}

/** A link to an http(s) URL (its parsed, percent-encoded form, in <>), or the URL as code. */
export function link(label: string, url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return `[${label}](<${parsed.href}>)`
  } catch {
    // not a URL: shown as code below
  }
  return code(url)
}

/** "812 bytes", "42.8 KB", "41.8 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** A runner path as the web page should show it: relative to the workspace when it is inside. */
export function shownPath(file: string, workspace: string): string {
  const relative = path.relative(workspace, file)
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file
}

/**
 * A message as the web page should show it: runner paths inside the workspace made relative to
 * it, and the workspace itself named as the variable that holds it (the runner's folder means
 * nothing on the page).
 */
export function shownText(text: string, workspace: string): string {
  const root = path.resolve(workspace)
  if (root === path.parse(root).root) return text
  const escaped = root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return text
    .replace(new RegExp(`${escaped}${path.sep === '\\' ? '\\\\' : '/'}`, 'g'), '')
    .replace(new RegExp(`${escaped}(?![\\w.-])`, 'g'), '$$GITHUB_WORKSPACE')
}

/** Text shortened to `max` characters (code points), with an ellipsis when it was longer. */
export function shorten(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}
