/**
 * Which hosts are which: loopback (plain http allowed, never proxied) and public (the only hosts
 * MiniMax's servers can fetch a frame from or post a callback to, and the only ones this action
 * fetches a frame from itself: a self-hosted runner must not be made to read its own network).
 */
import { BlockList, isIP } from 'node:net'

/** localhost, *.localhost, 127.0.0.0/8 and ::1 (URL.hostname brackets IPv6: [::1]). */
export function isLoopbackHost(hostname: string): boolean {
  const host = bare(hostname)
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

// IANA's special-purpose registries: what no public server can have.
const NOT_PUBLIC = new BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4] // reserved, and 255.255.255.255 (broadcast)
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible addresses
  ['64:ff9b:1::', 48], // NAT64 for local use
  ['100::', 64], // discard
  ['2001::', 32], // Teredo (a tunnel to an address it hides)
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed inside some networks)
  ['ff00::', 8] // multicast
] as const)
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6')

/** An IPv6 address as its eight 16-bit groups (any spelling: "::", leading zeros, a dotted IPv4 tail). */
function ipv6Groups(address: string): number[] {
  let text = address.replace(/%.*$/, '')
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const groups = (part: string | undefined): number[] => (part ? part.split(':').map(g => parseInt(g, 16)) : [])
  const [head, tail] = text.split('::')
  const left = groups(head)
  const right = groups(tail)
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right]
}

/**
 * The IPv4 address an IPv6 address leads to: IPv4-mapped (::ffff:a.b.c.d) or -translated
 * (::ffff:0:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::). A connection to one of
 * these reaches that IPv4 address, so it is as public as that address.
 */
function embeddedIpv4(g: number[]): string | undefined {
  const ipv4 = (high: number, low: number): string => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`
  const zeros = (from: number, to: number): boolean => g.slice(from, to).every(group => group === 0)
  if (zeros(0, 5) && g[5] === 0xffff) return ipv4(g[6]!, g[7]!)
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return ipv4(g[6]!, g[7]!)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return ipv4(g[6]!, g[7]!)
  if (g[0] === 0x2002) return ipv4(g[1]!, g[2]!)
  return undefined
}

function isNotPublicAddress(address: string, family: 4 | 6): boolean {
  if (family === 4) return NOT_PUBLIC.check(address, 'ipv4')
  const groups = ipv6Groups(address)
  const ipv4 = embeddedIpv4(groups)
  if (ipv4) return NOT_PUBLIC.check(ipv4, 'ipv4')
  return NOT_PUBLIC.check(groups.map(group => group.toString(16)).join(':'), 'ipv6')
}

/**
 * Why a host cannot be reached from MiniMax's servers, or undefined when it may be: loopback,
 * private, link-local, reserved and unspecified addresses (IPv6 ones that lead to such an IPv4
 * address too), and names that only resolve inside a network. A public name can still resolve to
 * a private address: src/frames/fetch.ts checks every address a name resolves to with this.
 */
export function notPublicReason(hostname: string): string | undefined {
  const host = bare(hostname)
  if (isLoopbackHost(host)) return 'is this machine (loopback)'
  const family = isIP(host)
  if (family === 4 || family === 6) {
    return isNotPublicAddress(host, family) ? 'is a private, link-local or reserved address' : undefined
  }
  if (!host.includes('.')) return 'is a name without a domain, known only inside a network'
  if (/\.(local|internal|lan|home\.arpa)$/.test(host)) return 'is a name known only inside a network'
  return undefined
}

/** Lower case, without IPv6 brackets or the root's trailing dot ("localhost." is localhost). */
const bare = (hostname: string): string =>
  hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
