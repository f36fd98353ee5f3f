/** What every step of executing a plan is given: the client, the inputs, the log, the run's cancellation. */
import type { RecordStore } from '../cache/store.js'
import type { Inputs } from '../inputs/inputs.js'
import type { RunLog } from '../log.js'
import type { VideoClient } from '../minimax/client.js'

export interface RunContext {
  client: VideoClient
  inputs: Inputs
  workspace: string
  log: RunLog
  /** The run's cancellation (SIGINT/SIGTERM from the runner). */
  signal: AbortSignal
  /** Where tasks and clips are recorded across runs (none with cache: false, or without a cache). */
  records?: RecordStore
  /** Whether the run waits for the videos (wait, task-id or upload-to-release). */
  waits: boolean
}
