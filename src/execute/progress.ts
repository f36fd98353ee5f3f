/**
 * A storyboard's progress in the log: one line when something changed (a clip sent, done or
 * failed), and a heartbeat when nothing has for a while; never the same line twice in a row.
 */
import { compactDuration } from '../text.js'
import type { ClipResult } from '../types/result.js'

export class Progress {
  readonly #clips: readonly ClipResult[]
  readonly #succeeded: string
  readonly #log: (line: string) => void
  readonly #started = Date.now()
  readonly #timer: NodeJS.Timeout
  #counts = ''
  #line = ''
  #printedAt = Date.now()

  /** `succeeded`: the status a finished task has (V1 Success, V2 succeeded): its clip is done while it downloads. */
  constructor(clips: readonly ClipResult[], succeeded: string, log: (line: string) => void, heartbeatMs: number) {
    this.#clips = clips
    this.#succeeded = succeeded
    this.#log = log
    this.#timer = setInterval(() => {
      if (Date.now() - this.#printedAt >= heartbeatMs) this.#print()
    }, heartbeatMs).unref()
  }

  /** Print a line if the counts changed since the last one. */
  update(): void {
    if (this.#tally() !== this.#counts) this.#print()
  }

  close(): void {
    clearInterval(this.#timer)
  }

  #tally(): string {
    const n = this.#clips.length
    const failed = this.#clips.filter(c => c.failure).length
    const done = this.#clips.filter(c => !c.failure && (c.video || c.status === this.#succeeded)).length
    const queued = this.#clips.filter(c => !c.taskId && !c.failure && !c.video).length
    const processing = n - done - failed - queued
    return (
      `${done} of ${n} clips done, ${processing} processing, ${failed} failed` +
      `${queued ? `, ${queued} waiting to be sent` : ''}`
    )
  }

  #print(): void {
    // Nothing to say until a clip has a task (or an end): "0 of 5 done, 5 waiting" says nothing.
    if (!this.#clips.some(c => c.taskId || c.failure || c.video)) return
    const counts = this.#tally()
    const line = `${counts}, ${compactDuration((Date.now() - this.#started) / 1000)}`
    this.#counts = counts
    this.#printedAt = Date.now()
    if (line === this.#line) return
    this.#line = line
    this.#log(line)
  }
}
