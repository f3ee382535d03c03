// Every protocol vector over real HTTP: the local server replays it byte-exact (whole, one byte per
// write, random slices) and the core's startStream must accumulate exactly the sidecar's `expect`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closeDispatchers, startStream, type ConnectionOptions, type ErrorKind, type StreamRequest, type StreamResult } from '../../src/core';
import { loadVector, startStreamingServer, vectorNames, type Chunking, type StreamingServer } from '../server';

let server: StreamingServer;
before(async () => {
  server = await startStreamingServer();
});
after(async () => {
  await server.close();
  await closeDispatchers();
});

/** The request that makes the core decode the vector's endpoint (the server ignores its content). */
function requestFor(endpoint: string): { request: StreamRequest; provider: ConnectionOptions['provider']; path: string } {
  switch (endpoint) {
    case 'writer.chat':
      return { provider: 'writer', path: '', request: { kind: 'chat', model: 'palmyra-x5', messages: [{ role: 'user', content: 'x' }] } };
    case 'writer.completions':
      return { provider: 'writer', path: '', request: { kind: 'completions', model: 'palmyra-x5', prompt: 'x' } };
    case 'writer.graphs.question':
      return { provider: 'writer', path: '', request: { kind: 'graph-question', graphIds: ['g'], question: 'x' } };
    case 'writer.applications.generate':
      return { provider: 'writer', path: '', request: { kind: 'application', applicationId: 'a', inputs: [] } };
    case 'openai.chat.completions':
      return { provider: 'openai', path: '/v1', request: { kind: 'chat', model: 'm', messages: [{ role: 'user', content: 'x' }] } };
    case 'generic.generate.stream':
      return { provider: 'generic', path: '', request: { kind: 'completions', model: 'm', prompt: 'x' } };
  }
  throw new Error(`unknown endpoint ${endpoint}`);
}

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

function check(r: StreamResult, x: Record<string, unknown>, label: string): void {
  const m = (what: string): string => `${label}: ${what}`;
  if (x.text_sha256 !== undefined) {
    assert.equal(r.text.length, x.text_length, m('text_length'));
    assert.equal(createHash('sha256').update(r.text, 'utf8').digest('hex'), x.text_sha256, m('text_sha256'));
  } else if (typeof x.text === 'string') assert.equal(r.text, x.text, m('text'));
  if ('finish_reason' in x) assert.equal(r.finishReason, x.finish_reason, m('finish_reason'));
  if ('tool_calls' in x) {
    const want = (x.tool_calls as Record<string, unknown>[]).map((t) => ({ index: t.index, id: t.id, type: t.type, name: t.name, arguments: t.arguments, argumentsJson: t.arguments_json }));
    assert.deepEqual(r.toolCalls, want, m('tool_calls'));
  }
  if ('usage' in x) assert.deepEqual(r.usage, x.usage, m('usage'));
  if ('graph_data' in x) assert.deepEqual(r.graphData, x.graph_data, m('graph_data'));
  for (const k of ['sources', 'subqueries', 'references', 'stages'] as const) if (k in x) assert.deepEqual(r[k], x[k], m(k));
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
    if ('message' in e) assert.equal(r.error.message, e.message, m('error.message'));
    if ('retry_after_ms' in e) assert.equal(r.error.retryAfterMs, e.retry_after_ms, m('error.retryAfterMs'));
  }
}

for (const name of vectorNames()) {
  test(`${name} over HTTP: whole, byte, random`, async () => {
    const vector = loadVector(name)!;
    const { request, provider, path } = requestFor(vector.sidecar.endpoint);
    for (const chunking of ['whole', 'byte', 'random'] as Chunking[]) {
      for (const seed of chunking === 'random' ? [1, 2, 3] : [1]) {
        server.nextScenario({ vector: name, chunking, seed });
        const handle = startStream(request, { provider, baseUrl: server.url + path, maxRetries: 0 });
        const result = await handle.result;
        check(result, vector.sidecar.expect, `${name} ${chunking}${chunking === 'random' ? ` seed ${seed}` : ''}`);
        const rec = server.requests.at(-1)!;
        assert.equal(rec.scenario.vector, name);
        await server.waitForClose(rec.id, 5000);
      }
    }
  });
}
