/**
 * The layers of src/ (README, "How the code is laid out") as data, checked against the real imports,
 * read with the TypeScript parser: which folder may import which, no import cycle, what a dry run
 * loads, where the API version is decided, and no module twice in dist/. A failure names the file,
 * the line, the import and the rule, so it says what to move where.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MODELS, OTHER_MODE_MODELS } from '../../src/minimax/rules.js'
import { chunkContents, inSeveralChunks, packageCopies } from '../support/bundle-modules.js'
import {
  chainTo,
  cycles,
  ImportGraph,
  LOADED_AT_ONCE,
  packageOf,
  type ImportKind,
  type ImportSite
} from '../support/imports.js'
import { ROOT } from '../support/run-action.js'
import { tempDir } from '../support/temp.js'
import { versionChecks } from '../support/version-checks.js'

// ---------------------------------------------------------------------------------------------------
// The layer picture, lowest first. A layer is a folder of src/ ('net/') or a file at its root ('log.ts').
// It may import its own files and the layers in `may`, with any kind of import: a type-only import
// ties two folders together as much as any other (only `lazily` treats them apart). `lazily`: layers it
// may reach only by `import()` or a type, so that nothing of them is loaded with it.

interface Layer {
  may: readonly string[] | 'anything'
  lazily?: readonly string[]
  why: string
}

const LEAVES = ['errors.ts', 'log.ts', 'text.ts']
const SHARED = ['fs/', 'types/', ...LEAVES]

const LAYERS: Record<string, Layer> = {
  'errors.ts': { may: [], why: 'the one error hierarchy: every layer throws its kinds' },
  'log.ts': { may: [], why: 'the Logger and RunLog every layer logs through' },
  'text.ts': { may: [], why: 'durations and counts as people read them' },
  'types/': { may: LEAVES, why: "what layers share: the job, the plan, the run's result, the model rules, the frame" },
  'fs/': {
    may: LEAVES,
    why: 'workspace confinement, a small text file read safely, "is this an MP4", cleanup at exit'
  },
  'net/': { may: SHARED, why: 'undici, the one retry loop, the one pacer, the clock, the run cancellation' },
  'minimax/': { may: ['net/', ...SHARED], why: "the API: each model's rules, the request body, the V1 and V2 clients" },
  'frames/': { may: ['minimax/', 'net/', ...SHARED], why: 'frame sources, the image probe, digests, the FrameStore' },
  'prompt/': { may: ['minimax/', ...SHARED], why: 'the prompt file and the camera-command lint' },
  'storyboard/': { may: SHARED, why: 'the storyboard file: YAML read with its lines, every key checked' },
  'inputs/': { may: ['frames/', 'minimax/', 'net/', ...SHARED], why: 'every input declared once, read and checked' },
  'plan/': {
    may: ['inputs/', 'frames/', 'minimax/', 'prompt/', 'storyboard/', ...SHARED],
    why: 'inputs -> checked Jobs -> a Plan, every problem found before anything is sent (no I/O but reading)'
  },
  'cache/': {
    may: ['frames/', 'minimax/', 'plan/', 'inputs/', ...SHARED],
    why: 'never pay twice: fingerprints, records, and where they live'
  },
  'video/': { may: ['net/', ...SHARED], why: 'where a video goes, the download and its checks, the lossless join' },
  'prepare/': {
    may: ['plan/', 'inputs/', 'frames/', 'minimax/', 'video/', ...SHARED],
    lazily: ['github/'],
    why: 'between plan and execute, before paying: URL frames fetched, the release lookup, the destination probe'
  },
  'execute/': {
    may: ['cache/', 'minimax/', 'net/', 'video/', 'plan/', 'inputs/', 'frames/', 'github/', ...SHARED],
    why: "running a plan: the order of a clip's steps (submit, wait, retrieve, download, attach)"
  },
  'github/': {
    may: ['plan/', 'minimax/', 'frames/', 'inputs/', ...SHARED],
    why: "outputs, the job summary, the release upload; the run's result type is in types/, not execute/"
  },
  'main.ts': { may: 'anything', why: 'run(): inputs -> plan -> prepare -> execute -> report, the one try/catch' },
  'index.ts': { may: ['main.ts'], why: 'calls run(), nothing else' }
}

/**
 * Packages main.ts must not load at once: each costs every run its parse and evaluation, dry runs
 * and refused inputs included. Each is loaded with `import()` where it is used. A type-only import of
 * one is erased and does not count; `import { type X }` does, since verbatimModuleSyntax keeps it as
 * `import {} from`, which loads the package.
 */
const LAZY_PACKAGES: Record<string, string> = {
  mediabunny: 'the lossless join: only a storyboard of two clips or more (2 MB of dist/)',
  undici: 'HTTP to MiniMax and its download host: only a run that sends a request (src/net/undici-core.ts)',
  '@actions/cache': 'the Actions cache service: only a run whose store is the Actions cache (2.4 MB of dist/)',
  '@actions/github': 'the release and the pull-request comment: only upload-to-release or comment-on-pr (1.1 MB)',
  zod: "the records' and the storyboard's schemas: only a run with a record store or a storyboard",
  yaml: 'the storyboard file: only a run with a storyboard'
}

/**
 * Known and accepted, each with what it costs. An entry that no longer matches anything fails, so that
 * none outlives its reason; delete an entry to make what it covers an error again.
 */
const ACCEPTED = {
  /** Copies of a lazy package that a dependency main.ts needs brings with it (folders, from the root). */
  loadedAtOnce: {
    'node_modules/@actions/http-client/node_modules/undici':
      "@actions/core's own undici 6, for its OIDC client: ~0.9 MB of dist/index.js, evaluated at every start " +
      '(an ncc bundle of @actions/core alone starts in ~90 ms, an empty one in ~30 ms); only leaving ' +
      '@actions/core would avoid it'
  } as Record<string, string>,
  /** One version of a package bundled from two install folders (name@version). */
  bundledTwice: {
    'undici@6.29.1':
      '@actions/http-client (under @actions/core) and @actions/github each get a nested undici 6, as ' +
      'node_modules/undici is our undici 8; the second copy is in the release chunk only, loaded with upload-to-release'
  } as Record<string, string>
}

// ---------------------------------------------------------------------------------------------------

const SRC = path.join(ROOT, 'src')
const rel = (file: string): string => path.relative(ROOT, file).split(path.sep).join('/')
const layerOf = (file: string): string => {
  const inSrc = path.relative(SRC, file).split(path.sep)
  return inSrc.length > 1 ? `${inSrc[0]}/` : inSrc[0]!
}
const isOurs = (file: string | undefined): file is string => file !== undefined && file.startsWith(SRC + path.sep)
const KIND: Record<ImportKind, string> = {
  import: 'import',
  type: 'type-only import',
  export: 're-export',
  dynamic: 'import()',
  require: 'require()'
}
const at = (site: ImportSite): string => `${rel(site.file)}:${site.line} ${site.code} (${KIND[site.kind]})`

/** One message with every problem on lines of its own (rather than a diff of two lists). */
function expectNone(problems: string[], rule: string): void {
  expect(problems.length, `${rule}:\n${problems.join('\n')}\n`).toBe(0)
}

const sourceFiles = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
  .filter(f => f.endsWith('.ts'))
  .map(f => path.join(SRC, f))
  .sort()
const graph = new ImportGraph(ROOT)
/** Every import from one of our files to another. */
const internal = sourceFiles.flatMap(file => graph.sitesOf(file).filter(site => isOurs(site.target)))

/** Whether layer `from` may import layer `to`, directly or through others (the table's own order). */
function reaches(from: string, to: string, seen = new Set<string>()): boolean {
  const layer = LAYERS[from]
  if (!layer || seen.has(from)) return false
  seen.add(from)
  if (layer.may === 'anything') return true
  return [...layer.may, ...(layer.lazily ?? [])].some(next => next === to || reaches(next, to, seen))
}

function layerProblem(site: ImportSite): string | undefined {
  const from = layerOf(site.file)
  const to = layerOf(site.target!)
  const layer = LAYERS[from]
  const unknown = [from, to].find(l => !LAYERS[l])
  if (unknown) return `${at(site)}\n    ${unknown} is in no layer: add it to LAYERS in test/drift/layers.test.ts`
  if (!layer || from === to || layer.may === 'anything' || layer.may.includes(to)) return undefined
  const lazyKinds: ImportKind[] = ['dynamic', 'type']
  if (layer.lazily?.includes(to) && lazyKinds.includes(site.kind)) return undefined
  const allowed = layer.may.length ? layer.may.join(', ') : 'nothing of ours'
  const lazily = layer.lazily?.length ? `, and by import() or a type only ${layer.lazily.join(', ')}` : ''
  const where = reaches(to, from) ? `${to} is above it (${to} may import ${from})` : `${to} is beside it`
  const move = 'move what it uses into a layer both may import (types/ for a type, fs/ for a file helper)'
  return `${at(site)}\n    ${from} (${layer.why}) may import ${allowed}${lazily}; ${where}: ${move}`
}

describe('the layers of src/', () => {
  it('the table itself runs one way: no layer may import, even through others, a layer that may import it', () => {
    const twoWay = Object.keys(LAYERS).flatMap(a =>
      Object.keys(LAYERS).flatMap(b =>
        a < b && LAYERS[a]!.may !== 'anything' && LAYERS[b]!.may !== 'anything' && reaches(a, b) && reaches(b, a)
          ? [`${a} <-> ${b}`]
          : []
      )
    )
    expect(twoWay).toEqual([])
  })

  it('every file imports only the layers its own layer may import (type-only imports too)', () => {
    expect(sourceFiles.length).toBeGreaterThan(40)
    expect(internal.length).toBeGreaterThan(100)
    const problems = internal.map(layerProblem).filter(p => p !== undefined)
    expectNone(problems, 'imports the layer table (LAYERS) does not allow')
  })

  it('no import cycle between files (type-only imports and import() count)', () => {
    const edges = (file: string): string[] => internal.filter(s => s.file === file).map(s => s.target!)
    const loops = cycles(sourceFiles, edges).map(component => {
      // One concrete loop through the component's first file, for the message.
      const back = graph.closure(component[0]!, s => isOurs(s.target) && component.includes(s.target))
      const closing = internal.find(s => s.target === component[0] && back.has(s.file))!
      const loop = [...chainTo(back, closing.file), closing]
      return `${component.map(rel).join(', ')}:\n${loop.map(s => `    ${at(s)}`).join('\n')}`
    })
    expectNone(loops, 'import cycles (the files of each, then one loop through them)')
  })

  it('no two folders import each other (type-only imports and import() count)', () => {
    const between = new Map<string, ImportSite[]>()
    for (const site of internal) {
      const key = `${layerOf(site.file)} -> ${layerOf(site.target!)}`
      if (layerOf(site.file) !== layerOf(site.target!)) between.set(key, [...(between.get(key) ?? []), site])
    }
    const pairs = [...between.keys()].flatMap(key => {
      const [a, b] = key.split(' -> ') as [string, string]
      if (a > b || !between.has(`${b} -> ${a}`)) return []
      const list = (sites: ImportSite[]): string => sites.map(s => `    ${at(s)}`).join('\n')
      return [`${a} <-> ${b}:\n${list(between.get(key)!)}\n${list(between.get(`${b} -> ${a}`)!)}`]
    })
    expectNone(pairs, 'folders that import each other (every import each way)')
  })
})

describe("what src/main.ts loads at once (its static imports, followed into node_modules' packages)", () => {
  const main = path.join(SRC, 'main.ts')
  const reached = graph.closure(main, site => LOADED_AT_ONCE.has(site.kind))

  it('reaches none of the lazily loaded packages', () => {
    const found = new Map<string, { name: string; file: string }>()
    for (const file of reached.keys()) {
      const pkg = packageOf(file)
      if (pkg && pkg.name in LAZY_PACKAGES && !found.has(pkg.dir)) found.set(pkg.dir, { name: pkg.name, file })
    }
    expect([...reached.keys()].some(f => packageOf(f)?.name === '@actions/core')).toBe(true)
    const problems = [...found]
      .filter(([dir]) => !(rel(dir) in ACCEPTED.loadedAtOnce))
      .map(([dir, { name, file }]) => {
        const chain = chainTo(reached, file).map(s => `    ${at(s)}`)
        const fix = 'load it with import() where it is used, as src/net/http.ts does'
        const head = `${name} (${rel(dir)}) is loaded with src/main.ts, though it is for ${LAZY_PACKAGES[name]}`
        return `${head}:\n${chain.join('\n')}\n    -> ${rel(file)}\n    ${fix}`
      })
    expectNone(problems, 'lazily loaded packages that src/main.ts loads at once')
    const unused = Object.keys(ACCEPTED.loadedAtOnce).filter(dir => !found.has(path.join(ROOT, dir)))
    expect(unused, 'ACCEPTED.loadedAtOnce entries that match nothing any more').toEqual([])
  })
})

describe('where the API version is decided', () => {
  it('only in src/minimax/: no client class test, .api or apiOf(), version or model name compared elsewhere', () => {
    const models = [...MODELS, ...OTHER_MODE_MODELS]
    const outside = sourceFiles.filter(f => layerOf(f) !== 'minimax/')
    const problems = outside.flatMap(file =>
      versionChecks(file, readFileSync(file, 'utf8'), models).map(
        c =>
          `${rel(file)}:${c.line} ${c.code}\n    ${c.what} outside src/minimax/: ask the model's rules or ` +
          'the client instead, so that a new model or API version changes only the rules table and one client file'
      )
    )
    expect(outside.length).toBeGreaterThan(40)
    expectNone(problems, 'API versions or models decided outside src/minimax/')
  })
})

describe('dist/ holds each module once', () => {
  const contents = chunkContents(path.join(ROOT, 'dist'), ROOT)
  /** import() sites of src/, each with what it loads at once: its chunk's share of our files. */
  const lazyRoots = internal
    .filter(s => s.kind === 'dynamic')
    .map(site => ({ site, loads: graph.closure(site.target!, s => isOurs(s.target) && LOADED_AT_ONCE.has(s.kind)) }))

  it('no file in two chunks', () => {
    expect(contents.get('src/main.ts')).toEqual(['index.js'])
    const problems = inSeveralChunks(contents).map(({ file, chunks }) => {
      const held = path.join(ROOT, file)
      // The import() sites whose chunk holds it: not one inside a chunk that holds it already.
      const roots = lazyRoots.filter(
        r => r.loads.has(held) && !lazyRoots.some(o => o !== r && o.loads.has(held) && o.loads.has(r.site.file))
      )
      const how = roots.map(r => {
        const chain = chainTo(r.loads, held).map(s => `\n        ${at(s)}`)
        return `\n    with ${at(r.site)}${chain.join('')}`
      })
      return `${file} is in ${chunks.map(c => `dist/${c}`).join(' and ')}, loaded${how.join('')}`
    })
    expectNone(
      problems,
      'files dist/ holds more than once. Each import() chunk carries what it reaches statically, and webpack ' +
        'makes a chunk of its own of what two chunks share only from 20 kB up; so import a module that an ' +
        'import() loads by import() everywhere, or pass what it gives to the code that needs it'
    )
  })

  it('no package version from two install folders', () => {
    const copies = packageCopies(contents, ROOT)
    const problems = copies
      .filter(p => !(p.id in ACCEPTED.bundledTwice))
      .map(p => {
        const copies = p.copies.map(c => `${c.dir} (${c.files} files, in ${c.chunks.join(', ')})`)
        return `${p.id} is bundled ${p.copies.length} times: ${copies.join('; ')}`
      })
    expectNone(problems, 'package versions dist/ holds more than once')
    const unused = Object.keys(ACCEPTED.bundledTwice).filter(id => !copies.some(p => p.id === id))
    expect(unused, 'ACCEPTED.bundledTwice entries that match nothing any more').toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------------
// The checks themselves, on small made-up trees: each rule above can fail.

function writeTree(files: Record<string, string>): string {
  const root = tempDir('layers-')
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true })
    writeFileSync(path.join(root, name), text)
  }
  return root
}

describe('the checks themselves, on made-up trees', () => {
  const root = writeTree({
    'tsconfig.json': '{ "compilerOptions": { "verbatimModuleSyntax": true } }',
    'src/main.ts': [
      "import type { T } from './a/types.js'",
      "import { type U } from './a/u.js'",
      "import { dep } from 'dep'",
      "export * from './a/re.js'",
      "type L = typeof import('lazy')",
      "const later = () => import('./a/later.js')"
    ].join('\n'),
    'src/typed.ts': "import type { L } from 'lazy'\nexport const load = () => import('lazy')",
    'src/a/types.ts': "import type { X } from '../b/x.js'\nexport type T = X",
    'src/a/u.ts': 'export type U = 1',
    'src/a/re.ts': 'export const re = 1',
    'src/a/later.ts': 'export const later = 1',
    'src/b/x.ts': "import { y } from '../a/types.js'",
    'node_modules/dep/package.json':
      '{ "version": "1.0.0", "exports": { "require": "./cjs.js", "import": "./esm.mjs" } }',
    'node_modules/dep/esm.mjs': "import './inner.js'\nexport const dep = 1",
    'node_modules/dep/cjs.js': 'exports.dep = 1',
    'node_modules/dep/inner.js': "const lazy = require('lazy')",
    'node_modules/lazy/package.json': '{ "version": "2.0.0", "main": "main.js" }',
    'node_modules/lazy/main.js': "require('node:fs')",
    'node_modules/other/node_modules/lazy/package.json': '{ "version": "2.0.0" }',
    'node_modules/other/node_modules/lazy/index.js': ''
  })
  const made = new ImportGraph(root)
  const main = path.join(root, 'src/main.ts')

  it('tells every kind of import apart, and resolves as ncc does', () => {
    const kinds = Object.fromEntries(made.sitesOf(main).map(s => [s.specifier, s.kind]))
    expect(kinds).toEqual({
      './a/types.js': 'type',
      './a/u.js': 'import',
      dep: 'import',
      './a/re.js': 'export',
      lazy: 'type',
      './a/later.js': 'dynamic'
    })
    expect(made.sitesOf(main).find(s => s.specifier === 'dep')?.target).toBe(
      path.join(root, 'node_modules/dep/esm.mjs')
    )
    expect(made.sitesOf(path.join(root, 'node_modules/dep/inner.js'))[0]?.target).toBe(
      path.join(root, 'node_modules/lazy/main.js')
    )
  })

  it('follows static imports and require() into packages, not types or import()', () => {
    const atOnce = (entry: string): Map<string, ImportSite | undefined> =>
      made.closure(path.join(root, entry), s => LOADED_AT_ONCE.has(s.kind))
    const fromMain = atOnce('src/main.ts')
    const lazy = path.join(root, 'node_modules/lazy/main.js')
    expect(chainTo(fromMain, lazy).map(s => `${path.basename(s.file)}:${s.line}`)).toEqual([
      'main.ts:3',
      'esm.mjs:1',
      'inner.js:1'
    ])
    expect(fromMain.has(path.join(root, 'src/a/later.ts'))).toBe(false)
    expect(fromMain.has(path.join(root, 'src/a/types.ts'))).toBe(false)
    expect([...atOnce('src/typed.ts').keys()]).toEqual([path.join(root, 'src/typed.ts')])
  })

  it('finds an import cycle, type-only imports included', () => {
    const files = ['src/main.ts', 'src/a/types.ts', 'src/b/x.ts'].map(f => path.join(root, f))
    const edges = (file: string): string[] => made.sitesOf(file).flatMap(s => (s.target ? [s.target] : []))
    expect(cycles(files, edges)).toEqual([[path.join(root, 'src/a/types.ts'), path.join(root, 'src/b/x.ts')]])
  })

  it('refuses an import the table does not allow, and lets prepare/ reach github/ only lazily', () => {
    const site = (from: string, to: string, kind: ImportKind): ImportSite => ({
      file: path.join(SRC, from),
      target: path.join(SRC, to),
      kind,
      line: 1,
      specifier: to,
      code: to
    })
    expect(layerProblem(site('inputs/declarations.ts', 'github/release.ts', 'type'))).toContain(
      'github/ is above it (github/ may import inputs/)'
    )
    expect(layerProblem(site('prompt/file.ts', 'inputs/paths.ts', 'import'))).toContain('inputs/ is beside it')
    expect(layerProblem(site('prepare/prepare.ts', 'github/release.ts', 'dynamic'))).toBeUndefined()
    expect(layerProblem(site('prepare/prepare.ts', 'github/release.ts', 'import'))).toContain('prepare/')
    expect(layerProblem(site('errors.ts', 'log.ts', 'type'))).toContain('may import nothing of ours')
    expect(layerProblem(site('shared/x.ts', 'log.ts', 'import'))).toContain('shared/ is in no layer')
  })

  it('finds each kind of API-version decision, and nothing in a message that names a model', () => {
    const code = [
      'if (client instanceof MiniMaxV2Client) {}',
      "if (client.api !== 'v2') {}",
      'const api = apiOf(model)',
      "if (api === 'v1') {}",
      "if (model?.startsWith('MiniMax-H3')) {}",
      "if (inputs.model === 'MiniMax-H3-Max') {}",
      "switch (rules.api) { case 'v2': break }",
      'if (/^MiniMax-H3/.test(model)) {}',
      "throw new Error('MiniMax-H3 takes a first frame')"
    ].join('\n')
    const found = versionChecks('x.ts', code, ['MiniMax-Hailuo-02', 'MiniMax-H3', 'MiniMax-H3-Max'])
    expect(found.map(c => c.line)).toEqual([1, 2, 3, 4, 5, 6, 7, 7, 8])
  })

  it('finds a file in two chunks and a package version from two folders, in the source maps', () => {
    const map = (sources: string[]): string => JSON.stringify({ version: 3, sources })
    const dist = path.join(root, 'dist')
    mkdirSync(dist)
    writeFileSync(path.join(dist, 'index.js.map'), map(['.././src/main.ts', 'webpack/runtime/define', '']))
    writeFileSync(path.join(dist, '1.index.js.map'), map(['.././src/a/re.ts', '.././node_modules/lazy/main.js']))
    writeFileSync(
      path.join(dist, '2.index.js.map'),
      map(['.././src/a/re.ts', '.././node_modules/other/node_modules/lazy/index.js'])
    )
    const contents = chunkContents(dist, root)
    expect(inSeveralChunks(contents)).toEqual([{ file: 'src/a/re.ts', chunks: ['1.index.js', '2.index.js'] }])
    expect(packageCopies(contents, root)).toEqual([
      {
        id: 'lazy@2.0.0',
        copies: [
          { dir: 'node_modules/lazy', files: 1, chunks: ['1.index.js'] },
          { dir: 'node_modules/other/node_modules/lazy', files: 1, chunks: ['2.index.js'] }
        ]
      }
    ])
  })
})
