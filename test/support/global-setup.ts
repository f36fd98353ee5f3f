/**
 * Every process the tests start (vitest's workers, the action under test, the scripts, ncc)
 * gets TMPDIR set to one fresh folder. When the run ends, anything still in it is a leak: the
 * run fails and names it, then the folder is removed. So `npm test` leaves /tmp as it found it.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'minimax-action-tests-'))
  const previous = process.env.TMPDIR
  process.env.TMPDIR = root
  return () => {
    const left = readdirSync(root)
    rmSync(root, { recursive: true, force: true })
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
    if (left.length > 0) throw new Error(`the tests left ${left.length} temporary entries behind: ${left.join(', ')}`)
  }
}
