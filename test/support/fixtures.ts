import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { StandInServer, type StandInOptions } from '../stand-in/minimax-server.js'
import { jpeg, png } from './images.js'
import { newWorkspace, runAction, type ActionRun } from './run-action.js'

export const KEY = 'sk-test-9f8e7d6c5b4a39281706f5e4d3c2b1a0'

/** A workspace with a PNG first frame and a JPEG last frame. */
export function workspaceWithFrames(): { workspace: string; first: Buffer; last: Buffer } {
  const workspace = newWorkspace()
  const first = png(1280, 720)
  const last = jpeg(1280, 720, { progressive: true })
  writeFileSync(path.join(workspace, 'start.png'), first)
  writeFileSync(path.join(workspace, 'end.jpg'), last)
  return { workspace, first, last }
}

export async function withServer<T>(
  fn: (server: StandInServer) => Promise<T>,
  options: StandInOptions = {}
): Promise<T> {
  const server = await StandInServer.start(options)
  try {
    return await fn(server)
  } finally {
    await server.close()
  }
}

export function runAgainst(
  server: StandInServer,
  inputs: Record<string, string>,
  options: Parameters<typeof runAction>[1] = {}
): Promise<ActionRun> {
  return runAction({ 'api-key': KEY, 'base-url': server.url, ...inputs }, options)
}

/** Every place a run could leak the key, except the ::add-mask:: line that hides it. */
export function leaks(run: ActionRun, key = KEY): string[] {
  const places = {
    stdout: run.stdout
      .split('\n')
      .filter(l => !l.startsWith('::add-mask::'))
      .join('\n'),
    stderr: run.stderr,
    summary: run.summary,
    outputs: JSON.stringify(run.outputs)
  }
  return Object.entries(places)
    .filter(([, text]) => text.includes(key))
    .map(([place]) => place)
}
