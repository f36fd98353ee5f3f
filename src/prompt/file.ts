/** The prompt file: a small UTF-8 text file in the workspace, read once. */
import { closeSync, constants as fsConstants, fstatSync, openSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { MAX_PROMPT_CHARS } from '../minimax/rules.js'

/** A prompt file larger than this cannot hold 2000 characters of UTF-8 text (4 bytes each, at most). */
const MAX_PROMPT_FILE_BYTES = MAX_PROMPT_CHARS * 4 + 1024

/** Read the prompt file (synchronously: one small local file, nothing else running). */
export function readPromptFile(file: string, workspace: string): { text: string } | { problem: string } {
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
        problem:
          `${abs} is ${info.size} bytes, more than a ${MAX_PROMPT_CHARS}-character prompt can take; ` +
          `MiniMax accepts at most ${MAX_PROMPT_CHARS} characters`
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
