/** What planning may read: the folders files come from, and the one owner of every opened frame. */
import type { FrameStore } from '../frames/store.js'
import type { ReadableRoots } from '../fs/paths.js'

export interface PlanContext {
  /** Where files named by inputs may be read from (and where relative paths start). */
  where: ReadableRoots
  frames: FrameStore
}
