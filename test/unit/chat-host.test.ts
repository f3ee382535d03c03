// The chat host's pure parts in plain Node: message validation, delta batching (seq/offset),
// the turn runner (how every way a stream can end is recorded) and the conversation store.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StreamEvent, StreamHandle, StreamResult } from '../../src/core/types';
import type { StreamPatch } from '../../src/shared/webviewProtocol';
import { validateWebviewMessage } from '../../src/extension/chat/messageValidation';
import { DeltaBatcher } from '../../src/extension/chat/deltaBatcher';
import { TurnRunner } from '../../src/extension/chat/turnRunner';
import { ConversationStore } from '../../src/extension/chat/conversationStore';
import { assistantMessage, createConversation, titleFrom, userMessage } from '../../src/extension/chat/conversationModel';
import { emptyStreamResult } from '../../src/extension/foundation/failedHandle';

/** A handle that plays scripted events (with an optional pause point for stop). */
function scriptedHandle(events: StreamEvent[]): StreamHandle & { readonly aborted: boolean; readonly retriedNow: boolean } {
  const state = { aborted: false, retriedNow: false };
  let resolveCancelled: (() => void) | undefined;
  async function* play(): AsyncGenerator<StreamEvent> {
    for (const e of events) {
      if (state.aborted) break;
      yield e;
      await new Promise((r) => setTimeout(r, 1));
    }
    if (state.aborted) yield { type: 'error', error: { kind: 'cancelled', message: 'Cancelled.', action: '', retryable: false } };
  }
  return {
    get aborted() {
      return state.aborted;
    },
    get retriedNow() {
      return state.retriedNow;
    },
    events: play(),
    result: new Promise<StreamResult>((resolve) => {
      resolveCancelled = () => resolve(emptyStreamResult({ termination: 'cancelled' }));
      setTimeout(() => resolve(emptyStreamResult()), 200);
    }),
    abort: () => {
      state.aborted = true;
      resolveCancelled?.();
    },
    retryNow: () => {
      state.retriedNow = true;
    },
  };
}

describe('chat: webview message validation', () => {
  it('accepts every well-formed message type', () => {
    const good: unknown[] = [
      { type: 'ready' },
      { type: 'send', text: 'hi' },
      { type: 'stop' },
      { type: 'retry', messageId: 'm1' },
      { type: 'retryNow', messageId: 'm1' },
      { type: 'regenerate' },
      { type: 'editResend', messageId: 'm1', text: 'x' },
      { type: 'newConversation' },
      { type: 'switchConversation', id: 'c' },
      { type: 'renameConversation', id: 'c', title: 't' },
      { type: 'deleteConversation', id: 'c' },
      { type: 'setModel', model: 'palmyra-x5' },
      { type: 'setTemperature', temperature: 0.7 },
      { type: 'setSystemPrompt', systemPrompt: '' },
      { type: 'copy', text: 'x' },
      { type: 'insertCode', code: 'x', mode: 'replace' },
      { type: 'openLink', href: 'https://example.com' },
      { type: 'setApiKey' },
      { type: 'attachGraphs' },
      { type: 'detachGraph', id: 'g' },
      { type: 'setWebSearch', on: true },
      { type: 'setWebSearch', on: false },
      { type: 'requestSync' },
    ];
    for (const m of good) assert.equal(validateWebviewMessage(m).ok, true, JSON.stringify(m));
  });

  it('rejects malformed, unknown and oversized messages with a reason', () => {
    const bad: unknown[] = [
      undefined,
      'send',
      42,
      [],
      {},
      { type: 'eval', code: 'x' },
      { type: 'send' },
      { type: 'send', text: ['x'] },
      { type: 'send', text: 'x', extra: 1 },
      { type: 'setTemperature', temperature: Number.NaN },
      { type: 'setTemperature', temperature: 3 },
      { type: 'insertCode', code: 'x', mode: 'delete' },
      { type: 'retry', messageId: 'x'.repeat(201) },
      { type: 'switchConversation', id: '' },
      { type: 'copy', text: 'x'.repeat(1_000_001) },
      { type: '__proto__' },
      { type: 'toString' },
      { type: 'setWebSearch', on: 'yes' },
      { type: 'setWebSearch' },
    ];
    for (const m of bad) {
      const v = validateWebviewMessage(m);
      assert.equal(v.ok, false, JSON.stringify(m));
      if (!v.ok) assert.ok(v.reason.length > 0);
    }
  });
});

describe('chat: delta batcher', () => {
  it('coalesces appends into numbered patches with contiguous offsets', async () => {
    const out: StreamPatch[] = [];
    const b = new DeltaBatcher((p) => out.push(p), 10);
    b.begin('m', 0, 0);
    for (const t of ['a', 'b', 'c']) b.append('m', t);
    await new Promise((r) => setTimeout(r, 30));
    b.append('m', 'd');
    b.set('m', { status: 'done' });
    assert.equal(b.end('m'), 2);
    assert.deepEqual(
      out.map((p) => [p.seq, p.offset, p.append, p.status]),
      [
        [1, 0, 'abc', undefined],
        [2, 3, 'd', 'done'],
      ],
    );
    b.dispose();
  });

  it('sends the first text at once (leading edge), then batches what follows closely', async () => {
    const out: StreamPatch[] = [];
    const b = new DeltaBatcher((p) => out.push(p), 1000);
    b.begin('m', 0, 0);
    b.append('m', 'a');
    b.append('m', 'b');
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(out.map((p) => p.append), ['ab'], 'first text is not held for the interval');
    b.append('m', 'c');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(out.length, 1, 'text right after a send waits for the interval');
    assert.equal(b.end('m'), 2);
    assert.deepEqual(out.map((p) => [p.seq, p.offset, p.append]), [[1, 0, 'ab'], [2, 2, 'c']]);
    b.dispose();
  });

  it('continues numbering from an existing text (a retried or resumed answer)', () => {
    const out: StreamPatch[] = [];
    const b = new DeltaBatcher((p) => out.push(p), 10);
    b.begin('m', 5, 7);
    b.append('m', 'xy');
    b.flush('m');
    assert.deepEqual([out[0]!.seq, out[0]!.offset], [8, 5]);
    b.dispose();
  });
});

describe('chat: turn runner', () => {
  const sinkFor = () => {
    const patches: StreamPatch[] = [];
    const batcher = new DeltaBatcher((p) => patches.push(p), 5);
    return { patches, sink: { batcher, changed: () => undefined } };
  };

  it('records text, usage, tool calls, graph sources, stages and ends "done"', async () => {
    const { patches, sink } = sinkFor();
    const m = assistantMessage('chat');
    const h = scriptedHandle([
      { type: 'open', status: 200, attempt: 1 },
      { type: 'text', text: 'Hello ' },
      { type: 'tool-call', index: 0, name: 'get_weather', argumentsDelta: '{"a":' },
      { type: 'tool-call', index: 0, argumentsDelta: '1}' },
      { type: 'graph-data', graphData: { sources: [{ file_id: 'f1', snippet: 's1' }] } },
      { type: 'stage', stage: { id: 's', content: 'Searching', sources: null } },
      { type: 'stage', stage: { id: 's', content: ' more', sources: ['https://a.example'] } },
      { type: 'text', text: 'world' },
      { type: 'usage', usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } },
      { type: 'done', termination: 'done_sentinel' },
    ]);
    await new TurnRunner(h, m, sink).run();
    assert.equal(m.status, 'done');
    assert.equal(m.text, 'Hello world');
    assert.deepEqual(m.toolCalls, [{ name: 'get_weather', arguments: '{"a":1}' }]);
    assert.deepEqual(m.sources, [{ fileId: 'f1', snippet: 's1' }]);
    assert.deepEqual(m.stages, [{ id: 's', content: 'Searching more', sources: ['https://a.example'] }]);
    assert.deepEqual(m.usage, { promptTokens: 3, completionTokens: 2, totalTokens: 5 });
    assert.equal(patches.map((p) => p.append).join(''), 'Hello world');
    assert.equal(patches.slice(-1)[0]!.status, 'done');
    assert.equal(m.seq, patches.slice(-1)[0]!.seq);
  });

  it('reasoning is kept apart from the answer, batched as appendReasoning, and timed to the first answer text', async () => {
    const { patches, sink } = sinkFor();
    const m = assistantMessage('chat');
    const h = scriptedHandle([
      { type: 'open', status: 200, attempt: 1 },
      { type: 'reasoning', text: 'Okay, the user asks ' },
      { type: 'reasoning', text: 'for 17 × 3.' },
      { type: 'text', text: '17 × 3 = 51.' },
      { type: 'done', termination: 'done_sentinel' },
    ]);
    const t0 = Date.now();
    await new TurnRunner(h, m, sink).run();
    assert.equal(m.text, '17 × 3 = 51.');
    assert.equal(m.reasoning, 'Okay, the user asks for 17 × 3.');
    assert.equal(patches.map((p) => p.appendReasoning ?? '').join(''), m.reasoning);
    assert.equal(patches.map((p) => p.append).join(''), m.text);
    assert.ok(m.reasoningMs !== undefined && m.reasoningMs >= 0 && m.reasoningMs <= Date.now() - t0, `reasoningMs ${m.reasoningMs}`);
    // The duration goes out with the patch that carries the first answer text (the block collapses then).
    const firstText = patches.find((p) => p.append !== '')!;
    assert.equal(firstText.reasoningMs, m.reasoningMs);
    assert.ok(!patches.slice(0, patches.indexOf(firstText)).some((p) => p.reasoningMs !== undefined));
    assert.ok(!m.refused);
  });

  it('a stream that only reasons still ends with a duration; a refusal is the answer, marked', async () => {
    const { sink } = sinkFor();
    const thinker = assistantMessage('chat');
    await new TurnRunner(scriptedHandle([{ type: 'reasoning', text: 'Hmm.' }, { type: 'done', termination: 'done_sentinel' }]), thinker, sink).run();
    assert.equal(thinker.reasoningMs, 0);
    assert.equal(thinker.text, '');

    const { patches, sink: sink2 } = sinkFor();
    const refusal = assistantMessage('chat');
    await new TurnRunner(scriptedHandle([{ type: 'refusal', text: "I'm sorry, " }, { type: 'refusal', text: "I can't help with that." }, { type: 'done', termination: 'done_sentinel' }]), refusal, sink2).run();
    assert.equal(refusal.text, "I'm sorry, I can't help with that.");
    assert.equal(refusal.refused, true);
    assert.equal(refusal.status, 'done');
    assert.equal(patches.filter((p) => p.refused).length, 1);
  });

  it('an error mid-stream keeps the partial text and records the error', async () => {
    const { sink } = sinkFor();
    const m = assistantMessage('chat');
    const h = scriptedHandle([
      { type: 'text', text: 'partial' },
      { type: 'error', error: { kind: 'server', message: 'Server error.', action: 'Retry.', status: 500, retryable: true } },
    ]);
    await new TurnRunner(h, m, sink).run();
    assert.equal(m.status, 'error');
    assert.equal(m.text, 'partial');
    assert.equal(m.error?.kind, 'server');
  });

  it('a rate limit shows "waiting" with a retry time; retryNow reaches the handle', async () => {
    const { patches, sink } = sinkFor();
    const m = assistantMessage('chat');
    const h = scriptedHandle([
      { type: 'retrying', attempt: 2, delayMs: 5000, error: { kind: 'rate-limit', message: 'Rate limited.', action: 'Wait.', status: 429, retryable: true, retryAfterMs: 5000 } },
      { type: 'open', status: 200, attempt: 2 },
      { type: 'text', text: 'ok' },
      { type: 'done', termination: 'done_sentinel' },
    ]);
    const runner = new TurnRunner(h, m, sink);
    const run = runner.run();
    runner.retryNow();
    await run;
    assert.ok(h.retriedNow);
    const waiting = patches.find((p) => p.status === 'waiting');
    assert.ok(waiting && waiting.retryAt! > Date.now() && waiting.error?.kind === 'rate-limit');
    assert.equal(m.status, 'done');
  });

  it('Stop aborts the handle and ends "stopped" with the text kept', async () => {
    const { sink } = sinkFor();
    const m = assistantMessage('chat');
    const events: StreamEvent[] = Array.from({ length: 50 }, (_, i) => ({ type: 'text', text: `t${i} ` }));
    const h = scriptedHandle(events);
    const runner = new TurnRunner(h, m, sink);
    const run = runner.run();
    await new Promise((r) => setTimeout(r, 15));
    runner.stop();
    await run;
    assert.ok(h.aborted);
    assert.equal(m.status, 'stopped');
    assert.ok(m.text.startsWith('t0 '));
  });
});

describe('chat: conversation store', () => {
  it('persists conversations (never anything but them) and marks a mid-stream answer "interrupted" on reload', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-store-'));
    const warn: string[] = [];
    const defaults = () => ({ systemPrompt: 'sys', model: 'm', temperature: 0.5 });
    const s1 = new ConversationStore(dir, defaults, { warn: (w) => warn.push(w) }, 10);
    const c = s1.current();
    c.messages.push(userMessage('question'));
    const a = assistantMessage('chat');
    a.text = 'half an ans';
    c.messages.push(a);
    s1.touched(c);
    await s1.flush();
    const s2 = new ConversationStore(dir, defaults, { warn: (w) => warn.push(w) });
    const again = s2.get(c.id)!;
    assert.equal(again.messages[1]!.text, 'half an ans');
    assert.equal(again.messages[1]!.status, 'interrupted');
    assert.deepEqual(fs.readdirSync(dir), ['conversations'], 'nothing but the history is stored');
    assert.deepEqual(fs.readdirSync(s1.dir).sort(), [`${c.id}.json`, 'index.json']);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(s1.dir, 'index.json'), 'utf8')), { version: 2, currentId: c.id, ids: [c.id] });
    assert.deepEqual(warn, []);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a write while an answer streams rewrites that conversation only, not the whole history; a deleted one loses its file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-store-'));
    const s = new ConversationStore(dir, () => ({ systemPrompt: '', model: 'm', temperature: 0 }), { warn: () => undefined }, 10);
    const old = s.create();
    const answer = assistantMessage('chat');
    let reads = 0;
    // JSON.stringify reads this getter once each time the old conversation is serialised.
    Object.defineProperty(answer, 'text', { enumerable: true, get: () => (reads++, 'an old answer') });
    old.messages.push(userMessage('old question'), answer);
    s.touched(old);
    const live = s.create();
    live.messages.push(userMessage('new question'));
    s.touched(live);
    await s.flush();
    assert.equal(reads, 1);
    for (let i = 0; i < 5; i++) {
      live.messages[0]!.text += ' more';
      s.touched(live);
      await s.flush();
    }
    assert.equal(reads, 1, 'the untouched conversation was not serialised again');
    const stored = ConversationStore.read(dir);
    assert.deepEqual(stored.conversations.map((c) => c.id), [old.id, live.id]);
    assert.equal(stored.conversations[1]!.messages[0]!.text, 'new question more more more more more');
    assert.equal(stored.conversations[0]!.messages[1]!.text, 'an old answer');
    s.delete(old.id);
    await s.flush();
    assert.deepEqual(fs.readdirSync(s.dir).sort(), [`${live.id}.json`, 'index.json']);
    assert.deepEqual(ConversationStore.read(dir).conversations.map((c) => c.id), [live.id]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the one-file store of earlier versions and migrates it on the next write; an unreadable conversation file costs only that one, with a warning', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-store-'));
    const defaults = () => ({ systemPrompt: '', model: 'm', temperature: 0 });
    const a = createConversation(defaults());
    const b = createConversation(defaults());
    a.messages.push(userMessage('from the old file'));
    fs.writeFileSync(path.join(dir, 'conversations.json'), JSON.stringify({ version: 1, currentId: b.id, conversations: [a, b] }));
    const warn: string[] = [];
    const s = new ConversationStore(dir, defaults, { warn: (w) => warn.push(w) }, 10);
    assert.deepEqual(s.list().map((c) => c.id).sort(), [a.id, b.id].sort());
    assert.equal(s.current().id, b.id);
    s.save(true);
    await s.flush();
    assert.equal(fs.existsSync(path.join(dir, 'conversations.json')), false, 'the old file is gone once migrated');
    const stored = ConversationStore.read(dir);
    assert.equal(stored.currentId, b.id);
    assert.equal(stored.conversations.find((c) => c.id === a.id)!.messages[0]!.text, 'from the old file');

    fs.writeFileSync(path.join(s.dir, `${a.id}.json`), '{ damaged');
    const again = new ConversationStore(dir, defaults, { warn: (w) => warn.push(w) });
    assert.deepEqual(again.list().map((c) => c.id), [b.id]);
    assert.equal(warn.length, 1);
    assert.match(warn[0]!, new RegExp(`1 conversation file\\(s\\) could not be read .*${a.id}\\.json`));
    assert.ok(fs.existsSync(path.join(s.dir, `${a.id}.json`)), 'the damaged file is left for the user, not deleted');

    // A damaged index: the conversations are still found, from their files.
    fs.writeFileSync(path.join(s.dir, 'index.json'), 'not json');
    const rebuilt = new ConversationStore(dir, defaults, { warn: (w) => warn.push(w) });
    assert.deepEqual(rebuilt.list().map((c) => c.id), [b.id]);
    assert.match(warn.slice(-2).join('\n'), /index .* could not be read; rebuilt it from the 1 conversation file/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('starts empty (with a warning) when the file is corrupt', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chat-store-'));
    fs.writeFileSync(path.join(dir, 'conversations.json'), '{ not json');
    const warn: string[] = [];
    const s = new ConversationStore(dir, () => ({ systemPrompt: '', model: 'm', temperature: 0 }), { warn: (w) => warn.push(w) });
    assert.equal(s.list().length, 0);
    assert.equal(warn.length, 1);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('titles a conversation from its first question, without code', () => {
    assert.equal(titleFrom('How do I sort?\n```ts\nx.sort()\n```'), 'How do I sort?');
    assert.ok(titleFrom('x'.repeat(100)).length <= 48);
  });
});
