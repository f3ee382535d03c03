// Streaming through a real local HTTP CONNECT proxy (node:http 'connect'), and the no-proxy
// list / NO_PROXY environment bypassing it, proxy authentication, and TLS to a self-signed server
// (strict refuses, strictSSL: false accepts). The proxy records every tunnel it opened.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { closeDispatchers, startStream, type ConnectionOptions, type StreamRequest } from '../../src/core';
import { answerText, startConnectProxy, startStreamingServer, type ConnectProxy, type StreamingServer } from '../server';

let server: StreamingServer;
let proxy: ConnectProxy;
before(async () => {
  server = await startStreamingServer();
  proxy = await startConnectProxy();
});
// Fresh dispatchers per test: a kept-alive tunnel from an earlier test would hide whether a new one is opened.
beforeEach(() => closeDispatchers());
after(async () => {
  await closeDispatchers();
  await server.close();
  await proxy.close();
});

const request: StreamRequest = { kind: 'chat', model: 'palmyra-x5', messages: [{ role: 'user', content: '#answer=plain' }] };
const base = (): ConnectionOptions => ({ provider: 'writer', baseUrl: server.url, maxRetries: 0 });
const target = (): string => `127.0.0.1:${server.port}`;

test('explicit proxy URL: the stream goes through the CONNECT tunnel', async () => {
  const before = proxy.tunnels.length;
  const result = await startStream(request, { ...base(), proxy: { url: proxy.url } }).result;
  assert.equal(result.error, null);
  assert.equal(result.text, answerText('chat', 'plain'));
  assert.deepEqual(proxy.tunnels.slice(before).map((t) => t.target), [target()]);
});

test('noProxy list bypasses the explicit proxy', async () => {
  const before = proxy.tunnels.length;
  const result = await startStream(request, { ...base(), proxy: { url: proxy.url, noProxy: ['127.0.0.1'] } }).result;
  assert.equal(result.text, answerText('chat', 'plain'));
  assert.equal(proxy.tunnels.length, before, 'proxy not used');
});

test('HTTP_PROXY from the environment is used; NO_PROXY bypasses it', async () => {
  const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY, http_proxy: process.env.http_proxy, no_proxy: process.env.no_proxy };
  try {
    delete process.env.http_proxy;
    delete process.env.no_proxy;
    delete process.env.NO_PROXY;
    process.env.HTTP_PROXY = proxy.url;
    let before = proxy.tunnels.length;
    const viaEnv = await startStream(request, base()).result;
    assert.equal(viaEnv.text, answerText('chat', 'plain'));
    assert.deepEqual(proxy.tunnels.slice(before).map((t) => t.target), [target()], 'HTTP_PROXY used');

    process.env.NO_PROXY = '127.0.0.1';
    before = proxy.tunnels.length;
    const bypass = await startStream(request, base()).result;
    assert.equal(bypass.text, answerText('chat', 'plain'));
    assert.equal(proxy.tunnels.length, before, 'NO_PROXY bypassed the proxy');
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
});

test('cancel through the proxy still closes the server socket promptly', async () => {
  const handle = startStream({ ...request, messages: [{ role: 'user', content: '#answer=long #rate=50' }] }, { ...base(), proxy: { url: proxy.url } });
  let abortAt = 0;
  for await (const e of handle.events) {
    if (e.type === 'text' && abortAt === 0) {
      abortAt = server.now();
      handle.abort();
    }
  }
  const closedAt = await server.waitForClose(server.requests.at(-1)!.id, 2000);
  assert.equal((await handle.result).error?.kind, 'cancelled');
  // One more hop (the proxy shares this event loop): allow more than the direct 50 ms.
  assert.ok(closedAt - abortAt < 150, `closed ${(closedAt - abortAt).toFixed(1)} ms after abort`);
});

test('a proxy that refuses the connection gives a network error that names the proxy', async () => {
  const result = await startStream(request, { ...base(), proxy: { url: 'http://127.0.0.1:9' } }).result;
  assert.equal(result.error?.kind, 'network');
  assert.match(`${result.error!.message} ${result.error!.action}`, /proxy/i);
});

test('proxy with Basic authentication: credentials in the proxy URL work, none → error', async () => {
  const locked = await startConnectProxy({ auth: 'alice:s3cret' });
  try {
    const ok = await startStream(request, { ...base(), proxy: { url: locked.url.replace('http://', 'http://alice:s3cret@') } }).result;
    assert.equal(ok.error, null);
    assert.equal(ok.text, answerText('chat', 'plain'));
    assert.equal(locked.tunnels.at(-1)?.auth, 'valid');
    await closeDispatchers();
    const refused = await startStream(request, { ...base(), proxy: { url: locked.url } }).result;
    assert.equal(refused.error?.kind, 'network');
    assert.equal(locked.tunnels.at(-1)?.status, 407);
    assert.ok(!JSON.stringify(refused.error).includes('s3cret'));
  } finally {
    await closeDispatchers();
    await locked.close();
  }
});

test('proxy authorization header (http.proxyAuthorization) opens the tunnel and wins over URL credentials; it never shows in errors', async () => {
  const locked = await startConnectProxy({ auth: 'bob:hunter2' });
  const header = `Basic ${Buffer.from('bob:hunter2').toString('base64')}`;
  try {
    const ok = await startStream(request, { ...base(), proxy: { url: locked.url.replace('http://', 'http://bob:wrong@'), authorization: header } }).result;
    assert.equal(ok.error, null);
    assert.equal(ok.text, answerText('chat', 'plain'));
    assert.equal(locked.tunnels.at(-1)?.auth, 'valid');
    await closeDispatchers();
    const wrong = `Basic ${Buffer.from('bob:nope').toString('base64')}`;
    const refused = await startStream(request, { ...base(), proxy: { url: locked.url, authorization: wrong } }).result;
    assert.equal(refused.error?.status, 407);
    assert.match(refused.error!.action ?? '', /the proxy authorization header/);
    assert.ok(refused.error!.fix?.includes('proxy-auth'));
    assert.equal(locked.tunnels.at(-1)?.auth, 'invalid');
    assert.ok(!JSON.stringify(refused.error).includes(wrong.slice(6)), 'the credential is not in the error');
  } finally {
    await closeDispatchers();
    await locked.close();
  }
});

test('self-signed HTTPS server: strict TLS refuses with a clear error, strictSSL: false streams', async () => {
  const tls = await startStreamingServer({ tls: true });
  try {
    const strict = await startStream(request, { ...base(), baseUrl: tls.url }).result;
    assert.equal(strict.error?.kind, 'network');
    assert.match(`${strict.error!.message} ${strict.error!.action}`, /certificate|TLS|SSL/i);
    const relaxed = await startStream(request, { ...base(), baseUrl: tls.url, proxy: { strictSSL: false } }).result;
    assert.equal(relaxed.error, null);
    assert.equal(relaxed.text, answerText('chat', 'plain'));
  } finally {
    await closeDispatchers();
    await tls.close();
  }
});
