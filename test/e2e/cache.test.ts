/**
 * Never paying twice, end to end: the built action against the MiniMax stand-in and a stand-in
 * of the GitHub Actions cache service (the twirp v2 calls and blob transfers @actions/cache really
 * makes), so the real @actions/cache code runs; and the same with cache-dir.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CacheServer } from '../stand-in/cache-server.js'
import { runAgainst, withServer, workspaceWithFrames } from '../support/fixtures.js'
import { jpeg, png } from '../support/images.js'
import { newWorkspace } from '../support/run-action.js'
import { tempDir } from '../support/temp.js'

const CLIPS = path.resolve(import.meta.dirname, '../fixtures/clips')
const clip = (name: string): Buffer => readFileSync(path.join(CLIPS, `${name}.mp4`))
const FAST = { 'poll-interval': '0.05', 'retry-initial-delay': '0.01' }
const FRAMES = { 'first-frame': 'start.png', 'last-frame': 'end.jpg', prompt: 'The boat drifts [推进]' }

let cache: CacheServer
beforeEach(async () => {
  cache = await CacheServer.start()
})
afterEach(async () => {
  await cache.close()
})
/** What a runner gives a JavaScript action for the cache service. */
const onRunner = (): Record<string, string> => ({ ...cache.env(), GITHUB_ACTIONS: 'true' })

/** A fresh workspace with the same two frames, byte for byte. */
function sameFrames(): string {
  const { workspace } = workspaceWithFrames()
  return workspace
}

describe('the GitHub Actions cache', () => {
  it('a second run with the same inputs pays nothing and outputs the same task; take: 2 pays again', async () => {
    await withServer(async server => {
      const first = await runAgainst(
        server,
        { ...FRAMES, ...FAST, wait: 'true' },
        { workspace: sameFrames(), env: onRunner() }
      )
      expect(first.errors).toEqual([])
      expect(first.warnings).toEqual([])
      expect(first.outputs.cache_hit).toBe('false')
      expect(server.requests.submit).toBe(1)
      expect(cache.calls('FinalizeCacheEntryUpload').length).toBe(2) // the task's record, then the clip

      const before = { ...server.requests }
      const second = await runAgainst(
        server,
        { ...FRAMES, ...FAST, wait: 'true' },
        { workspace: sameFrames(), env: onRunner() }
      )
      expect(second.errors).toEqual([])
      expect(server.requests).toEqual(before) // nothing at all was sent to MiniMax
      expect(second.outputs.task_id).toBe(first.outputs.task_id)
      expect(second.outputs.fingerprint).toBe(first.outputs.fingerprint)
      expect(second.outputs.cache_hit).toBe('true')
      expect(readFileSync(second.outputs.video_path!).equals(server.video)).toBe(true)
      expect(second.stdout).toMatch(/Reusing the video of task \d+ from an earlier run with the same inputs/)
      // @actions/cache runs in workers whose log (signed URLs, its own lines) never reaches the action's.
      for (const run of [first, second]) expect(run.stdout).not.toMatch(/sig=|Cache hit for|Lookup only|Cache Size/)

      const third = await runAgainst(
        server,
        { ...FRAMES, ...FAST, wait: 'true', take: '2' },
        { workspace: sameFrames(), env: onRunner() }
      )
      expect(third.errors).toEqual([])
      expect(server.requests.submit).toBe(2)
      expect(third.outputs.fingerprint).not.toBe(first.outputs.fingerprint)
      expect(third.outputs.task_id).not.toBe(first.outputs.task_id)
    })
  })

  it('when the service is down: a warning within seconds, and a normal run', async () => {
    cache.faults.down = true
    await withServer(async server => {
      const run = await runAgainst(
        server,
        { ...FRAMES, ...FAST, wait: 'true' },
        { workspace: sameFrames(), env: onRunner() }
      )
      expect(run.code).toBe(0)
      expect(run.warnings.join('\n')).toMatch(
        /the GitHub Actions cache did not look up .* within 5 s\. This run goes on without it/
      )
      expect(server.requests.submit).toBe(1)
      expect(run.ms).toBeLessThan(15_000)
    })
  })

  it('when the service refuses connections: a warning at once, and a normal run', async () => {
    await cache.stopListening()
    await withServer(async server => {
      const run = await runAgainst(server, { ...FRAMES, ...FAST }, { workspace: sameFrames(), env: onRunner() })
      expect(run.code).toBe(0)
      expect(run.warnings.join('\n')).toMatch(/the GitHub Actions cache could not look up/)
      expect(run.ms).toBeLessThan(5_000)
    })
  })

  it('a run killed right after it paid: the next run collects that task instead of paying again', async () => {
    await withServer(
      async server => {
        let killed = false
        const dead = await runAgainst(
          server,
          { ...FRAMES, ...FAST, wait: 'true' },
          {
            workspace: sameFrames(),
            env: onRunner(),
            onOutput: (_stdout, child) => {
              // Killed (no chance to clean up) the moment the task's record is in the cache.
              const timer = setInterval(() => {
                if (killed || cache.calls('FinalizeCacheEntryUpload').length === 0) return
                killed = true
                clearInterval(timer)
                child.kill('SIGKILL')
              }, 5)
            }
          }
        )
        expect(killed).toBe(true)
        expect(dead.code).toBeNull()
        server.tasks.forEach(task => (task.statuses = ['Processing', 'Success']))
        const next = await runAgainst(
          server,
          { ...FRAMES, ...FAST, wait: 'true' },
          { workspace: sameFrames(), env: onRunner() }
        )
        expect(next.errors).toEqual([])
        expect(server.requests.submit).toBe(1)
        expect(next.outputs.task_id).toBe([...server.tasks.keys()][0])
        expect(next.outputs.cache_hit).toBe('true')
        expect(next.stdout).toMatch(/Reusing task \d+ from an earlier run/)
      },
      { statuses: ['Processing'] }
    )
  })

  it('after a submit whose answer was lost, the next run refuses to pay again, saying why', async () => {
    await withServer(async server => {
      server.fail('submit', { http: 502, createTask: true })
      const inputs = { ...FRAMES, ...FAST }
      const lost = await runAgainst(server, inputs, { workspace: sameFrames(), env: onRunner() })
      expect(lost.errors.join('\n')).toMatch(/HTTP 502.*may have reached MiniMax/)
      expect(cache.list().map(e => e.key)).toEqual([
        expect.stringMatching(/^minimax-video-task-[0-9a-f]{64}-\d+-lost$/)
      ])
      const next = await runAgainst(server, inputs, { workspace: sameFrames(), env: onRunner() })
      expect(next.code).toBe(1)
      expect(next.errors.join('\n')).toMatch(/its answer was lost \(Submitting the task: HTTP 502.*set take: 2/)
      expect(server.requests.submit).toBe(1)
    })
  })

  it('a recorded task that MiniMax reports as failed: one new task', async () => {
    await withServer(
      async server => {
        const first = await runAgainst(server, { ...FRAMES, ...FAST }, { workspace: sameFrames(), env: onRunner() })
        expect(first.errors).toEqual([])
        const next = await runAgainst(
          server,
          { ...FRAMES, ...FAST, wait: 'true' },
          { workspace: sameFrames(), env: onRunner() }
        )
        expect(next.code).toBe(1) // the new task fails too: this stand-in fails every task
        expect(server.requests.submit).toBe(2)
        expect(next.warnings.join('\n')).toMatch(
          /Task \d+ from an earlier run cannot be used .*failed.*paying for a new one/
        )
        expect(next.outputs.task_id).not.toBe(first.outputs.task_id)
      },
      { statuses: ['Fail'] }
    )
  })
})

describe('cache-dir', () => {
  it('records in a folder: the second run pays nothing, and a dry run says what a real one would pay for', async () => {
    const records = tempDir('records-')
    await withServer(async server => {
      const inputs = { ...FRAMES, ...FAST, wait: 'true', 'cache-dir': records }
      const first = await runAgainst(server, inputs, { workspace: sameFrames() })
      expect(first.errors).toEqual([])
      const before = { ...server.requests }
      const dry = await runAgainst(server, { ...inputs, 'dry-run': 'true' }, { workspace: sameFrames() })
      expect(dry.stdout).toContain(`A real run would pay for 0 new tasks and reuse 1 from earlier runs (its video)`)
      const second = await runAgainst(server, inputs, { workspace: sameFrames() })
      expect(second.errors).toEqual([])
      expect(server.requests).toEqual(before)
      expect(second.outputs.task_id).toBe(first.outputs.task_id)
      expect(second.outputs.cache_hit).toBe('true')
    })
  })

  it('after a submit whose answer was lost, the next run looks before it pays instead of paying again', async () => {
    const records = tempDir('records-')
    await withServer(async server => {
      server.fail('submit', { http: 502, createTask: true })
      const inputs = { ...FRAMES, ...FAST, 'cache-dir': records }
      const lost = await runAgainst(server, inputs, { workspace: sameFrames() })
      expect(lost.errors.join('\n')).toMatch(/HTTP 502.*may have reached MiniMax/)
      const next = await runAgainst(server, inputs, { workspace: sameFrames() })
      expect(next.code).toBe(1)
      const error = next.errors.join('\n')
      expect(error).toMatch(/an earlier run sent this very request at .* and its answer was lost/)
      expect(error).toMatch(/\(Submitting the task: HTTP 502.*MiniMax's task list.*set take: 2/)
      expect(server.requests.submit).toBe(1)
      const newTake = await runAgainst(server, { ...inputs, take: '2' }, { workspace: sameFrames() })
      expect(newTake.errors).toEqual([])
      expect(server.requests.submit).toBe(2)
    })
  })

  it('a corrupt record is a warning and a miss, never a wrong answer', async () => {
    const records = tempDir('records-')
    await withServer(async server => {
      const inputs = { ...FRAMES, ...FAST, wait: 'true', 'cache-dir': records }
      const first = await runAgainst(server, inputs, { workspace: sameFrames() })
      const fingerprint = first.outputs.fingerprint!
      writeFileSync(path.join(records, `task-${fingerprint}.json`), '{"record":{"kind":"task"},"checksum":"x"}')
      writeFileSync(path.join(records, `clip-${fingerprint}.mp4`), 'not the video')
      const second = await runAgainst(server, inputs, { workspace: sameFrames() })
      expect(second.code).toBe(0)
      expect(second.warnings.join('\n')).toMatch(/A task record in .* was ignored: its checksum does not match/)
      expect(second.warnings.join('\n')).toMatch(/A clip recorded in .* was ignored: the video is not the one recorded/)
      expect(server.requests.submit).toBe(2)
    })
  })
})

describe('a storyboard across runs', () => {
  const yml = (frames: string[]): string => {
    const prompt = (i: number): string => (i < frames.length - 1 ? `    prompt: clip ${i + 1}\n` : '')
    return `keyframes:\n${frames.map((f, i) => `  - image: ${f}\n${prompt(i)}`).join('')}`
  }
  function board(changed = false): string {
    const workspace = newWorkspace()
    mkdirSync(path.join(workspace, 'board'))
    const names = ['k1.png', 'k2.png', 'k3.png', 'k4.png', 'k5.jpg']
    names.forEach((name, i) => {
      // Every keyframe its own bytes (their sizes differ); k3 differs between "changed" and not.
      const bytes = name.endsWith('.jpg')
        ? jpeg(1280, 720)
        : png(1280, 720, { size: 4000 + i * 10 + (changed && i === 2 ? 1 : 0) })
      writeFileSync(path.join(workspace, 'board', name), bytes)
    })
    writeFileSync(path.join(workspace, 'board/storyboard.yml'), yml(names))
    return workspace
  }

  it('an unchanged re-run pays for nothing; one changed interior keyframe pays for exactly its two clips', async () => {
    await withServer(
      async server => {
        const inputs = { storyboard: 'board/storyboard.yml', ...FAST, wait: 'true', 'submit-rate': '600' }
        const first = await runAgainst(server, inputs, { workspace: board(), env: onRunner() })
        expect(first.errors).toEqual([])
        expect(server.requests.submit).toBe(4)

        const again = await runAgainst(server, inputs, { workspace: board(), env: onRunner() })
        expect(again.errors).toEqual([])
        expect(server.requests.submit).toBe(4)
        expect(again.outputs.task_ids).toBe(first.outputs.task_ids)
        expect(existsSync(again.outputs.video_path!)).toBe(true)
        expect(again.stdout).toContain('4 of 4 clips reused from earlier runs')

        const changed = await runAgainst(server, inputs, { workspace: board(true), env: onRunner() })
        expect(changed.errors).toEqual([])
        expect(server.requests.submit).toBe(6)
        const segments = JSON.parse(changed.outputs.segments!) as Array<{ cache_hit: boolean }>
        expect(segments.map(s => s.cache_hit)).toEqual([true, false, false, true])
      },
      { clips: [clip('v1-a'), clip('v1-b'), clip('v1-c')] }
    )
  })
})
