// Small pure pieces: Retry-After, backoff, redaction, bounded lines, UTF-8 splits, request building.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Accumulator,
  backoffDelay,
  buildHttpRequest,
  classifyHttpError,
  classifyNetworkError,
  createRedactor,
  createStreamDecoder,
  decodeChunks,
  isRetryableStatus,
  joinUrl,
  parseRetryAfter,
  type StreamEvent,
  type StreamRequest,
} from '../../src/core';
import { Utf8Validator } from '../../src/core/utf8';
import { firstInvalidUtf8 } from '../fuzz/referenceSse';

test('parseRetryAfter: ms header wins, seconds, HTTP date, cap 60 s, junk ignored', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.equal(parseRetryAfter({ 'retry-after-ms': '1500.4', 'retry-after': '9' }, now), 1500);
  assert.equal(parseRetryAfter({ 'retry-after': '2' }, now), 2000);
  assert.equal(parseRetryAfter({ 'retry-after': '0.5' }, now), 500);
  assert.equal(parseRetryAfter({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now), 5000);
  assert.equal(parseRetryAfter({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, now), 0);
  assert.equal(parseRetryAfter({ 'retry-after': '3600' }, now), 60_000);
  assert.equal(parseRetryAfter({ 'retry-after': 'soon' }, now), undefined);
  assert.equal(parseRetryAfter({}, now), undefined);
  assert.equal(parseRetryAfter({ 'retry-after': ['3', '4'] }, now), 3000);
});

test('backoff: 0.5 s × 2^n, cap 8 s, at most 25 % jitter below', () => {
  for (let n = 0; n < 8; n++) {
    const base = Math.min(500 * 2 ** n, 8000);
    assert.equal(backoffDelay(n, () => 0), base);
    assert.equal(backoffDelay(n, () => 1), base * 0.75);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(n);
      assert.ok(d <= base && d >= base * 0.75, `${n}: ${d}`);
    }
  }
});

test('retryable statuses and x-should-retry', () => {
  for (const s of [408, 409, 429, 500, 502, 503, 504]) assert.equal(isRetryableStatus(s), true, String(s));
  for (const s of [400, 401, 403, 404, 413, 422]) assert.equal(isRetryableStatus(s), false, String(s));
  assert.equal(isRetryableStatus(400, { 'x-should-retry': 'true' }), true);
  assert.equal(isRetryableStatus(503, { 'x-should-retry': 'false' }), false);
});

test('redaction: the key, bearer tokens, Authorization headers, URL credentials, key query params', () => {
  const key = 'wr-abcdef0123456789';
  const r = createRedactor(key);
  const out = r(`key ${key} Authorization: Bearer other-token-xyz "authorization":"Basic dXNlcjpw" http://u:p@proxy:8080 https://h/x?api_key=zzz&b=1`);
  assert.ok(!out.includes(key));
  assert.ok(!out.includes('other-token-xyz'));
  assert.ok(!out.includes('dXNlcjpw'));
  assert.ok(!out.includes('u:p@'));
  assert.ok(!out.includes('zzz'));
  assert.match(out, /b=1/);
  const info = classifyHttpError(401, {}, JSON.stringify({ error: { message: `bad key ${key}` } }), r);
  assert.ok(!JSON.stringify(info).includes(key));
});

test('error classification covers network failures with specific messages', () => {
  const ctx = { host: 'api.writer.com', timeouts: { connectMs: 10_000, responseMs: 120_000, idleMs: 90_000 }, viaProxy: false };
  const r = createRedactor();
  const e = (code: string, message = code): Error => Object.assign(new Error(message), { code });
  assert.match(classifyNetworkError(e('ENOTFOUND'), ctx, r).message, /resolve/);
  assert.equal(classifyNetworkError(e('ECONNREFUSED'), ctx, r).retryable, true);
  const tls = classifyNetworkError(e('SELF_SIGNED_CERT_IN_CHAIN'), ctx, r);
  assert.equal(tls.kind, 'network');
  assert.match(tls.action, /the strict TLS check/);
  assert.ok(tls.fix?.includes('strict-ssl'));
  assert.equal(classifyNetworkError(e('UND_ERR_BODY_TIMEOUT'), ctx, r).kind, 'stalled');
  assert.equal(classifyNetworkError(e('UND_ERR_HEADERS_TIMEOUT'), ctx, r).kind, 'timeout');
  const p407 = classifyNetworkError(e('UND_ERR_ABORTED', 'Proxy response (407) !== 200 when HTTP Tunneling'), ctx, r);
  assert.equal(p407.status, 407);
  assert.match(p407.message, /proxy requires authentication/i);
  // Causes are followed (fetch-style wrapping).
  assert.match(classifyNetworkError(Object.assign(new TypeError('fetch failed'), { cause: e('ECONNRESET') }), ctx, r).message, /closed unexpectedly/);
});

test('HTTP error bodies: HTML, empty, plain text, OpenAI and Writer envelopes', () => {
  assert.match(classifyHttpError(502, { 'content-type': 'text/html' }, '<html><head><title>502 Bad Gateway</title></head></html>').message, /answered 502 with an HTML page/);
  assert.match(classifyHttpError(503, {}, '').message, /answered 503 with an empty body/);
  assert.equal(classifyHttpError(500, {}, 'oops').kind, 'server');
  assert.equal(classifyHttpError(404, {}, '{"error":{"message":"model not found","type":"not_found"}}').kind, 'not-found');
  assert.equal(classifyHttpError(403, {}, '{}').kind, 'auth');
});

test('oversized line without a newline fails early with bounded memory (300 MB of "a" in 1 MB reads)', () => {
  const mb = new Uint8Array(1024 * 1024).fill(97);
  const dec = createStreamDecoder('writer.chat');
  const before = process.memoryUsage().heapUsed;
  let pushes = 0;
  let err: StreamEvent | undefined;
  for (; pushes < 300 && !dec.finished; pushes++) err = dec.push(mb).find((e) => e.type === 'error');
  assert.ok(err && err.type === 'error', 'errored');
  assert.equal(err.error.kind, 'malformed');
  assert.match(err.error.message, /oversized event/);
  assert.ok(pushes <= 18, `stopped after ${pushes} MB`);
  assert.ok(process.memoryUsage().heapUsed - before < 120 * 1024 * 1024);
  assert.equal(dec.end().length, 0, 'nothing after the terminal event');
});

test('oversized data field (buffered by the parser) also ends with a bounded error', () => {
  const { result } = decodeChunks('openai.chat', [new TextEncoder().encode('data: {"x":"'), ...Array.from({ length: 40 }, () => new Uint8Array(64 * 1024).fill(98))], { maxEventChars: 1024 * 1024 });
  assert.equal(result.error?.kind, 'malformed');
  // Multi-line data: each line is short, the event is not.
  const lines = new TextEncoder().encode('data: aaaaaaaaaa\n'.repeat(200_000));
  const r2 = decodeChunks('openai.chat', [lines], { maxEventChars: 1024 * 1024 }).result;
  assert.equal(r2.error?.kind, 'malformed');
});

test('UTF-8 split across reads and CRLF split across reads', () => {
  const text = 'Olá 👋 東京 cafe\u0301 👍🏽';
  const bytes = new TextEncoder().encode(`data: ${JSON.stringify({ value: text })}\r\n\r\ndata: [DONE]\r\n\r\n`);
  for (let cut = 1; cut < bytes.length; cut++) {
    const { result } = decodeChunks('writer.completions', [bytes.subarray(0, cut), bytes.subarray(cut)]);
    assert.equal(result.text, text, `cut at ${cut}`);
    assert.equal(result.termination, 'done_sentinel');
  }
});

test('events: [DONE] ends, named events ignored, event: message is data, unterminated tail discarded', () => {
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  const r = decodeChunks('writer.completions', [enc('event: ping\ndata: {"value":"x"}\n\nevent: message\ndata: {"value":"a"}\n\ndata: [DONE]\n\ndata: {"value":"late"}\n\n')]).result;
  assert.equal(r.text, 'a');
  assert.equal(r.termination, 'done_sentinel');
  const t = decodeChunks('writer.completions', [enc('data: {"value":"a"}\n\ndata: {"value":"b"}\n')]).result;
  assert.equal(t.text, 'a');
  assert.equal(t.termination, 'truncated_mid_event');
  const chat = decodeChunks('writer.chat', [enc('data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\n')]).result;
  assert.equal(chat.termination, 'incomplete');
  assert.equal(chat.text, 'a');
  const bad = decodeChunks('openai.chat', [enc('data: {not json\n\n')]).result;
  assert.equal(bad.error?.kind, 'malformed');
});

test('accumulator: repeated stage ids continue the stage; tool-call args parsed', () => {
  const acc = new Accumulator();
  acc.addAll([
    { type: 'stage', stage: { id: 's', content: 'Search', sources: null } },
    { type: 'stage', stage: { id: 's', content: 'ing', sources: ['u1'] } },
    { type: 'tool-call', index: 0, id: 'c', name: 'f', callType: 'function', argumentsDelta: '{"a":' },
    { type: 'tool-call', index: 0, argumentsDelta: '1}' },
  ]);
  const r = acc.result();
  assert.deepEqual(r.stages, [{ id: 's', content: 'Searching', sources: ['u1'] }]);
  assert.deepEqual(r.toolCalls[0], { index: 0, id: 'c', type: 'function', name: 'f', arguments: '{"a":1}', argumentsJson: { a: 1 } });
});

test('the endpoint table serves every request kind the provider picks it for (never the table-mismatch error)', () => {
  const requests: StreamRequest[] = [
    { kind: 'chat', model: 'm', messages: [{ role: 'user', content: 'q' }] },
    { kind: 'completions', model: 'm', prompt: 'p' },
    { kind: 'graph-question', graphIds: ['g'], question: 'q' },
    { kind: 'application', applicationId: 'a', inputs: [] },
  ];
  for (const provider of ['writer', 'openai', 'generic'] as const) {
    for (const r of requests) {
      const spec = buildHttpRequest(r, { provider, baseUrl: 'https://x.test' });
      if ('url' in spec) assert.ok(spec.url.startsWith('https://x.test/'), `${provider} ${r.kind}: ${spec.url}`);
      else assert.match(spec.message, /a Writer feature/, `${provider} ${r.kind}: ${spec.message}`);
    }
  }
});

test("web search: Writer's web_search tool in the chat body (beside graphs); other providers get a clear error", () => {
  const msgs = [{ role: 'user' as const, content: 'What is new in Node.js?' }];
  const web = buildHttpRequest({ kind: 'chat', model: 'palmyra-x5', messages: msgs, webSearch: { includeDomains: ['nodejs.org'] } }, { provider: 'writer', baseUrl: 'https://api.writer.com' });
  assert.ok('url' in web);
  assert.deepEqual((web.body as { tools: unknown }).tools, [{ type: 'web_search', function: { include_domains: ['nodejs.org'], exclude_domains: [] } }]);
  assert.equal((web.body as { tool_choice: unknown }).tool_choice, 'auto');
  const both = buildHttpRequest({ kind: 'chat', model: 'palmyra-x5', messages: msgs, graphIds: ['g1'], webSearch: {} }, { provider: 'writer', baseUrl: 'https://api.writer.com' });
  assert.ok('url' in both);
  assert.deepEqual((both.body as { tools: { type: string }[] }).tools.map((t) => t.type), ['graph', 'web_search']);
  for (const provider of ['openai', 'generic'] as const) {
    const e = buildHttpRequest({ kind: 'chat', model: 'm', messages: msgs, webSearch: {} }, { provider, baseUrl: 'http://127.0.0.1:1' });
    assert.ok(!('url' in e));
    assert.equal(e.kind, 'bad-request');
    assert.match(e.message, /^Web search answers are a Writer feature; the (OpenAI-compatible|generic) provider cannot serve them\.$/);
    assert.match(e.action, /the provider setting/);
    assert.ok(e.fix?.includes('provider'));
  }
});

test('function tools and tool turns: the same {type:"function"} tools and tool_calls / tool_call_id on Writer and OpenAI-compatible chat', () => {
  const tools = [{ name: 'multiply', description: 'Multiply', parameters: { type: 'object', properties: { a: { type: 'integer' } } } }, { name: 'now' }];
  const messages = [
    { role: 'user' as const, content: 'What is 2 * 3?' },
    { role: 'assistant' as const, content: '', toolCalls: [{ id: 'call_1', name: 'multiply', arguments: '{"a":2,"b":3}' }] },
    { role: 'tool' as const, content: '6', toolCallId: 'call_1' },
  ];
  const wireTools = [
    { type: 'function', function: { name: 'multiply', description: 'Multiply', parameters: { type: 'object', properties: { a: { type: 'integer' } } } } },
    { type: 'function', function: { name: 'now', parameters: { type: 'object', properties: {} } } },
  ];
  const wireMessages = [
    { role: 'user', content: 'What is 2 * 3?' },
    { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'multiply', arguments: '{"a":2,"b":3}' } }] },
    { role: 'tool', content: '6', tool_call_id: 'call_1' },
  ];
  for (const [provider, baseUrl] of [['writer', 'https://api.writer.com'], ['openai', 'https://router.requesty.ai/v1']] as const) {
    const spec = buildHttpRequest({ kind: 'chat', model: 'm', messages, tools, toolChoice: 'required' }, { provider, baseUrl });
    assert.ok('url' in spec, provider);
    const body = spec.body as { tools: unknown; tool_choice: unknown; messages: unknown };
    assert.deepEqual(body.tools, wireTools, provider);
    assert.equal(body.tool_choice, 'required', provider);
    assert.deepEqual(body.messages, wireMessages, provider);
  }
  // Writer's own tools go beside the functions; without any tools the body has none.
  const graph = buildHttpRequest({ kind: 'chat', model: 'm', messages, tools, graphIds: ['g1'] }, { provider: 'writer', baseUrl: 'https://api.writer.com' });
  assert.ok('url' in graph);
  assert.deepEqual((graph.body as { tools: { type: string }[] }).tools.map((t) => t.type), ['function', 'function', 'graph']);
  assert.equal((graph.body as { tool_choice: unknown }).tool_choice, 'auto');
  const plain = buildHttpRequest({ kind: 'chat', model: 'm', messages: [messages[0]!] }, { provider: 'openai', baseUrl: 'https://x.test/v1' });
  assert.ok('url' in plain);
  assert.equal('tools' in plain.body, false);
  assert.deepEqual(plain.body.messages, [{ role: 'user', content: 'What is 2 * 3?' }]);
});

test('request building per provider and endpoint', () => {
  const msgs = [{ role: 'system' as const, content: 'S' }, { role: 'user' as const, content: 'U' }];
  const w = buildHttpRequest({ kind: 'chat', model: 'palmyra-x5', messages: msgs, temperature: 0.2, maxTokens: 9, graphIds: ['g1'], subqueries: true }, { provider: 'writer', baseUrl: 'https://api.writer.com/' });
  assert.ok('url' in w);
  assert.equal(w.url, 'https://api.writer.com/v1/chat');
  assert.deepEqual(w.body, {
    model: 'palmyra-x5',
    messages: msgs,
    stream: true,
    stream_options: { include_usage: true },
    temperature: 0.2,
    max_tokens: 9,
    tools: [{ type: 'graph', function: { graph_ids: ['g1'], subqueries: true } }],
    tool_choice: 'auto',
  });
  const o = buildHttpRequest({ kind: 'completions', model: 'm', prompt: 'p' }, { provider: 'openai', baseUrl: 'https://router.requesty.ai/v1' });
  assert.ok('url' in o);
  assert.equal(o.url, 'https://router.requesty.ai/v1/chat/completions');
  assert.deepEqual(o.body.messages, [{ role: 'user', content: 'p' }]);
  const g = buildHttpRequest({ kind: 'chat', model: 'm', messages: msgs, maxTokens: 5 }, { provider: 'generic', baseUrl: 'http://h:1' });
  assert.ok('url' in g);
  assert.equal(g.url, 'http://h:1/v1/generate/stream');
  assert.deepEqual(g.body, { prompt: 'System: S\n\nUser: U\n\nAssistant:', maxTokens: 5 });
  const a = buildHttpRequest({ kind: 'application', applicationId: 'a/b', inputs: [{ id: 'q', value: ['x'] }] }, { provider: 'writer', baseUrl: 'https://api.writer.com/v1' });
  assert.ok('url' in a);
  assert.equal(a.url, 'https://api.writer.com/v1/applications/a%2Fb');
  const kg = buildHttpRequest({ kind: 'graph-question', graphIds: ['g'], question: 'q' }, { provider: 'writer', baseUrl: 'https://api.writer.com' });
  assert.ok('url' in kg);
  assert.deepEqual(kg.body, { graph_ids: ['g'], question: 'q', subqueries: false, stream: true });
  const bad = buildHttpRequest({ kind: 'application', applicationId: 'a', inputs: [] }, { provider: 'generic', baseUrl: 'http://h' });
  assert.ok(!('url' in bad));
  assert.equal(bad.kind, 'bad-request');
  assert.equal(joinUrl('http://h/v1/', '/v1/models'), 'http://h/v1/models');
});

test('fuzz: random SSE-ish bytes never throw and always end with exactly one terminal event', () => {
  let seed = 42;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pieces = ['data: ', 'data:', 'event: error\n', 'event: message\n', ': ping\n', '\n', '\r\n', '\r', '{"value":"x"}', '{"choices":[{"index":0,"delta":{"content":"é"}}]}', '[DONE]', '{"error":{"message":"m"}}', 'id: 1\n', 'retry: x\n', '\xff', '👋', '{"delta":"a","finishReason":"stop"}', '{"answer":"a","sources":[null]}'];
  const endpoints = ['writer.chat', 'writer.completions', 'writer.graph-question', 'writer.application', 'openai.chat', 'generic.generate'] as const;
  for (let i = 0; i < 300; i++) {
    let s = '';
    const n = Math.floor(rnd() * 30);
    for (let j = 0; j < n; j++) s += pieces[Math.floor(rnd() * pieces.length)];
    const bytes = new TextEncoder().encode(s);
    const chunks: Uint8Array[] = [];
    for (let k = 0; k < bytes.length; ) {
      const len = 1 + Math.floor(rnd() * 8);
      chunks.push(bytes.subarray(k, k + len));
      k += len;
    }
    const { events } = decodeChunks(endpoints[i % endpoints.length]!, chunks);
    const terminals = events.filter((e) => e.type === 'done' || e.type === 'error');
    assert.equal(terminals.length, 1, JSON.stringify(s));
    assert.equal(events[events.length - 1], terminals[0]);
  }
});

test('invalid UTF-8 stops the stream with a clear error; an encoded U+FFFD, even split, is text', () => {
  const enc = new TextEncoder();
  const bad = decodeChunks('writer.completions', [enc.encode('data: {"value":"ok"}\n\ndata: {"value":"x'), new Uint8Array([0xff, 0xfe]), enc.encode('y"}\n\n')]);
  assert.equal(bad.result.text, 'ok');
  assert.equal(bad.result.error?.kind, 'malformed');
  assert.match(bad.result.error!.message, /UTF-8/);
  const real = enc.encode('data: {"value":"a\uFFFDb"}\n\n');
  const split = real.indexOf(0xbf);
  const good = decodeChunks('writer.completions', [real.slice(0, split), real.slice(split)]);
  assert.equal(good.result.text, 'a\uFFFDb');
  assert.equal(good.result.error, null);
});

// ── SSE layer fixes K1–K5 (see fuzz-known-issues.test.ts): every rule holds however the bytes are read.
const sseEnc = (s: string): Uint8Array => new TextEncoder().encode(s);
/** The body whole, one byte per read, and cut in two at every offset. */
function everyRead(body: Uint8Array): Uint8Array[][] {
  const layouts: Uint8Array[][] = [[body], Array.from({ length: body.length }, (_, i) => body.subarray(i, i + 1))];
  for (let cut = 1; cut < body.length; cut++) layouts.push([body.subarray(0, cut), body.subarray(cut)]);
  return layouts;
}
function sameEverywhere(body: Uint8Array, max: number | undefined, want: { text: string; termination: string; message?: RegExp }): void {
  const opts = max === undefined ? {} : { maxEventChars: max };
  for (const chunks of everyRead(body)) {
    const r = decodeChunks('writer.completions', chunks, opts).result;
    const where = `reads of ${chunks.map((c) => c.length).join('+')} bytes`;
    assert.equal(r.text, want.text, where);
    assert.equal(r.termination, want.termination, where);
    if (want.message) assert.match(r.error?.message ?? '', want.message, where);
    else assert.equal(r.error, null, where);
  }
}

test('K1: a line one character over maxEventChars fails even when it arrives whole; one at the limit passes', () => {
  // `data: {"value":"…"}` is 18 characters around the value; comment lines are bounded too.
  sameEverywhere(sseEnc(`data: {"value":"${'x'.repeat(82)}"}\n\n`), 100, { text: 'x'.repeat(82), termination: 'eof_clean' });
  sameEverywhere(sseEnc(`data: {"value":"${'x'.repeat(83)}"}\n\n`), 100, { text: '', termination: 'incomplete', message: /oversized/ });
  sameEverywhere(sseEnc(`: ${'c'.repeat(98)}\r\ndata: {"value":"A"}\r\n\r\n`), 100, { text: 'A', termination: 'eof_clean' });
  sameEverywhere(sseEnc(`: ${'c'.repeat(99)}\r\ndata: {"value":"A"}\r\n\r\n`), 100, { text: '', termination: 'incomplete', message: /oversized/ });
});

test('K2: events before an over-limit line are delivered first, with any line terminator', () => {
  for (const nl of ['\n', '\r', '\r\n']) {
    const body = sseEnc(`data: {"value":"A"}${nl}${nl}data: {"value":"B"}${nl}${nl}: ${'x'.repeat(200)}${nl}data: {"value":"C"}${nl}${nl}`);
    sameEverywhere(body, 100, { text: 'AB', termination: 'incomplete', message: /oversized/ });
  }
});

test('K3: event data is bounded exactly (joined lines), independent of reads and of the data: prefix', () => {
  // Values of 92 + '\n' + 7 = 100 data characters: at the limit; one more is over.
  const at = `data: {"value":"${'a'.repeat(81)}"\ndata: ,"x":1}\n\n`;
  assert.equal(`{"value":"${'a'.repeat(81)}"`.length + 1 + ',"x":1}'.length, 100);
  sameEverywhere(sseEnc(at), 100, { text: 'a'.repeat(81), termination: 'eof_clean' });
  sameEverywhere(sseEnc(at.replace('"x":1', '"x":12')), 100, { text: '', termination: 'incomplete', message: /oversized/ });
  // An unterminated last data line still counts when the body ends: oversized, not "cut mid-event".
  sameEverywhere(sseEnc(`data: {"value":"A"}\n\ndata: ${'b'.repeat(60)}\ndata: ${'b'.repeat(60)}`), 100, { text: 'A', termination: 'incomplete', message: /oversized/ });
  sameEverywhere(sseEnc(`data: {"value":"A"}\n\ndata: ${'b'.repeat(40)}\ndata: ${'b'.repeat(40)}`), 100, { text: 'A', termination: 'truncated_mid_event', message: /middle of an event/ });
});

test('K4: exactly one leading BOM is skipped (also split across reads); nothing else at the start is', () => {
  const bom = [0xef, 0xbb, 0xbf];
  sameEverywhere(new Uint8Array([...bom, ...sseEnc('data: {"value":"A"}\n\n')]), undefined, { text: 'A', termination: 'eof_clean' });
  // The second BOM makes the first field "\uFEFFdata", which is ignored; the next event still counts.
  sameEverywhere(new Uint8Array([...bom, ...bom, ...sseEnc('data: {"value":"A"}\n\ndata: {"value":"B"}\n\n')]), undefined, { text: 'B', termination: 'eof_clean' });
  // "ï»¿" (a BOM's bytes read as Latin-1) is text, not a BOM; eventsource-parser would strip it.
  sameEverywhere(sseEnc('ï»¿data: {"value":"A"}\n\ndata: {"value":"B"}\n\n'), undefined, { text: 'B', termination: 'eof_clean' });
});

test('K5: bad UTF-8 is found at its first byte however it is read; a real U+FFFD is text', () => {
  const utf8Error = /not valid UTF-8/;
  sameEverywhere(new Uint8Array([0xbd]), undefined, { text: '', termination: 'incomplete', message: utf8Error });
  const fffd = sseEnc('data: {"value":"\uFFFD"}\n\n');
  for (const bad of [[0xff], [0xbd], [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82, 0x41]]) {
    const body = new Uint8Array([...fffd, ...sseEnc('data: {"value":"B'), ...bad, ...sseEnc('"}\n\n'), ...fffd]);
    sameEverywhere(body, undefined, { text: '\uFFFD', termination: 'incomplete', message: utf8Error });
  }
  // A character cut by the end of the body is invalid too (the events before it are kept).
  sameEverywhere(new Uint8Array([...fffd, ...sseEnc('data: {"value":"'), 0xf0, 0x9f, 0x98]), undefined, { text: '\uFFFD', termination: 'incomplete', message: utf8Error });
  sameEverywhere(sseEnc('data: {"value":"😀 \uFFFD é"}\n\n'), undefined, { text: '😀 \uFFFD é', termination: 'eof_clean' });
});

test('K5: Utf8Validator agrees with the reference check on random bytes and random read splits', () => {
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  // Mostly valid text with sprinkled hazards, so errors land at varied offsets and in the native and the JS path.
  const pieces = [[0x61], [0x61, 0x62, 0x63, 0x64], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0xef, 0xbf, 0xbd], [0x80], [0xc0], [0xe0, 0x9f], [0xed, 0xa0], [0xf4, 0x90], [0xf5], [0xff], [0xe2, 0x82], [0xf0, 0x9f, 0x98]];
  for (let n = 0; n < 3000; n++) {
    const bytes: number[] = [];
    const len = 1 + rnd(40);
    for (let k = 0; k < len; k++) bytes.push(...pieces[rnd(n % 3 === 0 ? pieces.length : 6)]!);
    const b = new Uint8Array(bytes);
    const want = firstInvalidUtf8(b);
    const v = new Utf8Validator();
    let got = -1;
    for (let at = 0; at < b.length && got < 0; ) {
      const size = 1 + rnd(8);
      const r = v.check(b.subarray(at, at + size));
      if (r >= 0) got = at + r;
      at += size;
    }
    // A sequence that began in an earlier read is reported at that read's start, its lead bytes still
    // held by the (never flushed) streaming decoder: compare the text kept, not the offsets.
    const kept = new TextDecoder().decode(b.subarray(0, got < 0 ? b.length : got), { stream: true });
    assert.equal(kept, new TextDecoder().decode(b.subarray(0, want < 0 ? b.length : want)), `bytes ${Buffer.from(b).toString('hex')}`);
    assert.equal(got < 0 && v.complete, want < 0, `validity of ${Buffer.from(b).toString('hex')}`);
  }
});
