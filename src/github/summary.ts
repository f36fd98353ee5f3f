/** The job summary: what was asked, what MiniMax did, where the video is. Never a key, never base64. */
import * as core from '@actions/core'
import { appendFileSync } from 'node:fs'
import { errorMessage } from '../errors.js'
import type { FrameLine, RunResult } from '../types/result.js'
import { formatDuration } from '../text.js'
import { traitsOf } from '../minimax/api.js'
import { isModel } from '../minimax/rules.js'

function requestsLine(r: NonNullable<RunResult['requests']>): string | undefined {
  const parts = [
    r.submit && `${r.submit} submit${r.submit > 1 ? 's' : ''}`,
    r.query && `${r.query} status ${r.query > 1 ? 'queries' : 'query'}`,
    r.retrieve && `${r.retrieve} file ${r.retrieve > 1 ? 'retrievals' : 'retrieval'}`,
    r.cancel && `${r.cancel} ${r.cancel > 1 ? 'cancellations' : 'cancellation'}`,
    r.list && `${r.list} task ${r.list > 1 ? 'lists' : 'list'}`
  ].filter(Boolean)
  return parts.length > 0 ? parts.join(', ') : undefined
}

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

/** A path, URL or id as a code span in a table cell: it cannot end early, break the row or render. */
export function code(text: string): string {
  return `\`${text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/`/g, "'")
    .replace(/\|/g, '\\|')}\``
}

/** A link to an http(s) URL (its parsed, percent-encoded form, in <>), or the URL as code. */
function link(label: string, url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return `[${label}](<${parsed.href}>)`
  } catch {
    // not a URL: shown as code below
  }
  return code(url)
}

function frameRow(frame: FrameLine): string {
  const size = frame.width && frame.height ? `${frame.width}x${frame.height}` : '(checked by MiniMax)'
  return `| ${frame.input} | ${code(frame.source)} | ${frame.format ?? 'URL'} | ${size} | ${frame.bytes ?? ''} |`
}

export function renderSummary(report: RunResult): string {
  if (report.kind === 'storyboard') return renderStoryboard(report)
  const clip = report.clips[0]!
  const lines: string[] = []
  const title = report.dryRun
    ? 'MiniMax video: dry run (nothing sent)'
    : report.resumed
      ? 'MiniMax video: collecting a task'
      : 'MiniMax video'
  lines.push(`## ${title}`, '')
  if (report.failure) lines.push(`> [!CAUTION]`, `> ${literal(report.failure)}`, '')
  const rows: Array<[string, string | undefined]> = [
    ['Task id', clip.taskId && code(clip.taskId)],
    ['Status', clip.status],
    ['Model', report.model],
    ['Resolution', report.resolution],
    ['Duration', report.duration === undefined ? undefined : `${report.duration} s`],
    ['Time taken', clip.elapsedSeconds === undefined ? undefined : formatDuration(clip.elapsedSeconds)],
    ['Requests to MiniMax', report.requests && requestsLine(report.requests)],
    ['Fingerprint', clip.fingerprint && code(clip.fingerprint)],
    [
      'From an earlier run',
      clip.fingerprint &&
        (clip.cacheHit
          ? clip.video && !clip.downloadUrl
            ? 'the video'
            : 'the task'
          : report.dryRun
            ? 'no (a real run pays for it)'
            : 'no (paid for)')
    ]
  ]
  lines.push('| | |', '| --- | --- |')
  // Every value here is ours or checked (an enum, digits, a count): only the task id needs a code span.
  for (const [name, value] of rows) if (value) lines.push(`| ${name} | ${value} |`)
  lines.push('')
  if (report.frames.length > 0) {
    lines.push(
      '### Frames',
      '',
      '| input | source | format | width x height | bytes |',
      '| --- | --- | --- | --- | --- |'
    )
    lines.push(...report.frames.map(frameRow), '')
  }
  if (report.prompt) {
    // A fence longer than any run of backticks in the prompt: the prompt cannot close it.
    const fence = '`'.repeat(Math.max(3, ...(report.prompt.match(/`+/g) ?? []).map(run => run.length + 1)))
    lines.push('### Prompt', '', `${fence}text`, report.prompt, fence, '')
  }
  if (clip.video) {
    const v = clip.video
    lines.push('### Video', '', `| | |`, `| --- | --- |`, `| Path | ${code(v.path)} |`, `| Size | ${v.bytes} bytes |`)
    if (v.width && v.height) lines.push(`| Dimensions | ${v.width}x${v.height} |`)
    if (v.durationSeconds !== undefined) lines.push(`| Length | ${v.durationSeconds.toFixed(2)} s |`)
    if (clip.downloadUrl) {
      const expires = isModel(report.model) ? traitsOf(report.model).linkLifetime : 'it expires'
      lines.push(`| Download | ${link('link', clip.downloadUrl)} (${expires}) |`)
    }
    if (clip.releaseAssetUrl) lines.push(`| Release asset | ${link('asset', clip.releaseAssetUrl)} |`)
    lines.push('')
  }
  return lines.join('\n')
}

const STATUS_WORDS: Record<string, string> = { Success: 'done', Fail: 'failed', succeeded: 'done' }

/** "4 (2 paid for, 2 reused)": what the clips cost (in a dry run, what a real run would pay for). */
function clipCount(report: RunResult): string {
  const n = report.clips.length
  const reused = report.clips.filter(c => c.cacheHit).length
  const paid = `${n - reused} ${report.dryRun ? 'would be paid for' : 'paid for'}`
  return `${n} (${paid}${reused ? `, ${reused} reused from earlier runs` : ''})`
}

/** A storyboard: its clips in a table, then the film. */
function renderStoryboard(report: RunResult): string {
  const lines: string[] = []
  const title = report.dryRun ? 'MiniMax storyboard: dry run (nothing sent)' : 'MiniMax storyboard'
  lines.push(`## ${title}`, '')
  if (report.failure) lines.push(`> [!CAUTION]`, `> ${literal(report.failure)}`, '')
  const rows: Array<[string, string | undefined]> = [
    ['Storyboard', report.storyboard && code(report.storyboard)],
    ['Model', report.model],
    ['Resolution', report.resolution],
    ['Clips', clipCount(report)],
    ['Requests to MiniMax', report.requests && requestsLine(report.requests)]
  ]
  lines.push('| | |', '| --- | --- |')
  for (const [name, value] of rows) if (value) lines.push(`| ${name} | ${value} |`)
  lines.push('', '### Clips', '', '| clip | frames | duration | task id | status |', '| --- | --- | --- | --- | --- |')
  for (const clip of report.clips) {
    const frames = `${code(clip.firstImage ?? '')} → ${code(clip.lastImage ?? '')}`
    const reused = clip.cacheHit ? ' (reused from an earlier run)' : ''
    const status = clip.failure
      ? `failed: ${literal(clip.failure)}`
      : clip.status
        ? `${STATUS_WORDS[clip.status] ?? clip.status}${reused}`
        : report.dryRun
          ? clip.cacheHit
            ? 'reused from an earlier run'
            : 'would be paid for'
          : reused.trim()
    const duration = clip.duration === undefined ? '' : `${clip.duration} s`
    lines.push(`| ${clip.index + 1} | ${frames} | ${duration} | ${clip.taskId ? code(clip.taskId) : ''} | ${status} |`)
  }
  lines.push('')
  if (report.film) {
    const f = report.film
    lines.push('### Film', '', '| | |', '| --- | --- |', `| Path | ${code(f.path)} |`, `| Size | ${f.bytes} bytes |`)
    lines.push(`| Duration | ${f.durationSeconds.toFixed(2)} s |`)
    if (f.releaseAssetUrl) lines.push(`| Release asset | ${link('asset', f.releaseAssetUrl)} |`)
    lines.push('')
  }
  return lines.join('\n')
}

/**
 * Append to the job summary file, as core.summary.write() does, but synchronously: its access()
 * and appendFile() are two thread-pool round trips at the end of every run.
 */
export function writeSummary(result: RunResult): void {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) return
  try {
    appendFileSync(file, `${renderSummary(result)}\n`)
  } catch (error) {
    core.warning(`Could not write the job summary: ${errorMessage(error)}`)
  }
}
