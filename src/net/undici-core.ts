/**
 * The part of undici 8 this action uses: EnvHttpProxyAgent and the request API. Importing
 * 'undici' itself evaluates all of it (fetch, WebSocket, caches, mocks: 1.5 MB of bundle) and costs
 * about 20 ms more at every run that sends a request; these three modules are what `request`
 * needs. undici's package has no exports map, so these paths are public; test/unit/net/undici-core
 * checks them against the installed undici, so an upgrade that moves them fails the tests.
 */
import type {
  Agent as AgentType,
  Dispatcher as DispatcherType,
  EnvHttpProxyAgent as EnvHttpProxyAgentType
} from 'undici'
// @ts-expect-error: undici ships types for its index only
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js'
// @ts-expect-error: as above
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js'
// @ts-expect-error: as above
import Agent from 'undici/lib/dispatcher/agent.js'
// @ts-expect-error: as above
import api from 'undici/lib/api/index.js'

// What undici's index does to give every dispatcher its request(), stream(), ... methods.
Object.assign((Dispatcher as { prototype: object }).prototype, api)

export const ProxyAgent = EnvHttpProxyAgent as typeof EnvHttpProxyAgentType
/** No proxy: for loopback, where a proxy would only see the API key. */
export const DirectAgent = Agent as typeof AgentType
export type { DispatcherType as Dispatcher }
