/**
 * Which hosts are which: loopback (plain http allowed, never proxied) and public (the only hosts
 * MiniMax's servers can fetch a frame from or post a callback to).
 */
import { BlockList, isIP } from 'node:net'

/** localhost, *.localhost, 127.0.0.0/8 and ::1 (URL.hostname brackets IPv6: [::1]). */
export function isLoopbackHost(hostname: string): boolean {
  const host = bare(hostname)
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

const NOT_PUBLIC = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12],
  ['192.168.0.0', 16]
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10] // link-local
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6')

/**
 * Why a host cannot be reached from MiniMax's servers, or undefined when it may be: loopback,
 * private, link-local and unspecified addresses, and names that only resolve inside a network.
 * (A public name can still resolve to a private address; only MiniMax's fetch would tell.)
 */
export function notPublicReason(hostname: string): string | undefined {
  const host = bare(hostname)
  if (isLoopbackHost(host)) return 'is this machine (loopback)'
  const family = isIP(host)
  if (family === 4 || family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(host)?.[1]
    const blocked = mapped ? NOT_PUBLIC.check(mapped, 'ipv4') : NOT_PUBLIC.check(host, family === 4 ? 'ipv4' : 'ipv6')
    return blocked ? 'is a private, link-local or reserved address' : undefined
  }
  if (!host.includes('.')) return 'is a name without a domain, known only inside a network'
  if (/\.(local|internal|lan|home\.arpa)$/.test(host)) return 'is a name known only inside a network'
  return undefined
}

const bare = (hostname: string): string => hostname.toLowerCase().replace(/^\[|\]$/g, '')
