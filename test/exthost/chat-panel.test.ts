// The chat panel's host side inside the real extension host, against the local streaming server:
// the real webview view is opened (its page must load and say 'ready'), messages go through the
// same validation path as the webview's, answers stream over real HTTP, and the server's own
// record shows what was sent and when sockets closed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { answerText, GRAPH_ANSWER, GRAPH_SOURCES, GRAPHS, loadVector, WEB_ANSWER, WEB_SOURCES, type StreamingServer } from '../server';
import type { StreamResult } from '../../src/core';
import type { StreamAssistApi } from '../../src/extension';
import { webNeedsWriter, type ChatFeature } from '../../src/extension/chat';
import { ConversationStore } from '../../src/extension/chat/conversationStore';
import type { HostToWebview, MessageView, StreamPatch } from '../../src/shared/webviewProtocol';
import { chatDriver, recordPosts, startSession, storeFilesText, waitFor, type Session } from './fixture';
import { report } from './index';

const KEY = 'chat-test-key';

describe('chat: panel host side (extension host)', function () {
  this.timeout(60_000);
  let session: Session;
  let server: StreamingServer;
  let api: StreamAssistApi;
  let chat: ChatFeature;
  const posted: HostToWebview[] = [];
  const { fromWebview, conversation, lastAnswer, nextTurnEnd, ask } = chatDriver(() => chat);

  before(async () => {
    session = await startSession(KEY);
    ({ server, api, chat } = session);
    // Record what the host posts to the webview, and still deliver it.
    recordPosts(chat, posted);
  });

  after(async () => {
    await session?.close();
  });

  beforeEach(() => {
    server.clearScenarios();
    posted.length = 0;
  });

  it('opens the chat view and its webview page loads and asks for the state', async () => {
    await vscode.commands.executeCommand('streamAssist.openChat');
    await waitFor('the webview to send "ready"', () => chat.provider.isReady, 20_000);
    // An earlier suite (chat-context) may have opened the view, so its "ready" came before this
    // file recorded posts: then ask the way the webview does after a gap.
    if (!posted.some((m) => m.type === 'state')) fromWebview({ type: 'requestSync' });
    await waitFor('the state to be posted', () => posted.some((m) => m.type === 'state'));
  });

  it('asks: the answer streams in numbered patches, ends "done", and is saved to disk', async () => {
    fromWebview({ type: 'newConversation' });
    const answer = await ask('Show me some markdown #answer=markdown #rate=400');
    assert.equal(answer.status, 'done');
    assert.equal(answer.text, answerText('chat', 'markdown'));
    // The request carried the system prompt and the question.
    const body = server.requests.filter((r) => r.path === '/v1/chat').slice(-1)[0]!.body as { messages: { role: string; content: string }[]; stream: boolean };
    assert.equal(body.stream, true);
    assert.equal(body.messages[0]!.role, 'system');
    assert.equal(body.messages.slice(-1)[0]!.content, 'Show me some markdown #answer=markdown #rate=400');
    // Patches: seq 1, 2, 3… with contiguous offsets that rebuild the text exactly.
    const patches = posted.filter((m): m is { type: 'patch'; patch: StreamPatch } => m.type === 'patch').map((m) => m.patch).filter((p) => p.messageId === answer.id);
    assert.ok(patches.length >= 2, `${patches.length} patches`);
    let text = '';
    patches.forEach((p, i) => {
      assert.equal(p.seq, i + 1);
      assert.equal(p.offset, text.length);
      text += p.append;
    });
    assert.equal(text, answer.text);
    assert.equal(patches.slice(-1)[0]!.status, 'done');
    const saved = await storeFilesText(chat.controller.store);
    assert.ok(saved.includes(JSON.stringify(answer.text).slice(1, 200)), 'answer text saved');
    assert.ok(!saved.includes(KEY), 'the key is never saved with the history');
    report(`        ${patches.length} patches for ${answer.text.length} chars`);
  });

  it('stop mid-stream keeps the partial answer marked "stopped" and closes the socket', async () => {
    const ended = nextTurnEnd();
    fromWebview({ type: 'send', text: 'Long one please #answer=long #rate=200' });
    const rec = await server.waitForRequest((r) => r.path === '/v1/chat' && JSON.stringify(r.body).includes('#answer=long'));
    await waitFor('some text to arrive', () => lastAnswer().text.length > 200);
    const t0 = server.now();
    fromWebview({ type: 'stop' });
    await ended;
    const closedAt = await server.waitForClose(rec.id);
    const a = lastAnswer();
    assert.equal(a.status, 'stopped');
    assert.ok(a.text.length > 200);
    assert.ok(answerText('chat', 'long').startsWith(a.text), 'kept text is a prefix of the answer');
    assert.equal(server.requests.find((r) => r.id === rec.id)!.outcome, 'client-closed');
    report(`        socket closed ${(closedAt - t0).toFixed(1)} ms after Stop; ${a.text.length} chars kept`);
  });

  it('a mid-stream error keeps the partial answer with the error; Retry completes it', async () => {
    server.nextScenario({ fault: 'error-event-after:6' });
    const failed = await ask('Tell me about markdown #answer=markdown');
    assert.equal(failed.status, 'error');
    assert.ok(failed.text.length > 0, 'partial text kept');
    assert.ok(failed.error && failed.error.message.length > 0);
    assert.ok(answerText('chat', 'markdown').startsWith(failed.text));
    const ended = nextTurnEnd();
    fromWebview({ type: 'retry', messageId: failed.id });
    const { messageId } = await ended;
    const retried = conversation().messages.find((m) => m.id === messageId)!;
    assert.equal(retried.status, 'done');
    assert.equal(retried.text, answerText('chat', 'markdown'));
    // The failed attempt was replaced by the retried one, not duplicated.
    assert.equal(conversation().messages.filter((m) => m.role === 'assistant' && m.text.length > 0).slice(-1)[0]!.id, retried.id);
    assert.ok(!conversation().messages.some((m) => m.id === failed.id));
  });

  it('a rate limit shows "waiting" with a retry time, and "retry now" goes ahead at once', async () => {
    server.nextScenario({ fault: '429:1', retryAfter: 30 });
    const ended = nextTurnEnd();
    fromWebview({ type: 'send', text: 'plain please #answer=plain' });
    await waitFor('the waiting status', () => lastAnswer().status === 'waiting', 10_000);
    assert.ok((lastAnswer().retryAt ?? 0) > Date.now(), 'retry time in the future');
    assert.equal(lastAnswer().error?.kind, 'rate-limit');
    const t0 = Date.now();
    fromWebview({ type: 'retryNow', messageId: lastAnswer().id });
    await ended;
    assert.equal(lastAnswer().status, 'done');
    assert.ok(Date.now() - t0 < 10_000, 'did not wait for Retry-After');
  });

  it('an auth error ends with kind "auth" (the view shows Set API Key)', async () => {
    await vscode.commands.executeCommand('streamAssist.setApiKey', { apiKey: 'wrong-key' });
    try {
      const a = await ask('hello #answer=plain');
      assert.equal(a.status, 'error');
      assert.equal(a.error?.kind, 'auth');
    } finally {
      await vscode.commands.executeCommand('streamAssist.setApiKey', { apiKey: KEY });
    }
  });

  it('sends the whole history, regenerates the last answer, and edit & resend truncates after the edited message', async () => {
    fromWebview({ type: 'newConversation' });
    await ask('first #answer=plain');
    await ask('second #answer=plain');
    let body = server.requests.filter((r) => r.path === '/v1/chat').slice(-1)[0]!.body as { messages: { role: string; content: string }[] };
    assert.deepEqual(
      body.messages.map((m) => m.role),
      ['system', 'user', 'assistant', 'user'],
    );
    const ended = nextTurnEnd();
    fromWebview({ type: 'regenerate' });
    await ended;
    assert.equal(conversation().messages.length, 4);
    const firstUser = conversation().messages[0]!;
    const ended2 = nextTurnEnd();
    fromWebview({ type: 'editResend', messageId: firstUser.id, text: 'edited #answer=plain' });
    await ended2;
    assert.deepEqual(
      conversation().messages.map((m) => [m.role, m.role === 'user' ? m.text : m.status]),
      [
        ['user', 'edited #answer=plain'],
        ['assistant', 'done'],
      ],
    );
    body = server.requests.filter((r) => r.path === '/v1/chat').slice(-1)[0]!.body as { messages: { role: string; content: string }[] };
    assert.deepEqual(
      body.messages.map((m) => m.role),
      ['system', 'user'],
    );
  });

  it('conversations: new, rename, switch, delete; settings per conversation', async () => {
    fromWebview({ type: 'newConversation' });
    await ask('conversation A #answer=plain');
    const a = conversation().id;
    fromWebview({ type: 'renameConversation', id: a, title: 'Renamed A' });
    fromWebview({ type: 'setTemperature', temperature: 1.3 });
    fromWebview({ type: 'setSystemPrompt', systemPrompt: 'Be brief.' });
    fromWebview({ type: 'newConversation' });
    const b = conversation().id;
    assert.notEqual(a, b);
    fromWebview({ type: 'switchConversation', id: a });
    assert.equal(conversation().id, a);
    assert.equal(conversation().title, 'Renamed A');
    await ask('again #answer=plain');
    const body = server.requests.filter((r) => r.path === '/v1/chat').slice(-1)[0]!.body as { temperature: number; messages: { role: string; content: string }[] };
    assert.equal(body.temperature, 1.3);
    assert.equal(body.messages[0]!.content, 'Be brief.');
    // Delete from the view asks first (a modal the extension host cannot click: answered here).
    const asked: string[] = [];
    const modal = chat.controller.confirmDelete;
    try {
      chat.controller.confirmDelete = async (title) => (asked.push(title), false);
      fromWebview({ type: 'deleteConversation', id: a });
      await waitFor('the confirmation', () => asked.length === 1);
      assert.deepEqual(asked, ['Renamed A']);
      assert.ok(chat.controller.store.get(a), 'Cancel keeps the conversation');
      chat.controller.confirmDelete = async (title) => (asked.push(title), true);
      fromWebview({ type: 'deleteConversation', id: a });
      await waitFor('deleted after Delete', () => chat.controller.store.get(a) === undefined);
      assert.equal(asked.length, 2);
    } finally {
      chat.controller.confirmDelete = modal;
    }
    // Automation deletes without asking.
    const shown = conversation().id;
    const c = chat.controller.store.create().id;
    assert.equal(await chat.controller.deleteConversation(c, { confirm: false }), true);
    assert.equal(chat.controller.store.get(c), undefined);
    assert.equal(await chat.controller.deleteConversation(c, { confirm: false }), false, 'already gone');
    fromWebview({ type: 'switchConversation', id: shown });
    await chat.controller.store.flush();
    const saved = ConversationStore.read(chat.controller.store.storageDir);
    assert.ok(!saved.conversations.some((c) => c.id === a));
    assert.ok(!fs.existsSync(path.join(chat.controller.store.dir, `${a}.json`)), 'its file is gone too');
  });

  it('ignores and logs malformed or unknown webview messages', async () => {
    const before = api.rejectedWebviewMessages.length;
    const count = conversation().messages.length;
    const bad: unknown[] = [
      'send',
      null,
      [],
      { type: 'send' },
      { type: 'send', text: 42 },
      { type: 'bogus' },
      { type: 'insertCode', code: 'x', mode: 'delete' },
      { type: 'openLink', href: 'https://example.com', extra: true },
      { type: 'setTemperature', temperature: 99 },
      { type: 'retry', messageId: '' },
      { type: 'send', text: 'x'.repeat(1_000_001) },
    ];
    for (const m of bad) fromWebview(m);
    assert.equal(api.rejectedWebviewMessages.length - before, bad.length, api.rejectedWebviewMessages.slice(before).join('\n'));
    assert.equal(conversation().messages.length, count, 'nothing was sent');
  });

  it('Insert at Cursor and Replace Selection edit the last active editor; Copy fills the clipboard', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'typescript', content: 'const a = 1;\nconst b = 2;\n' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    fromWebview({ type: 'insertCode', code: '// inserted\n', mode: 'insert' });
    await waitFor('the insert', () => doc.getText().includes('// inserted'));
    assert.equal(doc.getText(), 'const a = 1;\n// inserted\nconst b = 2;\n');
    editor.selection = new vscode.Selection(0, 0, 0, 12);
    fromWebview({ type: 'insertCode', code: 'let z = 0;', mode: 'replace' });
    await waitFor('the replace', () => doc.getText().startsWith('let z = 0;'));
    fromWebview({ type: 'copy', text: 'copied from chat' });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await vscode.env.clipboard.readText(), 'copied from chat');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Add Selection to Chat puts a fenced block with file name and line range into the input', async () => {
    // Its own file, opened and focused explicitly: an untitled document could reuse the name (and the
    // late revert) of an untitled editor an earlier test closed, and the command reads the active editor.
    const content = 'line1\nfunction f() {\n  return "`";\n}\n';
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-add-selection-'));
    const file = path.join(dir, 'add-selection.ts');
    fs.writeFileSync(file, content);
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false, preserveFocus: false });
      await waitFor('our document is the active editor', () => vscode.window.activeTextEditor?.document === doc);
      assert.equal(doc.getText(), content);
      editor.selection = new vscode.Selection(1, 0, 4, 0);
      await waitFor('the selection is set', () => vscode.window.activeTextEditor?.selection.isEqual(new vscode.Selection(1, 0, 4, 0)) === true);
      posted.length = 0;
      await vscode.commands.executeCommand('streamAssist.addSelectionToChat');
      await waitFor('the draft', () => posted.some((m) => m.type === 'insertDraft'));
      const draft = posted.find((m): m is { type: 'insertDraft'; text: string } => m.type === 'insertDraft')!.text;
      assert.match(draft, /add-selection\.ts` lines 2-4:\n```typescript\nfunction f\(\) \{\n  return "`";\n\}\n```\n$/);
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
      await waitFor('our document is active again', () => vscode.window.activeTextEditor?.document === doc);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('streams a Knowledge Graph answer as an external turn with its sources', async () => {
    fromWebview({ type: 'newConversation' });
    const request = { kind: 'graph-question' as const, graphIds: [GRAPHS[0]!.id], question: 'How does it retry?' };
    const start = () => api.services.client.start(request, { label: 'KG test', kind: 'knowledge-graph', handlesErrors: true });
    const result = await chat.streamExternalTurn({ kind: 'knowledge-graph', prompt: request.question, handle: await start(), retry: start });
    assert.equal(result.text, GRAPH_ANSWER);
    const a = lastAnswer();
    assert.equal(a.kind, 'knowledge-graph');
    assert.equal(a.status, 'done');
    assert.equal(a.text, GRAPH_ANSWER);
    assert.deepEqual(
      a.sources,
      GRAPH_SOURCES.map((s) => ({ fileId: s.file_id, snippet: s.snippet })),
    );
    assert.equal(conversation().messages[0]!.text, request.question);
  });

  it('attaches Knowledge Graphs through the graph picker; turns then use the graph tool and show graph_data sources', async () => {
    fromWebview({ type: 'newConversation' });
    const k = api.knowledge.testing;
    fromWebview({ type: 'attachGraphs' });
    await waitFor('the graph picker', () => k.activePrompt?.step === 'graphs' && !k.activePrompt.widget.busy);
    const picker = k.activePrompt!.widget as vscode.QuickPick<vscode.QuickPickItem>;
    picker.selectedItems = picker.items.filter((i) => i.label === GRAPHS[1]!.name);
    k.activePrompt!.accept();
    await waitFor('the graph to be attached', () => (conversation().graphs ?? []).length === 1);
    assert.deepEqual(conversation().graphs, [{ id: GRAPHS[1]!.id, name: GRAPHS[1]!.name }]);
    const a = await ask('What do the docs say? #answer=plain');
    assert.equal(a.status, 'done');
    const body = server.requests.filter((r) => r.path === '/v1/chat').slice(-1)[0]!.body as { tools?: { type: string; function: { graph_ids: string[] } }[] };
    assert.equal(body.tools?.[0]?.type, 'graph');
    assert.deepEqual(body.tools?.[0]?.function.graph_ids, [GRAPHS[1]!.id]);
    assert.ok((a.sources ?? []).length > 0, 'graph_data sources shown under the answer');
    fromWebview({ type: 'detachGraph', id: GRAPHS[1]!.id });
    assert.deepEqual(conversation().graphs, []);
  });

  it('history survives a reload: a store re-read from disk has the same conversations; a mid-stream answer becomes "interrupted"', async () => {
    await chat.controller.store.flush();
    const data = ConversationStore.read(chat.controller.store.storageDir);
    // Simulate a crash mid-stream: a copy where the last answer is still streaming, in the one-file
    // format of earlier versions (which a store reads and migrates).
    const last = data.conversations[0]!.messages.slice(-1)[0]!;
    last.status = 'streaming';
    const dir = fs.mkdtempSync(`${chat.controller.store.dir}-reload-`);
    fs.writeFileSync(`${dir}/conversations.json`, JSON.stringify({ version: 1, currentId: data.currentId, conversations: data.conversations }));
    const reloaded = new ConversationStore(dir, () => ({ systemPrompt: '', model: 'm', temperature: 0 }), { warn: () => undefined });
    assert.deepEqual(
      reloaded.list().map((c) => c.id).sort(),
      chat.controller.store.list().map((c) => c.id).sort(),
    );
    const again = reloaded.get(data.conversations[0]!.id)!.messages.slice(-1)[0]!;
    assert.equal(again.status, 'interrupted');
    assert.equal(again.text, last.text);
    // The next write migrates: one file per conversation and an index; the old file goes.
    reloaded.save(true);
    await reloaded.flush();
    assert.equal(fs.existsSync(`${dir}/conversations.json`), false);
    assert.deepEqual(ConversationStore.read(dir).conversations.map((c) => c.id).sort(), reloaded.list().map((c) => c.id).sort());
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("Ask the Web: the question goes out with Writer's web_search tool; the answer streams with its pages as sources", async () => {
    const result = await vscode.commands.executeCommand<StreamResult>('streamAssist.askWeb', { question: 'Which Node.js line is LTS?' });
    assert.equal(result.error, null);
    assert.equal(result.text, WEB_ANSWER);
    const body = server.requests.filter((r) => r.path === '/v1/chat').slice(-1)[0]!.body as { tools?: unknown[]; messages: { content: string }[] };
    assert.deepEqual(body.tools, [{ type: 'web_search', function: { include_domains: [], exclude_domains: [] } }]);
    assert.equal(body.messages.slice(-1)[0]!.content, 'Which Node.js line is LTS?');
    // The javascript: page is dropped; the hostile title stays text for the webview to show inertly.
    const pages = WEB_SOURCES.slice(0, 3);
    assert.deepEqual(result.webSources.map((w) => w.url), pages.map((p) => p.url));
    const answer = lastAnswer();
    assert.equal(conversation().webSearch, true, 'the new conversation has web search on');
    assert.deepEqual(answer.sources?.map((s) => [s.url, s.title]), pages.map((p) => [p.url, p.title]));
    assert.equal(answer.sources?.[0]!.snippet, pages[0]!.raw_content);
    assert.ok(posted.some((m) => m.type === 'patch' && m.patch.messageId === answer.id && (m.patch.sources?.length ?? 0) === 3), 'sources reached the webview');
  });

  it('the composer toggle turns web search off and on for the conversation', async () => {
    fromWebview({ type: 'setWebSearch', on: false });
    await waitFor('the state with web search off', () => posted.some((m) => m.type === 'state' && m.state.current.webSearch === false));
    await ask('Plain again #answer=plain');
    assert.equal((server.requests.slice(-1)[0]!.body as { tools?: unknown }).tools, undefined);
    fromWebview({ type: 'setWebSearch', on: true });
    const answer = await ask('And with the web?');
    assert.equal(answer.text, WEB_ANSWER);
    assert.equal(answer.sources?.length, 3);
  });

  describe('streams as gateways send them (OpenAI-compatible provider, recorded vectors)', () => {
    const expected = (name: string) => loadVector(name)!.sidecar.expect as { text: string; reasoning: string; refusal: string | null; error?: { message: string } };
    // Keys are stored per provider and base URL: this provider gets the session's key too, removed after.
    before(async () => {
      await session.settings.set('streamAssist', { provider: 'openai', baseUrl: server.url });
      await waitFor('the openai provider setting', () => api.services.settings.current().provider === 'openai');
      await vscode.commands.executeCommand('streamAssist.setApiKey', { apiKey: KEY });
    });
    after(async () => {
      await vscode.commands.executeCommand('streamAssist.clearApiKey', { silent: true });
      await session.settings.set('streamAssist', { provider: 'writer', baseUrl: server.url });
      await waitFor('the writer provider setting', () => api.services.settings.current().provider === 'writer');
    });

    it('reasoning reaches the chat before the answer, apart from it, timed, saved, and is not sent back next turn', async () => {
      fromWebview({ type: 'newConversation' });
      const want = expected('deepseek-chat-reasoning-content');
      // One event per write, 83 ms apart (well over the 16 ms batch interval, even on a loaded machine), so
      // the order of patches is the order of arrival.
      const answer = await ask('What is 17 × 24? #vector=deepseek-chat-reasoning-content #chunking=event #rate=12');
      assert.equal(answer.status, 'done');
      assert.equal(answer.text, want.text);
      assert.equal(answer.reasoning, want.reasoning);
      assert.ok(typeof answer.reasoningMs === 'number' && answer.reasoningMs >= 0);
      // The webview got the reasoning first (appendReasoning patches), the answer text after it.
      const patches = posted.filter((m): m is { type: 'patch'; patch: StreamPatch } => m.type === 'patch').map((m) => m.patch).filter((p) => p.messageId === answer.id);
      const firstReasoning = patches.findIndex((p) => p.appendReasoning);
      const firstText = patches.findIndex((p) => p.append !== '');
      assert.ok(firstReasoning >= 0 && firstReasoning < firstText, `reasoning patch ${firstReasoning}, text patch ${firstText}`);
      assert.equal(patches.map((p) => p.appendReasoning ?? '').join(''), want.reasoning);
      await chat.controller.store.flush();
      const saved = ConversationStore.read(chat.controller.store.storageDir);
      assert.ok(saved.conversations.some((c) => c.messages.some((m) => m.id === answer.id && m.reasoning === want.reasoning)), 'reasoning saved with the conversation');
      // Next turn: the history carries the answer, never the thinking.
      await ask('And 17 × 25? #answer=plain');
      const body = JSON.stringify(server.requests.slice(-1)[0]!.body);
      assert.ok(body.includes(JSON.stringify(want.text).slice(1, -1)), 'earlier answer sent as history');
      assert.ok(!body.includes('340 + 68'), 'reasoning not sent back to the model');
    });

    it('Ask the Web on a non-Writer provider says what to change, and sends nothing', async () => {
      const sent = server.requests.length;
      const result = await vscode.commands.executeCommand<{ error: string }>('streamAssist.askWeb', { question: 'Anything' });
      assert.deepEqual(result, { error: webNeedsWriter('openai') });
      assert.match(result.error, /Set "streamAssist\.provider" to "writer"/);
      assert.equal(server.requests.length, sent);
    });

    it('a refusal is the answer, marked as refused, not an empty success', async () => {
      const want = expected('openai-chat-refusal');
      const answer = await ask('Something refused #vector=openai-chat-refusal');
      assert.equal(answer.status, 'done');
      assert.equal(answer.text, want.refusal);
      assert.equal(answer.refused, true);
    });

    it("a gateway's nested cause shows in the chat's error, with Retry", async () => {
      const want = expected('openrouter-http-400-provider-raw');
      const answer = await ask('Hi #vector=openrouter-http-400-provider-raw');
      assert.equal(answer.status, 'error');
      assert.equal(answer.error?.message, want.error!.message);
      // Retry (shown under the last answer's error) sends again.
      const sent = server.requests.length;
      const ended = nextTurnEnd();
      fromWebview({ type: 'retry', messageId: answer.id });
      const { messageId } = await ended;
      const retried = conversation().messages.find((m) => m.id === messageId)!;
      assert.equal(server.requests.length, sent + 1);
      assert.equal(retried.error?.message, want.error!.message);
      const mid = await ask('Laws? #vector=openrouter-chat-error-midstream');
      assert.equal(mid.status, 'error');
      assert.equal(mid.text, expected('openrouter-chat-error-midstream').text, 'partial text kept');
      assert.ok(mid.error?.message.includes('Provider disconnected unexpectedly'), mid.error?.message);
    });
  });
});
