// The core speaks no VS Code: error actions name what to change neutrally ("the base URL") and list
// it in `fix`; a host's `fixNames` turn the same actions into its own words (VS Code settings, CLI
// flags), for streams and list calls alike, before anyone sees the error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyNetworkError, createRedactor, listModels, startStream, type ErrorFix } from '../../src/core';
import { FIX_NOUNS, makeError, nameFixes } from '../../src/core/errors';

const VS_CODE: Partial<Record<ErrorFix, string>> = {
  'base-url': 'streamAssist.baseUrl',
  proxy: 'http.proxy',
  'proxy-auth': 'the header in http.proxyAuthorization',
  'strict-ssl': 'http.proxyStrictSSL',
  'idle-timeout': 'streamAssist.timeouts.idleSeconds',
};
const ctx = { host: 'api.example.com', timeouts: { connectMs: 1000, responseMs: 1000, idleMs: 1000 }, viaProxy: false };

test('the fix list is read off the action: every neutral noun it names, nothing else', () => {
  assert.deepEqual(makeError('network', 'x', { action: 'Check the base URL for typos (or the proxy URL).' }).fix, ['base-url', 'proxy']);
  assert.deepEqual(makeError('stalled', 'x').fix, ['idle-timeout']);
  assert.equal(makeError('server', 'x').fix, undefined, 'an outage has nothing to change');
  assert.equal(new Set(Object.values(FIX_NOUNS)).size, Object.keys(FIX_NOUNS).length, 'nouns are distinct');
});

test("a host's names replace the nouns exactly (the 407 advice in VS Code's words)", () => {
  const info = classifyNetworkError(new Error('Proxy response (407) !== 200 when HTTP Tunneling'), ctx, createRedactor());
  assert.deepEqual(info.fix, ['proxy', 'proxy-auth']);
  assert.ok(!/http\.proxy|streamAssist\./.test(info.action), `neutral in the core: ${info.action}`);
  assert.equal(
    nameFixes(info, VS_CODE).action,
    'Check the proxy user name and password in http.proxy (http://user:password@host:port) or the header in http.proxyAuthorization, or ask your IT team.',
  );
  assert.equal(nameFixes(info, undefined), info, 'no names: unchanged');
});

test('a stream and a list call that fail get the action in the host words, with the fix kept', async () => {
  // Port 1 on loopback refuses at once: a real connection failure, no server needed.
  const options = { provider: 'writer' as const, baseUrl: 'http://127.0.0.1:1', maxRetries: 0, fixNames: { 'base-url': '--base-url' } };
  const result = await startStream({ kind: 'chat', model: 'm', messages: [{ role: 'user', content: 'hi' }] }, options).result;
  assert.equal(result.error?.action, 'Check the host and port in --base-url and that the server (or proxy) is running.');
  assert.deepEqual(result.error?.fix, ['base-url']);
  await assert.rejects(listModels(options), (err: { info?: { action: string } }) => err.info?.action === 'Check the host and port in --base-url and that the server (or proxy) is running.');
});
