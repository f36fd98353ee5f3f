/**
 * The import graph of the sources as the TypeScript compiler's parser sees it (no regex over text),
 * resolved the way webpack inside ncc resolves it, since dist/ is what the runner executes. It goes
 * on into node_modules (ES modules and CommonJS `require`), so a test can tell whether a package is
 * reached, and through which chain of files.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import path from 'node:path'
import ts from 'typescript'

/**
 * How one file names another:
 * - `import`: a value import (`import x from`, `import {a}`, `import 'x'`, `import x = require()`);
 * - `type`: erased at build (`import type`, `export type ... from`, `typeof import('x')`);
 * - `export`: a re-export (`export ... from`), loaded like an import;
 * - `dynamic`: `import('x')`, a lazy chunk of its own in dist/;
 * - `require`: CommonJS, in node_modules: bundled into the requiring file's chunk.
 */
export type ImportKind = 'import' | 'type' | 'export' | 'dynamic' | 'require'

export interface ImportSite {
  /** Absolute path of the importing file. */
  file: string
  line: number
  specifier: string
  kind: ImportKind
  /** The import as written (whitespace folded, shortened), for messages. */
  code: string
  /** Absolute path of the imported file; undefined for a Node built-in or what cannot be resolved. */
  target?: string
}

/** The kinds that are loaded with the importing file: everything but erased types and `import()`. */
export const LOADED_AT_ONCE: ReadonlySet<ImportKind> = new Set(['import', 'export', 'require'])

const JS_LIKE = /\.(c|m)?(t|j)sx?$/

/**
 * Under verbatimModuleSyntax, `import { type A } from 'x'` is emitted as `import {} from 'x'`, which
 * loads x: with `import { type Dispatcher } from 'undici'` in main.ts, ncc puts undici in dist/index.js.
 */
export function keepsTypeOnlyNamedImports(root: string): boolean {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile)
  return config.config?.compilerOptions?.verbatimModuleSyntax === true
}

/** A value import whose every name is `type`: erased, unless verbatimModuleSyntax keeps an empty import. */
function importKind(node: ts.ImportDeclaration, keepsEmpty: boolean): ImportKind {
  const clause = node.importClause
  if (clause?.isTypeOnly) return 'type'
  const bindings = clause?.namedBindings
  const allTypes =
    clause !== undefined &&
    !clause.name &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every(e => e.isTypeOnly)
  return allTypes && !keepsEmpty ? 'type' : 'import'
}

function exportKind(node: ts.ExportDeclaration, keepsEmpty: boolean): ImportKind {
  if (node.isTypeOnly) return 'type'
  const clause = node.exportClause
  const allTypes =
    clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every(e => e.isTypeOnly)
  return allTypes && !keepsEmpty ? 'type' : 'export'
}

type Site = Omit<ImportSite, 'file' | 'target'>

/** The specifier and kind of an import-like node, or undefined for any other node. */
function siteOf(node: ts.Node, keepsEmpty: boolean): { specifier: string; kind: ImportKind } | undefined {
  if (ts.isImportDeclaration(node) && ts.isStringLiteralLike(node.moduleSpecifier))
    return { specifier: node.moduleSpecifier.text, kind: importKind(node, keepsEmpty) }
  if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteralLike(node.moduleSpecifier))
    return { specifier: node.moduleSpecifier.text, kind: exportKind(node, keepsEmpty) }
  if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
    const ref = node.moduleReference.expression
    return ts.isStringLiteralLike(ref) ? { specifier: ref.text, kind: node.isTypeOnly ? 'type' : 'import' } : undefined
  }
  if (ts.isImportTypeNode(node)) {
    const arg = node.argument
    const literal = ts.isLiteralTypeNode(arg) && ts.isStringLiteralLike(arg.literal) ? arg.literal : undefined
    return literal ? { specifier: literal.text, kind: 'type' } : undefined
  }
  if (!ts.isCallExpression(node)) return undefined
  const [first] = node.arguments
  if (!first || !ts.isStringLiteralLike(first)) return undefined
  if (node.expression.kind === ts.SyntaxKind.ImportKeyword) return { specifier: first.text, kind: 'dynamic' }
  const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require'
  return isRequire && node.arguments.length === 1 ? { specifier: first.text, kind: 'require' } : undefined
}

/** Every import site of one file, in source order. */
export function parseImports(file: string, text: string, keepsEmpty: boolean): Site[] {
  const kind = /\.(c|m)?tsx?$/.test(file) ? ts.ScriptKind.TS : ts.ScriptKind.JS
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind)
  const sites: Site[] = []
  const visit = (node: ts.Node): void => {
    const site = siteOf(node, keepsEmpty)
    if (site) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1
      const code = node.getText(source).replace(/\s+/g, ' ')
      sites.push({ ...site, line, code: code.length > 100 ? `${code.slice(0, 97)}...` : code })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return sites
}

// --- Resolution: as ncc 0.45 configures webpack (its conditions, mainFields and extensions), by Node's algorithm.

const CONDITIONS: Record<'esm' | 'cjs', readonly string[]> = {
  esm: ['import', 'node', 'production', 'default'],
  cjs: ['require', 'node', 'production', 'default']
}
const MAIN_FIELDS = ['main']
const EXTENSIONS = ['.js', '.mjs', '.ts', '.tsx', '.json', '.node']

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile()
const isDir = (p: string): boolean => existsSync(p) && statSync(p).isDirectory()

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
}

/** A conditional target (string, array or conditions object) under the given conditions. */
function conditionTarget(target: unknown, conditions: readonly string[]): string | undefined {
  if (typeof target === 'string') return target
  if (Array.isArray(target)) {
    for (const t of target) {
      const found = conditionTarget(t, conditions)
      if (found !== undefined) return found
    }
    return undefined
  }
  if (target && typeof target === 'object') {
    for (const [key, value] of Object.entries(target)) {
      if (!conditions.includes(key)) continue
      const found = conditionTarget(value, conditions)
      if (found !== undefined) return found
    }
  }
  return undefined
}

/** An `exports` or `imports` map looked up for `subpath` ('.', './x', '#x'), subpath patterns included. */
export function mapTarget(map: unknown, subpath: string, conditions: readonly string[]): string | undefined {
  const isSubpathMap =
    map && typeof map === 'object' && !Array.isArray(map) && Object.keys(map).some(k => /^[.#]/.test(k))
  if (!isSubpathMap) return subpath === '.' ? conditionTarget(map, conditions) : undefined
  const entries = map as Record<string, unknown>
  if (subpath in entries && !subpath.includes('*')) return conditionTarget(entries[subpath], conditions)
  const patterns = Object.keys(entries)
    .filter(k => k.includes('*'))
    .sort((a, b) => b.indexOf('*') - a.indexOf('*'))
  for (const key of patterns) {
    const [prefix, suffix] = key.split('*') as [string, string]
    if (!subpath.startsWith(prefix) || !subpath.endsWith(suffix) || subpath.length < key.length - 1) continue
    const star = subpath.slice(prefix.length, subpath.length - suffix.length)
    return conditionTarget(entries[key], conditions)?.replaceAll('*', star)
  }
  return undefined
}

/** A file as CommonJS and webpack look for it: as named, with an extension, or a folder's main or index. */
function asFileOrFolder(p: string): string | undefined {
  if (isFile(p)) return p
  for (const ext of EXTENSIONS) if (isFile(p + ext)) return p + ext
  if (!isDir(p)) return undefined
  const manifest = path.join(p, 'package.json')
  if (isFile(manifest)) {
    const pkg = readJson(manifest)
    for (const field of MAIN_FIELDS) {
      const main = pkg[field]
      if (typeof main !== 'string') continue
      const found = asFileOrFolder(path.join(p, main))
      if (found) return found
    }
  }
  for (const ext of EXTENSIONS) if (isFile(path.join(p, 'index' + ext))) return path.join(p, 'index' + ext)
  return undefined
}

/** The folder of the package a file belongs to (the nearest package.json up from it). */
export function packageDirOf(file: string): string | undefined {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (isFile(path.join(dir, 'package.json'))) return dir
    if (path.dirname(dir) === dir) return undefined
  }
}

function resolveBare(specifier: string, from: string, conditions: readonly string[]): string | undefined {
  const parts = specifier.split('/')
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
  const rest = parts.slice(specifier.startsWith('@') ? 2 : 1).join('/')
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    const pkgDir = path.join(dir, 'node_modules', name)
    if (isFile(path.join(pkgDir, 'package.json'))) {
      const pkg = readJson(path.join(pkgDir, 'package.json'))
      if (pkg.exports !== undefined) {
        const target = mapTarget(pkg.exports, rest ? `./${rest}` : '.', conditions)
        return target === undefined ? undefined : asFileOrFolder(path.join(pkgDir, target))
      }
      return asFileOrFolder(rest ? path.join(pkgDir, rest) : pkgDir)
    }
    if (path.dirname(dir) === dir) return undefined
  }
}

/**
 * The file `specifier` names from `from`, or undefined for a Node built-in (or a name nothing answers,
 * such as an optional dependency a package tries in a try/catch). Our TypeScript names its files
 * `./x.js` for `./x.ts` (NodeNext), as the compiler and ncc both read them.
 */
export function resolveSpecifier(specifier: string, from: string, kind: ImportKind): string | undefined {
  if (specifier.startsWith('node:') || isBuiltin(specifier)) return undefined
  const conditions = kind === 'require' ? CONDITIONS.cjs : CONDITIONS.esm
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    const p = path.resolve(path.dirname(from), specifier)
    const source = p.replace(/\.(c|m)?js$/, '.$1ts')
    if (/\.(c|m)?tsx?$/.test(from) && source !== p && isFile(source)) return source
    return asFileOrFolder(p)
  }
  if (specifier.startsWith('#')) {
    const pkgDir = packageDirOf(from)
    const imports = pkgDir && readJson(path.join(pkgDir, 'package.json')).imports
    const target = imports === undefined ? undefined : mapTarget(imports, specifier, conditions)
    if (target === undefined || !pkgDir) return undefined
    return target.startsWith('.') ? asFileOrFolder(path.join(pkgDir, target)) : resolveBare(target, from, conditions)
  }
  return resolveBare(specifier, from, conditions)
}

/** The import graph, parsed and resolved lazily, once per file. */
export class ImportGraph {
  readonly #sites = new Map<string, ImportSite[]>()
  readonly #keepsEmpty: boolean

  constructor(root: string) {
    this.#keepsEmpty = keepsTypeOnlyNamedImports(root)
  }

  /** The file's import sites, resolved. Files other than JavaScript and TypeScript (JSON, .node) import nothing. */
  sitesOf(file: string): ImportSite[] {
    let sites = this.#sites.get(file)
    if (!sites) {
      const parsed = JS_LIKE.test(file) ? parseImports(file, readFileSync(file, 'utf8'), this.#keepsEmpty) : []
      sites = parsed.map(s => ({ ...s, file, target: resolveSpecifier(s.specifier, file, s.kind) }))
      this.#sites.set(file, sites)
    }
    return sites
  }

  /**
   * Every file reached from `entry` through sites that `follow` accepts, each with the site that first
   * reached it (breadth first, so the chain back to the entry is a shortest one).
   */
  closure(entry: string, follow: (site: ImportSite) => boolean): Map<string, ImportSite | undefined> {
    const reached = new Map<string, ImportSite | undefined>([[entry, undefined]])
    const queue = [entry]
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      for (const site of this.sitesOf(file)) {
        if (!site.target || reached.has(site.target) || !follow(site)) continue
        reached.set(site.target, site)
        queue.push(site.target)
      }
    }
    return reached
  }
}

/** The chain of sites from the closure's entry to `file`. */
export function chainTo(reached: Map<string, ImportSite | undefined>, file: string): ImportSite[] {
  const chain: ImportSite[] = []
  for (let site = reached.get(file); site; site = reached.get(site.file)) chain.unshift(site)
  return chain
}

/** A package a file in node_modules belongs to: its name and its folder (a nested copy is a folder of its own). */
export function packageOf(file: string): { name: string; dir: string } | undefined {
  const marker = `${path.sep}node_modules${path.sep}`
  const at = file.lastIndexOf(marker)
  if (at < 0) return undefined
  const [first, second] = file.slice(at + marker.length).split(path.sep)
  const name = first!.startsWith('@') ? `${first}/${second}` : first!
  return { name, dir: path.join(file.slice(0, at + marker.length), name) }
}

/** Strongly connected components with more than one file (Tarjan), each in a stable order. */
export function cycles(nodes: readonly string[], edges: (node: string) => readonly string[]): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const connect = (v: string): void => {
    index.set(v, index.size)
    low.set(v, index.get(v)!)
    stack.push(v)
    onStack.add(v)
    for (const w of edges(v)) {
      if (!index.has(w)) {
        connect(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) !== index.get(v)) return
    const component: string[] = []
    for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
      onStack.delete(w)
      component.push(w)
      if (w === v) break
    }
    if (component.length > 1) found.push(component.sort())
  }
  for (const node of nodes) if (!index.has(node)) connect(node)
  return found
}
