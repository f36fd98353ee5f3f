/** The job summary: what was asked, what MiniMax did, where the video is. Never a key, never base64. */
export interface FrameLine {
  input: string
  source: string
  format?: string
  width?: number
  height?: number
  bytes?: number
}

export interface Report {
  dryRun: boolean
  model?: string
  resolution?: string
  duration?: number
  frames: FrameLine[]
  prompt?: string
  taskId?: string
  resumed?: boolean
  status?: string
  elapsedSeconds?: number
  fileId?: string
  video?: { path: string; bytes: number; width?: number; height?: number }
  downloadUrl?: string
  releaseAssetUrl?: string
  failure?: string
  /** Requests sent to MiniMax, counted as they go (retries included). */
  requests?: { submit: number; query: number; retrieve: number }
}

function requestsLine(r: NonNullable<Report['requests']>): string | undefined {
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

export function renderSummary(report: Report): string {
  const lines: string[] = []
  const title = report.dryRun
    ? 'MiniMax video: dry run (nothing sent)'
    : report.resumed
      ? 'MiniMax video: collecting a task'
      : 'MiniMax video'
  lines.push(`## ${title}`, '')
  if (report.failure) lines.push(`> [!CAUTION]`, `> ${cell(report.failure)}`, '')
  const rows: Array<[string, string | undefined]> = [
    ['Task id', report.taskId && code(report.taskId)],
    ['Status', report.status],
    ['Model', report.model],
    ['Resolution', report.resolution],
    ['Duration', report.duration === undefined ? undefined : `${report.duration} s`],
    ['Time taken', report.elapsedSeconds === undefined ? undefined : formatDuration(report.elapsedSeconds)],
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
  if (report.video) {
    const v = report.video
    lines.push('### Video', '', `| | |`, `| --- | --- |`, `| Path | ${code(v.path)} |`, `| Size | ${v.bytes} bytes |`)
    if (v.width && v.height) lines.push(`| Dimensions | ${v.width}x${v.height} |`)
    if (report.downloadUrl)
      lines.push(`| Download | [link](${report.downloadUrl}) (expires about an hour after the task finished) |`)
    if (report.releaseAssetUrl) lines.push(`| Release asset | ${report.releaseAssetUrl} |`)
    lines.push('')
  }
  return lines.join('\n')
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  return `${Math.floor(s / 60)} min ${s % 60} s`
}
