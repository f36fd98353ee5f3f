/**
 * Places where code decides by MiniMax API version or by model name, found in the TypeScript syntax
 * tree: an `instanceof` of a client class, a comparison with `.api` or with 'v1'/'v2', a call of
 * `apiOf(...)`, a model name compared or prefix-tested. Outside the client and its rules table, each
 * one is a branch a new model or API version has to find and change.
 */
import ts from 'typescript'

export interface VersionCheck {
  line: number
  /** The expression, as written (shortened). */
  code: string
  /** What kind of decision it is, for the message. */
  what: string
}

const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken
])
const CLIENT_CLASS = /^MiniMax\w*Client$/
const API_VERSION = /^v\d+$/
const PREFIX_TESTS = new Set(['startsWith', 'endsWith', 'includes', 'indexOf', 'lastIndexOf'])

/** The expression inside parentheses, `!`, `as` and `satisfies`. */
function unwrap(node: ts.Expression): ts.Expression {
  let inner = node
  while (
    ts.isParenthesizedExpression(inner) ||
    ts.isNonNullExpression(inner) ||
    ts.isAsExpression(inner) ||
    ts.isSatisfiesExpression(inner)
  )
    inner = inner.expression
  return inner
}

/** `x.api`, `x?.api` or `x['api']`. */
function isApiProperty(node: ts.Expression): boolean {
  const inner = unwrap(node)
  if (ts.isPropertyAccessExpression(inner)) return inner.name.text === 'api'
  return ts.isElementAccessExpression(inner) && ts.isStringLiteralLike(inner.argumentExpression)
    ? inner.argumentExpression.text === 'api'
    : false
}

const literalText = (node: ts.Expression): string | undefined => {
  const inner = unwrap(node)
  return ts.isStringLiteralLike(inner) ? inner.text : undefined
}

/** Finds the checks in one file; `models` are the model names (a literal that is one, or a prefix of one, counts). */
export function versionChecks(file: string, text: string, models: readonly string[]): VersionCheck[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const names = (t: string | undefined): boolean =>
    t !== undefined && t.length >= 3 && models.some(m => m === t || m.startsWith(t))
  const found: VersionCheck[] = []
  const add = (node: ts.Node, what: string): void => {
    const code = node.getText(source).replace(/\s+/g, ' ')
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1
    found.push({ line, code: code.length > 70 ? `${code.slice(0, 67)}...` : code, what })
  }
  const comparison = (node: ts.BinaryExpression): string | undefined => {
    const sides = [node.left, node.right]
    if (sides.some(isApiProperty)) return 'compares .api'
    if (sides.some(s => API_VERSION.test(literalText(s) ?? ''))) return 'compares with an API version'
    if (sides.some(s => names(literalText(s)))) return 'compares a model by name'
    return undefined
  }
  const call = (node: ts.CallExpression): string | undefined => {
    const callee = unwrap(node.expression)
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : ''
    if (name === 'apiOf') return 'asks apiOf() which API a model uses'
    const [first] = node.arguments
    if (PREFIX_TESTS.has(name) && first && names(literalText(first))) return 'tests a model name by its text'
    const object = ts.isPropertyAccessExpression(callee) ? unwrap(callee.expression) : undefined
    if (name === 'test' && object && ts.isRegularExpressionLiteral(object)) {
      const body = object.text.slice(1, object.text.lastIndexOf('/')).replace(/^\^/, '').replace(/\\(.)/g, '$1')
      if (names(body.match(/^[\w.-]+/)?.[0])) return 'tests a model name with a regular expression'
    }
    return undefined
  }
  const visit = (node: ts.Node): void => {
    let what: string | undefined
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InstanceOfKeyword) {
      const right = unwrap(node.right)
      if (ts.isIdentifier(right) && CLIENT_CLASS.test(right.text)) what = 'tells the API by the client class'
    } else if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) what = comparison(node)
    else if (ts.isCallExpression(node)) what = call(node)
    else if (ts.isSwitchStatement(node) && isApiProperty(node.expression)) what = 'switches on .api'
    else if (ts.isCaseClause(node)) {
      const t = literalText(node.expression)
      if (API_VERSION.test(t ?? '')) what = 'switches on an API version'
      else if (names(t)) what = 'switches on a model name'
    }
    if (what) add(ts.isSwitchStatement(node) || ts.isCaseClause(node) ? node.expression : node, what)
    // One finding per expression: `apiOf(m) === 'v2'` is one decision, not two.
    if (!what || ts.isSwitchStatement(node)) ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}
