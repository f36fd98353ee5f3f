import { INPUT_NAMES, type RawInputs } from '../../src/inputs/inputs.js'

/** Every input empty, as the runner passes them, with a key and a last frame unless overridden. */
export function raw(overrides: Partial<RawInputs> = {}): RawInputs {
  const base = Object.fromEntries(INPUT_NAMES.map(n => [n, ''])) as RawInputs
  return { ...base, 'api-key': 'test-key', 'last-frame': 'https://example.com/end.png', ...overrides }
}
