// One reading of a vector sidecar (its endpoint and its `expect`), shared by the in-memory and the
// over-HTTP vector tests and the fuzzer's corpus.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Endpoint, ErrorKind, StreamResult } from '../src/core';

/** The core's endpoint for a sidecar's `endpoint` name. */
export const SIDECAR_ENDPOINTS: Record<string, Endpoint> = {
  'writer.chat': 'writer.chat',
  'writer.completions': 'writer.completions',
  'writer.graphs.question': 'writer.graph-question',
  'writer.applications.generate': 'writer.application',
  'openai.chat.completions': 'openai.chat',
  'generic.generate.stream': 'generic.generate',
};

/** The core's error kind for a sidecar error (`in_stream`, `truncated`, or an HTTP status). */
export function expectedKind(e: Record<string, unknown>): ErrorKind {
  if (e.kind === 'in_stream') return 'in-stream';
  if (e.kind === 'truncated') return 'malformed';
  const status = e.status as number;
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate-limit';
  if (status === 402) return 'billing';
  if (status === 404) return 'not-found';
  if (status >= 500) return 'server';
  return 'bad-request';
}

/** Asserts that an accumulated result matches every field the sidecar's `expect` states. */
export function assertMatchesExpect(r: StreamResult, x: Record<string, unknown>, label: string): void {
  const m = (what: string): string => `${label}: ${what}`;
  if (x.text_sha256 !== undefined) {
    assert.equal(r.text.length, x.text_length, m('text_length'));
    assert.equal(createHash('sha256').update(r.text, 'utf8').digest('hex'), x.text_sha256, m('text_sha256'));
  } else if (typeof x.text === 'string') assert.equal(r.text, x.text, m('text'));
  if ('answer' in x) assert.equal(r.text, x.answer, m('answer'));
  if ('reasoning' in x) assert.equal(r.reasoning, x.reasoning, m('reasoning'));
  if ('refusal' in x) assert.equal(r.refusal, x.refusal, m('refusal'));
  if ('finish_reason' in x) assert.equal(r.finishReason, x.finish_reason, m('finish_reason'));
  if ('tool_calls' in x) {
    const want = (x.tool_calls as Record<string, unknown>[]).map((t) => ({ index: t.index, id: t.id, type: t.type, name: t.name, arguments: t.arguments, argumentsJson: t.arguments_json }));
    assert.deepEqual(r.toolCalls, want, m('tool_calls'));
  }
  if ('usage' in x) assert.deepEqual(r.usage, x.usage, m('usage'));
  if ('graph_data' in x) assert.deepEqual(r.graphData, x.graph_data, m('graph_data'));
  for (const k of ['sources', 'subqueries', 'references', 'stages'] as const) if (k in x) assert.deepEqual(r[k], x[k], m(k));
  if ('web_sources' in x) assert.deepEqual(r.webSources, x.web_sources, m('web_sources'));
  if ('title' in x) assert.equal(r.title, x.title, m('title'));
  if ('termination' in x) assert.equal(r.termination, x.termination, m('termination'));
  if ('data_events' in x) assert.equal(r.dataEvents, x.data_events, m('data_events'));
  const e = x.error as Record<string, unknown> | null | undefined;
  if (e === null) assert.equal(r.error, null, m(`no error expected, got ${JSON.stringify(r.error)}`));
  else if (e) {
    assert.ok(r.error, m('error expected'));
    assert.equal(r.error.kind, expectedKind(e), m('error.kind'));
    if ('status' in e) assert.equal(r.error.status ?? null, e.status, m('error.status'));
    if ('type' in e) assert.equal(r.error.type, e.type, m('error.type'));
    if ('key' in e) assert.equal(r.error.key, e.key, m('error.key'));
    for (const k of ['code', 'param', 'provider'] as const) if (k in e) assert.equal(r.error[k], e[k], m(`error.${k}`));
    if ('message' in e) assert.equal(r.error.message, e.message, m('error.message'));
    if ('retryable' in e) assert.equal(r.error.retryable, e.retryable, m('error.retryable'));
    if ('retry_after_ms' in e) assert.equal(r.error.retryAfterMs, e.retry_after_ms, m('error.retryAfterMs'));
  }
}
