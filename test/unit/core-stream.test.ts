// startStream over real HTTP against a tiny scripted node:http server on 127.0.0.1: abort reaches
// the socket, retries happen only before the stream starts, errors are classified and redacted.
import { test, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { closeDispatchers, startStream, type ConnectionOptions, type RequestSummary, type StreamEvent } from '../../src/core';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

interface TestServer {
  url: string;
  requests: { path: string; body: string; headers: IncomingMessage['headers'] }[];
  closedAt: number[];
  close(): Promise<void>;
}

const open = new Set<TestServer>();
afterEach(async () => {
  // Close whatever a failed test left open so the file still exits.
  await Promise.all([...open].map((s) => s.close()));
});

async function serve(handler: Handler): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const closedAt: number[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ path: req.url ?? '', body, headers: req.headers });
      handler(req, res, requests.length);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => {
      closedAt.push(Date.now());
      sockets.delete(s);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const ts: TestServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    closedAt,
    close: () =>
      (closing ??= new Promise<void>((r) => {
        open.delete(ts);
        for (const s of sockets) s.destroy();
        server.close(() => r());
      })),
  };
  open.add(ts);
  return ts;
}

const chunk = (content: string, finish: string | null = null): string =>
  `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`;

function sse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
}

const KEY = 'sk-test-SECRET-1234567890';
const opts = (baseUrl: string, extra: Partial<ConnectionOptions> = {}): ConnectionOptions => ({ provider: 'openai', baseUrl: `${baseUrl}/v1`, apiKey: KEY, ...extra });
const chat = { kind: 'chat' as const, model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };

after(() => closeDispatchers());

test('streams text, sends the right request, ends with done', async () => {
  const srv = await serve((_req, res) => {
    sse(res);
    res.write(': keep-alive\n\n');
    res.write(chunk('Hel'));
    res.write(chunk('lo', 'stop'));
    res.end('data: [DONE]\n\n');
  });
  const logs: RequestSummary[] = [];
  const h = startStream(chat, opts(srv.url, { log: { request: (s) => logs.push(s) } }));
  const types: string[] = [];
  for await (const e of h.events) types.push(e.type);
  const r = await h.result;
  assert.equal(r.text, 'Hello');
  assert.equal(r.finishReason, 'stop');
  assert.equal(r.termination, 'done_sentinel');
  assert.deepEqual(types, ['open', 'text', 'text', 'finish', 'done']);
  assert.equal(srv.requests[0]!.path, '/v1/chat/completions');
  assert.equal(srv.requests[0]!.headers.authorization, `Bearer ${KEY}`);
  const body = JSON.parse(srv.requests[0]!.body) as Record<string, unknown>;
  assert.equal(body.stream, true);
  assert.deepEqual(body.stream_options, { include_usage: true });
  assert.equal(logs.length, 1);
  assert.equal(logs[0]!.outcome, 'done');
  assert.equal(logs[0]!.status, 200);
  assert.ok(!JSON.stringify(logs).includes(KEY));
  await srv.close();
});

test('result completes even if nobody reads events', async () => {
  const srv = await serve((_req, res) => {
    sse(res);
    for (let i = 0; i < 2000; i++) res.write(chunk('x'));
    res.end(chunk('', 'stop'));
  });
  const r = await startStream(chat, opts(srv.url)).result;
  assert.equal(r.text.length, 2000);
  assert.equal(r.termination, 'eof_after_finish');
  await srv.close();
});

test('abort closes the socket at once (server sees it within 50 ms)', async () => {
  // undici destroys the socket synchronously inside abort(); the server here shares this
  // process's event loop, so on a loaded machine one sample can be late: best of 3.
  let best = Infinity;
  for (let round = 0; round < 3 && best >= 50; round++) {
    const srv = await serve((_req, res) => {
      sse(res);
      res.write(chunk('first'));
      // then stall forever
    });
    const h = startStream(chat, opts(srv.url));
    let abortedAt = 0;
    for await (const e of h.events) {
      if (e.type === 'text') {
        abortedAt = Date.now();
        h.abort();
      }
    }
    const r = await h.result;
    assert.equal(r.error?.kind, 'cancelled');
    assert.equal(r.termination, 'cancelled');
    assert.equal(r.text, 'first');
    for (let i = 0; i < 100 && srv.closedAt.length === 0; i++) await new Promise((res) => setTimeout(res, 5));
    assert.ok(srv.closedAt.length > 0, 'server saw the socket close');
    best = Math.min(best, srv.closedAt[0]! - abortedAt);
    await srv.close();
  }
  assert.ok(best < 50, `closed after ${best} ms`);
});

test('an external AbortSignal also cancels', async () => {
  const srv = await serve((_req, res) => {
    sse(res);
    res.write(chunk('a'));
  });
  const ac = new AbortController();
  const h = startStream(chat, opts(srv.url), ac.signal);
  setTimeout(() => ac.abort(), 30);
  const r = await h.result;
  assert.equal(r.error?.kind, 'cancelled');
  await srv.close();
});

test('429 with retry-after-ms is retried after the requested wait; retrying event first', async () => {
  const srv = await serve((_req, res, n) => {
    if (n === 1) {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after-ms': '150' });
      res.end(JSON.stringify({ error: { message: 'slow down', type: 'rate_limit' } }));
      return;
    }
    sse(res);
    res.end(chunk('ok', 'stop'));
  });
  const h = startStream(chat, opts(srv.url));
  const events: StreamEvent[] = [];
  for await (const e of h.events) events.push(e);
  const r = await h.result;
  assert.equal(r.text, 'ok');
  const retrying = events[0];
  assert.equal(retrying?.type, 'retrying');
  if (retrying?.type === 'retrying') {
    assert.equal(retrying.delayMs, 150);
    assert.equal(retrying.attempt, 2);
    assert.equal(retrying.error.kind, 'rate-limit');
  }
  assert.equal(srv.requests.length, 2);
  await srv.close();
});

test('retryNow skips the wait; abort during the wait ends at once', async () => {
  const srv = await serve((_req, res, n) => {
    if (n === 1 || n === 3) {
      res.writeHead(503, { 'retry-after': '30' });
      res.end();
      return;
    }
    sse(res);
    res.end(chunk('ok', 'stop'));
  });
  const t0 = Date.now();
  const h = startStream(chat, opts(srv.url));
  for await (const e of h.events) if (e.type === 'retrying') h.retryNow();
  assert.equal((await h.result).text, 'ok');
  assert.ok(Date.now() - t0 < 2000);

  const t1 = Date.now();
  const h2 = startStream(chat, opts(srv.url));
  for await (const e of h2.events) if (e.type === 'retrying') h2.abort();
  const r2 = await h2.result;
  assert.equal(r2.error?.kind, 'cancelled');
  assert.ok(Date.now() - t1 < 2000);
  await srv.close();
});

test('a failure after the first delta is not retried', async () => {
  const srv = await serve((req, res) => {
    sse(res);
    res.write(chunk('partial'));
    setTimeout(() => req.socket.destroy(), 20);
  });
  const r = await startStream(chat, opts(srv.url)).result;
  assert.equal(srv.requests.length, 1);
  assert.equal(r.text, 'partial');
  assert.ok(r.error);
  assert.equal(r.error.kind, 'network');
  await srv.close();
});

test('stalled stream hits the idle timeout', async () => {
  const srv = await serve((_req, res) => {
    sse(res);
    res.write(chunk('a'));
  });
  const r = await startStream(chat, opts(srv.url, { timeouts: { idleMs: 150 } })).result;
  assert.equal(r.error?.kind, 'stalled');
  assert.equal(r.text, 'a');
  await srv.close();
});

test('HTTP errors: HTML 502, JSON instead of a stream, key redacted', async () => {
  const srv = await serve((req, res) => {
    if (req.url?.includes('html')) {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><title>Bad Gateway</title></html>');
    } else if (req.url?.includes('json')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `invalid key ${KEY}`, type: 'auth' } }));
    } else {
      res.writeHead(401, { 'content-type': 'application/json', 'x-request-id': 'req_1' });
      res.end(JSON.stringify({ tpe: 'fail.auth', errors: [{ description: `Key ${KEY} rejected; Authorization: Bearer ${KEY}`, key: 'fail.auth.generic' }] }));
    }
  });
  const html = await startStream(chat, { ...opts(srv.url), baseUrl: `${srv.url}/html`, maxRetries: 0 }).result;
  assert.equal(html.error?.kind, 'server');
  assert.match(html.error?.message ?? '', /answered 502 with an HTML page/);
  const json = await startStream(chat, { ...opts(srv.url), baseUrl: `${srv.url}/json` }).result;
  assert.equal(json.error?.kind, 'malformed');
  assert.match(json.error?.message ?? '', /JSON document instead of an event stream: invalid key/);
  assert.ok(!JSON.stringify(json).includes(KEY));
  const auth = await startStream(chat, opts(srv.url)).result;
  assert.equal(auth.error?.kind, 'auth');
  assert.equal(auth.error?.requestId, 'req_1');
  assert.equal(auth.termination, 'http_error');
  assert.ok(!JSON.stringify(auth).includes(KEY), JSON.stringify(auth));
  await srv.close();
});

test('connection refused → network error after retries, with retrying events', async () => {
  const srv = await serve(() => undefined);
  const url = srv.url;
  await srv.close();
  const h = startStream(chat, { ...opts(url), maxRetries: 1 });
  let retries = 0;
  for await (const e of h.events) if (e.type === 'retrying') (retries++, h.retryNow());
  const r = await h.result;
  assert.equal(retries, 1);
  assert.equal(r.error?.kind, 'network');
  assert.match(r.error?.message ?? '', /refused/);
});

test('Writer features on another provider fail at once with bad-request', async () => {
  const r = await startStream({ kind: 'graph-question', graphIds: ['g'], question: 'q' }, { provider: 'openai', baseUrl: 'http://127.0.0.1:9' }).result;
  assert.equal(r.error?.kind, 'bad-request');
  assert.match(r.error?.message ?? '', /Writer feature/);
  assert.match(r.error?.action ?? '', /the provider setting/);
  assert.ok(r.error?.fix?.includes('provider'), 'the fix names the provider setting');
});

test('through an HTTP CONNECT proxy; NO_PROXY bypasses it', async () => {
  const srv = await serve((_req, res) => {
    sse(res);
    res.end(chunk('via', 'stop'));
  });
  let tunnels = 0;
  const proxy = createServer();
  proxy.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    tunnels++;
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const r = await startStream(chat, opts(srv.url, { proxy: { url: proxyUrl } })).result;
  assert.equal(r.text, 'via');
  assert.equal(tunnels, 1);
  const r2 = await startStream(chat, opts(srv.url, { proxy: { url: proxyUrl, noProxy: ['127.0.0.1'] } })).result;
  assert.equal(r2.text, 'via');
  assert.equal(tunnels, 1, 'no-proxy host went direct');
  await closeDispatchers();
  proxy.closeAllConnections?.();
  await new Promise<void>((r3) => proxy.close(() => r3()));
  await srv.close();
});
