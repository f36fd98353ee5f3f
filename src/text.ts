/** Small text helpers shared by the messages and the summary. */

/** Levenshtein distance over code points: how many edits turn a into b. */
export function editDistance(a: string, b: string): number {
  const x = [...a]
  const y = [...b]
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const row = [i]
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[y.length]!
}

/** "45 s", "4 min 12 s". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  return `${Math.floor(s / 60)} min ${s % 60} s`
}

/** The known word closest to `word` (case-insensitive), if it is close enough to be a slip rather than another word. */
export function nearest(word: string, known: Iterable<string>): string | undefined {
  const w = word.toLowerCase()
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of known) {
    const d = editDistance(w, candidate.toLowerCase())
    if (d < bestDistance) {
      best = candidate
      bestDistance = d
    }
  }
  if (best === undefined) return undefined
  const longest = Math.max([...w].length, [...best].length)
  return bestDistance <= Math.max(1, Math.floor(longest / 3)) ? best : undefined
}

/** "12s", "4m12s": the compact form of a progress line. */
export function compactDuration(seconds: number): string {
  const s = Math.round(seconds)
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
}

/** A fingerprint (or another long hash) shortened for a log line: the whole one is in the outputs. */
export const shortHash = (hash: string): string => `${hash.slice(0, 12)}...`
