// The local streaming server on its own (plain node:http client, no core): faults produce the bytes
// and statuses documented in test/server/index.ts, vectors replay byte-exact, and the recording
// (events sent, close time, outcome) is right.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { answerText, loadVector, startStreamingServer, tokenize, vectorNames, type StreamingServer } from '../server';

let server: StreamingServer;
before(async () => {
  server = await startStreamingServer();
});
after(() => server.close());

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  reads: number;
  error?: string;
}

/** POST and collect the raw response; resolves (never rejects) on end, reset or `abortAfterMs`. */
function post(path: string, body: unknown, abortAfterMs?: number): Promise<Raw> {
  return new Promise((resolve) => {
    const out: Raw = { status: 0, headers: {}, body: Buffer.alloc(0), reads: 0 };
    const chunks: Buffer[] = [];
    const done = (error?: string): void => {
      out.body = Buffer.concat(chunks);
      if (error) out.error = error;
      resolve(out);
    };
    const req = request(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      out.status = res.statusCode ?? 0;
      out.headers = res.headers;
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        out.reads++;
      });
      res.on('end', () => done());
      res.on('error', (e) => done(e.message));
      res.on('aborted', () => done('aborted'));
    });
    req.on('error', (e) => done(e.message));
    if (abortAfterMs !== undefined) setTimeout(() => req.destroy(), abortAfterMs);
    req.end(JSON.stringify(body));
  });
}

const chat = (content: string): unknown => ({ model: 'palmyra-x5', stream: true, messages: [{ role: 'user', content }] });
const dataLines = (b: Buffer): string[] => b.toString('utf8').split('\n').filter((l) => l.startsWith('data: '));

test('every vector replays byte-exact with its sidecar status and headers, whole / byte / random', async () => {
  const names = vectorNames();
  assert.equal(names.length, 49, "22 protocol vectors + 25 built after real servers + 2 web search (issue 13)");
  for (const name of names) {
    const vector = loadVector(name)!;
    for (const chunking of ['whole', 'random', 'byte'] as const) {
      if (chunking === 'byte' && vector.bytes.length > 20_000) continue; // the 70 KB case: random covers it
      server.nextScenario({ vector: name, chunking, seed: 3 });
      const raw = await post('/v1/chat', chat('x'));
      assert.equal(raw.status, vector.sidecar.response.status, `${name} ${chunking}`);
      assert.ok(raw.body.equals(vector.bytes), `${name} ${chunking}: bytes differ`);
      for (const [h, v] of Object.entries(vector.sidecar.response.headers)) if (h !== 'connection') assert.equal(raw.headers[h], v, `${name} header ${h}`);
      if (chunking === 'byte') assert.ok(raw.reads > vector.bytes.length / 8, `${name}: ${raw.reads} reads for ${vector.bytes.length} bytes`);
    }
  }
});

test('#vector marker in the prompt replays too', async () => {
  const raw = await post('/v1/completions', { prompt: '#vector=writer-completions-basic-no-done', stream: true });
  assert.ok(raw.body.equals(loadVector('writer-completions-basic-no-done')!.bytes));
});

test('429:2 fails twice with Retry-After, then streams; the same body is counted', async () => {
  const body = { prompt: 'count me #fault=429:2 #retry-after=3', stream: true };
  const a = await post('/v1/completions', body);
  const b = await post('/v1/completions', body);
  const c = await post('/v1/completions', body);
  assert.deepEqual([a.status, b.status, c.status], [429, 429, 200]);
  assert.equal(a.headers['retry-after'], '3');
  assert.equal((JSON.parse(a.body.toString()) as { tpe: string }).tpe, 'fail.rate_limit');
});

test('5xx faults with JSON, HTML and empty bodies, in each API shape', async () => {
  const json = await post('/v1/chat', chat('#fault=500'));
  assert.equal(json.status, 500);
  assert.ok('tpe' in (JSON.parse(json.body.toString()) as object));
  const html = await post('/v1/chat', chat('#fault=502:html'));
  assert.equal(html.status, 502);
  assert.match(String(html.headers['content-type']), /text\/html/);
  assert.match(html.body.toString(), /<html>/);
  const empty = await post('/v1/chat', chat('#fault=503:empty'));
  assert.equal(empty.status, 503);
  assert.equal(empty.body.length, 0);
  const openai = await post('/v1/chat/completions', chat('#fault=503'));
  assert.equal((JSON.parse(openai.body.toString()) as { error: { type: string } }).error.type, 'server_error');
});

test('reset before headers and reset after N events', async () => {
  const before = await post('/v1/chat', chat('#fault=reset-before-headers'));
  assert.equal(before.status, 0);
  assert.ok(before.error);
  assert.equal(server.requests.at(-1)!.outcome, 'reset');
  const mid = await post('/v1/chat', chat('#fault=reset-after:4'));
  assert.equal(mid.status, 200);
  assert.equal(dataLines(mid.body).length, 4);
  assert.equal(server.requests.at(-1)!.eventsSent, 4);
  assert.equal(server.requests.at(-1)!.outcome, 'reset');
});

test('stall holds the socket open; the client closing is recorded with its time', async () => {
  const t0 = server.now();
  const pending = post('/v1/chat', chat('#fault=stall-after:3'), 150);
  const rec = await server.waitForRequest((r) => (r.body as { messages?: Array<{ content: string }> }).messages?.[0]?.content === '#fault=stall-after:3');
  const raw = await pending;
  const closedAt = await server.waitForClose(rec.id);
  assert.equal(dataLines(raw.body).length, 3);
  assert.equal(rec.outcome, 'client-closed');
  assert.ok(closedAt - t0 >= 148, `held open until the client gave up (${(closedAt - t0).toFixed(0)} ms)`);
});

test('truncated, malformed, both in-stream errors, invalid UTF-8, JSON body', async () => {
  const truncated = await post('/v1/chat', chat('#fault=truncate-after:2'));
  const text = truncated.body.toString();
  assert.ok(!text.endsWith('\n'), 'ends mid-line');
  assert.equal(server.requests.at(-1)!.outcome, 'truncated');

  const malformed = await post('/v1/completions', { prompt: '#fault=malformed-after:2', stream: true });
  const last = dataLines(malformed.body).at(-1)!;
  assert.throws(() => JSON.parse(last.slice(6)));

  const errEvent = await post('/v1/chat', chat('#fault=error-event-after:2'));
  assert.match(errEvent.body.toString(), /event: error\ndata: \{"tpe"/);
  const errData = await post('/v1/generate/stream', { prompt: '#fault=error-data-after:2' });
  assert.match(dataLines(errData.body).at(-1)!, /^data: \{"error":\{"type":"server_error"/);

  const utf8 = await post('/v1/completions', { prompt: '#answer=plain #fault=invalid-utf8-after:2', stream: true });
  assert.ok(utf8.body.includes(Buffer.from([0xff, 0xfe, 0xc3])));
  assert.match(utf8.body.toString(), /data: \[DONE\]/, 'the stream goes on after the bad bytes');

  const jsonBody = await post('/v1/chat', chat('#fault=json-body #answer=plain'));
  assert.equal(jsonBody.status, 200);
  assert.match(String(jsonBody.headers['content-type']), /application\/json/);
  assert.equal((JSON.parse(jsonBody.body.toString()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content, answerText('chat', 'plain'));
});

test('oversized line is generated lazily and stops when the client closes', async () => {
  const before = process.memoryUsage().rss;
  // Count bytes instead of keeping them: memory growth must come from the server only.
  let received = 0;
  let newlines = 0;
  await new Promise<void>((resolve) => {
    const req = request(`${server.url}/v1/completions`, { method: 'POST' }, (res) => {
      res.on('data', (c: Buffer) => {
        received += c.length;
        if (received > 64) for (const b of c) if (b === 0x0a) newlines++;
        if (received > 4 * 1024 * 1024) req.destroy(); // enough: hang up mid-line
      });
      res.on('error', () => resolve());
      res.on('close', () => resolve());
    });
    req.on('error', () => resolve());
    req.end(JSON.stringify({ prompt: '#fault=oversized-after:1:1024', stream: true }));
  });
  const rec = server.requests.at(-1)!;
  await server.waitForClose(rec.id);
  assert.ok(received > 1024 * 1024, `got ${received} bytes`);
  assert.equal(newlines, 0, 'one line with no newline');
  assert.ok(rec.bytesSent < 1024 * 1024 * 1024, 'stopped before the full 1 GB');
  assert.ok(process.memoryUsage().rss - before < 100 * 1024 * 1024, 'never held in memory');
});

test('scripted answers: #echo, #answer=tokens:N, #rate paces tokens, #stamp records send times', async () => {
  const echo = await post('/v1/completions', { prompt: 'x #echo=line one\n  line two', stream: true });
  const echoed = dataLines(echo.body)
    .slice(0, -1)
    .map((l) => (JSON.parse(l.slice(6)) as { value: string }).value)
    .join('');
  assert.equal(echoed, 'line one\n  line two');
  const ended = await post('/v1/chat/completions', chat('Fix this: #echo=const a = 1;#/echo\n\nContext: lots of code'));
  const endedText = dataLines(ended.body)
    .map((l) => l.slice(6))
    .filter((d) => d !== '[DONE]')
    .map((d) => (JSON.parse(d) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content ?? '')
    .join('');
  assert.equal(endedText, 'const a = 1;');

  const counted = await post('/v1/chat', chat('#answer=tokens:500'));
  assert.equal(dataLines(counted.body).length, 500 + 3, 'role chunk, 500 tokens, finish chunk, [DONE]');

  const t0 = Date.now();
  await post('/v1/completions', { prompt: '#answer=plain #rate=200 #stamp', stream: true });
  const took = Date.now() - t0;
  const n = tokenize(answerText('completion', 'plain')).length;
  assert.ok(took >= (n * 1000) / 200 - 20, `${n} tokens at 200/s took ${took} ms`);
  const rec = server.requests.at(-1)!;
  assert.equal(rec.sentAt?.length, n);
  // Never early: delta k is event k+1 (after the empty first event), due k+1 intervals of 5 ms after the start.
  // The writer sends without sleeping when a frame is due within 1 ms (sub-millisecond timers would cap fast
  // streams near 1,000 events/s), and two clock reads differ by fractions of a ms: hence 2 ms of slack.
  rec.sentAt!.forEach((t, k) => assert.ok(t >= rec.openedAt + (k + 1) * 5 - 2, `delta ${k} sent ${(t - rec.openedAt).toFixed(2)} ms in`));
});

test('lists: models in both shapes, graphs paged, applications with inputs, 404 shapes', async () => {
  const get = async (p: string): Promise<{ status: number; json: Record<string, unknown> }> => {
    const r = await fetch(`${server.url}${p}`);
    return { status: r.status, json: (await r.json()) as Record<string, unknown> };
  };
  const models = (await get('/v1/models')).json;
  assert.ok(Array.isArray(models.models) && Array.isArray(models.data));
  const p1 = (await get('/v1/graphs?limit=3')).json;
  const p2 = (await get(`/v1/graphs?limit=3&after=${String(p1.last_id)}`)).json;
  const p3 = (await get(`/v1/graphs?limit=3&after=${String(p2.last_id)}`)).json;
  assert.deepEqual([p1.has_more, p2.has_more, p3.has_more], [true, true, false]);
  assert.equal((p3.data as unknown[]).length, 1);
  const apps = (await get('/v1/applications')).json;
  assert.ok((apps.data as Array<{ inputs: unknown[] }>).every((a) => a.inputs.length > 0));
  const missing = await get('/v1/graphs/nope');
  assert.equal(missing.status, 404);
  assert.equal(missing.json.tpe, 'fail.not_found');
});

test('apiKey: 401 in Writer shape without or with a wrong key; the key is never recorded', async () => {
  const secret = 'sk-test-never-recorded-42';
  const locked = await startStreamingServer({ apiKey: secret });
  try {
    const none = await fetch(`${locked.url}/v1/chat`, { method: 'POST', body: '{}' });
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as { tpe: string }).tpe, 'fail.auth');
    const ok = await fetch(`${locked.url}/v1/models`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(ok.status, 200);
    assert.deepEqual(
      locked.requests.map((r) => r.auth),
      ['none', 'valid'],
    );
    assert.ok(!JSON.stringify(locked.requests).includes(secret));
  } finally {
    await locked.close();
  }
});

test('close() ends stalled streams and records them as server-closed', async () => {
  const s = await startStreamingServer();
  const pending = fetch(`${s.url}/v1/chat`, { method: 'POST', body: JSON.stringify(chat('#fault=stall')) }).then(
    (r) => r.text().catch(() => 'reset'),
    () => 'error',
  );
  const rec = await s.waitForRequest(() => true);
  await new Promise((r) => setTimeout(r, 30));
  await s.close();
  await pending;
  assert.equal(rec.outcome, 'server-closed');
  assert.ok(rec.closedAt !== undefined);
  assert.equal(s.connections.length, 1);
  assert.deepEqual(s.connections[0]!.requestIds, [rec.id]);
  assert.ok(s.connections.every((c) => c.closedAt !== undefined), 'every connection closed');
});

test('redirect fault points at another origin; code-fenced:LANG answers', async () => {
  const r = await post('/v1/chat', chat('#fault=redirect'));
  assert.equal(r.status, 307);
  assert.equal(r.headers.location, `http://localhost:${server.port}/v1/chat`);
  const py = await post('/v1/chat', chat('#answer=code-fenced:python'));
  const text = dataLines(py.body)
    .map((l) => l.slice(6))
    .filter((d) => d !== '[DONE]')
    .map((d) => (JSON.parse(d) as { choices: Array<{ delta: { content?: string | null } }> }).choices[0]?.delta.content ?? '')
    .join('');
  assert.equal(text, answerText('chat', 'code-fenced:python'));
  assert.match(text, /^```python\n/);
});
