import { describe, expect, it } from 'vitest'
import { isLoopbackHost, notPublicReason } from '../../../src/net/hosts.js'

// A frame fetched by this runner (src/frames/fetch.ts) or by MiniMax must come from a public
// address: anything else could be the runner's own network (a router, cloud metadata, a database).
describe('notPublicReason', () => {
  it.each([
    ['0.0.0.0', 'this network'],
    ['10.1.2.3', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['169.254.169.254', 'cloud metadata'],
    ['172.31.255.255', 'private'],
    ['192.0.0.8', 'IETF protocol assignments'],
    ['192.0.2.1', 'documentation'],
    ['192.168.0.1', 'private'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast (SSDP)'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['[::]', 'unspecified'],
    ['[::1]', 'loopback'],
    ['[::a00:1]', 'IPv4-compatible 10.0.0.1'],
    ['[fc00::1]', 'unique local'],
    ['[fd12:3456::1]', 'unique local'],
    ['[fe80::1]', 'link-local'],
    ['[fec0::1]', 'site-local'],
    ['[ff02::1]', 'multicast'],
    ['[2001:db8::1]', 'documentation'],
    ['[2001:0:4136:e378:8000:63bf:3fff:fdd2]', 'Teredo'],
    ['[64:ff9b:1::a00:1]', 'local-use NAT64'],
    ['[100::1]', 'discard']
  ])('refuses %s (%s)', (host, _what) => {
    expect(notPublicReason(host)).toMatch(/private, link-local or reserved|loopback/)
  })

  it.each([
    ['::ffff:127.0.0.1', 'dotted'],
    ['::ffff:7f00:1', 'hex, as URL.hostname writes it'],
    ['::FFFF:7F00:0001', 'upper case, leading zeros'],
    ['0:0:0:0:0:ffff:7f00:1', 'written out'],
    ['0000:0000:0000:0000:0000:ffff:127.0.0.1', 'written out, dotted'],
    ['::ffff:a9fe:a9fe', '169.254.169.254'],
    ['::ffff:0:a00:1', 'IPv4-translated 10.0.0.1'],
    ['64:ff9b::10.0.0.1', 'NAT64 of a private address'],
    ['64:ff9b::c0a8:101', 'NAT64 of 192.168.1.1, hex'],
    ['2002:a00:1::1', '6to4 of 10.0.0.1']
  ])('refuses the IPv6 form %s (%s) of a private IPv4 address', (address, _what) => {
    expect(notPublicReason(`[${address}]`)).toBeDefined()
    expect(notPublicReason(address)).toBeDefined()
  })

  it('refuses the spellings URL normalises to a private address', () => {
    for (const url of ['http://0x7f.1/', 'http://2130706433/', 'http://[::ffff:10.0.0.1]/', 'http://LOCALHOST./']) {
      expect(notPublicReason(new URL(url).hostname), url).toBeDefined()
    }
  })

  it.each([
    ['93.184.215.14', 'a public IPv4 address'],
    ['8.8.8.8', 'a public IPv4 address'],
    ['192.0.3.1', 'just past 192.0.0.0/24 and 192.0.2.0/24'],
    ['198.20.0.1', 'just past 198.18.0.0/15'],
    ['223.255.255.255', 'just below multicast'],
    ['[2606:4700::6810:84e5]', 'a public IPv6 address'],
    ['[::ffff:8.8.8.8]', 'IPv4-mapped public address'],
    ['[64:ff9b::8.8.8.8]', 'NAT64 of a public address'],
    ['[2002:808:808::1]', '6to4 of a public address'],
    ['images.example.org', 'a public-looking name']
  ])('accepts %s (%s)', (host, _what) => {
    expect(notPublicReason(host)).toBeUndefined()
  })

  it.each([
    ['intranet', /without a domain/],
    ['intranet.', /without a domain/],
    ['printer.local', /only inside a network/],
    ['db.internal', /only inside a network/],
    ['nas.home.arpa', /only inside a network/],
    ['localhost.', /loopback/],
    ['a.localhost', /loopback/]
  ])('refuses the name %s', (host, reason) => {
    expect(notPublicReason(host)).toMatch(reason)
  })
})

describe('isLoopbackHost', () => {
  it('takes the root trailing dot as the same host', () => {
    expect(isLoopbackHost('localhost.')).toBe(true)
    expect(isLoopbackHost('example.com.')).toBe(false)
  })
})
