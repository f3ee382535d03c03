// Retry policy for the initial HTTP exchange only (never after the stream has started):
// which failures are worth another attempt, and how long to wait before it.

import type { IncomingHeaders } from './headers';
import { headerValue } from './headers';
import type { StreamErrorInfo } from './types';

const MAX_SERVER_WAIT_MS = 60_000;
const BASE_MS = 500;
const CAP_MS = 8_000;

/** Status codes the official SDKs retry (408, 409, 429, 5xx); `x-should-retry` overrides either way. */
export function isRetryableStatus(status: number, headers?: IncomingHeaders): boolean {
  const override = headers ? headerValue(headers, 'x-should-retry') : undefined;
  if (override === 'true') return true;
  if (override === 'false') return false;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Server-requested wait: `retry-after-ms` (float ms) first, then `Retry-After` (seconds or an HTTP
 * date). Returns undefined when absent or unparseable; negative values count as 0; capped at 60 s.
 */
export function parseRetryAfter(headers: IncomingHeaders, now: number = Date.now()): number | undefined {
  const ms = headerValue(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '') {
    const n = Number(ms);
    if (Number.isFinite(n)) return clampWait(n);
  }
  const ra = headerValue(headers, 'retry-after');
  if (ra === undefined || ra.trim() === '') return undefined;
  const secs = Number(ra);
  if (Number.isFinite(secs)) return clampWait(secs * 1000);
  const date = Date.parse(ra);
  if (Number.isNaN(date)) return undefined;
  return clampWait(date - now);
}

function clampWait(ms: number): number {
  return Math.round(Math.min(Math.max(ms, 0), MAX_SERVER_WAIT_MS));
}

/** Exponential backoff for retry number `retry` (0 = first retry): 0.5 s × 2^n, cap 8 s, minus up to 25 % jitter. */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const base = Math.min(BASE_MS * 2 ** Math.max(0, retry), CAP_MS);
  return Math.round(base * (1 - 0.25 * random()));
}

/** Wait before the next attempt: the server's request if it gave one, else backoff. */
function retryDelay(retry: number, retryAfterMs: number | undefined, random?: () => number): number {
  return retryAfterMs !== undefined ? retryAfterMs : backoffDelay(retry, random);
}

/** What one attempt came to: a result, or a failure that is retried while the budget lasts, else given up on. */
export type Attempt<T> = { result: T } | { failure: StreamErrorInfo; giveUp: () => T };

/**
 * The one retry loop (streams and lists): runs `attempt(1)`, `attempt(2)`, … while it fails with a
 * retryable error, at most `maxRetries` times more, waiting `retryDelay` first; `wait` resolves false
 * when the wait was cut short (aborted), which gives up.
 */
export async function withRetries<T>(
  maxRetries: number,
  attempt: (n: number) => Promise<Attempt<T>>,
  wait: (n: number, failure: StreamErrorInfo, delayMs: number) => Promise<boolean>,
): Promise<T> {
  for (let n = 1; ; n++) {
    const outcome = await attempt(n);
    if ('result' in outcome) return outcome.result;
    const { failure } = outcome;
    if (!(failure.retryable && n <= maxRetries && (await wait(n, failure, retryDelay(n - 1, failure.retryAfterMs))))) return outcome.giveUp();
  }
}
