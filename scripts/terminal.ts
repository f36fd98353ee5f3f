/**
 * Render what the runner would show, for a terminal: workflow commands (::error:: and friends)
 * as coloured lines, and the job summary's Markdown as aligned text.
 */
const useColor = process.stdout.isTTY && !process.env.NO_COLOR
const paint = (code: string) => (text: string) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text)
export const red = paint('31')
export const yellow = paint('33')
export const cyan = paint('36')
export const green = paint('32')
export const dim = paint('2')
export const bold = paint('1')

const unescape = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')

/** One line of the action's stdout, as a person should see it (undefined: show nothing). */
export function renderLogLine(line: string, debug = false): string | undefined {
  const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line)
  if (!m) return line
  const [, command, props, message] = m
  const title = /title=([^,]*)/.exec(props ?? '')?.[1]
  const text = unescape(message ?? '')
  switch (command) {
    case 'add-mask':
      return undefined
    case 'debug':
      return debug ? dim(`  debug  ${text}`) : undefined
    case 'error':
      return red(`✖ error  ${text}`) + (title ? dim(`  [${unescape(title)}]`) : '')
    case 'warning':
      return yellow(`⚠ warn   ${text}`)
    case 'notice':
      return cyan(`ℹ notice ${text}`)
    case 'group':
      return bold(`▸ ${text}`)
    case 'endgroup':
      return undefined
    default:
      return line
  }
}

/** Inline Markdown as plain text: links as their URL, bold and code marks dropped, escapes and entities undone. */
const links = (text: string): string =>
  text
    .replace(/\[([^\]]+)\]\(<?([^)>]+)>?\)/g, '$2')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/(?<!\\)`([^`]*)`/g, '$1')
    .replace(/\\([\\`*_[\]()#!|~])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')

/** The job summary's Markdown, for a terminal: headings, aligned tables, fenced text. */
export function renderMarkdown(markdown: string): string {
  const out: string[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (line.startsWith('|')) {
      const rows: string[][] = []
      for (; i < lines.length && lines[i]!.startsWith('|'); i++) {
        if (/^\|[\s-|]+\|$/.test(lines[i]!)) continue
        rows.push(
          lines[i]!.slice(1, -1)
            .split(/(?<!\\)\|/)
            .map(c => links(c.trim().replace(/\\\|/g, '|').replace(/`/g, '')))
        )
      }
      i--
      const widths = rows[0]!.map((_, c) => Math.max(...rows.map(r => [...(r[c] ?? '')].length)))
      for (const row of rows) {
        if (row.every(c => c === '')) continue
        out.push(
          '  ' +
            row
              .map((c, k) => c.padEnd(widths[k]!))
              .join('  ')
              .trimEnd()
        )
      }
      continue
    }
    const fence = /^(`{3,})/.exec(line)?.[1]
    if (fence) {
      for (i++; i < lines.length && lines[i] !== fence; i++) out.push(`    ${lines[i]}`)
      continue
    }
    // Folded blocks (a storyboard's prompts in full) show as their contents.
    if (/^<\/?details>|^<summary>/.test(line)) {
      const summary = /<summary>(.*)<\/summary>/.exec(line)?.[1]
      if (summary) out.push(bold(summary))
      continue
    }
    const heading = /^(#+) (.*)$/.exec(line)
    if (heading) out.push(bold(heading[1]!.length <= 2 ? heading[2]!.toUpperCase() : heading[2]!))
    else if (line.startsWith('> [!')) continue
    else if (line.startsWith('> ')) out.push(red(`  ${links(line.slice(2))}`))
    else out.push(links(line))
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
