/**
 * Never pay twice, at the edges a hostile review found (issue: one clip lifecycle): the built
 * action against the MiniMax stand-in, with records in a cache-dir so that a second run shows
 * what the first one recorded. Each test failed on the action before its fix.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { encodeRecord } from '../../src/cache/records.js'
import { makeMp4, type StandInServer } from '../stand-in/minimax-server.js'
import { runAgainst, withServer, workspaceWithFrames } from '../support/fixtures.js'
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

const SINGLE = { 'first-frame': 'start.png', 'last-frame': 'end.jpg', prompt: 'The boat drifts [推进]' }
const sameFrames = (): string => workspaceWithFrames().workspace

describe('a single clip whose answer was lost', () => {
  it('is cleared by collecting the task with task-id and the same inputs: the next run reuses it', async () => {
    const records = tempDir('records-')
    await withServer(async server => {
      const inputs = { ...SINGLE, ...FAST, 'cache-dir': records }
      server.fail('submit', { http: 502, createTask: true })
      const lost = await runAgainst(server, inputs, { workspace: sameFrames() })
      expect(lost.code).toBe(1)
      const taskId = [...server.tasks.keys()][0]!
      const refused = await runAgainst(server, inputs, { workspace: sameFrames() })
      expect(refused.errors.join('\n')).toMatch(/an earlier run sent this very request .* collect it with task-id/)

      const collected = await runAgainst(server, { ...inputs, 'task-id': taskId }, { workspace: sameFrames() })
      expect(collected.errors).toEqual([])
      expect(collected.outputs.task_id).toBe(taskId)
      expect(collected.notices.join('\n')).toMatch(/task-id is given with the frames and prompt/)

      const next = await runAgainst(server, inputs, { workspace: sameFrames() })
      expect(next.errors).toEqual([])
      expect(next.outputs).toMatchObject({ task_id: taskId, cache_hit: 'true' })
      expect(server.requests.submit).toBe(1)
    })
  })
})

describe('max-paid-tasks, max-cost and the dry run', () => {
  /** Three clips recorded by a run that did not wait: their tasks fail, so a waiting run replaces them. */
  async function withThreeFailedRecords(
    test: (server: StandInServer, inputs: Record<string, string>, workspace: string) => Promise<void>
  ): Promise<void> {
    const workspace = board(THREE, { 'k4.png': png(1280, 720, { size: 6000 }) })
    const records = tempDir('records-')
    await withServer(
      async server => {
        const inputs = { storyboard: 'board/storyboard.yml', ...FAST, 'cache-dir': records }
        await runAgainst(server, { ...inputs, wait: 'false' }, { workspace })
        expect(server.tasksCreated).toBe(3)
        await test(server, inputs, workspace)
      },
      { clips: [clip('v1-a')], script: i => (i < 3 ? { statuses: ['Processing', 'Fail'] } : undefined) }
    )
  }

  it('count the recorded tasks that may have to be replaced, and refuse the replacements beyond the cap', async () => {
    await withThreeFailedRecords(async (server, inputs, workspace) => {
      const dry = await runAgainst(server, { ...inputs, 'dry-run': 'true' }, { workspace })
      expect(dry.stdout).toMatch(/A real run would pay for 0 new tasks \(up to 3, if the tasks it collects/)

      const capped = await runAgainst(server, { ...inputs, 'max-paid-tasks': '1' }, { workspace })
      expect(capped.code).toBe(1)
      expect(server.tasksCreated).toBe(4)
      expect(capped.errors.join('\n')).toMatch(/max-paid-tasks \(1\) leaves no task to pay for instead/)
    })
  })

  it('max-cost: replacements only within it, named, and no reuse claimed for the clips that failed', async () => {
    await withThreeFailedRecords(async (server, inputs, workspace) => {
      // 2.00 CNY covers one 768P 6 s replacement (2.00 CNY each), not three.
      const capped = await runAgainst(server, { ...inputs, wait: 'true', 'max-cost': '2 CNY' }, { workspace })
      expect(capped.code).toBe(1)
      expect(server.tasksCreated).toBe(4)
      const errors = capped.errors.join('\n')
      expect(errors).toMatch(/max-cost \(2\.00 CNY, of which what is left does not cover its price\) leaves no task/)
      expect(errors).not.toMatch(/max-paid-tasks/)
      expect(capped.outputs.estimated_cost).toBe('2.00 CNY')
      // Two clips failed with their recorded tasks: they were not reused, and saved nothing.
      expect(capped.summary).not.toMatch(/reused from earlier runs/)
      expect(capped.summary).not.toMatch(/saved/)
      expect(capped.summary).not.toMatch(/at most/)
    })
  })
})

describe('the same request twice in one storyboard', () => {
  it('is paid for once, and its video serves both clips', async () => {
    const abab = `keyframes:
  - image: k1.png
    prompt: there
  - image: k2.png
    prompt: and back
  - image: k1.png
    prompt: there
  - image: k2.png
`
    const workspace = board(abab)
    const records = tempDir('records-')
    await withServer(
      async server => {
        const inputs = { storyboard: 'board/storyboard.yml', ...FAST, 'cache-dir': records }
        const first = await runAgainst(server, inputs, { workspace })
        expect(first.errors).toEqual([])
        expect(server.requests.submit).toBe(2)
        expect(first.stdout).toMatch(/Clips 1 and 3 are the same request .* one task serves them all/)
        const [one, two, three] = ids(first)
        expect(three).toBe(one)
        expect(two).not.toBe(one)
        const again = await runAgainst(server, inputs, { workspace })
        expect(again.errors).toEqual([])
        expect(server.requests.submit).toBe(2)
        expect(ids(again)).toEqual(ids(first))
      },
      { clips: [clip('v1-a'), clip('v1-b')] }
    )
  })
})

describe('a clip recorded without its task record', () => {
  it('is still reused by a run that does not wait', async () => {
    const records = tempDir('records-')
    await withServer(async server => {
      const inputs = { ...SINGLE, ...FAST, 'cache-dir': records }
      const first = await runAgainst(server, inputs, { workspace: sameFrames() })
      expect(first.errors).toEqual([])
      rmSync(path.join(records, `task-${first.outputs.fingerprint}.json`))
      const dry = await runAgainst(server, { ...inputs, wait: 'false', 'dry-run': 'true' }, { workspace: sameFrames() })
      expect(dry.stdout).toContain('A real run would pay for 0 new tasks and reuse 1')
      const next = await runAgainst(server, { ...inputs, wait: 'false' }, { workspace: sameFrames() })
      expect(next.errors).toEqual([])
      expect(server.requests.submit).toBe(1)
      expect(next.outputs).toMatchObject({ task_id: first.outputs.task_id, cache_hit: 'true' })
    })
  })
})

describe('a clip restored from records', () => {
  it('is checked as a video for its request: one planted with a matching checksum is not used', async () => {
    const records = tempDir('records-')
    await withServer(async server => {
      const inputs = { ...SINGLE, ...FAST, 'cache-dir': records }
      const first = await runAgainst(server, inputs, { workspace: sameFrames() })
      const fingerprint = first.outputs.fingerprint!
      // What someone who can write the cache scope could plant: any bytes, and a record that matches them.
      const planted = Buffer.concat([
        Buffer.from('000000186674797069736f6d0000020069736f6d69736f32', 'hex'),
        randomBytes(5000)
      ])
      writeFileSync(path.join(records, `clip-${fingerprint}.mp4`), planted)
      const sha256 = createHash('sha256').update(planted).digest('hex')
      const record = {
        kind: 'clip' as const,
        fingerprint,
        taskId: first.outputs.task_id!,
        bytes: planted.length,
        sha256
      }
      writeFileSync(
        path.join(records, `clip-${fingerprint}.json`),
        encodeRecord({ ...record, createdAt: new Date().toISOString() })
      )

      const next = await runAgainst(server, inputs, { workspace: sameFrames() })
      expect(next.errors).toEqual([])
      expect(next.warnings.join('\n')).toMatch(/The video recorded .* was not used: its tracks could not be read/)
      expect(readFileSync(next.outputs.video_path!).equals(server.video)).toBe(true)
      expect(server.requests.submit).toBe(1)
    })
  })
})

describe('a data URL keyframe', () => {
  it('never reaches the log, the summary or the outputs as base64', async () => {
    const k1 = png(1280, 720)
    const base64 = k1.toString('base64')
    const yml = THREE.replace('image: k1.png', `image: "data:image/png;base64,${base64}"`)
    const workspace = board(yml, { 'k4.png': png(1280, 720, { size: 6000 }) })
    await withServer(
      async server => {
        const run = await runAgainst(server, { storyboard: 'board/storyboard.yml', ...FAST }, { workspace })
        expect(run.errors).toEqual([])
        for (const place of [run.stdout, run.summary, JSON.stringify(run.outputs)]) {
          expect(place).not.toContain(base64.slice(0, 60))
        }
        expect(run.stdout).toMatch(/clip 1: "data URL \(PNG, 1280x720, \d+ bytes, sha256 [0-9a-f]{12}\)" -> "k2\.png"/)
      },
      { clips: [clip('v1-a'), clip('v1-b'), clip('v1-c')] }
    )
  })
})

describe('what a fingerprint leaves out', () => {
  it('a reused task with another callback-url: a warning that no callback comes, and nothing paid', async () => {
    const records = tempDir('records-')
    await withServer(async server => {
      const inputs = { ...SINGLE, ...FAST, wait: 'false', 'cache-dir': records }
      const first = await runAgainst(
        server,
        { ...inputs, 'callback-url': 'https://hooks.example.com/a' },
        {
          workspace: sameFrames()
        }
      )
      expect(first.errors).toEqual([])
      const next = await runAgainst(
        server,
        { ...inputs, 'callback-url': 'https://hooks.example.com/b' },
        {
          workspace: sameFrames()
        }
      )
      expect(next.errors).toEqual([])
      expect(server.requests.submit).toBe(1)
      expect(next.warnings.join('\n')).toMatch(
        /^callback-url: the clip comes from an earlier run, so no new task is made/m
      )
      expect(next.warnings.join('\n')).toContain('MiniMax sends nothing to https://hooks.example.com/b')
    })
  })

  it('a URL frame that cannot be fetched before paying: said in the log, and the run goes on', async () => {
    await withServer(async server => {
      const run = await runAgainst(server, { 'last-frame': 'https://unknown.example.org/end.png' })
      expect(run.errors).toEqual([])
      expect(run.warnings).toEqual([])
      expect(run.stdout).toMatch(/^last-frame: https:\/\/unknown\.example\.org\/end\.png could not be fetched: /m)
      expect(server.submits[0]!.body!.last_frame_image).toBe('https://unknown.example.org/end.png')
    })
  })
})

describe('lost answers, looked for in the task list (found by a hostile review)', () => {
  const H3 = (workspace: string) => ({ workspace })
  const twoClips = ['keyframes:', '  - image: k1.png', '    prompt: one', '  - image: k2.png', '    prompt: two']
    .concat('  - image: k3.jpg', '')
    .join('\n')

  it('two of one kind lost: the first lookup does not take the task the second one made', async () => {
    await withServer(
      async server => {
        // Clip 1's answer is lost (no task); clip 2's is lost later, after MiniMax made its task.
        server.fail('submit2', { http: 502 }, { http: 502, createTask: true, delayMs: 400 })
        const run = await runAgainst(
          server,
          { storyboard: 'board/storyboard.yml', model: 'MiniMax-H3', ...FAST },
          H3(board(twoClips))
        )
        expect(run.code).toBe(1)
        expect(server.tasksCreated).toBe(1)
        // Neither clip took the one task: the list cannot tell which of the two lost answers made it.
        expect(run.outputs.task_ids).toBeUndefined()
        expect(run.errors.join('\n')).toMatch(/2 answers for MiniMax-H3 tasks \(768P, 6 s\) were lost in this run/)
      },
      { v2Clips: [clip('v2-c')] }
    )
  })

  it("an earlier run's lost answer never takes the task that run made for another clip", async () => {
    const workspace = board(twoClips)
    const records = tempDir('records-')
    await withServer(
      async server => {
        const inputs = { storyboard: 'board/storyboard.yml', model: 'MiniMax-H3', ...FAST, 'cache-dir': records }
        // Clip 1's answer is lost (no task was made) and the task list cannot be read; clip 2 is made.
        server.fail('submit2', { http: 502 })
        server.always.list2 = { http: 500 }
        const first = await runAgainst(server, inputs, { workspace })
        expect(first.code).toBe(1)
        const made = [...server.tasks.keys()]
        expect(made).toHaveLength(1)
        delete server.always.list2
        // Clip 2 changes: its old task is no longer any clip's record, but it is still not clip 1's.
        writeFileSync(
          path.join(workspace, 'board/storyboard.yml'),
          twoClips.replace('prompt: two', 'prompt: two, again')
        )
        const next = await runAgainst(server, inputs, { workspace })
        expect(next.code).toBe(1)
        expect(ids(next)[0]).toBe('')
        expect(ids(next)).not.toContain(made[0])
        expect(next.errors.join('\n')).toMatch(/clip 1: .*task list shows no MiniMax-H3 task/)
      },
      { v2Clips: [clip('v2-a'), clip('v2-c')] }
    )
  })

  it('a task list that answers something unexpected: the lost answer is recorded all the same', async () => {
    const records = tempDir('records-')
    await withServer(
      async server => {
        const inputs = { ...SINGLE, model: 'MiniMax-H3', ...FAST, 'cache-dir': records }
        server.fail('submit2', { http: 502, createTask: true })
        server.fail('list2', { body: '{"items":[null],"total":1}' })
        const first = await runAgainst(server, inputs, { workspace: sameFrames() })
        expect(first.code).toBe(1)
        const next = await runAgainst(server, inputs, { workspace: sameFrames() })
        expect(next.errors).toEqual([])
        expect(server.tasksCreated).toBe(1)
        expect(next.outputs.task_id).toBe([...server.tasks.keys()][0])
      },
      { v2Clips: [clip('v2-a')] }
    )
  })
})

describe('a downloaded video that is not what was asked for', () => {
  it('is kept, not recorded: a later run collects its task again (free); the dry run says it may pay', async () => {
    const records = tempDir('records-')
    await withServer(
      async server => {
        const inputs = { ...SINGLE, model: 'MiniMax-H3', ...FAST, 'cache-dir': records }
        const first = await runAgainst(server, inputs, { workspace: sameFrames() })
        expect(first.warnings.join('\n')).toMatch(/its tracks could not be read.*kept .*but not recorded/)
        expect(readdirSync(records).filter(f => f.startsWith('clip-'))).toEqual([])
        const dry = await runAgainst(server, { ...inputs, 'dry-run': 'true' }, { workspace: sameFrames() })
        expect(dry.stdout).toMatch(/pay for 0 new tasks \(up to 1, if the tasks it collects/)
        const next = await runAgainst(server, inputs, { workspace: sameFrames() })
        expect(next.errors).toEqual([])
        expect(server.tasksCreated).toBe(1)
      },
      { video: makeMp4() }
    )
  })
})
