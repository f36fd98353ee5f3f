/**
 * Temporary folders for tests: each one is removed when its test file ends (test/support/setup.ts),
 * and global-setup.ts checks that nothing else was left behind.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const made = new Set<string>()

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  made.add(dir)
  return dir
}

export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
  made.clear()
}
