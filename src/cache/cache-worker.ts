/**
 * A child process of the record store (started by worker-pool.ts): it makes the @actions/cache
 * calls it is sent and answers over the IPC channel, one request at a time, until its parent
 * disconnects. Its working directory, GITHUB_WORKSPACE and RUNNER_TEMP are its own (@actions/cache
 * archives paths relative to the workspace), and its stdout (@actions/cache's log) is read by its
 * parent for failures and never shown. ncc bundles it on its own (dist/cache-worker/):
 * @actions/cache is loaded here and nowhere else.
 */
import { restoreCache, saveCache } from '@actions/cache'
import {
  DONE_MARK,
  type ParentMessage,
  type WorkerMessage,
  type WorkerOp,
  type WorkerRequest,
  type WorkerValue
} from './worker-protocol.js'

const home = process.cwd()

function send(message: WorkerMessage): Promise<void> {
  return new Promise(resolve => {
    if (!process.send?.(message, undefined, undefined, () => resolve())) resolve()
  })
}

async function call(op: WorkerOp): Promise<WorkerValue> {
  if (!op.folder) return run(op)
  // @actions/cache reads these at each step of a call; the calls with a folder run one at a time.
  process.chdir(op.folder.workspace)
  process.env.GITHUB_WORKSPACE = op.folder.workspace
  process.env.RUNNER_TEMP = op.folder.temp
  try {
    return await run(op)
  } finally {
    // Out of the folder, so its owner can remove it.
    process.chdir(home)
  }
}

async function run(op: WorkerOp): Promise<WorkerValue> {
  if (op.kind === 'save') return saveCache(op.paths, op.key)
  return (await restoreCache(op.paths, op.key, [], { lookupOnly: op.kind === 'lookup' })) ?? null
}

async function serve(request: WorkerRequest): Promise<void> {
  let next = 0
  const lane = async (): Promise<void> => {
    for (let index = next++; index < request.ops.length; index = next++) {
      await send({ type: 'start', index })
      try {
        await send({ type: 'done', index, value: await call(request.ops[index]!) })
      } catch (error) {
        await send({ type: 'threw', index, message: error instanceof Error ? error.message : String(error) })
      }
      process.stdout.write(`${DONE_MARK}${index}\n`)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, request.concurrency) }, lane))
}

// @actions/cache's HTTP agents may keep sockets open: exit, once stdout is written out.
const exit = (): void => void process.stdout.write('', () => process.exit(0))
// One request at a time: the parent sends the next when this one is answered, or 'end'.
process.on('message', (message: ParentMessage) => (message === 'end' ? exit() : void serve(message)))
// The parent has gone.
process.on('disconnect', exit)
void send({ type: 'ready' })
