// The rows of the fault matrix: every fault the local streaming server (or the network around it)
// can inject, with what the user must be told and what must survive it. Plain data, no vscode.
import type { ErrorKind } from '../../../src/core/types';

/** Where the request goes: the fault server, a closed port, an unresolvable host, a self-signed TLS server. */
export type Target = 'server' | 'refused' | 'dns' | 'tls';

/** Data events sent before a mid-stream fault; every endpoint starts with one empty event, so N-1 tokens arrive. */
export const MID_AFTER = 5;

export interface FaultCase {
  /** Row name in the matrix. */
  name: string;
  target: Target;
  /** Server fault SPEC (`#fault=` syntax) for target 'server'. */
  fault?: string;
  /** Extra settings for this row (e.g. a short idle timeout for the stall). */
  settings?: Record<string, unknown>;
  /** How the stream must end. */
  ends: 'error' | 'done';
  kind?: ErrorKind;
  /** Text arrived before the fault, so some must be kept (and marked). */
  partial: boolean;
  /** The message must say what happened … */
  happened?: RegExp;
  /** … and what to do. */
  todo?: RegExp;
  /** Retryable before the first byte: the client tries 1 + maxRetries times, then reports. */
  retried?: boolean;
  /** Milliseconds the client must wait before its retry (the server's Retry-After). */
  retryAfterMs?: number;
}

/** Suite-wide maxRetries: low so retried rows stay fast, not 0 so the retry path is exercised. */
export const MAX_RETRIES = 1;

const TRY_AGAIN = /try again/i;

function statusRows(status: 500 | 502 | 503): FaultCase[] {
  const described = { 500: /internal server error/i, 502: /bad gateway/i, 503: /service temporarily unavailable/i }[status];
  return [
    { name: `${status} + JSON body`, target: 'server', fault: `${status}:json`, ends: 'error', kind: 'server', partial: false, happened: described, todo: TRY_AGAIN, retried: true },
    {
      name: `${status} + HTML body`,
      target: 'server',
      fault: `${status}:html`,
      ends: 'error',
      kind: 'server',
      partial: false,
      happened: new RegExp(`${status}.*HTML page`),
      todo: TRY_AGAIN,
      retried: true,
    },
    {
      name: `${status} + empty body`,
      target: 'server',
      fault: `${status}:empty`,
      ends: 'error',
      kind: 'server',
      partial: false,
      happened: new RegExp(`${status} with an empty body`),
      todo: TRY_AGAIN,
      retried: true,
    },
  ];
}

export const FAULTS: FaultCase[] = [
  {
    name: '429 + Retry-After',
    target: 'server',
    fault: '429',
    ends: 'error',
    kind: 'rate-limit',
    partial: false,
    happened: /rate limit/i,
    todo: /wait|try again/i,
    retried: true,
    retryAfterMs: 1000,
  },
  {
    // The recovering case: one 429, the Retry-After wait, then the full answer and no message at all.
    name: '429 once, then OK',
    target: 'server',
    fault: '429:1',
    ends: 'done',
    partial: false,
    retried: true,
    retryAfterMs: 1000,
  },
  ...statusRows(500),
  ...statusRows(502),
  ...statusRows(503),
  {
    name: 'reset before headers',
    target: 'server',
    fault: 'reset-before-headers',
    ends: 'error',
    kind: 'network',
    partial: false,
    happened: /connection .*closed unexpectedly|closed the connection|reset/i,
    todo: TRY_AGAIN,
    retried: true,
  },
  {
    name: 'reset mid-stream',
    target: 'server',
    fault: `reset-after:${MID_AFTER}`,
    ends: 'error',
    kind: 'network',
    partial: true,
    happened: /closed|connection|before the answer was finished/i,
    todo: TRY_AGAIN,
  },
  {
    name: 'stall (idle timeout 1 s)',
    target: 'server',
    fault: `stall-after:${MID_AFTER}`,
    settings: { 'timeouts.idleSeconds': 1 },
    ends: 'error',
    kind: 'stalled',
    partial: true,
    happened: /stalled.*no data .* for 1 s/i,
    todo: /try again|idleSeconds/i,
  },
  {
    name: 'truncated event',
    target: 'server',
    fault: `truncate-after:${MID_AFTER}`,
    ends: 'error',
    partial: true,
    happened: /middle of an event|incomplete|closed/i,
    todo: TRY_AGAIN,
  },
  {
    name: 'malformed JSON event',
    target: 'server',
    fault: `malformed-after:${MID_AFTER}`,
    ends: 'error',
    kind: 'malformed',
    partial: true,
    happened: /not valid JSON/i,
    // Four good events came first: provider and baseUrl are right, so the advice is to try again.
    todo: TRY_AGAIN,
  },
  {
    name: 'in-stream `event: error`',
    target: 'server',
    fault: `error-event-after:${MID_AFTER}`,
    ends: 'error',
    kind: 'in-stream',
    partial: true,
    happened: /model stopped unexpectedly/i,
    todo: TRY_AGAIN,
  },
  {
    name: 'in-stream `data: {"error"}`',
    target: 'server',
    fault: `error-data-after:${MID_AFTER}`,
    ends: 'error',
    kind: 'in-stream',
    partial: true,
    happened: /model stopped unexpectedly/i,
    todo: TRY_AGAIN,
  },
  {
    // The core stops at bytes that are not UTF-8 (rather than guessing) and keeps the text before them.
    name: 'invalid UTF-8',
    target: 'server',
    fault: `invalid-utf8-after:${MID_AFTER}`,
    ends: 'error',
    kind: 'malformed',
    partial: true,
    happened: /not valid UTF-8/i,
    todo: TRY_AGAIN,
  },
  {
    name: 'oversized line (20 MB)',
    target: 'server',
    fault: `oversized-after:${MID_AFTER}:20`,
    ends: 'error',
    kind: 'malformed',
    partial: true,
    happened: /oversized/i,
    todo: /check|try again/i,
  },
  {
    name: 'JSON body instead of a stream',
    target: 'server',
    fault: 'json-body',
    ends: 'error',
    kind: 'malformed',
    partial: false,
    happened: /JSON document instead of an event stream/i,
    todo: /provider|baseUrl/i,
  },
  {
    name: 'connection refused (closed port)',
    target: 'refused',
    ends: 'error',
    kind: 'network',
    partial: false,
    happened: /refused the connection/i,
    todo: /baseUrl|running/i,
    retried: true,
  },
  {
    name: 'DNS failure (.invalid host)',
    target: 'dns',
    ends: 'error',
    kind: 'network',
    partial: false,
    happened: /could not resolve the host/i,
    todo: /baseUrl|DNS/i,
  },
  {
    name: 'self-signed TLS (strict)',
    target: 'tls',
    ends: 'error',
    kind: 'network',
    partial: false,
    happened: /certificate .* not trusted .*self-signed/i,
    todo: /proxyStrictSSL|CA certificate/i,
  },
];
