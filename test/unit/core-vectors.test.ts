// Every protocol vector, fed whole, one byte per read and in random slices, must accumulate to
// exactly the sidecar's `expect`. The *-http-* vectors go through the HTTP error classifier.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { classifyHttpError, decodeChunks, type Endpoint, type ErrorKind, type StreamResult } from '../../src/core';

const VECTORS = resolve(__dirname, '../../../test/vectors');

interface Sidecar {
  endpoint: string;
  response: { status: number; headers: Record<string, string> };
  body_is_json_not_sse?: boolean;
  expect: Record<string, unknown>;
}

const ENDPOINTS: Record<string, Endpoint> = {
  'writer.chat': 'writer.chat',
  'writer.completions': 'writer.completions',
  'writer.graphs.question': 'writer.graph-question',
  'writer.applications.generate': 'writer.application',
  'openai.chat.completions': 'openai.chat',
  'generic.generate.stream': 'generic.generate',
};

function expectedKind(e: Record<string, unknown>): ErrorKind {
  if (e.kind === 'in_stream') return 'in-stream';
  if (e.kind === 'truncated') return 'malformed';
  const status = e.status as number;
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate-limit';
  if (status === 404) return 'not-found';
  if (status >= 500) return 'server';
  return 'bad-request';
}

/** Deterministic PRNG so a failing seed can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function slices(bytes: Uint8Array, mode: 'whole' | 'bytes' | number): Uint8Array[] {
  if (mode === 'whole') return [bytes];
  if (mode === 'bytes') return Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
  const rnd = mulberry32(mode);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(rnd() * (rnd() < 0.8 ? 16 : 700));
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

function checkResult(r: StreamResult, x: Record<string, unknown>, label: string): void {
  const m = (what: string): string => `${label}: ${what}`;
  if (typeof x.text === 'string' && x.text_sha256 === undefined) assert.equal(r.text, x.text, m('text'));
  if (x.text_sha256 !== undefined) {
    assert.equal(r.text.length, x.text_length, m('text_length'));
    assert.equal(createHash('sha256').update(r.text, 'utf8').digest('hex'), x.text_sha256, m('text_sha256'));
  }
  if ('answer' in x) assert.equal(r.text, x.answer, m('answer'));
  if ('finish_reason' in x) assert.equal(r.finishReason, x.finish_reason, m('finish_reason'));
  if ('tool_calls' in x) {
    const want = (x.tool_calls as Record<string, unknown>[]).map((t) => ({ index: t.index, id: t.id, type: t.type, name: t.name, arguments: t.arguments, argumentsJson: t.arguments_json }));
    assert.deepEqual(r.toolCalls, want, m('tool_calls'));
  }
  if ('usage' in x) assert.deepEqual(r.usage, x.usage, m('usage'));
  if ('graph_data' in x) assert.deepEqual(r.graphData, x.graph_data, m('graph_data'));
  if ('sources' in x) assert.deepEqual(r.sources, x.sources, m('sources'));
  if ('subqueries' in x) assert.deepEqual(r.subqueries, x.subqueries, m('subqueries'));
  if ('references' in x) assert.deepEqual(r.references, x.references, m('references'));
  if ('stages' in x) assert.deepEqual(r.stages, x.stages, m('stages'));
  if ('title' in x) assert.equal(r.title, x.title, m('title'));
  if ('termination' in x) assert.equal(r.termination, x.termination, m('termination'));
  if ('data_events' in x) assert.equal(r.dataEvents, x.data_events, m('data_events'));
  const e = x.error as Record<string, unknown> | null | undefined;
  if (e === null) assert.equal(r.error, null, m('error should be null'));
  else if (e) {
    assert.ok(r.error, m('error expected'));
    assert.equal(r.error.kind, expectedKind(e), m('error.kind'));
    if ('status' in e) assert.equal(r.error.status ?? null, e.status, m('error.status'));
    if ('type' in e) assert.equal(r.error.type, e.type, m('error.type'));
    if ('key' in e) assert.equal(r.error.key, e.key, m('error.key'));
    if ('message' in e) assert.equal(r.error.message, e.message, m('error.message'));
    if ('retryable' in e) assert.equal(r.error.retryable, e.retryable, m('error.retryable'));
  }
}

const names = JSON.parse(readFileSync(join(VECTORS, 'INDEX.json'), 'utf8')) as string[];

test('there are 22 vectors', () => assert.equal(names.length, 22));

for (const name of names) {
  const side = JSON.parse(readFileSync(join(VECTORS, `${name}.expect.json`), 'utf8')) as Sidecar;
  const bytes = new Uint8Array(readFileSync(join(VECTORS, `${name}.sse`)));
  if (side.body_is_json_not_sse) {
    test(`${name}: HTTP error classification`, () => {
      const info = classifyHttpError(side.response.status, side.response.headers, Buffer.from(bytes).toString('utf8'));
      const e = side.expect.error as Record<string, unknown>;
      assert.equal(info.kind, expectedKind(e));
      assert.equal(info.status, e.status);
      assert.equal(info.type, e.type);
      if ('key' in e) assert.equal(info.key, e.key);
      assert.equal(info.message, e.message);
      assert.equal(info.retryable, e.retryable);
      if ('retry_after_ms' in e) assert.equal(info.retryAfterMs, e.retry_after_ms);
      if ('request_id' in e) assert.equal(info.requestId, e.request_id);
      assert.ok(info.action.length > 0);
    });
    continue;
  }
  const endpoint = ENDPOINTS[side.endpoint];
  assert.ok(endpoint, `unknown endpoint ${side.endpoint}`);
  test(`${name}: whole, byte by byte, random slices`, () => {
    for (const mode of ['whole', 'bytes', 1, 2, 3, 4, 5] as const) {
      const { events, result } = decodeChunks(endpoint, slices(bytes, mode));
      checkResult(result, side.expect, `${name} [${mode}]`);
      const terminals = events.filter((e) => e.type === 'done' || e.type === 'error');
      assert.equal(terminals.length, 1, `${name} [${mode}]: exactly one terminal event`);
      assert.equal(terminals[0], events[events.length - 1], `${name} [${mode}]: terminal event is last`);
    }
  });
}
