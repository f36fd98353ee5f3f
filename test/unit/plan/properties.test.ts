/**
 * Property-based tests over the whole input space: the checks never throw anything but input
 * problems, every problem names a real input, and every request they accept is valid against
 * MiniMax's OpenAPI contract (judged by the stand-in's contract validator, written apart).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { INPUT_NAMES, parseInputs, type RawInputs } from '../../../src/inputs/inputs.js'
import { FrameStore } from '../../../src/frames/store.js'
import { readableRoots } from '../../../src/fs/paths.js'
import { buildBody } from '../../../src/minimax/body.js'
import { planRun } from '../../../src/plan/plan.js'
import { contractValidator } from '../../stand-in/contract.js'
import { jpeg, png, webpVp8, webpVp8l, webpVp8x } from '../../support/images.js'
import { tempDir } from '../../support/temp.js'

const check = contractValidator()
const workspace = tempDir('properties-')
const side = fc.oneof(
  { arbitrary: fc.integer({ min: 600, max: 1200 }), weight: 6 },
  { arbitrary: fc.integer({ min: 1, max: 6000 }), weight: 1 },
  { arbitrary: fc.constantFrom(299, 300, 301, 302, 400, 1000, 1001, 2500, 16383), weight: 1 }
)
const image = fc
  .tuple(fc.constantFrom(png, jpeg, webpVp8, webpVp8l, webpVp8x), side, side)
  .map(([make, w, h]) => make(w, h))
const frame = fc.oneof(
  { arbitrary: image.map(bytes => `data:image/png;base64,${bytes.toString('base64')}`), weight: 4 },
  { arbitrary: image.map(bytes => `data:image/webp;base64,${bytes.toString('base64')}`), weight: 2 },
  { arbitrary: fc.constantFrom('https://cdn.example.com/a.png', 'http://example.com/b.jpg?x=1'), weight: 4 },
  { arbitrary: fc.constantFrom('ftp://x/y', 'file:///etc/passwd', 'data:text/plain;base64,aGk=', ''), weight: 1 },
  { arbitrary: fc.string(), weight: 1 }
)
/** Mostly valid values, sometimes a near miss, sometimes any text at all. */
const loose = (valid: string[], nearMiss: string[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...valid), weight: 16 },
    { arbitrary: fc.constantFrom(...nearMiss), weight: 1 },
    { arbitrary: fc.string({ maxLength: 12 }), weight: 1 }
  )
const rawInputs: fc.Arbitrary<RawInputs> = fc.record({
  'api-key': loose(['k', 'sk-abc'], ['', 'a b']),
  'first-frame': frame,
  'last-frame': frame,
  prompt: fc.oneof(
    { arbitrary: fc.string({ maxLength: 50 }), weight: 6 },
    { arbitrary: fc.string({ unit: 'grapheme', minLength: 1995, maxLength: 2005 }), weight: 2 },
    { arbitrary: fc.constantFrom('[推进] [左移动]', ''), weight: 2 }
  ),
  'prompt-file': fc.oneof(
    { arbitrary: fc.constant(''), weight: 9 },
    { arbitrary: fc.constant('missing.txt'), weight: 1 }
  ),
  model: loose(['', 'MiniMax-Hailuo-02', 'minimax-hailuo-02'], ['I2V-01']),
  resolution: loose(['', '768P', '1080P', '1080p'], ['512P', '720P']),
  duration: loose(['', '6', '10', '6s'], ['8']),
  'prompt-optimizer': loose(['', 'true', 'False'], ['yes']),
  'aigc-watermark': loose(['', 'TRUE', 'false'], ['1']),
  'callback-url': loose(['', 'https://hooks.example.com/x'], ['mailto:x']),
  'base-url': loose(['', 'https://api.minimax.io', 'http://127.0.0.1:1'], ['http://evil.example']),
  'dry-run': loose(['', 'true', 'false'], ['on']),
  wait: loose(['', 'true', 'false'], ['on']),
  'wait-timeout': loose(['', '1', '600'], ['0', '99999999']),
  'poll-interval': loose(['', '0.5', '10'], ['-1']),
  'output-path': loose(['', 'out/v.mp4'], ['']),
  'task-id': fc.oneof(
    { arbitrary: fc.constant(''), weight: 8 },
    { arbitrary: fc.constant('176843862716480123'), weight: 1 },
    { arbitrary: fc.string({ maxLength: 8 }), weight: 1 }
  ),
  // 'true' outside a release event, and an upload without a token, are near misses here.
  'upload-to-release': loose(['', '', 'v1.0.0', 'false'], ['true']),
  'github-token': loose(['ghs_x'], ['']),
  storyboard: fc.constant(''),
  'prompt-expansion': fc.constant(''),
  take: loose(['', '1', '2'], ['x'.repeat(65)]),
  cache: loose(['', 'true', 'false'], ['on']),
  'cache-dir': loose(['', 'records/'], ['']),
  'max-paid-tasks': loose(['', '20', '1'], ['0']),
  'submit-rate': loose(['', '5', '60'], ['0']),
  'max-cost': loose(['', '5 CNY', '1.50 USD'], ['5', 'EUR 3']),
  'comment-on-pr': loose(['', 'false', 'true'], ['yes']),
  'max-retries': loose(['', '0', '5'], ['21']),
  'request-timeout': loose(['', '60'], ['0']),
  'retry-initial-delay': loose(['', '1', '0.01'], ['-1'])
})

async function bodyOf(stream: AsyncGenerator<string | Uint8Array>): Promise<string> {
  let text = ''
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
  return text
}

describe('properties of the input checks', () => {
  it('never throw, and every problem names a real input', () => {
    fc.assert(
      fc.property(rawInputs, raw => {
        const { problems } = parseInputs(raw)
        for (const p of problems) {
          expect(INPUT_NAMES).toContain(p.input)
          expect(p.message.length).toBeGreaterThan(5)
        }
      }),
      { numRuns: 1000 }
    )
  })

  it('every request they accept is valid against the OpenAPI contract, with the exact Content-Length', async () => {
    let accepted = 0
    const reasons: string[] = []
    await fc.assert(
      fc.asyncProperty(rawInputs, async raw => {
        const parsed = parseInputs(raw)
        const where = readableRoots(workspace, undefined)
        const frames = new FrameStore(where)
        const checked = await planRun(raw, { where, frames })
        // Beyond what the input texts say, only the checks that need I/O add problems.
        const known = new Set(parsed.problems.map(p => `${p.input}: ${p.message}`))
        for (const p of checked.problems.filter(p => !known.has(`${p.input}: ${p.message}`)))
          expect(['first-frame', 'last-frame', 'prompt-file']).toContain(p.input)
        const job = checked.plan?.clips[0]?.job
        if (!checked.plan || !job || checked.plan.clips[0]!.taskId) {
          reasons.push(...checked.problems.map(p => p.input))
          await frames.close()
          return
        }
        const body = buildBody(job)
        const text = await bodyOf(body.stream())
        expect(Buffer.byteLength(text)).toBe(body.contentLength)
        const verdict = check(JSON.parse(text))
        expect(verdict.errors).toEqual([])
        accepted++
        await frames.close()
      }),
      { numRuns: 1000 }
    )
    // The generators must reach the accepted side often enough for the property to mean something.
    expect(
      accepted,
      JSON.stringify(Object.entries(Object.groupBy(reasons, r => r)).map(([k, v]) => [k, v?.length]))
    ).toBeGreaterThan(10)
  })
})
