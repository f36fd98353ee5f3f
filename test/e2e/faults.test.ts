/**
 * Fault injection, end to end: the built action against the stand-in server told to misbehave.
 * Each scenario asserts the outcome, how many submit requests the server received, how many
 * tasks it created (never two for one run), and a time bound. A table is printed at the end.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { Fault, Route } from '../stand-in/minimax-server.js'
import { leaks, runAgainst, withServer } from '../support/fixtures.js'

interface Scenario {
  name: string
  faults?: Partial<Record<Route, Fault[]>>
  always?: Partial<Record<Route, Fault>>
  inputs?: Record<string, string>
  ok: boolean
  submits: number
  tasks: number
  error?: RegExp
  minMs?: number
  boundMs: number
}

const FAST = { 'retry-initial-delay': '0.01', 'request-timeout': '2' }
const WAIT = { wait: 'true', 'poll-interval': '0.05' }
const html = (status: number): Fault => ({
  http: status,
  body: `<html><body><h1>${status} Bad Gateway</h1></body></html>`,
  contentType: 'text/html'
})

const FINAL = [1004, 1008, 1026, 1027, 1042, 2013, 2049, 2056]

const scenarios: Scenario[] = [
  {
    name: 'submit: one 503',
    faults: { submit: [{ http: 503 }] },
    ok: true,
    submits: 2,
    tasks: 1,
    boundMs: 5000
  },
  {
    name: 'submit: 503 then 429',
    faults: { submit: [{ http: 503 }, { http: 429 }] },
    ok: true,
    submits: 3,
    tasks: 1,
    boundMs: 5000
  },
  {
    name: 'submit: 429 with Retry-After: 1',
    faults: { submit: [{ http: 429, headers: { 'retry-after': '1' } }] },
    ok: true,
    submits: 2,
    tasks: 1,
    minMs: 1000,
    boundMs: 6000
  },
  {
    name: 'submit: 1002 twice',
    faults: { submit: [{ code: 1002 }, { code: 1002 }] },
    ok: true,
    submits: 3,
    tasks: 1,
    boundMs: 5000
  },
  // Answers that may come after MiniMax created the task: never a second submit.
  ...[500, 502, 504, 408].map(status => ({
    name: `submit: the task created, then HTTP ${status}`,
    faults: { submit: [{ http: status, createTask: true }] },
    ok: false,
    submits: 1,
    tasks: 1,
    error: new RegExp(`HTTP ${status}.*may have reached MiniMax and created a task.*not sent again`),
    boundMs: 5000
  })),
  {
    // A 503 that is not MiniMax's own answer (a proxy's page): it may come after MiniMax got the request.
    name: "submit: the task created, then a proxy's HTML 503 page",
    faults: { submit: [{ ...html(503), createTask: true }] },
    ok: false,
    submits: 1,
    tasks: 1,
    error: /HTTP 503.*may have reached MiniMax and created a task.*not sent again/,
    boundMs: 5000
  },
  {
    name: 'submit: the task created, then an HTML 502 page',
    faults: { submit: [{ ...html(502), createTask: true }] },
    ok: false,
    submits: 1,
    tasks: 1,
    error: /may have reached MiniMax/,
    boundMs: 5000
  },
  ...[1000, 1001, 1013, 1024, 1033].map(code => ({
    name: `submit: internal error ${code}`,
    faults: { submit: [{ code, createTask: true }] },
    ok: false,
    submits: 1,
    tasks: 1,
    error: new RegExp(`MiniMax error ${code}.*may have reached MiniMax`),
    boundMs: 5000
  })),
  ...FINAL.map(code => ({
    name: `submit: final code ${code}`,
    faults: { submit: [{ code }] },
    ok: false,
    submits: 1,
    tasks: 0,
    error: new RegExp(`MiniMax error ${code}`),
    boundMs: 5000
  })),
  {
    name: 'submit: 503 forever',
    always: { submit: { http: 503 } },
    ok: false,
    submits: 6,
    tasks: 0,
    error: /HTTP 503.*gave up after 6 attempts/,
    boundMs: 8000
  },
  {
    name: 'submit: malformed JSON',
    faults: { submit: [{ body: '{"task_id": "1768' }] },
    ok: false,
    submits: 1,
    tasks: 0,
    error: /HTTP 200, Trace-Id \w+ with a body that is not JSON.*may have reached MiniMax/,
    boundMs: 5000
  },
  {
    name: 'submit: success without task_id',
    faults: { submit: [{ body: '{"base_resp":{"status_code":0,"status_msg":"success"}}' }] },
    ok: false,
    submits: 1,
    tasks: 0,
    error: /no task_id/,
    boundMs: 5000
  },
  {
    name: 'submit: task_id not digits',
    faults: { submit: [{ body: '{"task_id":"task-abc","base_resp":{"status_code":0}}' }] },
    ok: false,
    submits: 1,
    tasks: 0,
    error: /not a string of digits/,
    boundMs: 5000
  },
  {
    name: 'submit: empty body',
    faults: { submit: [{ body: '' }] },
    ok: false,
    submits: 1,
    tasks: 0,
    error: /an empty body/,
    boundMs: 5000
  },
  {
    name: 'submit: huge body',
    faults: { submit: [{ body: `{"pad":"${'x'.repeat(3_000_000)}"}` }] },
    ok: false,
    submits: 1,
    tasks: 0,
    error: /larger than 1048576 bytes/,
    boundMs: 5000
  },
  {
    name: 'submit: wrong content type',
    faults: { submit: [{ body: '<html>welcome to the proxy</html>', contentType: 'text/html' }] },
    ok: false,
    submits: 1,
    tasks: 0,
    error: /content-type text\/html/,
    boundMs: 5000
  },
  {
    name: 'submit: a hang',
    faults: { submit: [{ hang: true }] },
    inputs: { 'request-timeout': '1' },
    ok: false,
    submits: 1,
    tasks: 0,
    error: /no (complete )?answer came within request-timeout.*\(request-timeout is 1 s\).*not sent again/,
    minMs: 1000,
    boundMs: 5000
  },
  {
    name: 'submit: reset before the answer (task created)',
    faults: { submit: [{ reset: true, createTask: true }] },
    ok: false,
    submits: 1,
    tasks: 1,
    error: /may have reached MiniMax.*console/,
    boundMs: 5000
  },
  {
    name: 'query: one 500',
    faults: { query: [{ http: 500 }] },
    inputs: WAIT,
    ok: true,
    submits: 1,
    tasks: 1,
    boundMs: 5000
  },
  {
    name: 'query: 1002 twice',
    faults: { query: [{ code: 1002 }, { code: 1002 }] },
    inputs: WAIT,
    ok: true,
    submits: 1,
    tasks: 1,
    boundMs: 5000
  },
  {
    name: 'query: an HTML 502 page',
    faults: { query: [html(502)] },
    inputs: WAIT,
    ok: true,
    submits: 1,
    tasks: 1,
    boundMs: 5000
  },
  {
    name: 'query: malformed JSON',
    faults: { query: [{ body: '{"status":' }] },
    inputs: WAIT,
    ok: true,
    submits: 1,
    tasks: 1,
    boundMs: 5000
  },
  {
    name: 'query: a hang',
    faults: { query: [{ hang: true }] },
    inputs: { ...WAIT, 'request-timeout': '1' },
    ok: true,
    submits: 1,
    tasks: 1,
    minMs: 1000,
    boundMs: 6000
  },
  {
    name: 'query: reset before the answer',
    faults: { query: [{ reset: true }] },
    inputs: WAIT,
    ok: true,
    submits: 1,
    tasks: 1,
    boundMs: 5000
  },
  {
    name: 'query: final code 1004',
    faults: { query: [{ code: 1004 }] },
    inputs: WAIT,
    ok: false,
    submits: 1,
    tasks: 1,
    error: /MiniMax error 1004/,
    boundMs: 5000
  },
  {
    name: 'retrieve: one 500',
    faults: { retrieve: [{ http: 500 }] },
    inputs: WAIT,
    ok: true,
    submits: 1,
    tasks: 1,
    boundMs: 5000
  },
  {
    name: 'retrieve: reset before the answer',
    faults: { retrieve: [{ reset: true }] },
    inputs: WAIT,
    ok: true,
    submits: 1,
    tasks: 1,
    boundMs: 5000
  },
  {
    name: 'retrieve: a hang',
    faults: { retrieve: [{ hang: true }] },
    inputs: { ...WAIT, 'request-timeout': '1' },
    ok: true,
    submits: 1,
    tasks: 1,
    minMs: 1000,
    boundMs: 6000
  },
  {
    name: 'retrieve: 1002 then 1033',
    faults: { retrieve: [{ code: 1002 }, { code: 1033 }] },
    inputs: WAIT,
    ok: true,
    submits: 1,
    tasks: 1,
    boundMs: 5000
  },
  {
    name: 'retrieve: final code 2013',
    faults: { retrieve: [{ code: 2013 }] },
    inputs: WAIT,
    ok: false,
    submits: 1,
    tasks: 1,
    error: /MiniMax error 2013/,
    boundMs: 5000
  }
]

const table: Array<{
  scenario: string
  outcome: string
  submits: number
  tasks: number
  attempts: string
  ms: number
}> = []

describe('fault injection', () => {
  it.each(scenarios.map(s => [s.name, s] as const))('%s', async (_name, s) => {
    await withServer(async server => {
      for (const [route, faults] of Object.entries(s.faults ?? {})) server.fail(route as Route, ...faults)
      Object.assign(server.always, s.always)
      const run = await runAgainst(server, { 'last-frame': 'https://cdn.example.com/end.png', ...FAST, ...s.inputs })
      table.push({
        scenario: s.name,
        outcome: run.code === 0 ? 'success' : `failed: ${(run.errors[0] ?? '').slice(0, 60)}`,
        submits: server.requests.submit,
        tasks: server.tasksCreated,
        attempts: `${server.requests.submit}/${server.requests.query}/${server.requests.retrieve}`,
        ms: Math.round(run.ms)
      })
      expect(run.code, run.errors.join('\n')).toBe(s.ok ? 0 : 1)
      if (s.error) expect(run.errors.join('\n')).toMatch(s.error)
      expect(server.requests.submit).toBe(s.submits)
      expect(server.tasksCreated).toBe(s.tasks)
      // A task id goes out only when MiniMax really issued one to this run.
      if (s.ok || s.name.startsWith('query') || s.name.startsWith('retrieve'))
        expect(run.outputs.task_id).toBe([...server.tasks.keys()][0])
      else expect(run.outputs.task_id).toBeUndefined()
      expect(run.ms).toBeLessThan(s.boundMs)
      if (s.minMs) expect(run.ms).toBeGreaterThanOrEqual(s.minMs)
      expect(leaks(run)).toEqual([])
      // The summary counts what was really sent, retries included.
      if (server.requests.submit > 0 && !s.ok && !s.name.startsWith('query') && !s.name.startsWith('retrieve')) {
        expect(run.summary).toContain(`- **Requests to MiniMax:** ${server.requests.submit} submit`)
      }
    })
  })
})

afterAll(() => {
  if (table.length === 0) return
  const rows = [
    ['scenario', 'outcome', 'submits', 'tasks', 'requests s/q/r', 'ms'],
    ...table.map(r => [r.scenario, r.outcome, String(r.submits), String(r.tasks), r.attempts, String(r.ms)])
  ]
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map(r => r[c]!.length)))
  console.log(rows.map(r => r.map((c, i) => c.padEnd(widths[i]!)).join('  ')).join('\n'))
})
