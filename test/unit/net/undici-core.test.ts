import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { ProxyAgent } from '../../../src/net/undici-core.js'

// src/net/undici-core.ts loads three of undici's modules by path instead of its index (20 ms less at
// start-up). If an undici upgrade moves them, this fails before any user does.
describe('undici-core', () => {
  it('gives an EnvHttpProxyAgent whose request() works', async () => {
    const server = http.createServer((req, res) => res.end(`${req.method} ${req.url}`))
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const agent = new ProxyAgent({})
    try {
      const { port } = server.address() as AddressInfo
      const response = await agent.request({ origin: `http://127.0.0.1:${port}`, path: '/x?y=1', method: 'GET' })
      expect(response.statusCode).toBe(200)
      expect(await response.body.text()).toBe('GET /x?y=1')
    } finally {
      await agent.close()
      server.close()
    }
  })
})
