// The foundation inside the real extension host, against the local streaming server over real
// HTTP: commands, the key in SecretStorage (and nowhere else), the missing-key and 401 paths,
// the status bar idle → streaming → idle with cancel closing the socket, invalid settings,
// VS Code's proxy settings, and the logged activation time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StreamAssistApi } from '../../src/extension';
import type { StreamEvent, StreamHandle, StreamRequest } from '../../src/core/types';
import { startStreamingServer, type StreamingServer } from '../server';
import { activate, filesUnder, IDLE_TEXT, logText, SettingsScope, waitFor } from './fixture';
import { report } from './index';

/** Distinctive, so a leak anywhere is found by a plain substring search. */
const TEST_KEY = 'sk-fndtest-9f3Qz7LkW2xV-leakcanary';

type Services = StreamAssistApi['services'];
let api: StreamAssistApi;
let services: Services;
let server: StreamingServer;

const settings = new SettingsScope();

function chat(prompt: string): StreamRequest {
  return { kind: 'chat', model: 'palmyra-x5', messages: [{ role: 'user', content: prompt }] };
}

async function collect(handle: StreamHandle): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const e of handle.events) events.push(e);
  return events;
}

describe('foundation (extension host)', function () {
  this.timeout(60_000);

  before(async () => {
    ({ api, services } = await activate());
    server = await startStreamingServer({ apiKey: TEST_KEY });
  });

  after(async () => {
    services.streams.cancelAll();
    await settings.reset();
    await vscode.commands.executeCommand('streamAssist.clearApiKey', { silent: true });
    await server.close();
  });

  afterEach(async () => {
    services.streams.cancelAll();
    await settings.reset();
  });

  it('registers its commands (and every contributed one is registered)', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of ['streamAssist.setApiKey', 'streamAssist.clearApiKey', 'streamAssist.cancel', 'streamAssist.showLog', 'streamAssist.statusBarMenu']) {
      assert.ok(registered.has(id), id);
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(api.context.extensionPath, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[] };
    };
    const missing = pkg.contributes.commands.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });

  it('logs its activation time (and the bundle loads fast)', async () => {
    await waitFor('activation time', () => services.activation.activateMs !== undefined);
    const activateMs = services.activation.activateMs ?? NaN;
    // Code loading: evaluate the shipped bundle again (warm file cache), as VS Code does before activate().
    const bundle = path.join(api.context.extensionPath, 'dist', 'extension.js');
    const cached = require.cache[bundle];
    delete require.cache[bundle];
    const t0 = performance.now();
    require(bundle);
    const loadMs = performance.now() - t0;
    if (cached) require.cache[bundle] = cached;
    report(`    activation: activate() ${activateMs.toFixed(1)} ms (foundation services ${services.activation.createServicesMs.toFixed(1)} ms); bundle evaluation ${loadMs.toFixed(1)} ms`);
    assert.ok(activateMs < 100, `activate() took ${activateMs} ms`);
    await waitFor('"activated in" in the log file', () => /activated in \d+(\.\d+)? ms/.test(logText(api)));
  });

  it('invalid settings: one warning naming the setting, and the default is used', async () => {
    const before = api.notifications.texts('settings').length;
    await settings.set('streamAssist', { temperature: 7 });
    await waitFor('temperature warning', () => api.notifications.texts('settings').length > before);
    assert.equal(api.notifications.last('settings'), 'Stream Assist: streamAssist.temperature must be between 0 and 2 (got 7); using 0.7.');
    assert.equal(services.settings.current().temperature, 0.7);
    // Reading again does not warn again.
    services.settings.current();
    assert.equal(api.notifications.texts('settings').length, before + 1);

    await settings.set('streamAssist', { baseUrl: 'not a url', 'timeouts.idleSeconds': 0 });
    await waitFor('baseUrl warning', () => api.notifications.texts('settings').some((w) => /streamAssist\.baseUrl is not a valid URL \(got "not a url"\)/.test(w)));
    await waitFor('idle timeout warning', () => api.notifications.texts('settings').some((w) => w.includes('streamAssist.timeouts.idleSeconds must be a positive number')));
    const s = services.settings.current();
    assert.equal(s.baseUrl, 'https://api.writer.com');
    assert.equal(s.timeouts.idleMs, 90_000);
  });

  it('a missing key ends the stream at once with an auth error and shows the notification', async () => {
    await settings.set('streamAssist', { provider: 'writer', baseUrl: '' });
    await vscode.commands.executeCommand('streamAssist.clearApiKey', { silent: true });
    const requestsBefore = server.requests.length;
    const shownBefore = api.notifications.texts('client').length;

    const handle = await services.client.start(chat('hello'), { label: 'Test: no key', kind: 'chat' });
    const events = await collect(handle);
    const result = await handle.result;
    assert.equal(events.length, 1);
    assert.equal(events[0].type, 'error');
    assert.equal(result.error?.kind, 'auth');
    assert.equal(result.error?.message, 'No API key is set for Writer (api.writer.com).');
    assert.equal(api.notifications.texts('client').length, shownBefore + 1);
    assert.match(api.notifications.last('client') ?? '', /No API key is set for Writer \(api\.writer\.com\)/);
    assert.equal(server.requests.length, requestsBefore, 'nothing was sent');
    assert.equal(services.streams.active().length, 0);

    // A caller that shows errors itself gets the same handle and no notification.
    const quiet = await services.client.start(chat('hello'), { label: 'Test: no key, quiet', kind: 'chat', handlesErrors: true });
    assert.equal((await quiet.result).error?.kind, 'auth');
    assert.equal(api.notifications.texts('client').length, shownBefore + 1);

    await assert.rejects(services.client.listModels(), (err: { info?: { kind: string } }) => err.info?.kind === 'auth');
  });

  it('the key round-trips through SecretStorage, is sent, and appears nowhere else', async () => {
    await settings.set('streamAssist', { provider: 'writer', baseUrl: server.url });
    let changes = 0;
    const sub = services.apiKeys.onDidChange(() => changes++);
    try {
      const refused = (await vscode.commands.executeCommand('streamAssist.setApiKey', { apiKey: '   ' })) as { stored: boolean };
      assert.equal(refused.stored, false, 'empty input is refused');

      const result = (await vscode.commands.executeCommand('streamAssist.setApiKey', { apiKey: `  ${TEST_KEY}\n`, verify: true })) as {
        stored: boolean;
        check?: { ok: boolean; models?: number; message?: string };
      };
      assert.equal(result.stored, true);
      assert.equal(result.check?.ok, true, result.check?.message);
      assert.ok((result.check?.models ?? 0) > 0);
      assert.equal(await api.context.secrets.get(`streamAssist.apiKey/writer/${server.url}`), TEST_KEY, 'stored trimmed, under provider + origin');
      assert.equal(await services.apiKeys.get('writer', server.url), TEST_KEY);
      assert.equal(await services.apiKeyStatus.isSet(), true);
      await waitFor('secrets.onDidChange reached the key store', () => changes > 0);
    } finally {
      sub.dispose();
    }

    const handle = await services.client.start(chat('#answer=plain'), { label: 'Test: with key', kind: 'chat' });
    const result = await handle.result;
    assert.equal(result.error, null);
    assert.ok(result.text.length > 0);
    const record = server.requests[server.requests.length - 1];
    assert.equal(record.path, '/v1/chat');
    assert.equal(record.auth, 'valid');

    // Now look for it everywhere it must not be.
    const settingsFile = path.resolve(api.context.globalStorageUri.fsPath, '..', '..', 'settings.json');
    assert.ok(fs.existsSync(settingsFile), settingsFile);
    assert.ok(!fs.readFileSync(settingsFile, 'utf8').includes(TEST_KEY), 'not in settings.json');
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('streamAssist')).includes(TEST_KEY), 'not in the streamAssist configuration');
    for (const memento of [api.context.globalState, api.context.workspaceState]) {
      for (const key of memento.keys()) {
        assert.ok(!key.includes(TEST_KEY) && !JSON.stringify(memento.get(key) ?? null).includes(TEST_KEY), `not in state ${key}`);
      }
    }
    for (const f of filesUnder(api.context.globalStorageUri.fsPath)) assert.ok(!fs.readFileSync(f, 'utf8').includes(TEST_KEY), f);
    const requestLine = `POST ${server.url}/v1/chat 200`;
    await waitFor('the request line in the log file', () => logText(api).includes(requestLine));
    assert.ok(!logText(api).includes(TEST_KEY), 'not in the log');
    assert.ok(!api.notifications.texts('client').join('\n').includes(TEST_KEY), 'not in notifications');

    assert.equal(await vscode.commands.executeCommand('streamAssist.clearApiKey', { silent: true }), true);
    assert.equal(await api.context.secrets.get(`streamAssist.apiKey/writer/${server.url}`), undefined);
    assert.equal(await services.apiKeyStatus.isSet(), false);
    // Keys are per provider + origin: a key for this server is not offered to another provider.
    await vscode.commands.executeCommand('streamAssist.setApiKey', { apiKey: TEST_KEY });
    await settings.set('streamAssist', { provider: 'openai', baseUrl: `${server.url}/v1` });
    assert.equal(await services.apiKeyStatus.isSet(), false);
    await settings.set('streamAssist', { provider: 'writer', baseUrl: server.url });
    await vscode.commands.executeCommand('streamAssist.clearApiKey', { silent: true });
  });

  it('a 401 from the server shows the Set API Key notification', async () => {
    await settings.set('streamAssist', { provider: 'writer', baseUrl: server.url });
    await vscode.commands.executeCommand('streamAssist.setApiKey', { apiKey: 'sk-wrong-key-1234' });
    const shownBefore = api.notifications.texts('client').length;
    const handle = await services.client.start(chat('#answer=plain'), { label: 'Test: wrong key', kind: 'chat' });
    const result = await handle.result;
    assert.equal(result.error?.kind, 'auth');
    assert.equal(result.error?.status, 401);
    assert.equal(server.requests[server.requests.length - 1].auth, 'invalid');
    await waitFor('auth notification', () => api.notifications.texts('client').length > shownBefore);
    assert.match(api.notifications.last('client') ?? '', /Test: wrong key/);
    assert.ok(!(api.notifications.last('client') ?? '').includes('sk-wrong-key-1234'));
    await vscode.commands.executeCommand('streamAssist.clearApiKey', { silent: true });
  });

  it('a local server needs no key', async () => {
    const open = await startStreamingServer();
    try {
      await settings.set('streamAssist', { provider: 'openai', baseUrl: `${open.url}/v1` });
      const handle = await services.client.start(chat('#answer=plain'), { label: 'Test: local', kind: 'chat' });
      const result = await handle.result;
      assert.equal(result.error, null);
      assert.ok(result.text.length > 0);
      // The chat view may ask this server for /v1/models first: wait for the chat request itself.
      const record = await open.waitForRequest((r) => r.method === 'POST' && r.path === '/v1/chat/completions');
      assert.equal(record.auth, 'none');
      assert.equal(open.requests.filter((r) => r.path === '/v1/chat/completions').length, 1, 'exactly one chat request');
    } finally {
      await open.close();
    }
  });

  it('status bar: idle → streaming (label, tokens/s) → idle; streamAssist.cancel closes the socket', async () => {
    await settings.set('streamAssist', { provider: 'writer', baseUrl: server.url });
    await vscode.commands.executeCommand('streamAssist.setApiKey', { apiKey: TEST_KEY });
    const item = services.statusBar.item;
    assert.equal(item.text, IDLE_TEXT);
    assert.equal((item.command as vscode.Command).command, 'streamAssist.statusBarMenu');

    server.nextScenario({ answer: 'long', rate: 40 });
    const handle = await services.client.start(chat('write a long answer'), { label: 'Chat: a long answer', kind: 'chat' });
    const events = collect(handle); // a feature consuming the events as usual
    const record = await server.waitForRequest((r) => r.path === '/v1/chat' && r.outcome === 'open');
    await waitFor('spinner with the label', () => item.text.startsWith('$(loading~spin) Chat: a long answer'));
    assert.equal((item.command as vscode.Command).command, 'streamAssist.cancel', 'a click cancels');
    await waitFor('tokens/s', () => / · \d+ tok\/s$/.test(item.text), 5000);
    assert.equal(services.streams.active().length, 1);
    assert.ok(services.streams.active()[0].tokens > 0);

    const t0 = server.now();
    assert.equal(await vscode.commands.executeCommand('streamAssist.cancel'), 1);
    const closedAt = await server.waitForClose(record.id, 5000);
    report(`    cancel → socket closed at the server in ${(closedAt - t0).toFixed(1)} ms`);
    assert.ok(closedAt - t0 < 1000);
    assert.equal(record.outcome, 'client-closed');
    const result = await handle.result;
    assert.equal(result.error?.kind, 'cancelled');
    const seen = await events;
    assert.ok(seen.some((e) => e.type === 'text'), 'text arrived before the cancel');
    assert.equal(seen.map((e) => (e.type === 'text' ? e.text : '')).join(''), result.text, 'events passed on unchanged');
    await waitFor('idle again', () => item.text === IDLE_TEXT);
    assert.equal(services.streams.active().length, 0);
    assert.equal(api.notifications.texts('client').filter((t) => t.includes('a long answer')).length, 0, 'cancel is silent');
  });

  it('several streams: the item counts them and cancel { all: true } closes every socket', async () => {
    await settings.set('streamAssist', { provider: 'writer', baseUrl: server.url });
    await vscode.commands.executeCommand('streamAssist.setApiKey', { apiKey: TEST_KEY });
    const before = server.requests.length;
    server.nextScenario({ answer: 'long', rate: 20 });
    server.nextScenario({ answer: 'long', rate: 20 });
    const a = await services.client.start(chat('one'), { label: 'Chat: one', kind: 'chat' });
    const b = await services.client.start({ kind: 'completions', model: 'palmyra-x5', prompt: 'two' }, { label: 'Editor: two', kind: 'editor' });
    await waitFor('two requests open', () => server.requests.slice(before).filter((r) => r.outcome === 'open').length === 2);
    await waitFor('"2 streams"', () => services.statusBar.item.text.startsWith('$(loading~spin) 2 streams'));
    assert.deepEqual(services.streams.active().map((j) => j.kind), ['chat', 'editor']);
    assert.equal(await vscode.commands.executeCommand('streamAssist.cancel', { all: true }), 2);
    for (const r of server.requests.slice(before)) await server.waitForClose(r.id, 5000);
    assert.equal((await a.result).error?.kind, 'cancelled');
    assert.equal((await b.result).error?.kind, 'cancelled');
    await waitFor('idle again', () => services.statusBar.item.text === IDLE_TEXT);
  });

  it('status bar shows a pending retry, then the stream', async () => {
    await settings.set('streamAssist', { provider: 'writer', baseUrl: server.url });
    await vscode.commands.executeCommand('streamAssist.setApiKey', { apiKey: TEST_KEY });
    server.nextScenario({ fault: '429:1', retryAfter: 2 });
    const handle = await services.client.start(chat('#answer=plain'), { label: 'Chat: retried', kind: 'chat' });
    await waitFor('retry countdown', () => / · attempt 2 in [12] s$/.test(services.statusBar.item.text), 5000);
    const result = await handle.result;
    assert.equal(result.error, null);
    await waitFor('idle again', () => services.statusBar.item.text === IDLE_TEXT);
  });

  it("VS Code's http.proxy and http.noProxy reach the transport", async () => {
    await settings.set('streamAssist', { provider: 'writer', baseUrl: server.url });
    await vscode.commands.executeCommand('streamAssist.setApiKey', { apiKey: TEST_KEY });
    const proxy = await startProxy();
    try {
      await settings.set('http', { proxy: proxy.url, noProxy: [] });
      const viaProxy = await (await services.client.start(chat('#answer=plain'), { label: 'Test: proxy', kind: 'chat' })).result;
      assert.equal(viaProxy.error, null, viaProxy.error?.message);
      assert.equal(proxy.seen.length, 1, 'the request went through http.proxy');
      assert.ok(proxy.seen[0].includes(`127.0.0.1:${server.port}`), proxy.seen[0]);

      await settings.set('http', { noProxy: ['127.0.0.1'] });
      const direct = await (await services.client.start(chat('#answer=plain'), { label: 'Test: no proxy', kind: 'chat' })).result;
      assert.equal(direct.error, null, direct.error?.message);
      assert.equal(proxy.seen.length, 1, 'http.noProxy bypassed the proxy');
    } finally {
      await proxy.close();
    }
  });

  it('a long list searches as the user types: results for the typed text are added, stale queries dropped', async () => {
    const asked: string[] = [];
    let slowCancelled = false;
    const picked = services.quickInput.list<string>({
      step: 'searchTest',
      title: 'Search test',
      placeholder: 'Type',
      canSelectMany: false,
      load: async () => ['first/a.ts', 'first/b.ts'],
      search: async (typed, token) => {
        asked.push(typed);
        await new Promise((r) => setTimeout(r, typed === 'slow' ? 400 : 10));
        if (typed === 'slow') slowCancelled = token.isCancellationRequested;
        return [`found/${typed}.ts`]; // even when cancelled: the picker must drop it
      },
      toItem: (v) => ({ label: v }),
    });
    await waitFor('the first page', () => services.quickInput.active?.step === 'searchTest' && !services.quickInput.active.widget.busy);
    const pick = services.quickInput.active!.widget as vscode.QuickPick<vscode.QuickPickItem>;
    pick.value = 'slow';
    await waitFor('the slow query started', () => asked.includes('slow'));
    pick.value = 'deep';
    await waitFor('the typed file listed', () => pick.items.some((i) => i.label === 'found/deep.ts') && !pick.busy);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(pick.items.map((i) => i.label), ['first/a.ts', 'first/b.ts', 'found/deep.ts'], 'the superseded query added nothing');
    assert.ok(slowCancelled, 'typing again cancelled the running query');
    pick.activeItems = [pick.items[2]!];
    services.quickInput.active!.accept();
    assert.deepEqual(await picked, { status: 'picked', values: ['found/deep.ts'] });
  });
});

/** A minimal forwarding proxy (CONNECT tunnels and absolute-form requests) that records what it forwarded. */
async function startProxy(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<net.Socket>();
  const proxy = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
  });
  proxy.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const { port } = proxy.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        proxy.close(() => r());
      }),
  };
}
