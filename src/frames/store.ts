/**
 * The one owner of every frame a run opens. A frame named twice (a keyframe that ends one clip
 * and starts the next) is opened and checked once, and its file stays open until the run ends:
 * no clip closes a file another clip still has to send.
 */
import path from 'node:path'
import type { ReadableRoots } from '../fs/paths.js'
import { closeFrames, resolveFrame, type FrameResult } from './source.js'
import type { ImageRules } from '../types/rules.js'
import type { Frame, FrameSpec } from '../types/frame.js'

export class FrameStore {
  readonly #where: ReadableRoots
  readonly #opened = new Map<string, Promise<FrameResult>>()

  constructor(where: ReadableRoots) {
    this.#where = where
  }

  /**
   * Check a frame (once per distinct source: a run has one model, so one set of image rules);
   * problems are phrased to follow the input's name. Relative paths start at `base` (the
   * workspace unless said otherwise: a storyboard's keyframes start at its folder).
   */
  open(
    input: string,
    spec: FrameSpec,
    options: { base?: { folder: string; name: string }; rules?: ImageRules } = {}
  ): Promise<FrameResult> {
    const base = options.base?.folder ?? this.#where.workspace
    const key = spec.kind === 'path' ? `path:${path.resolve(base, spec.path)}` : `${spec.kind}:${describeKey(spec)}`
    let result = this.#opened.get(key)
    if (!result) {
      const where = options.base ? { ...this.#where, workspace: base, baseName: options.base.name } : this.#where
      result = resolveFrame(input, spec, where, options.rules)
      this.#opened.set(key, result)
    }
    return result
  }

  /** Close every file opened; safe to call more than once. */
  async close(): Promise<void> {
    const results = await Promise.all(this.#opened.values())
    closeFrames(results.map(r => ('frame' in r ? r.frame : undefined)))
  }

  get frames(): Promise<Frame[]> {
    return Promise.all(this.#opened.values()).then(results => results.flatMap(r => ('frame' in r ? [r.frame] : [])))
  }
}

function describeKey(spec: Exclude<FrameSpec, { kind: 'path' }>): string {
  return spec.kind === 'url' ? spec.url : `${spec.declaredMime};${spec.base64}`
}
