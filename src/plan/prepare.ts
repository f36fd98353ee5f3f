/**
 * The checks that need I/O: frames (files, data URLs) and the prompt file. They run even when
 * other inputs are wrong, so one run reports every problem.
 */
import { closeSync, constants as fsConstants, fstatSync, openSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { lintCameraCommands } from '../prompt/camera-commands.js'
import { classifyFrame, closeFrames, resolveFrame, type Frame, type ProbedFrame } from '../frames/source.js'
import type { InputProblem, RawInputs } from '../inputs/inputs.js'
import { MAX_PROMPT_CHARS, promptLengthProblem } from '../minimax/rules.js'

export interface Prepared {
  firstFrame?: Frame
  lastFrame?: Frame
  prompt?: string
  problems: InputProblem[]
  warnings: string[]
  notices: string[]
}

/** A prompt file larger than this cannot hold 2000 characters of UTF-8 text (4 bytes each, at most). */
const MAX_PROMPT_FILE_BYTES = MAX_PROMPT_CHARS * 4 + 1024

/** Read the prompt file (synchronously: one small local file, nothing else running). */
function readPromptFile(file: string, workspace: string): { text: string } | { problem: string } {
  const abs = path.resolve(workspace, file)
  let fd: number
  try {
    // stat first: opening a FIFO would wait for a writer.
    if (!statSync(abs).isFile()) return { problem: `${abs} is not a regular file` }
    fd = openSync(abs, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return { problem: code === 'ENOENT' ? `no file at ${abs}` : `${abs} cannot be read (${code ?? String(error)})` }
  }
  try {
    const info = fstatSync(fd)
    if (!info.isFile()) return { problem: `${abs} is not a regular file` }
    if (info.size > MAX_PROMPT_FILE_BYTES) {
      return {
        problem: `${abs} is ${info.size} bytes, more than a ${MAX_PROMPT_CHARS}-character prompt can take; MiniMax accepts at most ${MAX_PROMPT_CHARS} characters`
      }
    }
    const bytes = readFileSync(fd)
    try {
      return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes).trim() }
    } catch {
      return { problem: `${abs} is not UTF-8 text` }
    }
  } finally {
    closeSync(fd)
  }
}

export interface PrepareOptions {
  needFrames: boolean
  dryRun: boolean
  /** GITHUB_EVENT_NAME: upload-to-release: true needs a release event. */
  eventName: string | undefined
}

export async function prepare(raw: RawInputs, workspace: string, options: PrepareOptions): Promise<Prepared> {
  const result: Prepared = { problems: [], warnings: [], notices: [] }

  // Known before anything is paid for: the release of a release event exists only in one.
  const upload = raw['upload-to-release'].trim()
  if (['true', 'True', 'TRUE'].includes(upload) && options.eventName !== 'release') {
    const message = `is true, which means the release of the triggering release event, but this run was started by ${options.eventName || 'no event'}; give a release tag instead`
    if (options.dryRun)
      result.warnings.push(`upload-to-release ${message} (a real run would be refused before sending anything)`)
    else result.problems.push({ input: 'upload-to-release', message })
  }

  if (options.needFrames) {
    const checks = (['first-frame', 'last-frame'] as const).map(async input => {
      const value = raw[input].trim()
      if (!value) return undefined
      const spec = classifyFrame(value)
      if ('problem' in spec) return undefined // the input schema reports it
      const resolved = await resolveFrame(input, spec, workspace)
      if ('problems' in resolved) {
        result.problems.push(...resolved.problems.map(message => ({ input, message })))
        return undefined
      }
      result.warnings.push(...resolved.warnings.map(w => `${input}: ${w}`))
      return resolved.frame
    })
    const [first, last] = await Promise.all(checks)
    result.firstFrame = first
    result.lastFrame = last
    if (first && last && first.kind !== 'url' && last.kind !== 'url') cropNotice(first, last, result.notices)
  }

  const inline = raw.prompt.trim()
  const file = raw['prompt-file'].trim()
  if (inline) result.prompt = inline
  else if (file) {
    const read = readPromptFile(file, workspace)
    if ('problem' in read) result.problems.push({ input: 'prompt-file', message: read.problem })
    else {
      const tooLong = promptLengthProblem(read.text)
      if (tooLong) result.problems.push({ input: 'prompt-file', message: `holds a prompt that ${tooLong}` })
      else result.prompt = read.text || undefined
    }
  }
  if (result.prompt) result.warnings.push(...lintCameraCommands(result.prompt).map(w => `prompt: ${w}`))

  if (result.problems.length > 0) closeFrames([result.firstFrame, result.lastFrame])
  return result
}

function cropNotice(first: ProbedFrame, last: ProbedFrame, notices: string[]): void {
  const a = first.image
  const b = last.image
  if (a.width !== b.width || a.height !== b.height) {
    notices.push(
      `The frames differ in size: first-frame is ${a.width}x${a.height}, last-frame is ${b.width}x${b.height}. ` +
        `The video takes the first frame's size, and MiniMax crops the last frame to fit it.`
    )
  }
}
