/** The prompt file: a small UTF-8 text file in the workspace, read once. */
import { confine, type ReadableRoots } from '../fs/paths.js'
import { readSmallText } from '../fs/text.js'
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
  const read = readSmallText(real, MAX_PROMPT_FILE_BYTES, 'a prompt file')
  if ('problem' in read) return { problem: `${abs} ${read.problem}` }
  const text = read.text.trim()
  const tooLong = promptLengthProblem(text)
  return tooLong ? { problem: `holds a prompt that ${tooLong}` } : { text, real }
}
