// Issue 8 item 5, host side, in the real extension host: a seeded generator builds malformed
// webview→host messages (random JSON shapes, wrong field types, huge strings, unknown types,
// extra fields, prototype tricks) and feeds them through the same entry point the webview's
// messages take (ChatViewProvider.receive). Every one is ignored and logged; nothing is sent,
// opened, stored or changed; the chat still answers afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { answerText, type StreamingServer } from '../server';
import type { StreamAssistApi } from '../../src/extension';
import type { ChatFeature } from '../../src/extension/chat';
import type { HostToWebview } from '../../src/shared/webviewProtocol';
import { logText, nextTurnEnd, recordPosts, startSession, waitFor, type Session } from './fixture';
import { report } from './index';

const TYPES = ['ready', 'send', 'stop', 'retry', 'retryNow', 'regenerate', 'editResend', 'newConversation', 'switchConversation', 'renameConversation', 'deleteConversation', 'setModel', 'setTemperature', 'setSystemPrompt', 'copy', 'insertCode', 'applyCode', 'openLink', 'setApiKey', 'attachGraphs', 'detachGraph', 'requestSync', 'attach', 'detachContext', 'setCurrentFileContext', 'openContext'];
/** The fields each type requires (mirrors the protocol; a message the generator corrupts must lose validity). */
const FIELDS: Record<string, string[]> = {
  send: ['text'],
  retry: ['messageId'],
  retryNow: ['messageId'],
  editResend: ['messageId', 'text'],
  switchConversation: ['id'],
  renameConversation: ['id', 'title'],
  deleteConversation: ['id'],
  setModel: ['model'],
  setTemperature: ['temperature'],
  setSystemPrompt: ['systemPrompt'],
  copy: ['text'],
  insertCode: ['code', 'mode'],
  applyCode: ['code', 'fileHint'],
  openLink: ['href'],
  detachGraph: ['id'],
  attach: ['kind'],
  detachContext: ['id'],
  setCurrentFileContext: ['on'],
  openContext: ['messageId', 'itemId'],
};

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 4294967296;
  };
}

/** Values of the wrong kind for any field (a valid value for some field never appears where it is wrong). */
function wrongValue(rand: () => number): unknown {
  const pool: (() => unknown)[] = [
    () => null,
    () => undefined,
    () => Math.floor(rand() * 1e6),
    () => -1,
    () => Number.NaN,
    () => Number.POSITIVE_INFINITY,
    () => true,
    () => [],
    () => ['x'],
    () => ({}),
    () => ({ toString: 'x' }),
    () => 'x'.repeat(1_000_001 + Math.floor(rand() * 1000)), // over the 1 MB cap
    () => ({ nested: { deep: [1, { a: null }] } }),
  ];
  return pool[Math.floor(rand() * pool.length)]!();
}

const KINDS = ['not an object', 'unknown type', 'type not a string', 'missing field', 'wrong field type', 'unexpected field', 'out of range', 'empty/long id', 'prototype keys'];

/** One malformed message and why it is malformed (kind = KINDS[i % 9]). */
function malformed(rand: () => number, i: number): { message: unknown; why: string } {
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)]!;
  switch (i % 9) {
    case 0:
      return { message: pick([null, undefined, 0, 42, '', 'send', '{"type":"send","text":"hi"}', true, [], [{ type: 'send', text: 'x' }]]), why: 'not an object' };
    case 1:
      return { message: { type: pick(['', 'SEND', 'Send', 'exec', 'eval', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(5000), 'send ', 'ready\u0000']) }, why: 'unknown type' };
    case 2:
      return { message: { type: wrongValue(rand), text: 'hello' }, why: 'type not a string' };
    case 3: {
      // A type with fields, one field missing.
      const type = pick(Object.keys(FIELDS));
      const m: Record<string, unknown> = { type };
      const fields = FIELDS[type]!;
      const missing = pick(fields);
      for (const f of fields) if (f !== missing) m[f] = f === 'mode' ? 'insert' : f === 'temperature' ? 0.5 : 'ok';
      return { message: m, why: `${type} missing ${missing}` };
    }
    case 4: {
      // Wrong type for one field.
      const type = pick(Object.keys(FIELDS));
      const m: Record<string, unknown> = { type };
      const fields = FIELDS[type]!;
      const bad = pick(fields);
      for (const f of fields) m[f] = f === 'mode' ? 'insert' : f === 'temperature' ? 0.5 : 'ok';
      let v = wrongValue(rand);
      // A string is a valid value for most fields: make it invalid for this one.
      if (typeof v === 'string' && v.length <= 1_000_000) v = 12345;
      if (bad === 'temperature' && typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 2) v = 3;
      if (bad === 'on' && typeof v === 'boolean') v = 12345;
      m[bad] = v;
      return { message: m, why: `${type}.${bad} wrong type` };
    }
    case 5: {
      const type = pick(TYPES);
      const m: Record<string, unknown> = { type };
      for (const f of FIELDS[type] ?? []) m[f] = f === 'mode' ? 'insert' : f === 'temperature' ? 0.5 : 'ok';
      m[pick(['extra', '__proto__x', 'command', 'apiKey', 'x'.repeat(100), 'then'])] = wrongValue(rand);
      return { message: m, why: `${type} with an unexpected field` };
    }
    case 6:
      return { message: pick([{ type: 'setTemperature', temperature: 2.5 }, { type: 'setTemperature', temperature: -0.1 }, { type: 'insertCode', code: 'x', mode: 'delete' }, { type: 'insertCode', code: 'x', mode: 'INSERT' }]), why: 'out-of-range value' };
    case 7:
      return { message: { type: pick(['retry', 'switchConversation', 'setModel', 'detachGraph']), [pick(['messageId', 'id', 'model'])]: pick(['', 'x'.repeat(201)]) }, why: 'empty or over-long id' };
    default: {
      // Prototype pollution attempt through JSON.
      const m = JSON.parse(`{"type":"${pick(['send', 'copy', 'openLink'])}","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}`) as unknown;
      return { message: m, why: 'prototype keys' };
    }
  }
}

describe('reliability: webview hardening — malformed webview messages are ignored and logged (extension host)', function () {
  this.timeout(120_000);
  let session: Session;
  let server: StreamingServer;
  let api: StreamAssistApi;
  let chat: ChatFeature;
  const posted: HostToWebview[] = [];
  const KEY = 'webview-fuzz-key';

  before(async () => {
    session = await startSession(KEY);
    ({ server, api, chat } = session);
  });

  after(async () => {
    await session?.close();
  });

  it('500 seeded malformed messages: all rejected with a reason and logged; no request, no state change; the chat still works', async () => {
    await vscode.commands.executeCommand('streamAssist.openChat');
    await waitFor('the webview to say ready', () => chat.provider.isReady, 30_000);
    chat.controller.newConversation();
    await chat.controller.store.flush();
    const unrecord = recordPosts(chat, posted);
    try {
      const store = chat.controller.store;
      const snapshot = JSON.stringify(store.list().map((c) => store.get(c.id)));
      // The view's own model-list load (on 'ready') may land meanwhile; anything else would be a message acted on.
      const acted = () => server.requests.filter((r) => r.path !== '/v1/models').length;
      const requestsBefore = acted();
      const rejectedBefore = api.rejectedWebviewMessages.length;
      await vscode.env.clipboard.writeText('clipboard-sentinel');
      const rand = prng(0x5eed8);
      const N = 500;
      const whys = new Map<string, number>();
      const t0 = Date.now();
      for (let i = 0; i < N; i++) {
        const { message, why } = malformed(rand, i);
        const kind = KINDS[i % KINDS.length]!;
        whys.set(kind, (whys.get(kind) ?? 0) + 1);
        const before = api.rejectedWebviewMessages.length;
        assert.doesNotThrow(() => chat.provider.receive(message), why);
        if (api.rejectedWebviewMessages.length !== before + 1) assert.fail(`accepted #${i} (${why}): ${String(JSON.stringify(message)).slice(0, 200)}`);
      }
      const ms = Date.now() - t0;
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(api.rejectedWebviewMessages.length - rejectedBefore, N);
      assert.equal(acted(), requestsBefore, 'no request was made');
      assert.equal(JSON.stringify(store.list().map((c) => store.get(c.id))), snapshot, 'conversations unchanged');
      assert.equal(await vscode.env.clipboard.readText(), 'clipboard-sentinel', 'nothing was copied');
      // The model list the view asked for on 'ready' may arrive meanwhile (as its request may).
      const answered = posted.filter((m) => m.type !== 'models');
      assert.equal(answered.length, 0, `nothing was posted back (${JSON.stringify(answered).slice(0, 600)})`);
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
      // Every rejection names its reason and stays short (a 1 MB string is not echoed into the log).
      const reasons = api.rejectedWebviewMessages.slice(rejectedBefore);
      assert.ok(reasons.every((r) => r.length > 5 && r.length < 200), reasons.filter((r) => r.length >= 200).slice(0, 2).join('\n'));
      // Logged: the log file has the warnings.
      await new Promise((r) => setTimeout(r, 500));
      const log = logText(api);
      const logged = log.split('\n').filter((l) => l.includes('ignored a malformed message from the webview')).length;
      assert.ok(logged >= N, `${logged} log lines`);
      report(`        ${N} malformed messages in ${ms} ms, all rejected and logged (${logged} log lines); kinds: ${[...whys].map(([k, n]) => `${k}×${n}`).join(', ')}`);

      // The host keeps working: a real message still gets a full answer.
      const ended = nextTurnEnd(chat);
      chat.provider.receive({ type: 'send', text: 'still there? #answer=plain' });
      const { messageId } = await ended;
      const answer = store.current().messages.find((m) => m.id === messageId)!;
      assert.equal(answer.status, 'done');
      assert.equal(answer.text, answerText('chat', 'plain'));
      assert.ok(posted.some((m) => m.type === 'patch'), 'patches flow again');
    } finally {
      unrecord();
    }
  });
});
