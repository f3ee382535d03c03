// One HTTP exchange on undici: the caller's AbortSignal goes straight to the socket (abort destroys
// the connection), connect/headers/idle timeouts come from the dispatcher and request options.

import { request, type Dispatcher } from './undici';
import type { Timeouts } from './types';

const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, responseMs: 120_000, idleMs: 90_000 };

export function resolveTimeouts(t?: Partial<Timeouts>): Timeouts {
  const pick = (v: number | undefined, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d);
  return {
    connectMs: pick(t?.connectMs, DEFAULT_TIMEOUTS.connectMs),
    responseMs: pick(t?.responseMs, DEFAULT_TIMEOUTS.responseMs),
    idleMs: pick(t?.idleMs, DEFAULT_TIMEOUTS.idleMs),
  };
}

export interface Exchange {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export type ResponseData = Dispatcher.ResponseData;

export function send(ex: Exchange, dispatcher: Dispatcher, timeouts: Timeouts, signal: AbortSignal): Promise<ResponseData> {
  return request(ex.url, {
    method: ex.method,
    headers: ex.headers,
    body: ex.body,
    signal,
    dispatcher,
    headersTimeout: timeouts.responseMs,
    bodyTimeout: timeouts.idleMs,
  });
}

/** Reads at most `limit` bytes of a body as text (error bodies, JSON lists), then releases it. */
export async function readText(body: ResponseData['body'], limit = 256 * 1024): Promise<string> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    parts.push(chunk);
    n += chunk.length;
    if (n >= limit) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(parts).subarray(0, limit).toString('utf8');
}

export function authHeaders(apiKey: string | undefined, accept: string): Record<string, string> {
  const h: Record<string, string> = { accept, 'user-agent': 'stream-assist/0.1' };
  if (apiKey) h.authorization = `Bearer ${apiKey}`;
  return h;
}
