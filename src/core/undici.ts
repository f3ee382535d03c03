// The parts of undici the core uses, imported by deep path: the package entry also pulls in fetch,
// WebSocket, EventSource, mocks, caches and interceptors (~210 KB of the minified bundle).
// What index.js does for these parts is repeated here: the API mixin and the URL → {origin, path} step.

import type { Dispatcher as DispatcherT } from 'undici';
import DispatcherClass from 'undici/lib/dispatcher/dispatcher.js';
import apiConnect from 'undici/lib/api/api-connect.js';
import apiRequest from 'undici/lib/api/api-request.js';
import util from 'undici/lib/core/util.js';

export { default as Agent } from 'undici/lib/dispatcher/agent.js';
export { default as EnvHttpProxyAgent } from 'undici/lib/dispatcher/env-http-proxy-agent.js';
export type { DispatcherT as Dispatcher };

// Dispatcher#request, and #connect (ProxyAgent tunnels through its client's connect()); not the
// api index, whose stream/pipeline/upgrade nothing here calls.
Object.assign(DispatcherClass.prototype, { request: apiRequest, connect: apiConnect });

export type RequestOptions = { dispatcher: DispatcherT } & Omit<DispatcherT.RequestOptions, 'origin' | 'path' | 'method'> &
  Partial<Pick<DispatcherT.RequestOptions, 'method'>>;

/** undici's top-level request(url, opts) for a string URL and an explicit dispatcher. */
export function request(url: string, opts: RequestOptions): Promise<DispatcherT.ResponseData> {
  const u = util.parseURL(url);
  return apiRequest.call(opts.dispatcher, {
    ...opts,
    origin: u.origin,
    path: u.search ? `${u.pathname}${u.search}` : u.pathname,
    method: opts.method || (opts.body ? 'PUT' : 'GET'),
  });
}
