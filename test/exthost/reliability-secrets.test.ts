// Issue 8 item 4, in the real extension host: a session with a distinctive key exercises every
// feature and every error path against a server that reflects the Authorization header back into
// answer text and error bodies (`reflectAuth`), with the log at trace level. Afterwards every place
// the product writes to or shows is searched for the key, its URL-encoded and its base64 form.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { APPLICATIONS, GRAPHS, type StreamingServer } from '../server';
import type { StreamAssistApi } from '../../src/extension';
import type { ChatFeature } from '../../src/extension/chat';
import type { SetApiKeyResult } from '../../src/extension/foundation';
import type { HostToWebview } from '../../src/shared/webviewProtocol';
import type { KnowledgeOutcome } from '../../src/extension/knowledge';
import type { GenerationResult } from '../../src/extension/editor/streamController';
import { chatDriver, filesUnder, recordPosts, startSession, waitFor, type Session } from './fixture';
import { report } from './index';

// '+', '/' and '=' make the URL-encoded form differ from the raw key.
const KEY = `sk-LEAKCHECK-${randomBytes(8).toString('hex')}+k/Q=`;
const WRONG = `sk-LEAKCHECK-WRONG-${randomBytes(8).toString('hex')}+w/Z=`;
const MISSING_GRAPH = '00000000-0000-4000-8000-000000000000';

/** Every form of a secret we refuse to find anywhere. */
function forms(secret: string): Record<string, string> {
  const b64 = Buffer.from(secret, 'utf8').toString('base64');
  return {
    raw: secret,
    'url-encoded': encodeURIComponent(secret),
    base64: b64,
    'base64 (no padding)': b64.replace(/=+$/, ''),
    base64url: Buffer.from(secret, 'utf8').toString('base64url'),
  };
}

/** Files under a directory (recursively), as [path, content]. */
function filesWithText(dir: string): [string, string][] {
  // latin1 keeps every byte (a SQLite file is not UTF-8); the secrets are ASCII.
  return filesUnder(dir).map((p): [string, string] => [p, fs.readFileSync(p).toString('latin1')]);
}

describe('reliability: secrets — the key never leaks (extension host)', function () {
  this.timeout(180_000);
  let session: Session;
  let server: StreamingServer;
  let api: StreamAssistApi;
  let chat: ChatFeature;
  let levelBefore = 'info';
  const posted: HostToWebview[] = [];
  /** Every text given to vscode.window.show*Message while the session ran (the product's calls too). */
  const notifications: string[] = [];
  const knowledgeMessages: string[] = [];
  const outcomes: unknown[] = [];
  const documents: string[] = [];
  const restore: (() => void)[] = [];
  const cfg = () => vscode.workspace.getConfiguration('streamAssist');
  const { fromWebview, lastAnswer, nextTurnEnd, ask } = chatDriver(() => chat);

  function setKey(apiKey: string, verify = false): Thenable<SetApiKeyResult> {
    return vscode.commands.executeCommand<SetApiKeyResult>('streamAssist.setApiKey', { apiKey, verify });
  }

  before(async () => {
    session = await startSession(KEY, { server: { reflectAuth: true }, storeKey: false });
    ({ server, api, chat } = session);
    levelBefore = (await vscode.commands.executeCommand<string>('_extensionTests.getLogLevel')) ?? 'info';
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', 'trace');
    await waitFor('trace level', () => api.services.log.logLevel === vscode.LogLevel.Trace, 15_000);

    // Observe what the host posts to the webview (and still deliver it).
    restore.push(recordPosts(chat, posted));
    // Observe every notification text: the extension shares this API object with its tests.
    const win = vscode.window as unknown as Record<string, (...a: unknown[]) => unknown>; // why: patching three methods by name
    for (const name of ['showErrorMessage', 'showWarningMessage', 'showInformationMessage']) {
      const original = win[name]!;
      try {
        win[name] = (...a: unknown[]) => {
          notifications.push(String(a[0]));
          return original.apply(vscode.window, a);
        };
        restore.push(() => {
          win[name] = original;
        });
      } catch {
        report(`        (could not observe vscode.window.${name}; relying on the features' own records)`);
      }
    }
    const sub = api.knowledge.testing.onDidShowMessage((m) => knowledgeMessages.push(`${m.text} [${m.actions.join('|')}]`));
    restore.push(() => sub.dispose());
  });

  after(async () => {
    for (const r of restore.reverse()) r();
    await vscode.commands.executeCommand('_extensionTests.setLogLevel', levelBefore);
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await session?.close();
  });

  afterEach(() => server.clearScenarios());

  it('set API key with verify: the key works and the check result has no key', async () => {
    const r = await setKey(KEY, true);
    assert.equal(r.stored, true);
    assert.equal(r.check?.ok, true, JSON.stringify(r.check));
    outcomes.push(r);
    const bad = await setKey(WRONG, true);
    assert.equal(bad.check?.ok, false);
    outcomes.push(bad);
    // The reflected header reached the product and was scrubbed.
    assert.match(bad.check && !bad.check.ok ? bad.check.message : '', /Invalid api key/);
    await setKey(KEY);
  });

  it('chat: ok, stop, mid-stream error, 429, 401 with a wrong key — all with the key reflected by the server', async () => {
    await setKey(KEY); // must not depend on running after the test above
    await vscode.commands.executeCommand('streamAssist.openChat');
    await waitFor('the webview to say ready', () => chat.provider.isReady, 30_000);
    fromWebview({ type: 'newConversation' });

    const ok = await ask('hello #answer=plain');
    assert.equal(ok.status, 'done');
    assert.match(ok.text, /\[auth: Bearer \*\*\*/, `the reflected header is in the answer, masked: ${ok.text}`);

    // Stop: the reflection streams slowly, Stop lands in the middle of it.
    const ended = nextTurnEnd();
    fromWebview({ type: 'send', text: 'slow #rate=15' });
    await waitFor('some text before Stop', () => lastAnswer().text.length > 12, 15_000);
    fromWebview({ type: 'stop' });
    await ended;
    assert.equal(lastAnswer().status, 'stopped');

    const mid = await ask('break please #fault=error-event-after:4');
    assert.equal(mid.status, 'error');
    assert.ok(mid.error?.message, 'an error is shown');

    const limited = await ask('rate limited #fault=429:1 #retry-after=0');
    assert.equal(limited.status, 'done');

    const alwaysLimited = await ask('always limited #fault=429 #retry-after=0');
    assert.equal(alwaysLimited.status, 'error');
    assert.equal(alwaysLimited.error?.kind, 'rate-limit');

    await setKey(WRONG);
    try {
      const denied = await ask('who am i');
      assert.equal(denied.status, 'error');
      assert.equal(denied.error?.kind, 'auth');
      // Also an HTTP error without handlesErrors: the client's own notification.
      const h = await api.services.client.start({ kind: 'chat', model: 'palmyra-x5', messages: [{ role: 'user', content: 'x' }] }, { label: 'Leak check', kind: 'chat' });
      outcomes.push(await h.result);
    } finally {
      await setKey(KEY);
    }
    const server500 = await api.services.client.start({ kind: 'chat', model: 'palmyra-x5', messages: [{ role: 'user', content: 'boom #fault=500' }] }, { label: 'Leak check 500', kind: 'chat' });
    outcomes.push(await server500.result);
    await waitFor('the client notifications', () => api.notifications.texts('client').length >= 2, 15_000);
  });

  it('editor: generate at cursor, rewrite, and a failing generate', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'const a = 1;\n\nconst b = 2;\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const gen = await vscode.commands.executeCommand<GenerationResult | undefined>('streamAssist.generateAtCursor', { prompt: 'write something #answer=plain' });
    outcomes.push(gen);
    assert.equal(gen?.outcome, 'done', JSON.stringify(gen));
    editor.selection = new vscode.Selection(0, 0, 0, 12);
    const rw = await vscode.commands.executeCommand<GenerationResult | undefined>('streamAssist.rewriteSelection', { instruction: 'rewrite it' });
    outcomes.push(rw);
    editor.selection = new vscode.Selection(2, 0, 2, 0);
    const failed = await vscode.commands.executeCommand<GenerationResult | undefined>('streamAssist.generateAtCursor', { prompt: 'fail please #fault=error-event-after:3' });
    outcomes.push(failed);
    assert.notEqual(failed?.outcome, 'done');
    documents.push(doc.getText());
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Knowledge Graph question (ok and 404) and an agent run', async () => {
    const run = (command: string, arg: unknown) => vscode.commands.executeCommand<KnowledgeOutcome>(`streamAssist.${command}`, arg) as Promise<KnowledgeOutcome>;
    const ok = await run('askKnowledgeGraph', { graphIds: [GRAPHS[0]!.id], question: 'How does it retry?' });
    assert.equal(ok.status, 'done', ok.message?.text);
    const missing = await run('askKnowledgeGraph', { graphIds: [MISSING_GRAPH], question: 'Anyone there?' });
    assert.equal(missing.status, 'error');
    const agent = await run('runAgent', { applicationId: APPLICATIONS[0]!.id, inputs: { Topic: 'proxies', Depth: 'quick' } });
    assert.equal(agent.status, 'done', agent.message?.text);
    outcomes.push(ok, missing, agent);
  });

  it('model list: ok and failing (list call and the chat model picker refresh)', async () => {
    outcomes.push(await api.services.client.listModels());
    // Counted (":1") and not retryable: fails this call once, then the scenario leaves the queue.
    server.nextScenario({ fault: '403:1', match: (r: { path: string }) => r.path === '/v1/models' });
    const err = await api.services.client.listModels().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(err, 'the list failed');
    outcomes.push(String(err), (err as { info?: unknown }).info);
    // The picker's refresh fails too (and logs why).
    server.nextScenario({ fault: '401:1', match: (r: { path: string }) => r.path === '/v1/models' });
    const before = server.requests.length;
    chat.controller.refreshModels();
    await waitFor('the picker refresh to fail', () => server.requests.slice(before).some((r) => r.path === '/v1/models' && r.status === 401), 15_000);
  });

  it('the key is in none of: settings, globalState, workspaceState, the conversation store, the trace log, webview messages, notifications, server records', async () => {
    await chat.controller.store.flush();
    await new Promise((r) => setTimeout(r, 500)); // let the log channel write its file
    const ctx = api.context;
    const userDir = path.resolve(ctx.globalStorageUri.fsPath, '..', '..');
    const settingsFile = path.join(userDir, 'settings.json');
    assert.ok(fs.existsSync(settingsFile), `user settings at ${settingsFile}`);
    const config = vscode.workspace.getConfiguration();
    const state = (m: vscode.Memento) => JSON.stringify(m.keys().map((k) => [k, m.get(k)]));
    const haystacks: Record<string, string> = {
      'user settings.json': fs.readFileSync(settingsFile, 'utf8'),
      'configuration (streamAssist, http, and every inspected value)': JSON.stringify([
        config.get('streamAssist'),
        config.get('http'),
        ...['provider', 'baseUrl', 'model', 'systemPrompt'].map((k) => cfg().inspect(k)),
      ]),
      globalState: state(ctx.globalState),
      workspaceState: state(ctx.workspaceState),
      'globalStorageUri files (conversation store)': filesWithText(ctx.globalStorageUri.fsPath).map(([p, t]) => `${p}\n${t}`).join('\n'),
      'trace log files': filesWithText(ctx.logUri.fsPath).map(([, t]) => t).join('\n'),
      'messages posted to the webview': JSON.stringify(posted),
      'vscode.window.show*Message texts': JSON.stringify(notifications),
      'client notifications': JSON.stringify(api.notifications.texts('client')),
      'editor notifications': JSON.stringify(api.notifications.texts('editor')),
      'knowledge notifications': JSON.stringify(knowledgeMessages),
      'command results and stream results': JSON.stringify(outcomes),
      'edited document text': documents.join('\n'),
      'conversation in memory': JSON.stringify(chat.controller.store.list().map((c) => chat.controller.store.get(c.id))),
      'server request records': JSON.stringify(server.requests),
    };
    // Everything the workbench keeps on disk for this user (state databases, logs, storage), byte for byte.
    const dataDir = path.resolve(userDir, '..');
    const onDisk = filesWithText(dataDir);
    haystacks[`every file under the user-data dir ${dataDir} (${onDisk.length} files)`] = onDisk.map(([p, t]) => `${p}\n${t}`).join('\n');

    // The session did reach every place searched (no vacuous pass).
    assert.ok(haystacks['trace log files']!.includes('[trace]'), 'trace lines were logged');
    assert.ok(posted.some((m) => m.type === 'patch'), 'patches were posted');
    assert.ok(haystacks['globalStorageUri files (conversation store)']!.includes('[auth: Bearer ***'), 'the scrubbed reflection was stored');
    assert.ok(notifications.length + api.notifications.texts('client').length > 0, 'notifications were shown');
    assert.ok(server.requests.filter((r) => r.auth === 'valid').length >= 10, 'the key was really sent');

    const found: string[] = [];
    for (const [secretName, secret] of [['key', KEY], ['wrong key', WRONG]] as const) {
      for (const [form, value] of Object.entries(forms(secret))) {
        for (const [where, text] of Object.entries(haystacks)) {
          const i = text.indexOf(value);
          if (i >= 0) found.push(`${secretName} (${form}) in ${where}: …${text.slice(Math.max(0, i - 80), i + value.length + 20)}…`);
        }
      }
    }
    for (const [where, text] of Object.entries(haystacks)) report(`        searched ${where}: ${text.length} chars`);
    report(`        ${Object.keys(haystacks).length} places × 2 secrets × ${Object.keys(forms(KEY)).length} forms: ${found.length} hits`);
    assert.deepEqual(found, []);
  });
});
