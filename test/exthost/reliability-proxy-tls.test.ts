// Proxies and TLS through the product, in the real extension host: chat turns go through a real
// local HTTP CONNECT proxy chosen by VS Code's `http.proxy` (with and without proxy auth; a wrong or
// missing credential gives a clear 407 message), `http.noProxy` bypasses it, and `http.proxyStrictSSL`
// decides whether a self-signed HTTPS server is refused (with a message naming the certificate
// problem and what to do) or used — directly and through the proxy. Prints what the user sees.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { StreamAssistApi } from '../../src/extension';
import type { ChatFeature } from '../../src/extension/chat';
import type { MessageView } from '../../src/shared/webviewProtocol';
import { answerText, startConnectProxy, startStreamingServer, type ConnectProxy, type StreamingServer } from '../server';
import { activate, logText, nextTurnEnd, SettingsScope, storeFilesText, storeKey, waitFor } from './fixture';
import { report } from './index';

/** Distinctive, so a leak is found by a substring search. */
const KEY = 'sk-proxytest-Wq4Zr8Lp-leakcanary';
const PROXY_USER = 'alice';
const PROXY_PASS = 'pr0xy-S3cret-canary';
const PLAIN = answerText('chat', 'plain');

describe('reliability: proxies and TLS through the product (extension host)', function () {
  this.timeout(60_000);
  let api: StreamAssistApi;
  let chat: ChatFeature;
  let server: StreamingServer;
  /** What each case showed the user, printed at the end. */
  const seen: { case: string; outcome: string }[] = [];
  const open: { close(): Promise<void> }[] = [];

  const settings = new SettingsScope();

  /** Points the product at `target` (Writer provider) with the test key stored for it. */
  async function useServer(target: StreamingServer): Promise<void> {
    await settings.set('streamAssist', { provider: 'writer', baseUrl: target.url });
    await storeKey(KEY);
  }

  /** One chat turn as the webview sends it; resolves with the stored answer once it ended. */
  async function ask(text: string): Promise<MessageView> {
    const ended = nextTurnEnd(chat);
    chat.provider.receive({ type: 'newConversation' });
    chat.provider.receive({ type: 'send', text });
    const { messageId } = await ended;
    const answer = chat.controller.store.current().messages.find((m) => m.id === messageId);
    assert.ok(answer, 'the answer is in the conversation');
    return answer;
  }

  const shown = (m: MessageView): string => (m.error ? `${m.error.message} ${m.error.action}` : `${m.status}: ${m.text.length} chars`);

  async function startProxy(auth?: string): Promise<ConnectProxy> {
    const proxy = await startConnectProxy(auth ? { auth } : {});
    open.push(proxy);
    return proxy;
  }
  const withCredentials = (proxy: ConnectProxy, user: string, pass: string) => proxy.url.replace('http://', `http://${user}:${pass}@`);
  const tunnelsTo = (proxy: ConnectProxy, s: StreamingServer) => proxy.tunnels.filter((t) => t.target === `127.0.0.1:${s.port}`);

  before(async () => {
    ({ api, chat } = await activate());
    server = await startStreamingServer({ apiKey: KEY });
    open.push(server);
  });

  afterEach(async () => {
    api.services.streams.cancelAll();
    await settings.reset();
  });

  after(async () => {
    api.services.streams.cancelAll();
    await settings.reset();
    await vscode.commands.executeCommand('streamAssist.clearApiKey', { silent: true });
    for (const s of open.splice(0)) await s.close();
    report('    what the user sees (proxy / TLS):');
    for (const row of seen) report(`      ${row.case.padEnd(44)} ${row.outcome}`);
  });

  it('chat streams through the CONNECT proxy set in http.proxy (the tunnel is used)', async () => {
    await useServer(server);
    const proxy = await startProxy();
    await settings.set('http', { proxy: proxy.url });
    const before = server.requests.length;
    const answer = await ask('#answer=plain');
    assert.equal(answer.status, 'done', shown(answer));
    assert.equal(answer.text, PLAIN);
    const tunnels = tunnelsTo(proxy, server);
    assert.ok(tunnels.length >= 1 && tunnels.every((t) => t.status === 200 && t.auth === 'none'), JSON.stringify(proxy.tunnels));
    const chatRequest = server.requests.slice(before).find((r) => r.path === '/v1/chat');
    assert.equal(chatRequest?.auth, 'valid', 'the key reached the API through the tunnel');
    seen.push({ case: 'http.proxy, no auth', outcome: `${shown(answer)}; ${tunnels.length} tunnel(s) to the server` });
  });

  it('proxy with Basic auth: credentials in http.proxy open the tunnel; they never show up anywhere', async () => {
    await useServer(server);
    const proxy = await startProxy(`${PROXY_USER}:${PROXY_PASS}`);
    await settings.set('http', { proxy: withCredentials(proxy, PROXY_USER, PROXY_PASS) });
    const answer = await ask('#answer=plain');
    assert.equal(answer.status, 'done', shown(answer));
    assert.equal(answer.text, PLAIN);
    assert.ok(tunnelsTo(proxy, server).some((t) => t.status === 200 && t.auth === 'valid'), JSON.stringify(proxy.tunnels));
    const saved = await storeFilesText(chat.controller.store);
    for (const [what, text] of [['log', logText(api)], ['conversation store', saved]] as const) {
      assert.ok(!text.includes(PROXY_PASS), `proxy password not in the ${what}`);
      assert.ok(!text.includes(KEY), `key not in the ${what}`);
    }
    seen.push({ case: 'http.proxy with user:password', outcome: shown(answer) });
  });

  for (const variant of ['wrong', 'missing'] as const) {
    it(`proxy auth ${variant} → a clear 407 message pointing at the credentials in http.proxy; nothing reaches the API`, async () => {
      await useServer(server);
      const proxy = await startProxy(`${PROXY_USER}:${PROXY_PASS}`);
      await settings.set('http', { proxy: variant === 'wrong' ? withCredentials(proxy, PROXY_USER, 'not-the-password') : proxy.url });
      const before = server.requests.length;
      const answer = await ask('#answer=plain');
      assert.equal(answer.status, 'error');
      assert.equal(answer.text, '');
      assert.ok(answer.error);
      assert.equal(answer.error.status, 407);
      assert.match(answer.error.message, /proxy requires authentication \(407 Proxy Authentication Required\)/i);
      assert.match(answer.error.action, /Check the proxy user name and password in http\.proxy/);
      assert.ok(!JSON.stringify(answer.error).includes('not-the-password') && !JSON.stringify(answer.error).includes(PROXY_PASS));
      const tunnels = tunnelsTo(proxy, server);
      assert.ok(tunnels.length >= 1 && tunnels.every((t) => t.status === 407 && t.auth === (variant === 'wrong' ? 'invalid' : 'none')), JSON.stringify(tunnels));
      assert.equal(server.requests.slice(before).filter((r) => r.path === '/v1/chat').length, 0, 'the API saw nothing');

      // Features that let the foundation show errors get the same text as a notification.
      const handle = await api.services.client.start({ kind: 'chat', model: 'palmyra-x5', messages: [{ role: 'user', content: '#answer=plain' }] }, { label: 'Test: proxy auth', kind: 'chat' });
      assert.equal((await handle.result).error?.status, 407);
      await waitFor('the 407 notification', () => (api.notifications.last('client') ?? '').includes('Test: proxy auth'));
      assert.match(api.notifications.last('client') ?? '', /proxy requires authentication.*Check the proxy user name and password in http\.proxy/);
      seen.push({ case: `http.proxy auth ${variant} (chat)`, outcome: shown(answer) });
      seen.push({ case: `http.proxy auth ${variant} (notification)`, outcome: api.notifications.last('client') ?? '' });
    });
  }

  it('http.noProxy bypasses the proxy (even one that would refuse)', async () => {
    await useServer(server);
    const proxy = await startProxy(`${PROXY_USER}:${PROXY_PASS}`);
    await settings.set('http', { proxy: proxy.url, noProxy: ['127.0.0.1'] });
    const answer = await ask('#answer=plain');
    assert.equal(answer.status, 'done', shown(answer));
    assert.equal(answer.text, PLAIN);
    assert.equal(proxy.tunnels.length, 0, 'the proxy was not asked');
    seen.push({ case: 'http.noProxy [127.0.0.1]', outcome: `${shown(answer)}; 0 tunnels` });
  });

  describe('self-signed HTTPS streaming server', () => {
    let tls: StreamingServer;
    before(async () => {
      tls = await startStreamingServer({ apiKey: KEY, tls: true });
      open.push(tls);
    });

    it('http.proxyStrictSSL true (default): refused, naming the certificate problem and what to do', async () => {
      await useServer(tls);
      const before = tls.requests.length;
      const answer = await ask('#answer=plain');
      assert.equal(answer.status, 'error');
      assert.ok(answer.error);
      assert.equal(answer.error.kind, 'network');
      assert.match(answer.error.message, new RegExp(`TLS certificate of 127\\.0\\.0\\.1:${tls.port} is not trusted \\(self-signed certificate\\)`));
      assert.match(answer.error.action, /install its CA certificate/);
      assert.match(answer.error.action, /http\.proxyStrictSSL to false/);
      assert.equal(tls.requests.length, before, 'no request got through the handshake');
      seen.push({ case: 'self-signed HTTPS, strict', outcome: shown(answer) });
    });

    it('http.proxyStrictSSL false: the same server streams', async () => {
      await useServer(tls);
      await settings.set('http', { proxyStrictSSL: false });
      const answer = await ask('#answer=plain');
      assert.equal(answer.status, 'done', shown(answer));
      assert.equal(answer.text, PLAIN);
      assert.equal(tls.requests.at(-1)?.auth, 'valid');
      seen.push({ case: 'self-signed HTTPS, proxyStrictSSL false', outcome: shown(answer) });
    });

    it('through the proxy too: strict refuses (naming the proxy as a suspect), not strict streams', async () => {
      await useServer(tls);
      const proxy = await startProxy();
      await settings.set('http', { proxy: proxy.url });
      const refused = await ask('#answer=plain');
      assert.equal(refused.status, 'error');
      assert.match(refused.error?.message ?? '', /is not trusted \(self-signed certificate\)/);
      assert.match(refused.error?.message ?? '', /\(or of the proxy\)/);
      assert.ok(tunnelsTo(proxy, tls).length >= 1, 'the TLS handshake went through the tunnel');
      seen.push({ case: 'self-signed HTTPS via proxy, strict', outcome: shown(refused) });

      await settings.set('http', { proxyStrictSSL: false });
      const answer = await ask('#answer=plain');
      assert.equal(answer.status, 'done', shown(answer));
      assert.equal(answer.text, PLAIN);
      assert.ok(tunnelsTo(proxy, tls).some((t) => t.status === 200));
      seen.push({ case: 'self-signed HTTPS via proxy, not strict', outcome: shown(answer) });
    });
  });
});
