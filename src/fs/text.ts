/**
 * A small text file named by an input (the storyboard, the prompt file), read safely: a regular
 * file only (stat first, and O_NONBLOCK: a FIFO would wait for a writer), at most `maxBytes`,
 * UTF-8 or refused. Synchronous: one small local file, and nothing else runs meanwhile.
 */
import { closeSync, constants as fsConstants, fstatSync, openSync, readFileSync, statSync } from 'node:fs'

/** The text, or why not as words that follow the file's name ("is not a regular file"). */
export function readSmallText(real: string, maxBytes: number, what: string): { text: string } | { problem: string } {
  let fd: number
  try {
    if (!statSync(real).isFile()) return { problem: 'is not a regular file' }
    fd = openSync(real, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0))
  } catch (error) {
    return { problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` }
  }
  try {
    const info = fstatSync(fd)
    if (!info.isFile()) return { problem: 'is not a regular file' }
    if (info.size > maxBytes) {
      return { problem: `is ${info.size} bytes; ${what} of more than ${maxBytes / 1024 / 1024} MiB is not one` }
    }
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(fd)) }
    } catch {
      return { problem: 'is not UTF-8 text' }
    }
  } finally {
    closeSync(fd)
  }
}
