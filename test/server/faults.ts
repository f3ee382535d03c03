// Fault grammar (the value of `#fault=` or `Scenario.fault`) and the faults that happen before
// any stream byte. Mid-stream faults are carried out by sse-writer.ts at the right event.
import type { ServerResponse } from 'node:http';
import { errorBody, HTML_ERROR, type Dialect } from './errors';

export type MidFaultKind = 'reset' | 'stall' | 'truncate' | 'malformed' | 'error-event' | 'error-data' | 'invalid-utf8' | 'oversized' | 'pause' | 'keepalive';

export type Fault =
  /** Answer STATUS with a JSON (dialect shape), HTML or empty body; `times` failures, then normal answers. */
  | { kind: 'http'; status: number; body: 'json' | 'html' | 'empty'; times?: number }
  /** Destroy the socket before any response byte; `times` failures, then normal answers. */
  | { kind: 'reset-before-headers'; times?: number }
  /** Wait `ms` before sending the response headers (response-timeout tests). */
  | { kind: 'delay-headers'; ms: number }
  /** 200 with `application/json` and the non-streaming response body instead of a stream. */
  | { kind: 'json-body' }
  /** Redirect (307 default, or 301/302/303/308) to `Scenario.location`, else the same path on http://localhost:PORT (another origin). */
  | { kind: 'redirect'; status: number }
  /** Something happens after `after` data events. `arg`: MB of the oversized line, or ms of a pause / keep-alive. */
  | { kind: 'mid'; what: MidFaultKind; after: number; arg?: number };

const MID = /^(reset|stall|truncate|malformed|error-event|error-data|invalid-utf8|oversized|pause|keepalive)(?:-after:(\d+))?(?::(\d+))?$/;

export function parseFault(spec: string): Fault | null {
  const http = /^(\d{3})(?::(json|html|empty))?(?::(\d+))?$/.exec(spec);
  if (http) {
    return { kind: 'http', status: Number(http[1]), body: (http[2] as 'json' | 'html' | 'empty' | undefined) ?? 'json', times: http[3] ? Number(http[3]) : undefined };
  }
  const before = /^reset-before-headers(?::(\d+))?$/.exec(spec);
  if (before) return { kind: 'reset-before-headers', times: before[1] ? Number(before[1]) : undefined };
  const delay = /^delay-headers:(\d+)$/.exec(spec);
  if (delay) return { kind: 'delay-headers', ms: Number(delay[1]) };
  if (spec === 'json-body') return { kind: 'json-body' };
  const redirect = /^redirect(?::(30[12378]))?$/.exec(spec);
  if (redirect) return { kind: 'redirect', status: Number(redirect[1] ?? 307) };
  const mid = MID.exec(spec);
  if (mid) return { kind: 'mid', what: mid[1] as MidFaultKind, after: Number(mid[2] ?? 0), ...(mid[3] ? { arg: Number(mid[3]) } : {}) };
  return null;
}

/** Faults that can fail a number of times and then let the request through. */
export function failureBudget(f: Fault): number | undefined {
  return f.kind === 'http' || f.kind === 'reset-before-headers' ? (f.times ?? Infinity) : undefined;
}

/** Send an HTTP error answer for a `kind: 'http'` fault (or any error status). */
export function sendHttpError(res: ServerResponse, dialect: Dialect, status: number, body: 'json' | 'html' | 'empty', retryAfterS?: number, message?: string): void {
  const headers: Record<string, string> = {};
  if (retryAfterS !== undefined) headers['retry-after'] = String(retryAfterS);
  if (dialect === 'openai') headers['x-request-id'] = `req_${Math.random().toString(16).slice(2, 14)}`;
  let payload = '';
  if (body === 'json') {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(errorBody(dialect, status, message));
  } else if (body === 'html') {
    headers['content-type'] = 'text/html';
    payload = HTML_ERROR(status);
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(status, headers);
  res.end(payload);
}
