/**
 * Never pay twice, at the edges a hostile review found (issue: one clip lifecycle): the built
 * action against the MiniMax stand-in, with records in a cache-dir so that a second run shows
 * what the first one recorded. Each test failed on the action before its fix.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAgainst, withServer } from '../support/fixtures.js'
import { jpeg, png } from '../support/images.js'
import { newWorkspace } from '../support/run-action.js'
import { tempDir } from '../support/temp.js'

const CLIPS = path.resolve(import.meta.dirname, '../fixtures/clips')
const clip = (name: string): Buffer => readFileSync(path.join(CLIPS, `${name}.mp4`))
const FAST = { wait: 'true', 'poll-interval': '0.05', 'retry-initial-delay': '0.01', 'submit-rate': '600' }

/** A workspace with board/storyboard.yml and its keyframes. */
function board(yml: string, frames: Record<string, Buffer> = {}): string {
  const workspace = newWorkspace()
  mkdirSync(path.join(workspace, 'board'))
  const files = {
    'k1.png': png(1280, 720),
    'k2.png': png(1280, 720, { size: 5000 }),
    'k3.jpg': jpeg(1280, 720),
    ...frames
  }
  for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(workspace, 'board', name), bytes)
  writeFileSync(path.join(workspace, 'board/storyboard.yml'), yml)
  return workspace
}

const TWO = `keyframes:
  - image: k1.png
    prompt: The boat leaves the shore
  - image: k2.png
    prompt: It drifts across the pond
  - image: k3.jpg
`
const ids = (run: { outputs: Record<string, string> }): string[] => JSON.parse(run.outputs.task_ids ?? '[]')

describe('a submit already on the wire', () => {
  it('is not cut off when wait-timeout passes: its id is output and recorded; the next run pays nothing', async () => {
    const workspace = board(TWO)
    const records = tempDir('records-')
    await withServer(
      async server => {
        // The second clip's task is made at once, but its answer comes after wait-timeout has passed.
        server.fail('submit', {}, { lateMs: 1500 })
        const inputs = { storyboard: 'board/storyboard.yml', ...FAST, 'cache-dir': records }
        const first = await runAgainst(server, { ...inputs, 'wait-timeout': '1' }, { workspace })
        expect(first.code).toBe(1)
        expect(server.tasksCreated).toBe(2)
        expect(ids(first)).toEqual([...server.tasks.keys()])
        expect(first.errors.join('\n')).toMatch(/clip 2 \(task \d+\): .*did not finish within wait-timeout \(1 s\)/)
        expect(first.errors.join('\n')).toContain('a re-run of this storyboard collects it')

        const second = await runAgainst(server, inputs, { workspace })
        expect(second.errors).toEqual([])
        expect(server.requests.submit).toBe(2)
        expect(ids(second)).toEqual(ids(first))
      },
      { clips: [clip('v1-a'), clip('v1-b')] }
    )
  })

  it("is not cut off by another clip's account error: it finishes and is recorded", async () => {
    const workspace = board(TWO)
    const records = tempDir('records-')
    await withServer(
      async server => {
        // Clip 1 hears "insufficient balance" while clip 2's request is out (its answer comes later).
        server.fail('submit', { code: 1008, delayMs: 400 }, { lateMs: 800 })
        const inputs = { storyboard: 'board/storyboard.yml', ...FAST, 'cache-dir': records }
        const first = await runAgainst(server, inputs, { workspace })
        expect(first.code).toBe(1)
        expect(server.tasksCreated).toBe(1)
        const taskId = [...server.tasks.keys()][0]!
        expect(ids(first)).toEqual(['', taskId])
        expect(first.errors.join('\n')).toMatch(/clip 1: .*MiniMax error 1008/)

        const second = await runAgainst(server, inputs, { workspace })
        expect(second.errors).toEqual([])
        // Clip 1 is paid for now; clip 2's task from the first run is collected, not paid for again.
        expect(server.tasksCreated).toBe(2)
        expect(ids(second)[1]).toBe(taskId)
      },
      { clips: [clip('v1-a'), clip('v1-b')] }
    )
  })
})

const THREE = `keyframes:
  - image: k1.png
    prompt: The boat leaves the shore
  - image: k2.png
    prompt: It drifts across the pond
  - image: k3.jpg
    prompt: It reaches the steps
  - image: k4.png
`
const withLine = (yml: string, after: string, line: string): string => yml.replace(after, `${after}\n${line}`)

describe('a submit whose answer was lost, in a storyboard', () => {
  it('blocks only its own clip, and the task-id or take key on its keyframe is the way out', async () => {
    const workspace = board(THREE, { 'k4.png': png(1280, 720, { size: 6000 }) })
    const records = tempDir('records-')
    const yml = path.join(workspace, 'board/storyboard.yml')
    await withServer(
      async server => {
        const inputs = { storyboard: 'board/storyboard.yml', ...FAST, 'cache-dir': records }
        // Clip 2's answer is lost (MiniMax made the task); clips 1 and 3 are made.
        server.fail('submit', {}, { http: 502, createTask: true })
        const first = await runAgainst(server, inputs, { workspace })
        expect(first.code).toBe(1)
        expect(server.tasksCreated).toBe(3)
        const lostTask = [...server.tasks.values()].find(t => t.body.prompt === 'It drifts across the pond')!.id

        // The next run pays for nothing: clips 1 and 3 are reused, clip 2 is blocked, naming its line.
        const blocked = await runAgainst(server, inputs, { workspace })
        expect(blocked.code).toBe(1)
        expect(server.requests.submit).toBe(3)
        const error = blocked.errors.join('\n')
        expect(error).toMatch(/clip 2: .*an earlier run sent this very request at .* and its answer was lost/)
        expect(error).toContain('add the line  task-id: "<its id>"  to keyframes[1] (board/storyboard.yml line 4)')
        expect(blocked.stdout).toMatch(/::warning file=board\/storyboard\.yml,line=4.*::Clip 2 of 3: an earlier run/)
        expect(ids(blocked)).toEqual([ids(first)[0], '', ids(first)[2]])

        // The way out: the task it made, named on its keyframe. Collected, recorded, nothing paid.
        writeFileSync(yml, withLine(THREE, '    prompt: It drifts across the pond', `    task-id: "${lostTask}"`))
        const named = await runAgainst(server, inputs, { workspace })
        expect(named.errors).toEqual([])
        expect(server.requests.submit).toBe(3)
        expect(ids(named)[1]).toBe(lostTask)

        // Recorded under the clip's fingerprint: without the key, the next run reuses it.
        writeFileSync(yml, THREE)
        const after = await runAgainst(server, inputs, { workspace })
        expect(after.errors).toEqual([])
        expect(server.requests.submit).toBe(3)
        expect(ids(after)).toEqual(ids(named))

        // take: 2 on one keyframe pays for a new take of that clip alone.
        writeFileSync(yml, withLine(THREE, '    prompt: It reaches the steps', '    take: 2'))
        const retake = await runAgainst(server, inputs, { workspace })
        expect(retake.errors).toEqual([])
        expect(server.requests.submit).toBe(4)
        expect(ids(retake).slice(0, 2)).toEqual(ids(after).slice(0, 2))
        expect(ids(retake)[2]).not.toBe(ids(after)[2])
      },
      { clips: [clip('v1-a'), clip('v1-b'), clip('v1-c')] }
    )
  })

  it('with MiniMax-H3, a recorded lost answer is looked for in the task list again before refusing', async () => {
    const workspace = board(
      `keyframes:\n  - image: k1.png\n    prompt: one\n  - image: k2.png\n    prompt: two\n  - image: k3.jpg\n`
    )
    const records = tempDir('records-')
    await withServer(
      async server => {
        const inputs = { storyboard: 'board/storyboard.yml', model: 'MiniMax-H3', ...FAST, 'cache-dir': records }
        // Clip 2's answer is lost, and the task list cannot be read then: its lost answer is recorded.
        server.fail('submit2', {}, { http: 502, createTask: true })
        server.always.list2 = { http: 500 }
        const first = await runAgainst(server, inputs, { workspace })
        expect(first.code).toBe(1)
        expect(first.errors.join('\n')).toMatch(/task list could not be read either/)
        expect(server.tasksCreated).toBe(2)

        delete server.always.list2
        const next = await runAgainst(server, inputs, { workspace })
        expect(next.errors).toEqual([])
        expect(server.requests.submit2).toBe(2)
        expect(new Set(ids(next))).toEqual(new Set(server.tasks.keys()))
      },
      { v2Clips: [clip('v2-a'), clip('v2-c')] }
    )
  })
})

describe('a clip that cannot be joined', () => {
  it('is named counting from 1, and a take on its keyframe makes it again alone', async () => {
    const yml = THREE.replace('  - image: k4.png\n', '').replace('    prompt: It reaches the steps\n', '')
    const workspace = board(yml)
    const records = tempDir('records-')
    await withServer(
      async server => {
        const inputs = { storyboard: 'board/storyboard.yml', ...FAST, 'cache-dir': records }
        const first = await runAgainst(server, inputs, { workspace })
        expect(first.code).toBe(1)
        const error = first.errors.join('\n')
        expect(error).toMatch(/clip 2 \(02\.mp4\): frame size is 320x180, clip 1 has 256x144/)
        expect(error).toContain(
          'To make it again alone, clip 2: add  take: 2  to keyframes[1] (board/storyboard.yml line 4)'
        )

        const file = path.join(workspace, 'board/storyboard.yml')
        writeFileSync(file, withLine(yml, '    prompt: It drifts across the pond', '    take: 2'))
        const again = await runAgainst(server, inputs, { workspace })
        expect(again.errors).toEqual([])
        expect(server.requests.submit).toBe(3)
        expect(ids(again)[0]).toBe(ids(first)[0])
      },
      { clips: [clip('v1-a'), clip('mismatch'), clip('v1-b')] }
    )
  })
})
