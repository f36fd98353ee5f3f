/**
 * The job summary: what was asked, what it cost, what MiniMax did, where the video or the film is
 * (paths relative to the workspace, sizes in KB/MB). Every run writes one, a refused one too. Never
 * a key, never base64; values from the inputs or MiniMax are literal text. Key/value facts are
 * lists (no blank table headers); clips, frames and seams are tables with real headers. A long
 * storyboard shortens (prompts, then rows) to stay under GitHub's 1 MiB limit, never fails.
 */
import * as core from '@actions/core'
import { appendFileSync } from 'node:fs'
import { errorMessage } from '../errors.js'
import { traitsOf } from '../minimax/api.js'
import { formatMoney, PRICES_READ_ON } from '../minimax/prices.js'
import { isModel } from '../minimax/rules.js'
import { formatDuration } from '../text.js'
import type { ClipResult, FrameLine, RunResult, Seam } from '../types/result.js'
import { code, formatBytes, link, literal, shorten, shownPath, shownText } from './markdown.js'

/** GitHub refuses a step summary over 1 MiB; this leaves room for what other steps append. */
export const SUMMARY_LIMIT_BYTES = 1_000_000

/** How much a long storyboard's summary gives up to fit: nothing, the prompts' full text, then rows. */
const LEVELS = [
  { promptChars: Infinity, rows: Infinity },
  { promptChars: 300, rows: Infinity },
  { promptChars: 0, rows: 500 },
  { promptChars: 0, rows: 50 }
] as const
type Level = (typeof LEVELS)[number]

export function renderSummary(report: RunResult, workspace = process.cwd()): string {
  if (report.kind !== 'storyboard') return renderSingle(report, workspace)
  for (const level of LEVELS) {
    const text = renderStoryboard(report, workspace, level)
    if (Buffer.byteLength(text) <= SUMMARY_LIMIT_BYTES) return text
  }
  return renderStoryboard(report, workspace, { promptChars: 0, rows: 10 })
}

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

/** `- **Name:** value` for each fact that has a value (values are ours, checked, or already escaped). */
function facts(rows: Array<[string, string | undefined]>): string[] {
  return [...rows.flatMap(([name, value]) => (value ? [`- **${name}:** ${value}`] : [])), '']
}

/** The title, and what went wrong: a refusal lists every problem and says that nothing was paid for. */
function head(report: RunResult, what: string, workspace: string): string[] {
  const shown = (text: string): string => literal(shownText(text, workspace))
  const title = report.refused
    ? `${what}: refused (nothing sent)`
    : report.dryRun
      ? `${what}: dry run (nothing sent)`
      : report.resumed
        ? `${what}: collecting a task`
        : what
  const lines = [`## ${title}`, '']
  if (report.refused) {
    lines.push(
      '> [!CAUTION]',
      '> Refused before anything was sent: nothing was sent to MiniMax, nothing was paid for.',
      ''
    )
    lines.push(...report.refused.map(problem => `- ${shown(problem)}`), '')
  } else if (report.failure) {
    const [first, ...rest] = report.failure.split('\n')
    lines.push('> [!CAUTION]', `> ${shown(first!)}`, '')
    if (rest.length > 0) lines.push(...rest.map(line => `- ${shown(line.replace(/^- /, ''))}`), '')
  }
  return lines
}

/** What the run's new tasks cost at list prices, and what reusing earlier runs saved. */
function costLine(report: RunResult): string | undefined {
  const cost = report.cost
  if (!cost) return undefined
  const fresh = cost.clips.filter(c => c.kind === 'new').length
  const total =
    fresh === 0
      ? 'nothing new to pay for'
      : `${cost.total ? `about ${formatMoney(cost.total)}` : 'a price that is not known'} for ${fresh} new ` +
        `task${fresh === 1 ? '' : 's'}${report.dryRun ? ' in a real run' : ''}`
  const most = cost.most ? `, at most ${formatMoney(cost.most)} if recorded tasks must be replaced` : ''
  const saved = cost.saved.minor > 0 ? `; reusing earlier runs saved ${formatMoney(cost.saved)}` : ''
  return `${total}${most}${saved} (MiniMax's list prices of ${PRICES_READ_ON})`
}

function frameRow(frame: FrameLine): string {
  const size = frame.width && frame.height ? `${frame.width}x${frame.height}` : '(checked by MiniMax)'
  const bytes = frame.bytes === undefined ? '' : formatBytes(frame.bytes)
  return `| ${frame.input} | ${code(frame.source)} | ${frame.format ?? 'URL'} | ${size} | ${bytes} |`
}

/** The picture and sound of a video, as read from its tracks: "1366x768, 24 fps, 6.04 s". */
function picture(v: { width?: number; height?: number; frameRate?: number; durationSeconds?: number }): string {
  return [
    v.width && v.height ? `${v.width}x${v.height}` : '',
    v.frameRate ? `${Math.round(v.frameRate * 100) / 100} fps` : '',
    v.durationSeconds !== undefined ? `${v.durationSeconds.toFixed(2)} s` : ''
  ]
    .filter(Boolean)
    .join(', ')
}

function renderSingle(report: RunResult, workspace: string): string {
  const clip = report.clips[0]!
  const lines = head(report, 'MiniMax video', workspace)
  const reused = clip.cacheHit ? (clip.video && !clip.downloadUrl ? 'the video' : 'the task') : undefined
  lines.push(
    ...facts([
      ['Task id', clip.taskId && code(clip.taskId)],
      ['Status', clip.status],
      ['Model', report.model],
      ['Resolution', report.resolution],
      ['Duration', report.duration === undefined ? undefined : `${report.duration} s`],
      ['Time taken', clip.elapsedSeconds === undefined ? undefined : formatDuration(clip.elapsedSeconds)],
      ['Cost', costLine(report)],
      ['From an earlier run', clip.fingerprint && (reused ?? (report.dryRun ? 'no (a real run pays for it)' : 'no'))],
      ['Requests to MiniMax', report.requests && requestsLine(report.requests)],
      ['Fingerprint', clip.fingerprint && code(clip.fingerprint)]
    ])
  )
  if (report.frames.length > 0) {
    lines.push('### Frames', '', '| frame | source | format | size | file |', '| --- | --- | --- | --- | --- |')
    lines.push(...report.frames.map(frameRow), '')
  }
  if (report.prompt) lines.push('### Prompt', '', ...fenced(report.prompt), '')
  if (clip.video) lines.push(...videoLines(report, clip, workspace))
  return lines.join('\n')
}

/** A single clip's video: where it is, its size, picture and sound, and its links. */
function videoLines(report: RunResult, clip: ClipResult, workspace: string): string[] {
  const v = clip.video!
  const expires = isModel(report.model) ? traitsOf(report.model).linkLifetime : 'it expires'
  return [
    '### Video',
    '',
    ...facts([
      ['Path', code(shownPath(v.path, workspace))],
      ['Size', formatBytes(v.bytes)],
      ['Picture', picture(v) || undefined],
      ['Sound', v.durationSeconds === undefined ? undefined : (v.sound ?? 'none')],
      ['Download', clip.downloadUrl && `${link('link', clip.downloadUrl)} (${expires})`],
      ['Release asset', clip.releaseAssetUrl && link('asset', clip.releaseAssetUrl)]
    ])
  ]
}

/** Text in a fence longer than any run of backticks it holds: it cannot close the fence. */
function fenced(text: string): string[] {
  const fence = '`'.repeat(Math.max(3, ...(text.match(/`+/g) ?? []).map(run => run.length + 1)))
  return [`${fence}text`, text, fence]
}

const STATUS_WORDS: Record<string, string> = { Success: 'done', Fail: 'failed', succeeded: 'done' }

function clipStatus(report: RunResult, clip: ClipResult): string {
  const cost = report.cost?.clips[clip.index]
  if (report.refused) return 'not sent (refused)'
  if (clip.failure) return `failed: ${literal(shorten(clip.failure.split('\n')[0]!, 200))}`
  const from = clip.cacheHit ? ' (reused from an earlier run)' : cost?.kind === 'shared' ? ' (same task as above)' : ''
  if (clip.status) return `${STATUS_WORDS[clip.status] ?? clip.status}${from}`
  if (report.dryRun)
    return cost?.kind === 'new' ? 'would be paid for' : from.trim().replace(/^\(|\)$/g, '') || 'collected'
  return from.trim().replace(/^\(|\)$/g, '')
}

function renderStoryboard(report: RunResult, workspace: string, level: Level): string {
  const lines = head(report, 'MiniMax storyboard', workspace)
  const n = report.clips.length
  const reused = report.clips.filter(c => c.cacheHit && !c.failure).length
  lines.push(
    ...facts([
      ['Storyboard', report.storyboard && code(report.storyboard)],
      ['Model', report.model],
      ['Resolution', report.resolution],
      ['Clips', `${n}${reused > 0 ? ` (${reused} reused from earlier runs)` : ''}`],
      ['Cost', costLine(report)],
      ['Requests to MiniMax', report.requests && requestsLine(report.requests)]
    ])
  )
  const tasks = report.clips.some(c => c.taskId)
  lines.push(
    '### Clips',
    '',
    `| clip | keyframes | duration | prompt | price | status |${tasks ? ' task id |' : ''}`,
    `| --- | --- | --- | --- | --- | --- |${tasks ? ' --- |' : ''}`
  )
  for (const clip of report.clips.slice(0, level.rows)) lines.push(clipRow(report, clip, tasks))
  if (n > level.rows) lines.push('', `… and ${n - level.rows} more clips (the segments output lists them all).`)
  lines.push('')
  const prompts = report.clips.slice(0, level.rows).filter(c => c.prompt)
  if (level.promptChars > 0 && prompts.some(c => [...c.prompt!].length > PROMPT_CELL)) {
    lines.push('<details><summary>The prompts in full</summary>', '')
    for (const clip of prompts)
      lines.push(`**Clip ${clip.index + 1}**`, '', ...fenced(shorten(clip.prompt!, level.promptChars)), '')
    lines.push('</details>', '')
  }
  if (report.film) lines.push(...filmLines(report, workspace))
  return lines.join('\n')
}

/** A prompt's cell in the clips table is this long at most (the whole text is in the details below). */
const PROMPT_CELL = 80

function clipRow(report: RunResult, clip: ClipResult, tasks: boolean): string {
  const frames = `${code(clip.firstImage ?? '')} → ${code(clip.lastImage ?? '')}`
  const cost = report.cost?.clips[clip.index]
  const price = cost?.kind === 'shared' ? '' : cost?.price ? formatMoney(cost.price) : cost ? 'unknown' : ''
  const prompt = clip.prompt ? literal(shorten(clip.prompt, PROMPT_CELL)) : ''
  const duration = clip.duration === undefined ? '' : `${clip.duration} s`
  const task = tasks ? ` ${clip.taskId ? code(clip.taskId) : ''} |` : ''
  return `| ${clip.index + 1} | ${frames} | ${duration} | ${prompt} | ${price} | ${clipStatus(report, clip)} |${task}`
}

function filmLines(report: RunResult, workspace: string): string[] {
  const f = report.film!
  const lines = [
    '### Film',
    '',
    ...facts([
      ['Path', code(shownPath(f.path, workspace))],
      ['Size', formatBytes(f.bytes)],
      ['Picture', picture(f)],
      ['Sound', f.sound ?? 'none'],
      ['Release asset', f.releaseAssetUrl && link('asset', f.releaseAssetUrl)]
    ])
  ]
  if (f.seams.length > 0) {
    lines.push('### Seams', '', '| seam | the keyframe both clips share | sound |', '| --- | --- | --- |')
    lines.push(...f.seams.map(seamRow), '')
  }
  return lines
}

function seamRow(seam: Seam): string {
  const shown =
    seam.video === 'dropped'
      ? `shown once: clip ${seam.after}'s copy left out`
      : `both copies shown half a frame each (clip ${seam.after}'s B-frames refer to its copy)`
  const sound = [
    seam.silenceMs > 0 ? `${Math.round(seam.silenceMs)} ms of silence after clip ${seam.after}'s sound` : '',
    seam.gapMs > 0 ? `a ${Math.round(seam.gapMs)} ms gap (no silent frame for this sound)` : ''
  ].filter(Boolean)
  const inStep = seam.syncMs === null ? 'no sound' : sound.join('; ') || inStepBy(Math.round(seam.syncMs))
  return `| ${seam.after} → ${seam.after + 1} | ${shown} | ${inStep} |`
}

/**
 * Append to the job summary file, as core.summary.write() does, but synchronously: its access()
 * and appendFile() are two thread-pool round trips at the end of every run.
 */
export function writeSummary(result: RunResult, workspace: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) return
  try {
    appendFileSync(file, `${renderSummary(result, workspace)}\n`)
  } catch (error) {
    core.warning(`Could not write the job summary: ${errorMessage(error)}`)
  }
}

/** "in step (its sound starts 11 ms before its picture)": within half an AAC frame, and which way. */
function inStepBy(ms: number): string {
  if (ms === 0) return 'in step'
  return `in step (its sound starts ${Math.abs(ms)} ms ${ms < 0 ? 'before' : 'after'} its picture)`
}
