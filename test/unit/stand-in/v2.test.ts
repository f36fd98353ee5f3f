/**
 * The stand-in's V2 API (MiniMax-H3), spoken to over real HTTP: create, query, list, delete,
 * the contract it judges bodies by, and the faults a test can script.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { StandInServer, type StandInOptions } from '../../stand-in/minimax-server.js'

const KEY = 'sk-api-v2-unit'
const CLIPS = path.resolve(import.meta.dirname, '../../fixtures/clips')
const V2_CLIPS = ['v2-a', 'v2-b', 'v2-c'].map(name => readFileSync(path.join(CLIPS, `${name}.mp4`)))
const PNG = 'data:image/png;base64,iVBORw0KGgo='

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** A valid first + last frame body, with `changes` merged over it. */
function frames(changes: Json = {}): Json {
  return {
    model: 'MiniMax-H3',
    content: [
      { type: 'text', text: 'The paper boat drifts across the pond and stops at the stone steps.' },
      { type: 'image_url', image_url: { url: 'https://example.com/start.png' }, role: 'first_frame' },
      { type: 'image_url', image_url: { url: PNG }, role: 'last_frame' }
    ],
    resolution: '768P',
    duration: 6,
    ratio: 'adaptive',
    ...changes
  }
}

async function withV2<T>(fn: (server: StandInServer) => Promise<T>, options: StandInOptions = {}): Promise<T> {
  const server = await StandInServer.start({ apiKey: KEY, v2Clips: V2_CLIPS, ...options })
  try {
    return await fn(server)
  } finally {
    await server.close()
  }
}

async function call(
  server: StandInServer,
  method: string,
  route: string,
  body?: unknown,
  key: string | undefined = KEY
): Promise<{ status: number; json: Json; headers: Headers }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (key !== undefined) headers.authorization = `Bearer ${key}`
  const res = await fetch(`${server.url}${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  return { status: res.status, json: (await res.json()) as Json, headers: res.headers }
}

const create = (server: StandInServer, body: Json, key?: string) =>
  call(server, 'POST', '/v2/video_generation', body, key)
const query = (server: StandInServer, id: string) => call(server, 'GET', `/v2/query/video_generation/${id}`)
const list = (server: StandInServer, search: string) => call(server, 'GET', `/v2/query/video_generation?${search}`)
const remove = (server: StandInServer, id: string) => call(server, 'DELETE', `/v2/video_generation/${id}`)

function expectEnvelope(answer: { status: number; json: Json }, status: number, type: string, message: RegExp): void {
  expect(answer.status).toBe(status)
  expect(answer.json).toEqual({
    type: 'error',
    error: { type, message: expect.stringMatching(message), http_code: String(status) },
    request_id: expect.stringMatching(/^[0-9a-f]{32}$/)
  })
}

describe('the stand-in V2 API', () => {
  it('walks a first + last frame task queued -> running -> succeeded; its content.url serves the v2 clip', async () => {
    await withV2(async server => {
      const created = await create(server, frames())
      expect(created.status).toBe(200)
      expect(created.json).toEqual({ task_id: expect.stringMatching(/^\d{18}$/) })
      expect(created.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/)
      expect(server.submits).toHaveLength(1)
      expect(server.submits[0]).toMatchObject({ api: 'v2', contract: { ok: true, errors: [] } })
      const id = created.json.task_id as string

      const seen: Json[] = []
      for (let i = 0; i < 5; i++) seen.push((await query(server, id)).json.task)
      expect(seen.map(task => task.status)).toEqual(['queued', 'running', 'running', 'succeeded', 'succeeded'])
      const done = seen[3]!
      expect(done).toMatchObject({
        id,
        model: 'MiniMax-H3',
        resolution: '768P',
        duration: 6,
        ratio: 'adaptive',
        usage: { total_seconds: 6, input_seconds: 0, output_seconds: 6, input_image_count: 2 },
        task_type: 'generation',
        modality: 'video'
      })
      expect(Number.isInteger(done.created_at) && done.created_at < 1e11).toBe(true) // Unix seconds
      expect(done.updated_at).toBeGreaterThanOrEqual(done.created_at)
      expect(seen[0]!.usage).toEqual({})
      expect(seen[0]!.content).toBeUndefined()

      const video = await fetch(done.content.url)
      expect(video.status).toBe(200)
      expect(Buffer.from(await video.arrayBuffer()).equals(V2_CLIPS[0]!)).toBe(true)
      expect(server.requests).toMatchObject({ submit2: 1, query2: 5, download: 1, submit: 0, query: 0 })
    })
  })

  it.each([
    [
      'two text items',
      frames({
        content: [...frames().content, { type: 'text', text: 'and a second prompt' }]
      }),
      /exactly one text item/
    ],
    ['ratio 16:9 with frames', frames({ ratio: '16:9' }), /ratio must be adaptive \(or absent\) when frames/],
    ['2K for MiniMax-H3-Max', frames({ model: 'MiniMax-H3-Max', resolution: '2K' }), /resolution 2K .*MiniMax-H3-Max/],
    ['duration 3 for MiniMax-H3', frames({ duration: 3 }), /duration 3 is not offered by MiniMax-H3 \(4-15 s\)/],
    ['duration 4 for MiniMax-H3-Max', frames({ model: 'MiniMax-H3-Max', duration: 4 }), /duration 4 .*\(5-15 s\)/],
    [
      'extra on MiniMax-H3',
      frames({ extra: { prompt_expansion_mode: 'quality' } }),
      /extra is only for MiniMax-H3-Max/
    ],
    [
      'a prompt of 7001 characters (code points)',
      frames({ content: [{ type: 'text', text: '🎬'.repeat(7001) }, frames().content[1]] }),
      /prompt is over 7000 characters/
    ],
    ['two first frames', frames({ content: [...frames().content, frames().content[1]] }), /at most 1 first_frame/],
    [
      'a frame mixed with a reference image',
      frames({
        content: [...frames().content, { type: 'image_url', image_url: { url: PNG }, role: 'reference_image' }]
      }),
      /must not be mixed/
    ],
    [
      'an upper-case data URL',
      frames({
        content: [frames().content[0], { type: 'image_url', image_url: { url: 'data:image/PNG;base64,AAAA' } }]
      }),
      /content\/1\/image_url\/url is neither/
    ],
    [
      'a data URL with broken base64',
      frames({
        content: [frames().content[0], { type: 'image_url', image_url: { url: 'data:image/png;base64,AAA' } }]
      }),
      /invalid base64/
    ],
    ['a v1 field', frames({ prompt_optimizer: false }), /must NOT have additional properties: prompt_optimizer/],
    ['text-to-video without a ratio', frames({ content: [frames().content[0]], ratio: undefined }), /needs a ratio/]
  ])('rejects %s with a 400 envelope naming the rule', async (_name, body, rule) => {
    await withV2(async server => {
      const answer = await create(server, body)
      expectEnvelope(answer, 400, 'bad_request_error', /^invalid params, .*\(2013\)$/)
      expect(answer.json.error.message).toMatch(rule)
      expect(server.tasksCreated).toBe(0)
      expect(server.submits[0]?.contract.ok).toBe(false)
    })
  })

  it('accepts 7000 characters of prompt counted in code points, a HEIC data URL and a last frame alone', async () => {
    await withV2(async server => {
      const last = { type: 'image_url', image_url: { url: 'data:image/heic;base64,AAAA' }, role: 'last_frame' }
      const answer = await create(server, frames({ content: [{ type: 'text', text: '🎬'.repeat(7000) }, last] }))
      expect(answer.status).toBe(200)
      expect(server.submits[0]?.contract.errors).toEqual([])
    })
  })

  it('rejects a data URL image over 30 MB and a body over 64 MB', async () => {
    await withV2(async server => {
      const big = `data:image/jpeg;base64,${'A'.repeat(((30 * 1024 * 1024) / 3) * 4 + 4)}`
      const image = await create(
        server,
        frames({ content: [frames().content[0], { type: 'image_url', image_url: { url: big } }] })
      )
      expect(image.json.error.message).toMatch(/content\/1\/image_url\/url decodes to 31457283 bytes, over 30 MB/)
      const url = `https://example.com/${'a'.repeat(64 * 1024 * 1024)}.png`
      const body = await create(
        server,
        frames({ content: [frames().content[0], { type: 'image_url', image_url: { url } }] })
      )
      expectEnvelope(body, 400, 'bad_request_error', /request body is over 64 MB/)
      expect(server.tasksCreated).toBe(0)
    })
  })

  it('answers 401 envelopes for a missing or wrong key, and creates nothing', async () => {
    await withV2(async server => {
      expectEnvelope(await create(server, frames(), ''), 401, 'authorized_error', /API secret key.*\(1004\)$/)
      expectEnvelope(await create(server, frames(), 'sk-wrong'), 401, 'authorized_error', /invalid api key \(1004\)$/)
      expectEnvelope(
        await call(server, 'GET', '/v2/query/video_generation/1', undefined, ''),
        401,
        'authorized_error',
        /\(1004\)$/
      )
      expect(server.tasksCreated).toBe(0)
    })
  })

  it('lists V2 tasks newest first, filtered by model, status and task ids, in pages', async () => {
    await withV2(async server => {
      const ids: string[] = []
      for (const model of ['MiniMax-H3', 'MiniMax-H3-Max', 'MiniMax-H3'])
        ids.push((await create(server, frames({ model }))).json.task_id as string)
      await query(server, ids[0]!) // queued
      await query(server, ids[0]!) // running

      const all = await list(server, '')
      expect(all.json.total).toBe(3)
      expect(all.json.items.map((t: Json) => t.id)).toEqual([...ids].reverse())
      const max = await list(server, 'filter.model=MiniMax-H3-Max')
      expect(max.json).toMatchObject({ total: 1, items: [{ id: ids[1], model: 'MiniMax-H3-Max' }] })
      const running = await list(server, 'filter.status=running')
      expect(running.json.items.map((t: Json) => t.id)).toEqual([ids[0]])
      const comma = await list(server, `filter.task_ids=${ids[0]},${ids[1]}`)
      const repeated = await list(server, `filter.task_ids=${ids[0]}&filter.task_ids=${ids[1]}`)
      expect(comma.json.items.map((t: Json) => t.id)).toEqual([ids[1], ids[0]])
      expect(repeated.json).toEqual(comma.json)
      const page = await list(server, 'page_num=2&page_size=2')
      expect(page.json).toMatchObject({ total: 3, items: [{ id: ids[0] }] })
      expectEnvelope(await list(server, 'page_num=0'), 400, 'bad_request_error', /\(2013\)$/)
      expect(server.requests.list2).toBe(7)
    })
  })

  it('cancels a queued task, deletes a finished one, and refuses running and cancelled ones', async () => {
    await withV2(async server => {
      const queued = (await create(server, frames())).json.task_id as string
      expect((await remove(server, queued)).json).toEqual({ task_id: queued, action: 'cancelled', status: 'cancelled' })
      expect((await query(server, queued)).json.task.status).toBe('cancelled')
      expectEnvelope(await remove(server, queued), 400, 'bad_request_error', /cancelled.*\(2013\)$/)

      const running = (await create(server, frames())).json.task_id as string
      await query(server, running)
      await query(server, running)
      expectEnvelope(await remove(server, running), 400, 'bad_request_error', /running.*\(2013\)$/)

      for (let i = 0; i < 2; i++) await query(server, running)
      expect((await remove(server, running)).json).toEqual({ task_id: running, action: 'deleted', status: 'succeeded' })
      expectEnvelope(await query(server, running), 400, 'bad_request_error', /^invalid task_id \(2013\)$/)
      expect((await list(server, '')).json.total).toBe(1)

      expect(server.deletes.map(d => [d.taskId, d.statusBefore, d.action])).toEqual([
        [queued, 'queued', 'cancelled'],
        [queued, 'cancelled', undefined],
        [running, 'running', undefined],
        [running, 'succeeded', 'deleted']
      ])
    })
  })

  it('answers an unknown task id with 400 invalid task_id (2013)', async () => {
    await withV2(async server => {
      expectEnvelope(await query(server, '999999999999999999'), 400, 'bad_request_error', /^invalid task_id \(2013\)$/)
      expectEnvelope(await remove(server, '999999999999999999'), 400, 'bad_request_error', /^invalid task_id \(2013\)$/)
    })
  })

  it('answers scripted faults with V2 envelopes, then serves normally', async () => {
    await withV2(async server => {
      server.fail(
        'submit2',
        { http: 429 },
        { http: 400, msg: 'invalid params, TokenPlan keys do not cover MiniMax-H3 (2013)' },
        { code: 1008 },
        { http: 529 }
      )
      expectEnvelope(await create(server, frames()), 429, 'rate_limit_error', /^rate limit exceeded \(1002\)$/)
      expectEnvelope(await create(server, frames()), 400, 'bad_request_error', /^invalid params, TokenPlan .*\(2013\)$/)
      expectEnvelope(await create(server, frames()), 402, 'insufficient_balance_error', /\(1008\)$/)
      expectEnvelope(await create(server, frames()), 529, 'overloaded_error', /\(1000\)$/)
      expect(server.tasksCreated).toBe(0)
      const id = (await create(server, frames())).json.task_id as string
      expect(server.tasksCreated).toBe(1)

      server.always.query2 = { http: 500, code: 1000 }
      expectEnvelope(await query(server, id), 500, 'server_error', /\(1000\)$/)
      delete server.always.query2
      server.fail('query2', { dripMs: 1 })
      expect((await query(server, id)).json.task).toMatchObject({ id, status: 'queued' })
      expect(server.requests).toMatchObject({ submit2: 5, query2: 2 })
    })
  })

  it('creates the task when asked even though the answer is lost', async () => {
    await withV2(async server => {
      server.fail('submit2', { reset: true, createTask: true })
      await expect(create(server, frames())).rejects.toThrow()
      expect(server.tasksCreated).toBe(1)
      expect([...server.tasks.values()][0]).toMatchObject({ api: 'v2', video: V2_CLIPS[0] })
    })
  })

  it('follows scripts: time-based endings with an error, queued forever, and v2Clips in turn', async () => {
    const scripts = [
      { durationMs: 0, statuses: ['running', 'failed'], error: { code: '1027', message: 'output sensitive' } },
      { statuses: ['queued'] },
      { durationMs: 60_000 }
    ]
    await withV2(
      async server => {
        const ids: string[] = []
        for (let i = 0; i < 4; i++) ids.push((await create(server, frames())).json.task_id as string)
        const failed = (await query(server, ids[0]!)).json.task
        expect(failed).toMatchObject({ status: 'failed', error: { code: '1027', message: 'output sensitive' } })
        for (let i = 0; i < 3; i++) expect((await query(server, ids[1]!)).json.task.status).toBe('queued')
        expect((await query(server, ids[2]!)).json.task.status).toBe('running')
        expect([...server.tasks.values()].map(task => task.video)).toEqual([...V2_CLIPS, V2_CLIPS[0]])
      },
      { script: index => scripts[index] }
    )
  })

  it('keeps V1 and V2 tasks apart', async () => {
    await withV2(async server => {
      const id = (await create(server, frames())).json.task_id as string
      const v1 = await call(server, 'GET', `/v1/query/video_generation?task_id=${id}`)
      expect(v1.json.base_resp.status_code).toBe(2013)
    })
  })
})
