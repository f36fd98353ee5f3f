/**
 * A frame given as an http(s) URL, fetched before anything is paid for: its bytes are checked with
 * the same image rules as a file's and identify it in the request's fingerprint, so an image
 * replaced at the same URL is a new request. MiniMax is still sent the URL and fetches it itself.
 *
 * The runner may be self-hosted, inside a network a URL must not lead it into: every address a
 * host name resolves to must be public, at every redirect, and the connection goes to the checked
 * address (a second resolution could answer otherwise: DNS rebinding). No proxy (one inside the
 * network reaches its hosts), no credential (not even the URL's user:password), at most the
 * model's size limit read, and one deadline for the whole fetch. Expected failures are answers,
 * not throws: the caller warns and falls back to the URL itself.
 */
import type { LookupAddress } from 'node:dns'
import { lookup as systemLookup } from 'node:dns/promises'
import { isIP, type LookupFunction } from 'node:net'
import { ProbeError } from '../errors.js'
import { frameSizeProblem } from '../minimax/rules.js'
import { notPublicReason } from '../net/hosts.js'
import type { Dispatcher } from '../net/undici-core.js'
import { createHash } from 'node:crypto'
import { bufferReader, probeImage } from './probe.js'
import { imageProblems } from './source.js'
import { IMAGE_FORMATS, type ImageInfo } from '../types/frame.js'
import type { ImageRules } from '../types/rules.js'

export const MAX_FRAME_REDIRECTS = 3
const REDIRECTS = new Set([301, 302, 303, 307, 308])

export interface UrlFetchOptions {
  /** The model's image rules: the same checks as a file's, and maxBytes caps what is read. */
  rules: ImageRules
  /** Every lookup, connection, answer and body together end within this. */
  timeoutMs: number
  /** The run's cancellation: it is thrown (its reason), not answered. */
  signal?: AbortSignal
  /** Every address of a host name (default: the system's resolver, which connections use too). */
  lookup?: (hostname: string) => Promise<readonly LookupAddress[]>
  /** For tests on loopback: where a connection to a checked address really goes. */
  route?: (checked: LookupAddress) => LookupAddress
  /** For tests: the certificate authorities to trust instead of Node's. */
  ca?: string
}

export type UrlFrameFetch =
  /** The bytes as fetched, checked like a file's; sha256 is theirs. */
  | { kind: 'fetched'; bytes: Buffer; image: ImageInfo; sha256: string }
  /** The bytes break the model's image rules (each problem a sentence, like a file's). */
  | { kind: 'refused'; problems: string[] }
  /** No bytes to check: why, as a sentence. */
  | { kind: 'unfetched'; problem: string }

export async function fetchUrlFrame(url: string, options: UrlFetchOptions): Promise<UrlFrameFetch> {
  const deadline = AbortSignal.timeout(options.timeoutMs)
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline
  const start = URL.parse(url)
  if (start?.protocol !== 'https:' && start?.protocol !== 'http:')
    return { kind: 'unfetched', problem: `${JSON.stringify(url)} is not an http(s) URL` }
  const shown = `${start.origin}${start.pathname}`
  // Host name -> the addresses that were checked: the only ones the agent can connect to.
  const pins = new Map<string, readonly LookupAddress[]>()
  const { DirectAgent } = await import('../net/undici-core.js')
  const agent = new DirectAgent({
    connect: { timeout: options.timeoutMs, lookup: pinnedLookup(pins, options.route), ca: options.ca },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs
  })
  try {
    const got = await follow(start, agent, pins, options, signal)
    if ('problem' in got) return { kind: 'unfetched', problem: `${shown} could not be fetched: ${got.problem}` }
    return await checkImage(got.response, `the image at ${shown}`, options.rules)
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason
    const why = deadline.aborted ? `it did not arrive whole within ${options.timeoutMs / 1000} s` : failure(error)
    if (why === undefined) throw error
    return { kind: 'unfetched', problem: `${shown} could not be fetched: ${why}` }
  } finally {
    await agent.destroy().catch(() => undefined)
  }
}

/**
 * GET the URL, following at most MAX_FRAME_REDIRECTS redirects, each hop's host checked and pinned:
 * a 200's answer, or why there is none.
 */
async function follow(
  start: URL,
  agent: Dispatcher,
  pins: Map<string, readonly LookupAddress[]>,
  options: UrlFetchOptions,
  signal: AbortSignal
): Promise<{ response: Dispatcher.ResponseData } | { problem: string }> {
  let url = start
  for (let redirects = 0; ; redirects++) {
    const refused = await checkHost(url, pins, options.lookup ?? (host => systemLookup(host, { all: true })), signal)
    if (refused) return { problem: redirects === 0 ? refused : `it redirects to ${url.origin}, and ${refused}` }
    // The model's formats only: a host that picks one by Accept must not pick another (AVIF, GIF).
    const accept = options.rules.formats.map(format => IMAGE_FORMATS[format]).join(', ')
    const path = `${url.pathname}${url.search}`
    const response = await agent.request({ origin: url.origin, path, method: 'GET', headers: { accept }, signal })
    if (response.statusCode === 200) return { response }
    await response.body.dump()
    const location = first(response.headers.location)
    if (!REDIRECTS.has(response.statusCode) || location === undefined)
      return { problem: `the server answered HTTP ${response.statusCode}` }
    const next = URL.parse(location, url.href)
    if (!next || (next.protocol !== 'https:' && next.protocol !== 'http:'))
      return { problem: `it redirects to ${JSON.stringify(location)}, which is not an http(s) URL` }
    if (url.protocol === 'https:' && next.protocol === 'http:')
      return { problem: `it redirects from https to plain http (${next.origin}), which is refused` }
    if (redirects === MAX_FRAME_REDIRECTS) return { problem: `it redirects more than ${MAX_FRAME_REDIRECTS} times` }
    url = next
  }
}

/** Why the URL's host may not be fetched from, or undefined once its addresses are checked and pinned. */
async function checkHost(
  url: URL,
  pins: Map<string, readonly LookupAddress[]>,
  lookup: NonNullable<UrlFetchOptions['lookup']>,
  signal: AbortSignal
): Promise<string | undefined> {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const named = notPublicReason(host)
  if (named) return `its host ${host} ${named}`
  const family = isIP(host)
  const addresses = family ? [{ address: host, family }] : await abortable(lookup(host), signal)
  if (addresses.length === 0) return `its host ${host} resolves to no address`
  for (const { address } of addresses) {
    const reason = notPublicReason(address)
    if (reason) return `its host ${host} resolves to ${address}, which ${reason}; only public addresses are fetched`
  }
  pins.set(host, addresses)
  return undefined
}

/** The lookup the agent's sockets use: the checked addresses of a host, never a new resolution. */
function pinnedLookup(
  pins: ReadonlyMap<string, readonly LookupAddress[]>,
  route: (checked: LookupAddress) => LookupAddress = checked => checked
): LookupFunction {
  return (hostname, options, callback) => {
    const addresses = pins.get(hostname)?.map(route)
    if (!addresses?.[0]) {
      const error = Object.assign(new Error(`${hostname} was not checked`), { code: 'ENOTFOUND' })
      callback(error, '', 0)
    } else if (options.all) callback(null, addresses)
    else callback(null, addresses[0].address, addresses[0].family)
  }
}

/** A 200's body, read up to the model's limit, then checked as a file would be. */
async function checkImage(response: Dispatcher.ResponseData, where: string, rules: ImageRules): Promise<UrlFrameFetch> {
  const refused = (...problems: string[]): UrlFrameFetch => ({ kind: 'refused', problems })
  const announced = Number(first(response.headers['content-length']))
  if (announced > rules.maxBytes) {
    response.body.destroy()
    return refused(`${where}, by its Content-Length, ${frameSizeProblem(announced, rules)}`)
  }
  const bytes = await readAtMost(response.body, rules.maxBytes)
  if (!bytes) {
    return refused(
      `${where} is over ${rules.maxBytes} bytes (it was cut off there); MiniMax accepts frames ${rules.maxText}`
    )
  }
  const empty = frameSizeProblem(bytes.length, rules)
  if (empty) return refused(`${where} ${empty}`)
  let image: ImageInfo
  try {
    image = await probeImage(bufferReader(bytes))
  } catch (error) {
    if (error instanceof ProbeError) return refused(`${where} ${error.message}`)
    throw error
  }
  const problems = imageProblems(image, rules)
  if (problems.length > 0) return refused(...problems.map(p => `${where} ${p}`))
  return { kind: 'fetched', bytes, image, sha256: createHash('sha256').update(bytes).digest('hex') }
}

/** The whole body, or undefined as soon as it runs past `limit` bytes (the rest is never read). */
async function readAtMost(body: AsyncIterable<Buffer>, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    size += chunk.length
    if (size > limit) return undefined
    chunks.push(chunk)
  }
  return Buffer.concat(chunks, size)
}

const DESCRIBE: Record<string, string> = {
  ENOTFOUND: 'its host name does not resolve',
  EAI_AGAIN: 'its host name could not be resolved (DNS)',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host cannot be reached from this runner',
  ENETUNREACH: 'the host cannot be reached from this runner',
  UND_ERR_SOCKET: 'the server closed the connection'
}

/** A network failure as a sentence; undefined for anything else (a bug, thrown on). */
function failure(error: unknown): string | undefined {
  const code = codeOf(error)
  if (code === undefined) return undefined
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `its TLS certificate was refused (${code})`
  return `${DESCRIBE[code] ?? (error as Error).message} (${code})`
}

/** The first string code in the error, its causes, or (several addresses tried) its errors. */
function codeOf(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 4; depth++) {
    const { code, cause, errors } = e as { code?: unknown; cause?: unknown; errors?: unknown[] }
    if (typeof code === 'string') return code
    e = cause ?? errors?.[0]
  }
  return undefined
}

/** The promise, or the signal's reason as soon as it aborts (a lookup cannot be cancelled). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(signal.reason)
    if (signal.aborted) abort()
    signal.addEventListener('abort', abort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort))
  })
}

/** A header's value (the first, if it came more than once). */
const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value)
