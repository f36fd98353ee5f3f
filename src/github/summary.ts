/** The job summary: what was asked, what MiniMax did, where the video is. Never a key, never base64. */
import * as core from '@actions/core'
import { appendFileSync } from 'node:fs'
import { errorMessage } from '../errors.js'
import type { FrameLine, RunResult } from '../execute/result.js'

function requestsLine(r: NonNullable<RunResult['requests']>): string | undefined {
  const parts = [
    r.submit && `${r.submit} submit${r.submit > 1 ? 's' : ''}`,
    r.query && `${r.query} status ${r.query > 1 ? 'queries' : 'query'}`,
    r.retrieve && `${r.retrieve} file ${r.retrieve > 1 ? 'retrievals' : 'retrieval'}`
  ].filter(Boolean)
  return parts.length > 0 ? parts.join(', ') : undefined
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``

function frameRow(frame: FrameLine): string {
  const size = frame.width && frame.height ? `${frame.width}x${frame.height}` : '(checked by MiniMax)'
  return `| ${frame.input} | ${cell(frame.source)} | ${frame.format ?? 'URL'} | ${size} | ${frame.bytes ?? ''} |`
}

export function renderSummary(report: RunResult): string {
  const clip = report.clip
  const lines: string[] = []
  const title = report.dryRun
    ? 'MiniMax video: dry run (nothing sent)'
    : report.resumed
      ? 'MiniMax video: collecting a task'
      : 'MiniMax video'
  lines.push(`## ${title}`, '')
  if (report.failure) lines.push(`> [!CAUTION]`, `> ${cell(report.failure)}`, '')
  const rows: Array<[string, string | undefined]> = [
    ['Task id', clip.taskId && code(clip.taskId)],
    ['Status', clip.status],
    ['Model', report.model],
    ['Resolution', report.resolution],
    ['Duration', report.duration === undefined ? undefined : `${report.duration} s`],
    ['Time taken', clip.elapsedSeconds === undefined ? undefined : formatDuration(clip.elapsedSeconds)],
    ['Requests to MiniMax', report.requests && requestsLine(report.requests)]
  ]
  lines.push('| | |', '| --- | --- |')
  for (const [name, value] of rows) if (value) lines.push(`| ${name} | ${cell(value)} |`)
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
  if (report.prompt) lines.push('### Prompt', '', '```text', report.prompt.replace(/```/g, "'''"), '```', '')
  if (clip.video) {
    const v = clip.video
    lines.push('### Video', '', `| | |`, `| --- | --- |`, `| Path | ${code(v.path)} |`, `| Size | ${v.bytes} bytes |`)
    if (v.width && v.height) lines.push(`| Dimensions | ${v.width}x${v.height} |`)
    if (clip.downloadUrl)
      lines.push(`| Download | [link](${clip.downloadUrl}) (expires about an hour after the task finished) |`)
    if (clip.releaseAssetUrl) lines.push(`| Release asset | ${clip.releaseAssetUrl} |`)
    lines.push('')
  }
  return lines.join('\n')
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  return `${Math.floor(s / 60)} min ${s % 60} s`
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
