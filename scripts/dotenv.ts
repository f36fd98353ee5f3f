/**
 * The .env format npm run local reads (the one @github/local-action uses): KEY=value lines,
 * # comments, optional single or double quotes around the value.
 */
export function parseDotEnv(text: string): Record<string, string> {
  const vars: Record<string, string> = {}
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*?)\s*$/.exec(line)
    if (!m || line.trim().startsWith('#')) continue
    const value = m[2]!
    vars[m[1]!] = /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value
  }
  return vars
}
