/**
 * The 15 camera commands MiniMax-Hailuo-02 understands in a prompt, in square brackets, spelt in
 * Chinese (mainland pages) or English (international pages); and a lint for near misses.
 */
import { nearest } from '../text.js'

export const CAMERA_COMMANDS: ReadonlyArray<readonly [zh: string, en: string]> = [
  ['左移', 'Truck left'],
  ['右移', 'Truck right'],
  ['左摇', 'Pan left'],
  ['右摇', 'Pan right'],
  ['推进', 'Push in'],
  ['拉远', 'Pull out'],
  ['上升', 'Pedestal up'],
  ['下降', 'Pedestal down'],
  ['上摇', 'Tilt up'],
  ['下摇', 'Tilt down'],
  ['变焦推近', 'Zoom in'],
  ['变焦拉远', 'Zoom out'],
  ['晃动', 'Shake'],
  ['跟随', 'Tracking shot'],
  ['固定', 'Static shot']
]

/** MiniMax advises at most this many commands acting together in one bracket. */
export const MAX_COMMANDS_PER_BRACKET = 3

const KNOWN = new Set(CAMERA_COMMANDS.flat())

/** The known command closest to a word, if it is close enough to be a slip rather than prose. */
export function nearestCommand(word: string): string | undefined {
  return nearest(word, KNOWN)
}

/** Warnings (never refusals: MiniMax accepts any prompt text) about the camera commands in a prompt. */
export function lintCameraCommands(prompt: string): string[] {
  const warnings: string[] = []
  for (const match of prompt.matchAll(/【([^【】]*)】/g)) {
    const items = match[1]!.split(/[,，、]/).map(s => s.trim())
    if (items.some(i => KNOWN.has(i) || nearestCommand(i))) {
      warnings.push(
        `"${match[0]}" uses full-width brackets 【】; MiniMax reads camera commands in ASCII brackets: ` +
          `[${items.join(',')}]`
      )
    }
  }
  for (const match of prompt.matchAll(/\[([^[\]]*)\]/g)) {
    const items = match[1]!
      .split(/[,，、]/)
      .map(s => s.trim())
      .filter(Boolean)
    const unknown = items.filter(i => !KNOWN.has(i))
    for (const item of unknown) {
      const near = nearestCommand(item)
      const where = items.length > 1 ? ` (in "${match[0]}")` : ''
      if (near) warnings.push(`"[${item}]"${where} is not a camera command MiniMax knows; did you mean [${near}]?`)
    }
    const known = items.length - unknown.length
    if (known > MAX_COMMANDS_PER_BRACKET) {
      warnings.push(
        `"${match[0]}" combines ${known} camera commands; MiniMax advises at most ${MAX_COMMANDS_PER_BRACKET} ` +
          `in one bracket`
      )
    }
  }
  return warnings
}
