// What every route gets, and the two ways a streaming route answers: a stream or one JSON document.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_MESSAGES, type Dialect } from '../errors';
import { sendHttpError, type Fault } from '../faults';
import type { RequestLog, RequestRecord } from '../records';
import type { Scenario } from '../scenario';
import { writeStream, type StreamPlan } from '../sse-writer';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  record: RequestRecord;
  log: RequestLog;
  /** Parsed JSON body ({} when absent or not an object). */
  body: Record<string, unknown>;
  query: Record<string, string>;
  /** Path parameters, e.g. {id} for /v1/applications/{id}. */
  params: Record<string, string>;
  scenario: Scenario;
  fault: Fault | null;
  /** Effective token rate (scenario, else server default). */
  rate: number;
  /** `reflectAuth`: the received Authorization header, appended to error messages (see index.ts). */
  reflect?: string;
}

export function sendJson(ctx: RouteContext, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  ctx.record.status = status;
  ctx.record.outcome = status >= 400 ? 'http-error' : 'complete';
  ctx.res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  ctx.res.end(text);
}

export function sendError(ctx: RouteContext, dialect: Dialect, status: number, message?: string): void {
  ctx.record.status = status;
  ctx.record.outcome = 'http-error';
  sendHttpError(ctx.res, dialect, status, 'json', undefined, ctx.reflect ? `${message ?? DEFAULT_MESSAGES[status] ?? `HTTP ${status}`}${ctx.reflect}` : message);
}

/** Stream when the request asked for it (and no `json-body` fault says otherwise), else answer with one JSON document. */
export async function respond(ctx: RouteContext, plan: StreamPlan, nonStream: () => unknown, alwaysStream = false): Promise<void> {
  if ((!alwaysStream && ctx.body.stream !== true) || ctx.fault?.kind === 'json-body') {
    sendJson(ctx, 200, nonStream());
    return;
  }
  await writeStream(ctx.res, ctx.record, ctx.log, plan, { rate: ctx.rate, fault: ctx.fault ?? undefined, stamp: ctx.scenario.stamp, reflect: ctx.reflect });
}

/** The text of the last user message (string content or text parts). */
export function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown };
    if (m?.role !== 'user') continue;
    if (typeof m.content === 'string') return m.content;
    if (Array.isArray(m.content)) {
      return m.content.map((p: { text?: unknown }) => (typeof p?.text === 'string' ? p.text : '')).join('');
    }
  }
  return '';
}

/** Rough prompt token count for `usage` (~4 characters per token). */
export function promptTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function randomId(): string {
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
}
