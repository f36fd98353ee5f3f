/** The prompt file: a small UTF-8 text file in the workspace, read once. */
import { closeSync, constants as fsConstants, fstatSync, openSync, readFileSync, statSync } from 'node:fs'
import { confine, type ReadableRoots } from '../fs/paths.js'
import { promptLengthProblem } from '../minimax/rules.js'

/** A file this big is not a prompt (the length that counts is measured after trimming, in characters). */
const MAX_PROMPT_FILE_BYTES = 1024 * 1024

/** Read the prompt file (synchronously: one small local file, nothing else running), trimmed. */
export function readPromptFile(
  file: string,
  where: ReadableRoots
): { text: string; real: string } | { problem: string } {
  const confined = confine(file, where)
  if ('problem' in confined) return { problem: confined.problem }
  const { abs, real } = confined
  let fd: number
  try {
    // stat first: opening a FIFO would wait for a writer.
    if (!statSync(real).isFile()) return { problem: `${abs} is not a regular file` }
    fd = openSync(real, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return { problem: `${abs} cannot be read (${code ?? String(error)})` }
  }
  try {
    const info = fstatSync(fd)
    if (!info.isFile()) return { problem: `${abs} is not a regular file` }
    if (info.size > MAX_PROMPT_FILE_BYTES) {
      return { problem: `${abs} is ${info.size} bytes; a prompt file of more than 1 MiB is not a prompt` }
    }
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(readFileSync(fd)).trim()
    } catch {
      return { problem: `${abs} is not UTF-8 text` }
    }
    const tooLong = promptLengthProblem(text)
    return tooLong ? { problem: `holds a prompt that ${tooLong}` } : { text, real }
  } finally {
    closeSync(fd)
  }
}
