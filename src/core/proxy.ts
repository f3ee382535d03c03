// One keep-alive undici dispatcher per (proxy, TLS, connect-timeout) configuration, shared by all
// requests with that configuration. Explicit proxy settings win over HTTP(S)_PROXY; NO_PROXY and
// the caller's no-proxy list are merged.

import { Agent, EnvHttpProxyAgent, type Dispatcher } from './undici';
import type { ProxyOptions } from './types';

export interface DispatcherInfo {
  dispatcher: Dispatcher;
  /** A proxy may be in use (for error messages). */
  proxied: boolean;
}

const MAX_CACHED = 8;
const cache = new Map<string, DispatcherInfo>();

function env(name: string): string | undefined {
  return process.env[name.toLowerCase()] || process.env[name.toUpperCase()] || undefined;
}

export function getDispatcher(proxy: ProxyOptions | undefined, connectMs: number): DispatcherInfo {
  const strict = proxy?.strictSSL !== false;
  const httpProxy = proxy?.url || env('http_proxy');
  const httpsProxy = proxy?.url || env('https_proxy') || httpProxy;
  const noProxy = [...(proxy?.noProxy ?? []), ...(env('no_proxy') ?? '').split(/[,\s]+/)].map((s) => s.trim()).filter(Boolean).join(',');
  const token = proxy?.authorization || undefined;
  const key = JSON.stringify([httpProxy ?? '', httpsProxy ?? '', noProxy, strict, connectMs, token ?? '']);
  const hit = cache.get(key);
  if (hit) {
    // Refresh LRU order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const tls = { timeout: connectMs, rejectUnauthorized: strict };
  let info: DispatcherInfo;
  if (httpProxy || httpsProxy) {
    info = {
      dispatcher: new EnvHttpProxyAgent({
        httpProxy,
        httpsProxy,
        noProxy,
        connect: tls,
        proxyTls: tls,
        requestTls: tls,
        ...(token ? { token } : {}),
      }),
      proxied: true,
    };
  } else {
    info = { dispatcher: new Agent({ connect: tls }), proxied: false };
  }
  cache.set(key, info);
  while (cache.size > MAX_CACHED) {
    const [oldKey, old] = cache.entries().next().value as [string, DispatcherInfo];
    cache.delete(oldKey);
    void old.dispatcher.close().catch(() => undefined);
  }
  return info;
}

/** Closes every cached dispatcher (tests, CLI exit, extension deactivate). */
export async function closeDispatchers(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  await Promise.all(all.map((d) => d.dispatcher.close().catch(() => undefined)));
}
