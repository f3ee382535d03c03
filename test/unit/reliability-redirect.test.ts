// The key goes only to the configured origin: a 3xx from the API (streams and lists) is not followed
// at all, so nothing — least of all the Authorization header — reaches the redirect target, and the
// user gets one clear error naming where the server pointed. Real servers on 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeDispatchers, listModels, startStream, StreamError, type ConnectionOptions, type StreamErrorInfo, type StreamRequest } from '../../src/core';
import { startConnectProxy, startStreamingServer, type StreamingServer } from '../server';

const KEY = 'sk-redirect-canary-5Yq8Rw';
const REDIRECTS = [301, 302, 303, 307, 308] as const;

/** The configured API (checks the key). */
let api: StreamingServer;
/** Another origin the API redirects to: it must never see a request. */
let elsewhere: StreamingServer;

before(async () => {
  api = await startStreamingServer({ apiKey: KEY });
  elsewhere = await startStreamingServer();
});
after(async () => {
  await closeDispatchers();
  await api.close();
  await elsewhere.close();
});

const chat = (content: string): StreamRequest => ({ kind: 'chat', model: 'palmyra-x5', messages: [{ role: 'user', content }] });
const options = (baseUrl: string): ConnectionOptions => ({ provider: 'writer', baseUrl, apiKey: KEY, maxRetries: 2 });

function assertRedirectError(error: StreamErrorInfo | null | undefined, status: number, target: RegExp): void {
  assert.ok(error, 'the stream ended with an error');
  assert.equal(error.kind, 'bad-request');
  assert.equal(error.status, status);
  assert.equal(error.retryable, false, 'a redirect is not retried');
  assert.match(error.message, target);
  assert.match(error.message, /Stream Assist does not follow redirects with your key/);
  assert.match(error.action, /the base URL/);
  assert.ok(error.fix?.includes('base-url'), 'the fix names the base URL');
  assert.ok(!JSON.stringify(error).includes(KEY), 'the key is not in the error');
}

for (const status of REDIRECTS) {
  test(`stream: a ${status} to another origin is not followed (no request there, key not sent)`, async () => {
    const before = api.requests.length;
    api.nextScenario({ fault: `redirect:${status}`, location: `${elsewhere.url}/v1/chat` });
    const handle = startStream(chat('#answer=plain'), options(api.url));
    const events = [];
    for await (const e of handle.events) events.push(e);
    const result = await handle.result;
    assertRedirectError(result.error, status, new RegExp(`redirected to ${elsewhere.url.replace(/\./g, '\\.')} \\(${status}\\)`));
    assert.deepEqual(events.map((e) => e.type), ['error'], 'no retry, no open');
    const sent = api.requests.slice(before);
    assert.equal(sent.length, 1, 'one request to the configured origin, not retried');
    assert.equal(sent[0].auth, 'valid', 'the configured origin did get the key');
    assert.equal(elsewhere.requests.length, 0, 'the redirect target saw nothing');
  });
}

test("stream: the server's default redirect (same port, host localhost = another origin) is not followed", async () => {
  const before = api.requests.length;
  const result = await startStream(chat('#answer=plain #fault=redirect'), options(api.url)).result;
  assertRedirectError(result.error, 307, new RegExp(`redirected to http://localhost:${api.port} \\(307\\)`));
  const sent = api.requests.slice(before);
  assert.equal(sent.length, 1);
  assert.ok(sent.every((r) => !r.headers.host?.startsWith('localhost')), 'nothing went to localhost');
});

test('stream: a same-origin relative redirect is not followed either (and says so)', async () => {
  const before = api.requests.length;
  api.nextScenario({ fault: 'redirect:308', location: '/v2/chat?api_key=leaky' });
  const result = await startStream(chat('#answer=plain'), options(api.url)).result;
  assertRedirectError(result.error, 308, /redirected to another path on the same server \(\/v2\/chat\?api_key=\*\*\*\)/);
  assert.equal(api.requests.length, before + 1);
});

/** A bare server that redirects every request to `target` + path, counting what it got. */
async function startRedirector(status: number, target: string): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url} auth=${req.headers.authorization ? 'present' : 'none'}`);
    req.resume();
    res.writeHead(status, { location: `${target}${req.url ?? '/'}`, 'content-length': '0' }).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

for (const status of [301, 302, 307, 308] as const) {
  test(`lists: GET /v1/models answered ${status} to another origin rejects clearly, nothing sent there`, async () => {
    const redirector = await startRedirector(status, elsewhere.url);
    try {
      const error = await listModels(options(redirector.url)).then(
        () => assert.fail('listModels resolved'),
        (err: unknown) => {
          assert.ok(err instanceof StreamError);
          return err.info;
        },
      );
      assertRedirectError(error, status, new RegExp(`redirected to ${elsewhere.url.replace(/\./g, '\\.')} \\(${status}\\)`));
      assert.deepEqual(redirector.hits, ['GET /v1/models auth=present'], 'asked once, not retried');
      assert.equal(elsewhere.requests.length, 0, 'the redirect target saw nothing');
    } finally {
      await closeDispatchers();
      await redirector.close();
    }
  });
}

test('through a CONNECT proxy the redirect is not followed either: no tunnel to the target', async () => {
  const proxy = await startConnectProxy();
  try {
    api.nextScenario({ fault: 'redirect:307', location: `${elsewhere.url}/v1/chat` });
    const result = await startStream(chat('#answer=plain'), { ...options(api.url), proxy: { url: proxy.url } }).result;
    assertRedirectError(result.error, 307, new RegExp(`redirected to ${elsewhere.url.replace(/\./g, '\\.')} \\(307\\)`));
    assert.deepEqual([...new Set(proxy.tunnels.map((t) => t.target))], [`127.0.0.1:${api.port}`], 'tunnels only to the configured origin');
    assert.equal(elsewhere.requests.length, 0);
  } finally {
    await closeDispatchers();
    await proxy.close();
  }
});
