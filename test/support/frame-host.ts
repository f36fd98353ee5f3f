/**
 * A web host for URL frames on loopback that the code under test takes for a public one: its DNS
 * lookup answers a public address for the test's names, and the connection to that address (the
 * one that was checked and pinned) is routed to 127.0.0.1. Every answer is real HTTP(S).
 */
import { execFileSync } from 'node:child_process'
import type { LookupAddress } from 'node:dns'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import { isIP, type AddressInfo } from 'node:net'
import path from 'node:path'
import { tempDir } from './temp.js'

/** A public address (not in any reserved range) that the host pretends to have. */
export const PUBLIC_ADDRESS = '93.184.215.14'

export interface FrameHost {
  port: number
  /** Every request it was sent, in order. */
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>
  close(): Promise<void>
}

export async function startFrameHost(
  handler: http.RequestListener,
  tls?: { key: string; cert: string }
): Promise<FrameHost> {
  const requests: FrameHost['requests'] = []
  const listener: http.RequestListener = (req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    handler(req, res)
  }
  const server = tls ? https.createServer(tls, listener) : http.createServer(listener)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** The test's DNS: each name's addresses; any other name does not resolve. Counts the lookups. */
export function fakeDns(names: Record<string, string[]>): {
  lookup: (hostname: string) => Promise<LookupAddress[]>
  looked: string[]
} {
  const looked: string[] = []
  const lookup = async (hostname: string): Promise<LookupAddress[]> => {
    looked.push(hostname)
    const addresses = names[hostname]
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
    return addresses.map(address => ({ address, family: isIP(address) }))
  }
  return { lookup, looked }
}

/** Routes every connection to loopback, and records the address it was asked to connect to. */
export function toLoopback(): { route: (checked: LookupAddress) => LookupAddress; connected: string[] } {
  const connected: string[] = []
  return {
    connected,
    route: checked => {
      connected.push(checked.address)
      return { address: '127.0.0.1', family: 4 }
    }
  }
}

/** A self-signed certificate for `name` (its own CA), or undefined without openssl. */
export function selfSigned(name: string): { key: string; cert: string } | undefined {
  const dir = tempDir('frame-host-')
  const key = path.join(dir, 'key.pem')
  const cert = path.join(dir, 'cert.pem')
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'].concat([
        '-subj',
        `/CN=${name}`,
        '-addext',
        `subjectAltName=DNS:${name}`,
        '-keyout',
        key,
        '-out',
        cert
      ]),
      { stdio: 'ignore' }
    )
  } catch {
    return undefined
  }
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') }
}
