// What the server saw, per request: tests assert on these instead of on client-side timers.
import { performance } from 'node:perf_hooks';

/** Epoch milliseconds with sub-ms precision; the same clock in every process, monotonic within one. */
export function serverNow(): number {
  return performance.timeOrigin + performance.now();
}

/** none: no Authorization header; present: a header but no key configured; valid / invalid: compared with the configured key. */
export type AuthState = 'none' | 'present' | 'valid' | 'invalid';

/** How a response ended, from the server's point of view. */
export type Outcome =
  | 'open' // still running
  | 'complete' // every byte written and the response ended normally
  | 'http-error' // an error status (4xx/5xx) was answered
  | 'client-closed' // the client closed the socket before the server finished
  | 'reset' // the server destroyed the socket on purpose (fault)
  | 'truncated' // the server closed mid-line on purpose (fault)
  | 'server-closed'; // server.close() ended it (e.g. a stalled stream nobody cancelled)

/** One TCP (or TLS) connection: keep-alive clients send several requests over one. */
export interface ConnectionRecord {
  id: number;
  openedAt: number;
  closedAt?: number;
  requestIds: number[];
}

export interface RequestRecord {
  /** 1, 2, 3 … in arrival order. */
  id: number;
  /** The connection it arrived on (see `server.connections`). */
  connectionId?: number;
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, the raw text when it is not JSON, undefined for no body. */
  body: unknown;
  /** Whether an Authorization header was present and matched the expected key (the key itself is never stored). */
  auth: AuthState;
  /** A few request headers useful in assertions (never Authorization). */
  headers: Record<string, string>;
  /** Markers found in the request plus the scenario applied, e.g. {fault:'reset-after:5', rate:50}. */
  scenario: Record<string, unknown>;
  status?: number;
  openedAt: number;
  /** When the response (and, for a cancel, the client socket) closed; undefined while open. */
  closedAt?: number;
  /** Data events written so far (each SSE event counts once; `[DONE]` counts). */
  eventsSent: number;
  bytesSent: number;
  outcome: Outcome;
  /** With `#stamp`: the server clock when each content delta was handed to the socket. */
  sentAt?: number[];
}

type Waiter = { pred: (r: RequestRecord) => boolean; resolve: (r: RequestRecord) => void };

/** The list of records plus the two waits tests need. */
export class RequestLog {
  readonly records: RequestRecord[] = [];
  readonly connections: ConnectionRecord[] = [];
  private waiters: Waiter[] = [];
  private closeWaiters = new Map<number, Array<(t: number) => void>>();
  private nextId = 1;

  openConnection(): ConnectionRecord {
    const c: ConnectionRecord = { id: this.connections.length + 1, openedAt: serverNow(), requestIds: [] };
    this.connections.push(c);
    return c;
  }

  create(init: Omit<RequestRecord, 'id' | 'eventsSent' | 'bytesSent' | 'outcome' | 'scenario'>): RequestRecord {
    const record: RequestRecord = { id: this.nextId++, eventsSent: 0, bytesSent: 0, outcome: 'open', scenario: {}, ...init };
    this.records.push(record);
    return record;
  }

  /** Called once the body is parsed and the scenario is known, so predicates can look at both. */
  announce(record: RequestRecord): void {
    for (const w of [...this.waiters]) {
      if (w.pred(record)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(record);
      }
    }
  }

  markClosed(record: RequestRecord, outcome?: Outcome): void {
    if (record.closedAt !== undefined) return;
    record.closedAt = serverNow();
    if (outcome) record.outcome = outcome;
    else if (record.outcome === 'open') record.outcome = 'client-closed';
    for (const resolve of this.closeWaiters.get(record.id) ?? []) resolve(record.closedAt);
    this.closeWaiters.delete(record.id);
  }

  waitForRequest(pred: (r: RequestRecord) => boolean, timeoutMs: number): Promise<RequestRecord> {
    const announced = this.records.find((r) => r.body !== PENDING && pred(r));
    if (announced) return Promise.resolve(announced);
    return withTimeout(
      new Promise<RequestRecord>((resolve) => this.waiters.push({ pred, resolve })),
      timeoutMs,
      'waitForRequest',
    );
  }

  waitForClose(requestId: number, timeoutMs: number): Promise<number> {
    const record = this.records.find((r) => r.id === requestId);
    if (!record) return Promise.reject(new Error(`no request with id ${requestId}`));
    if (record.closedAt !== undefined) return Promise.resolve(record.closedAt);
    const list = this.closeWaiters.get(requestId) ?? [];
    this.closeWaiters.set(requestId, list);
    return withTimeout(new Promise<number>((resolve) => list.push(resolve)), timeoutMs, `waitForClose(${requestId})`);
  }
}

/** Placeholder body while the request body is still arriving (so waitForRequest never sees half a record). */
export const PENDING: unique symbol = Symbol('pending');

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    timer.unref();
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
