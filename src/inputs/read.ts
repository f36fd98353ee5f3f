/** Reading the inputs from the runner (INPUT_* variables), with every secret masked first. */
import * as core from '@actions/core'
import { INPUTS, type InputDeclaration } from './declarations.js'
import { INPUT_NAMES, type RawInputs } from './inputs.js'

const isSecret = (name: string): boolean => (INPUTS as Record<string, InputDeclaration<unknown>>)[name]?.secret === true

/** Before anything else is logged: every secret input, as it will be used (trimmed), is masked. */
export function readInputs(): RawInputs {
  for (const name of INPUT_NAMES) {
    const value = isSecret(name) ? core.getInput(name) : ''
    if (value) core.setSecret(value)
  }
  const raw = {} as RawInputs
  for (const name of INPUT_NAMES) raw[name] = core.getInput(name)
  core.debug(`Inputs as read: ${describeRawInputs(raw)}`)
  return raw
}

/** The inputs for a debug line: secrets hidden, long values (data URLs) shortened. */
function describeRawInputs(raw: RawInputs): string {
  const shown = Object.entries(raw)
    .filter(([, value]) => value !== '')
    .map(([name, value]) => [
      name,
      isSecret(name) ? '***' : value.length > 120 ? `${value.slice(0, 60)}... (${value.length} characters)` : value
    ])
  return JSON.stringify(Object.fromEntries(shown))
}
