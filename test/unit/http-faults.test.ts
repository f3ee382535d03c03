// Every fault the local server can inject, through the core over real HTTP: the right error kind,
// the text received before the fault kept, and the server seeing the socket closed. Plus cancel
// timing (on the server's clock), retry on 429 + Retry-After, and no retry after the first delta.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startStream, type ConnectionOptions, type ErrorKind, type StreamEvent, type StreamRequest } from '../../src/core';
import { answerText, GRAPHS, tokenize, type StreamingServer } from '../server';
import { withStreamingServer } from './localServer';

let server: StreamingServer;
withStreamingServer((s) => (server = s));

const options = (extra: Partial<ConnectionOptions> = {}): ConnectionOptions => ({ provider: 'writer', baseUrl: server.url, maxRetries: 0, timeouts: { idleMs: 300 }, ...extra });
const chat = (content: string): StreamRequest => ({ kind: 'chat', model: 'palmyra-x5', messages: [{ role: 'user', content }] });
const PLAIN = tokenize(answerText('chat', 'plain'));

async function collect(request: StreamRequest, opts: ConnectionOptions) {
  const handle = startStream(request, opts);
  const events: StreamEvent[] = [];
  for await (const e of handle.events) events.push(e);
  return { events, result: await handle.result, handle };
}

interface Case {
  fault: string;
  kind: ErrorKind;
  /** Content tokens the client must have kept (writer chat: event 1 is the role chunk). */
  kept: number;
  status?: number;
}

const CASES: Case[] = [
  { fault: '429', kind: 'rate-limit', kept: 0, status: 429 },
  { fault: '500', kind: 'server', kept: 0, status: 500 },
  { fault: '500:html', kind: 'server', kept: 0, status: 500 },
  { fault: '502:html', kind: 'server', kept: 0, status: 502 },
  { fault: '503:empty', kind: 'server', kept: 0, status: 503 },
  { fault: '503:json', kind: 'server', kept: 0, status: 503 },
  { fault: '401', kind: 'auth', kept: 0, status: 401 },
  { fault: '403', kind: 'auth', kept: 0, status: 403 },
  { fault: '404', kind: 'not-found', kept: 0, status: 404 },
  { fault: '400', kind: 'bad-request', kept: 0, status: 400 },
  { fault: 'reset-before-headers', kind: 'network', kept: 0 },
  { fault: 'reset-after:5', kind: 'network', kept: 4 },
  { fault: 'stall-after:5', kind: 'stalled', kept: 4 },
  { fault: 'truncate-after:5', kind: 'malformed', kept: 4 },
  { fault: 'malformed-after:5', kind: 'malformed', kept: 4 },
  { fault: 'error-event-after:5', kind: 'in-stream', kept: 4 },
  { fault: 'error-data-after:5', kind: 'in-stream', kept: 4 },
  { fault: 'oversized-after:5:48', kind: 'malformed', kept: 4 },
  { fault: 'json-body', kind: 'malformed', kept: 0 },
];

for (const c of CASES) {
  test(`fault ${c.fault} → ${c.kind}, partial text kept, socket closed`, async () => {
    const { result, events } = await collect(chat(`#answer=plain #fault=${c.fault}`), options());
    assert.equal(result.error?.kind, c.kind, JSON.stringify(result.error));
    if (c.status) assert.equal(result.error?.status, c.status);
    assert.equal(result.text, PLAIN.slice(0, c.kept).join(''));
    assert.equal(events.at(-1)?.type, 'error', 'error is the last event');
    assert.ok(result.error?.message && result.error.action, 'message and action for the user');
    const rec = server.requests.at(-1)!;
    await server.waitForClose(rec.id, 3000);
    assert.notEqual(rec.outcome, 'open');
  });
}

test('fault error-data on OpenAI-compatible and generic endpoints → in-stream', async () => {
  const openai = await collect(chat('#answer=plain #fault=error-data-after:3'), options({ provider: 'openai', baseUrl: `${server.url}/v1` }));
  assert.equal(openai.result.error?.kind, 'in-stream');
  assert.equal(openai.result.text, PLAIN.slice(0, 2).join(''));
  const generic = await collect({ kind: 'completions', model: 'm', prompt: '#answer=plain #fault=error-event-after:3' }, options({ provider: 'generic' }));
  assert.equal(generic.result.error?.kind, 'in-stream');
  assert.equal(generic.result.text, tokenize(answerText('generic', 'plain')).slice(0, 3).join(''));
});

test('invalid UTF-8 ends in a malformed error; text before it is kept, no U+FFFD invented', async () => {
  const { result } = await collect(chat('#answer=plain #fault=invalid-utf8-after:5'), options());
  assert.ok(result.text.startsWith(PLAIN.slice(0, 4).join('')));
  assert.ok(!result.text.includes('\uFFFD'), 'no replacement character in the kept text');
  assert.equal(result.error?.kind, 'malformed', JSON.stringify(result.error));
  assert.match(result.error!.message, /UTF-8/);
});

test('unknown graph → not-found; delayed headers → timeout', async () => {
  const nf = await collect({ kind: 'graph-question', graphIds: ['no-such-graph'], question: 'q' }, options());
  assert.equal(nf.result.error?.kind, 'not-found');
  assert.match(nf.result.error!.message, /no-such-graph|not found/i);
  const slow = await collect(chat('#fault=delay-headers:2000'), options({ timeouts: { responseMs: 200 } }));
  assert.equal(slow.result.error?.kind, 'timeout');
  await server.waitForClose(server.requests.at(-1)!.id, 3000);
});

test('cancel: the server sees the socket closed within 50 ms of abort (server clock)', async () => {
  for (const provider of ['writer', 'openai'] as const) {
    const handle = startStream(chat('#answer=long #rate=50'), options({ provider, baseUrl: provider === 'openai' ? `${server.url}/v1` : server.url }));
    let text = '';
    let abortAt = 0;
    for await (const e of handle.events) {
      if (e.type === 'text') text += e.text;
      if (text.length > 10 && abortAt === 0) {
        abortAt = server.now();
        handle.abort();
      }
    }
    const rec = server.requests.at(-1)!;
    const closedAt = await server.waitForClose(rec.id, 2000);
    const result = await handle.result;
    assert.equal(result.error?.kind, 'cancelled');
    assert.equal(result.termination, 'cancelled');
    assert.ok(result.text.length > 10, 'partial text kept');
    assert.equal(rec.outcome, 'client-closed');
    assert.ok(closedAt - abortAt < 50, `${provider}: closed ${(closedAt - abortAt).toFixed(1)} ms after abort`);
  }
});

test('cancel during a stall also closes the socket at once', async () => {
  const handle = startStream(chat('#fault=stall-after:3'), options({ timeouts: { idleMs: 10_000 } }));
  const rec = await server.waitForRequest((r) => (r.scenario.fault as string | undefined) === 'stall-after:3' && r.closedAt === undefined);
  await new Promise((r) => setTimeout(r, 50));
  const abortAt = server.now();
  handle.abort();
  const closedAt = await server.waitForClose(rec.id, 2000);
  assert.ok(closedAt - abortAt < 50, `closed ${(closedAt - abortAt).toFixed(1)} ms after abort`);
  assert.equal((await handle.result).error?.kind, 'cancelled');
});

test('429 with Retry-After: 1 is retried after ~1 s with a retrying event, then streams', async () => {
  server.nextScenario({ fault: '429:1' });
  const { events, result } = await collect(chat('#answer=plain'), options({ maxRetries: 2 }));
  const retrying = events.find((e): e is Extract<StreamEvent, { type: 'retrying' }> => e.type === 'retrying');
  assert.ok(retrying, 'a retrying event');
  assert.ok(retrying.delayMs >= 900 && retrying.delayMs <= 1100, `delay ${retrying.delayMs}`);
  assert.equal(retrying.error.kind, 'rate-limit');
  assert.equal(result.error, null);
  assert.equal(result.text, PLAIN.join(''));
  const [first, second] = server.requests.slice(-2);
  assert.deepEqual([first!.status, second!.status], [429, 200]);
  const gap = second!.openedAt - first!.openedAt;
  assert.ok(gap >= 950 && gap < 3000, `second attempt ${gap.toFixed(0)} ms after the first`);
});

test('a failure after the first delta is not retried', async () => {
  const before = server.requests.length;
  const { events, result } = await collect(chat('#answer=plain #fault=reset-after:5'), options({ maxRetries: 3 }));
  assert.equal(result.error?.kind, 'network');
  assert.equal(events.filter((e) => e.type === 'retrying').length, 0);
  assert.equal(server.requests.length - before, 1, 'exactly one request');
});

test('connection failures before headers are retried (reset-before-headers:1)', async () => {
  server.nextScenario({ fault: 'reset-before-headers:1' });
  const { events, result } = await collect(chat('#answer=plain'), options({ maxRetries: 2 }));
  assert.equal(result.error, null);
  assert.equal(events.filter((e) => e.type === 'retrying').length, 1);
});

test('scripted endpoints through the core: graph chat, KG question, agent', async () => {
  const graphChat = await collect({ ...chat('q'), graphIds: [GRAPHS[0]!.id], subqueries: true } as StreamRequest, options());
  assert.equal(graphChat.result.error, null);
  assert.equal(graphChat.result.graphData?.status, 'finished');
  assert.equal(graphChat.result.graphData?.sources?.length, 2);
  assert.equal(graphChat.result.graphData?.subqueries?.length, 2);
  const kg = await collect({ kind: 'graph-question', graphIds: [GRAPHS[0]!.id], question: 'q', subqueries: true }, options());
  assert.equal(kg.result.text, answerText('graph', ''));
  assert.equal(kg.result.sources.length, 2);
  assert.equal(kg.result.subqueries.length, 2);
  const agent = await collect({ kind: 'application', applicationId: 'b7a0c1d2-0000-4e00-9000-000000000004', inputs: [{ id: 'Topic', value: ['x'] }, { id: 'Depth', value: ['quick'] }] }, options());
  assert.equal(agent.result.stages.length, 3);
  assert.equal(agent.result.title, 'Research summary');
  assert.equal(agent.result.text, answerText('application', ''));
  const missing = await collect({ kind: 'application', applicationId: 'b7a0c1d2-0000-4e00-9000-000000000004', inputs: [] }, options());
  assert.equal(missing.result.error?.kind, 'bad-request');
  assert.match(missing.result.error!.message, /Topic/);
});

test('idle timeout: a silent pause longer than idleMs stalls; keep-alive comments and short pauses do not', async () => {
  const silent = await collect(chat('#answer=plain #fault=pause-after:3:3000'), options({ timeouts: { idleMs: 300 } }));
  assert.equal(silent.result.error?.kind, 'stalled');
  assert.equal(silent.result.text, PLAIN.slice(0, 2).join(''));
  const rec = server.requests.at(-1)!;
  const stalledAfter = (await server.waitForClose(rec.id, 3000)) - rec.openedAt;
  assert.ok(stalledAfter < 2900, `stall noticed ${stalledAfter.toFixed(0)} ms in, before the 3 s pause ended`);
  const comments = await collect(chat('#answer=plain #fault=keepalive-after:3:800'), options({ timeouts: { idleMs: 300 } }));
  assert.equal(comments.result.error, null, JSON.stringify(comments.result.error));
  assert.equal(comments.result.text, PLAIN.join(''));
  const short = await collect(chat('#answer=plain #fault=pause-after:3:100'), options({ timeouts: { idleMs: 1000 } }));
  assert.equal(short.result.error, null);
  assert.equal(short.result.text, PLAIN.join(''));
});

test('redirect to another origin: the key is never sent there', async () => {
  const { result } = await collect(chat('#answer=plain #fault=redirect'), options({ apiKey: 'redirect-secret-77' }));
  const toOtherOrigin = server.requests.filter((r) => r.headers.host?.startsWith('localhost:'));
  assert.ok(toOtherOrigin.every((r) => r.auth === 'none'), 'no Authorization header sent to localhost');
  assert.ok(!JSON.stringify(result).includes('redirect-secret-77'));
});
