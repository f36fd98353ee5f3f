import { describe, expect, it } from 'vitest'
import { inputWarnings, parseInputs, submitRateOf, type RawInputs } from '../../../src/inputs/inputs.js'
import { raw } from '../../support/inputs.js'
import {
  countChars,
  dimensionProblems,
  frameSizeProblem,
  MAX_FRAME_BYTES,
  rulesOf
} from '../../../src/minimax/rules.js'
import type { Model } from '../../../src/types/rules.js'

const problemsOf = (overrides: Partial<RawInputs>) => parseInputs(raw(overrides)).problems

describe('model x resolution x duration', () => {
  const cases: Array<[resolution: string, duration: string, ok: boolean]> = [
    ['768P', '6', true],
    ['768P', '10', true],
    ['1080P', '6', true],
    ['1080P', '10', false],
    ['512P', '6', false],
    ['512P', '10', false],
    ['720P', '6', false],
    ['768P', '5', false],
    ['1080P', '8', false],
    ['768p', '10', true],
    ['1080p', '6', true],
    ['', '', true],
    ['', '10', true],
    ['1080P', '', true]
  ]
  it.each(cases)('%s with %s s: accepted=%s', (resolution, duration, ok) => {
    const result = parseInputs(raw({ resolution, duration }))
    expect(result.problems.length === 0).toBe(ok)
    for (const p of result.problems) expect(['resolution', 'duration']).toContain(p.input)
  })

  it('sends the canonical resolution and the defaults', () => {
    const { inputs } = parseInputs(raw({ resolution: '1080p' }))
    expect(inputs?.resolution).toBe('1080P')
    expect(parseInputs(raw()).inputs).toMatchObject({
      model: 'MiniMax-Hailuo-02',
      resolution: '768P',
      duration: 6,
      promptOptimizer: true,
      aigcWatermark: false
    })
  })

  it('explains 1080P at 10 s with both ways out', () => {
    const [p] = problemsOf({ resolution: '1080P', duration: '10' })
    expect(p?.input).toBe('duration')
    expect(p?.message).toMatch(/10 s is not offered at 1080P/)
    expect(p?.message).toMatch(/resolution 768P for 10 s/)
    expect(p?.message).toMatch(/duration 6 at 1080P/)
  })

  it('says 512P is not offered in this mode', () => {
    expect(problemsOf({ resolution: '512P' })[0]?.message).toMatch(/512P is not offered for first-and-last-frame/)
  })

  it('refuses other models, naming the ones that work', () => {
    expect(problemsOf({ model: 'MiniMax-Hailuo-2.3' })[0]?.message).toMatch(
      /other modes.*MiniMax-Hailuo-02, MiniMax-H3 or MiniMax-H3-Max/
    )
    expect(problemsOf({ model: 'gpt' })[0]).toMatchObject({ input: 'model' })
    expect(problemsOf({ model: 'minimax-hailuo-02' })).toEqual([])
  })
})

describe('booleans', () => {
  const accepted = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE', '']
  const refused = ['yes', 'no', '1', '0', 'on', 'tRuE']
  for (const name of ['prompt-optimizer', 'aigc-watermark', 'dry-run', 'wait'] as const) {
    it.each(accepted)(`${name}: "%s" is accepted`, value => expect(problemsOf({ [name]: value })).toEqual([]))
    it.each(refused)(`${name}: "%s" is refused`, value => {
      const [p] = problemsOf({ [name]: value })
      expect(p).toMatchObject({ input: name })
      expect(p?.message).toContain(`"${value}"`)
      expect(p?.message).toMatch(/true or false/)
    })
  }
})

describe('prompt length', () => {
  it.each([
    ['a'.repeat(2000), true],
    ['a'.repeat(2001), false],
    ['推'.repeat(2000), true],
    ['推'.repeat(2001), false],
    // 2000 emoji are 4000 UTF-16 units and 8000 bytes, but 2000 characters
    ['😀'.repeat(2000), true],
    ['😀'.repeat(2001), false]
  ])('%#: accepted=%s', (prompt, ok) => {
    const problems = problemsOf({ prompt })
    expect(problems.length === 0).toBe(ok)
    if (!ok) expect(problems[0]).toMatchObject({ input: 'prompt', message: expect.stringContaining('2001 characters') })
  })
  it('counts characters, not UTF-16 units', () => expect(countChars('😀推a')).toBe(3))
  it('refuses prompt and prompt-file together', () => {
    expect(problemsOf({ prompt: 'x', 'prompt-file': 'p.txt' })).toEqual([
      { input: 'prompt-file', message: expect.stringMatching(/together with prompt/) }
    ])
  })
})

describe('frame size and shape', () => {
  it.each([
    [MAX_FRAME_BYTES - 1, true],
    [MAX_FRAME_BYTES, false],
    [MAX_FRAME_BYTES + 1, false],
    [1, true],
    [0, false]
  ])('%d bytes: accepted=%s', (bytes, ok) => expect(frameSizeProblem(bytes) === undefined).toBe(ok))

  it.each([
    [301, 301, true],
    [300, 1000, false],
    [1000, 300, false],
    [301, 500, true],
    // 2:5 and 5:2, bounds included
    [400, 1000, true],
    [1000, 400, true],
    [399, 1000, false],
    [1000, 399, false],
    [302, 755, true],
    [302, 756, false],
    [1920, 1080, true],
    [10000, 4000, true]
  ])('%dx%d: accepted=%s', (w, h, ok) => expect(dimensionProblems(w, h).length === 0).toBe(ok))

  it('names the short side and the ratio', () => {
    expect(dimensionProblems(300, 300)[0]).toMatch(/short side \(300 px\) must be over 300 px/)
    expect(dimensionProblems(1000, 399)[0]).toMatch(/between 2:5 \(0.4\) and 5:2 \(2.5\)/)
  })
})

describe('other inputs', () => {
  it('requires api-key and last-frame, and reports both at once', () => {
    const problems = problemsOf({ 'api-key': '', 'last-frame': '' })
    expect(problems.map(p => p.input).sort()).toEqual(['api-key', 'last-frame'])
  })
  it('does not need frames when collecting a task by id', () => {
    expect(problemsOf({ 'last-frame': '', 'task-id': '176843862716480123' })).toEqual([])
    expect(problemsOf({ 'task-id': 'abc' })[0]).toMatchObject({ input: 'task-id' })
  })
  it.each([
    ['file:///etc/passwd', /"file:" scheme/],
    ['ftp://host/x.png', /"ftp:" scheme/],
    ['data:text/plain;base64,aGk=', /type "text\/plain"/],
    ['data:image/png,abc', /not base64-encoded/],
    ['data:image/png;base64,@@@', /not valid base64/],
    ['https://', /not a valid URL/]
  ])('refuses the frame %s', (value, message) => {
    const [p] = problemsOf({ 'first-frame': value })
    expect(p).toMatchObject({ input: 'first-frame', message: expect.stringMatching(message) })
  })
  it('takes a Windows drive path as a path, not a scheme', () =>
    expect(problemsOf({ 'first-frame': 'C:\\frames\\a.png' })).toEqual([]))
  it.each([
    ['callback-url', 'ftp://x', /https:\/\/ or http:\/\//],
    ['callback-url', 'not a url', /https:\/\/ or http:\/\//],
    ['base-url', 'http://api.minimaxi.com', /unencrypted/],
    ['base-url', 'api.minimaxi.com', /https:\/\//],
    ['api-key', 'two words', /space or line break/]
  ])('%s %s is refused', (input, value, message) => {
    expect(problemsOf({ [input]: value })[0]).toMatchObject({ input, message: expect.stringMatching(message) })
  })
  it('allows plain http only for loopback, and drops a trailing slash', () => {
    expect(parseInputs(raw({ 'base-url': 'http://127.0.0.1:8080/' })).inputs?.baseUrl).toBe('http://127.0.0.1:8080')
    expect(parseInputs(raw({ 'base-url': 'https://api.minimax.io' })).inputs?.baseUrl).toBe('https://api.minimax.io')
  })
  it('reports every problem of one run, not just the first', () => {
    const problems = problemsOf({
      'api-key': '',
      resolution: '1080P',
      duration: '10',
      wait: 'maybe',
      'callback-url': 'x',
      prompt: 'a'.repeat(2001)
    })
    expect(problems.map(p => p.input).sort()).toEqual(['api-key', 'callback-url', 'duration', 'prompt', 'wait'])
  })
})

describe('dry-run', () => {
  it('works without an api-key (nothing is sent), with no warning; a real run still needs one', async () => {
    const { inputWarnings } = await import('../../../src/inputs/inputs.js')
    const dry = parseInputs(raw({ 'api-key': '', 'dry-run': 'true' }))
    expect(dry.problems).toEqual([])
    expect(inputWarnings(dry.inputs!, raw({ 'api-key': '', 'dry-run': 'true' }))).toEqual([])
    expect(problemsOf({ 'api-key': '', 'dry-run': 'false' })).toEqual([
      { input: 'api-key', message: expect.stringMatching(/is required/) }
    ])
    expect(
      problemsOf({ 'api-key': '', 'dry-run': 'maybe' })
        .map(p => p.input)
        .sort()
    ).toEqual(['api-key', 'dry-run'])
  })
})

describe('hostile and malformed inputs', () => {
  it.each([
    'last-frame',
    'first-frame',
    'callback-url',
    'output-path',
    'prompt-file',
    'base-url',
    'upload-to-release',
    'task-id',
    'model',
    'github-token'
  ])('%s with a line break is refused before anything else reads it', input => {
    const problems = problemsOf({ [input]: 'https://example.com/a.png\n::error::pwned' })
    expect(problems).toContainEqual({ input, message: expect.stringMatching(/line break \(U\+000A\) at character 26/) })
  })
  it('a prompt may hold line breaks', () => expect(problemsOf({ prompt: 'one\ntwo' })).toEqual([]))

  const frameOf = (value: string) => parseInputs(raw({ 'last-frame': value })).partial.lastFrame
  it.each([
    ['http:example.com/a.png', 'http://example.com/a.png'],
    ['https:/example.com/a.png', 'https://example.com/a.png'],
    ['https:\\\\example.com\\a.png', 'https://example.com/a.png']
  ])('a malformed URL %s is refused, with the form it was probably meant as', (value, meant) => {
    expect(problemsOf({ 'last-frame': value })).toEqual([
      { input: 'last-frame', message: expect.stringContaining(`did you mean ${meant}?`) }
    ])
  })
  it('a URL is sent in its canonical form', () => {
    expect(frameOf('https://Example.com/a b.png')).toEqual({ kind: 'url', url: 'https://example.com/a%20b.png' })
  })
  it.each([
    'http://localhost/a.png',
    'http://app.localhost/a.png',
    'http://127.0.0.1/a.png',
    'http://10.1.2.3/a.png',
    'http://172.20.0.1/a.png',
    'http://192.168.1.10/a.png',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/a.png',
    'http://[fe80::1]/a.png',
    'http://[::ffff:10.0.0.1]/a.png',
    'http://0.0.0.0/a.png',
    'http://printer/a.png',
    'http://nas.local/a.png'
  ])('a frame on a host MiniMax cannot reach (%s) is refused', value => {
    expect(problemsOf({ 'last-frame': value })).toEqual([
      {
        input: 'last-frame',
        message: expect.stringMatching(/MiniMax's servers fetch it themselves and cannot reach it/)
      }
    ])
  })
  it.each(['https://93.184.216.34/a.png', 'https://cdn.example.com/a.png', 'http://[2606:4700::1111]/a.png'])(
    'a frame on a public host (%s) is accepted',
    value => expect(problemsOf({ 'last-frame': value })).toEqual([])
  )
  it('a callback MiniMax cannot reach is refused', () => {
    expect(problemsOf({ 'callback-url': 'http://localhost:8080/hook' })[0]).toMatchObject({ input: 'callback-url' })
  })
  it.each(['https://:hunter2@api.minimax.io', 'https://user:hunter2@api.minimax.io'])(
    'base-url with credentials (%s) is refused without echoing them',
    value => {
      const [p] = problemsOf({ 'base-url': value })
      expect(p).toMatchObject({ input: 'base-url', message: expect.stringMatching(/must not carry credentials/) })
      expect(p?.message).not.toContain('hunter2')
    }
  )
  it('an api-key that is not printable ASCII is refused up front, without echoing it', () => {
    const [p] = problemsOf({ 'api-key': 'sk-ключ-123' })
    expect(p).toMatchObject({ input: 'api-key', message: expect.stringMatching(/not printable ASCII/) })
    expect(p?.message).not.toContain('ключ')
  })
  it('an unknown model does not hide the resolution x duration check', () => {
    const problems = problemsOf({ model: 'MiniMax-Hailuo-99', resolution: '1080P', duration: '10' })
    expect(problems.map(p => p.input).sort()).toEqual(['duration', 'model'])
  })
  it('shows enough digits that an aspect ratio is visibly outside 2:5..5:2', () => {
    expect(dimensionProblems(25001, 10000)[0]).toMatch(/aspect ratio 2\.5001\)/)
    expect(dimensionProblems(3999, 10000)[0]).toMatch(/aspect ratio 0\.3999\)/)
  })
})

describe('warnings about inputs that will be ignored', () => {
  it('output-path, wait-timeout or poll-interval without wait', async () => {
    const { inputWarnings } = await import('../../../src/inputs/inputs.js')
    const given = raw({ 'output-path': 'out.mp4', 'wait-timeout': '60' })
    expect(inputWarnings(parseInputs(given).inputs!, given)).toEqual([
      expect.stringMatching(/^output-path, wait-timeout are set but wait is false/)
    ])
    const waiting = raw({ 'output-path': 'out.mp4', wait: 'true' })
    expect(inputWarnings(parseInputs(waiting).inputs!, waiting)).toEqual([])
  })
  it('not for inputs at their defaults, which the runner passes for every step', async () => {
    const { inputWarnings, DEFAULTS } = await import('../../../src/inputs/inputs.js')
    const given = raw({ ...DEFAULTS, 'api-key': 'k', 'last-frame': 'end.png' })
    expect(given['wait-timeout']).toBe('1800')
    expect(inputWarnings(parseInputs(given).inputs!, given)).toEqual([])
  })
})

describe('the rules of each model (the table in the README)', () => {
  const H3 = { model: 'MiniMax-H3', prompt: 'The boat drifts to the steps' }
  const MAX = { model: 'MiniMax-H3-Max', prompt: 'The boat drifts to the steps' }

  it.each([
    ['MiniMax-H3', '768P', true],
    ['MiniMax-H3', '2K', true],
    ['MiniMax-H3', '2k', true],
    ['MiniMax-H3', '1080P', false],
    ['MiniMax-H3', '480P', false],
    ['MiniMax-H3-Max', '480P', true],
    ['MiniMax-H3-Max', '768P', true],
    ['MiniMax-H3-Max', '2K', false],
    ['MiniMax-Hailuo-02', '2K', false]
  ])('%s at %s: accepted=%s', (model, resolution, ok) => {
    const problems = problemsOf({ model, resolution, prompt: 'x' })
    expect(problems.length === 0).toBe(ok)
    if (!ok) {
      expect(problems[0]).toMatchObject({ input: 'resolution' })
      expect(problems[0]!.message).toContain(model)
    }
  })

  it('names what each V2 model takes when it refuses a resolution', () => {
    expect(problemsOf({ ...H3, resolution: '1080P' })[0]!.message).toMatch(/768P.*2K/)
    expect(problemsOf({ ...MAX, resolution: '2K' })[0]!.message).toMatch(/480P.*768P/)
  })

  it.each([
    ['MiniMax-H3', '4', true],
    ['MiniMax-H3', '8', true],
    ['MiniMax-H3', '15', true],
    ['MiniMax-H3', '3', false],
    ['MiniMax-H3', '16', false],
    ['MiniMax-H3', '6.5', false],
    ['MiniMax-H3-Max', '4', false],
    ['MiniMax-H3-Max', '5', true],
    ['MiniMax-H3-Max', '15', true],
    ['MiniMax-Hailuo-02', '8', false]
  ])('%s for %s s: accepted=%s', (model, duration, ok) => {
    const problems = problemsOf({ model, duration, prompt: 'x' })
    expect(problems.length === 0).toBe(ok)
    if (!ok) expect(problems[0]).toMatchObject({ input: 'duration' })
  })

  it('says H3 takes whole seconds from 4 to 15, and H3-Max from 5', () => {
    expect(problemsOf({ ...H3, duration: '16' })[0]!.message).toMatch(
      /must be 4 to 15 \(seconds\) for MiniMax-H3; got 16/
    )
    expect(problemsOf({ ...MAX, duration: '4' })[0]!.message).toMatch(
      /must be 5 to 15 \(seconds\) for MiniMax-H3-Max; got 4/
    )
  })

  it('requires a prompt for V2 models (up to 7000 characters) and keeps V1 at 2000', () => {
    expect(problemsOf({ model: 'MiniMax-H3' })).toEqual([
      { input: 'prompt', message: expect.stringMatching(/is required by MiniMax-H3 \(up to 7000 characters\)/) }
    ])
    expect(problemsOf({ model: 'MiniMax-H3-Max' })[0]).toMatchObject({ input: 'prompt' })
    expect(problemsOf({ model: 'MiniMax-H3', prompt: '推'.repeat(7000) })).toEqual([])
    expect(problemsOf({ model: 'MiniMax-H3', prompt: '推'.repeat(7001) })[0]).toMatchObject({ input: 'prompt' })
    expect(problemsOf({ prompt: 'a'.repeat(2001) })[0]).toMatchObject({ input: 'prompt' })
    expect(problemsOf({ prompt: '' })).toEqual([])
  })

  it('takes a first frame, a last frame or both for V2, and needs the last frame for V1', () => {
    const first = { 'first-frame': 'https://example.com/start.png', 'last-frame': '' }
    expect(problemsOf({ ...H3, ...first })).toEqual([])
    expect(problemsOf({ ...MAX, ...first })).toEqual([])
    expect(problemsOf({ ...H3 })).toEqual([])
    expect(problemsOf({ ...H3, 'last-frame': '' })[0]!.message).toMatch(
      /MiniMax-H3 needs a first frame, a last frame or both/
    )
    expect(problemsOf({ ...first })[0]).toMatchObject({ input: 'last-frame', message: /is required/ })
  })

  it('takes prompt-expansion for MiniMax-H3-Max only, and only its three values', () => {
    for (const mode of ['disabled', 'balanced', 'quality'])
      expect(parseInputs(raw({ ...MAX, 'prompt-expansion': mode })).inputs?.promptExpansion).toBe(mode)
    expect(problemsOf({ ...H3, 'prompt-expansion': 'quality' })[0]).toMatchObject({
      input: 'prompt-expansion',
      message: expect.stringMatching(/MiniMax-H3-Max only/)
    })
    expect(problemsOf({ 'prompt-expansion': 'quality' })[0]).toMatchObject({ input: 'prompt-expansion' })
    expect(problemsOf({ ...MAX, 'prompt-expansion': 'max' })[0]!.message).toMatch(/disabled, balanced or quality/)
  })

  it('paces V1 at 5 submits a minute and V2 at 60 unless submit-rate says otherwise', () => {
    const rate = (overrides: Partial<RawInputs>) => submitRateOf(parseInputs(raw(overrides)).inputs!)
    expect(rate({})).toBe(5)
    expect(rate(H3)).toBe(60)
    expect(rate(MAX)).toBe(60)
    expect(rate({ ...H3, 'submit-rate': '12' })).toBe(12)
  })

  it.each([
    ['MiniMax-Hailuo-02', 20 * 1024 * 1024 - 1, true],
    ['MiniMax-Hailuo-02', 20 * 1024 * 1024, false],
    ['MiniMax-H3', 30 * 1024 * 1024, true],
    ['MiniMax-H3', 30 * 1024 * 1024 + 1, false]
  ])('%s: a frame of %d bytes accepted=%s', (model, bytes, ok) => {
    expect(frameSizeProblem(bytes, rulesOf(model as Model).image) === undefined).toBe(ok)
  })

  it.each([
    // V1: short side over 300 px; V2: each side 256 to 5760 px; both: aspect 2:5 to 5:2
    ['MiniMax-Hailuo-02', 300, 400, false],
    ['MiniMax-H3', 300, 400, true],
    ['MiniMax-H3', 256, 256, true],
    ['MiniMax-H3', 255, 300, false],
    ['MiniMax-H3', 5760, 3240, true],
    ['MiniMax-H3', 5761, 3240, false],
    ['MiniMax-Hailuo-02', 6000, 3000, true],
    ['MiniMax-H3', 1000, 399, false],
    ['MiniMax-H3', 1000, 400, true]
  ])('%s: %dx%d accepted=%s', (model, w, h, ok) => {
    expect(dimensionProblems(w, h, rulesOf(model as Model).image).length === 0).toBe(ok)
  })

  it('takes HEIC and HEIF for V2 only', () => {
    expect(rulesOf('MiniMax-H3').image.formats).toEqual(expect.arrayContaining(['heic', 'heif']))
    expect(rulesOf('MiniMax-Hailuo-02').image.formats).not.toContain('heic')
  })

  it('warns that MiniMax-H3-Max may refuse the watermark', () => {
    const given = raw({ ...MAX, 'aigc-watermark': 'true' })
    expect(inputWarnings(parseInputs(given).inputs!, given).join('\n')).toMatch(/MiniMax-H3-Max may refuse it/)
    const h3 = raw({ ...H3, 'aigc-watermark': 'true' })
    expect(inputWarnings(parseInputs(h3).inputs!, h3)).toEqual([])
  })

  it('warns that prompt-optimizer does nothing on V2', () => {
    const parsed = parseInputs(raw({ ...H3, 'prompt-optimizer': 'false' }))
    expect(inputWarnings(parsed.inputs!, raw({ ...H3, 'prompt-optimizer': 'false' }))).toContain(
      'prompt-optimizer has no effect on MiniMax-H3: the V2 API has no such setting'
    )
    expect(inputWarnings(parseInputs(raw()).inputs!, raw({ 'prompt-optimizer': 'false' }))).toEqual([])
  })
})
