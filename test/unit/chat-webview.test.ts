// The chat webview (the real ChatApp, no VS Code) in headless Chromium with a fake host: streamed
// patches applied in order with duplicates dropped and gaps resynced, restore from getState plus
// a host sync without duplicating text, the final DOM equal to a one-shot render, keyboard
// behaviour, code-block and link actions going to the host, and the accessibility hooks.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { openRendererPage } from '../../bench/render-browser';
import type { ChatStateView, HostToWebview, MessageView, StreamPatch, WebviewToHost } from '../../src/shared/webviewProtocol';

type Harness = {
  mount(initial?: unknown): void;
  receive(m: HostToWebview): void;
  posted(): WebviewToHost[];
  saved(): { state?: ChatStateView; draft?: string } | undefined;
  settle(ms?: number): Promise<void>;
  oneShotHtml(text: string): string;
  bodyHtml(id: string): string;
};

const msg = (over: Partial<MessageView>): MessageView => ({ id: 'a1', role: 'assistant', text: '', status: 'streaming', kind: 'chat', seq: 0, ...over });
const stateWith = (messages: MessageView[], busy = false): ChatStateView => ({
  conversations: [{ id: 'c1', title: 'Test', updatedAt: 1 }],
  current: { id: 'c1', title: 'Test', systemPrompt: 'sys', model: 'palmyra-x5', temperature: 0.7, messages },
  models: ['palmyra-x5', 'palmyra-x4'],
  busy,
  canAttachGraphs: true,
});

const ANSWER = 'Here is code:\n\n```ts\nconst x: number = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n\nDone [link](https://example.com).';

describe('chat webview app (headless Chromium)', () => {
  let browser: Browser;
  let page: Page;
  const h = <T>(fn: string, ...args: unknown[]): Promise<T> =>
    page.evaluate(
      ([f, a]) => {
        const harness = (globalThis as unknown as { chatHarness: Record<string, (...x: unknown[]) => unknown> }).chatHarness;
        return harness[f as string]!(...(a as unknown[]));
      },
      [fn, args] as const,
    ) as Promise<T>;
  const receive = (m: HostToWebview) => h<void>('receive', m);
  const patch = (p: Partial<StreamPatch> & { seq: number; offset: number; append: string }) => receive({ type: 'patch', patch: { messageId: 'a1', ...p } });

  before(async () => {
    ({ browser, page } = await openRendererPage('appHarness.ts'));
  });
  after(async () => {
    await browser?.close();
  });

  it('applies patches in order, drops duplicates and overlaps, and ends equal to a one-shot render', async () => {
    await h('mount');
    await receive({ type: 'state', state: stateWith([msg({ id: 'u1', role: 'user', text: 'q', status: 'done' }), msg({})], true) });
    const parts = [ANSWER.slice(0, 20), ANSWER.slice(20, 50), ANSWER.slice(50, 90), ANSWER.slice(90)];
    let offset = 0;
    for (let i = 0; i < parts.length; i++) {
      await patch({ seq: i + 1, offset, append: parts[i]! });
      if (i === 1) await patch({ seq: 2, offset: 20, append: parts[1]! }); // duplicate
      if (i === 2) await patch({ seq: 3, offset: 50, append: parts[2]! }); // duplicate again
      offset += parts[i]!.length;
      await h('settle', 80);
    }
    await patch({ seq: 5, offset, append: '', status: 'done' });
    await h('settle', 100);
    assert.equal(await h<string>('bodyHtml', 'a1'), await h<string>('oneShotHtml', ANSWER));
    assert.ok(!(await h<WebviewToHost[]>('posted')).some((m) => m.type === 'requestSync'));
    // The Stop button turned back into Send.
    assert.equal(await page.locator('button.send-button.stop').count(), 0);
  });

  it('a gap in the patches asks the host for a sync; the sync then completes the text without duplicates', async () => {
    await h('mount');
    await receive({ type: 'state', state: stateWith([msg({})], true) });
    await patch({ seq: 1, offset: 0, append: 'Hello ' });
    await patch({ seq: 3, offset: 12, append: 'there' }); // seq 2 ("world ") was lost
    assert.ok((await h<WebviewToHost[]>('posted')).some((m) => m.type === 'requestSync'));
    // Host answers with its truth (including text not yet sent as a patch), then continues.
    await receive({ type: 'state', state: stateWith([msg({ text: 'Hello world there', seq: 3 })], true) });
    await patch({ seq: 4, offset: 12, append: 'there, friend' }); // overlaps what the sync already had
    await patch({ seq: 5, offset: 25, append: '', status: 'done' });
    await h('settle', 100);
    assert.equal(await h<string>('bodyHtml', 'a1'), await h<string>('oneShotHtml', 'Hello world there, friend'));
  });

  it('restores from getState at once, then the host sync replaces it without duplicating text', async () => {
    await h('mount');
    await receive({ type: 'state', state: stateWith([msg({ id: 'u1', role: 'user', text: 'question', status: 'done' }), msg({ text: 'partial ', seq: 1 })], true) });
    await h('settle', 700); // the state is saved (throttled)
    const saved = await h<{ state?: ChatStateView; draft?: string }>('saved');
    assert.equal(saved?.state?.current.messages[1]!.text, 'partial ');
    // The view is hidden and shown again: a new page starts from the saved state…
    await h('mount', saved);
    await h('settle', 100);
    assert.equal(await page.locator('article.message').count(), 2);
    assert.ok((await page.locator('article[data-message-id="a1"] .message-body').textContent())!.includes('partial'));
    // …then the host, which kept streaming meanwhile, syncs.
    await receive({ type: 'state', state: stateWith([msg({ id: 'u1', role: 'user', text: 'question', status: 'done' }), msg({ text: 'partial answer, continued', seq: 4, status: 'done' })]) });
    await h('settle', 100);
    assert.equal(await page.locator('article.message').count(), 2);
    assert.equal((await page.locator('article[data-message-id="a1"] .message-body').textContent())!.trim(), 'partial answer, continued');
  });

  it('Enter sends, Shift+Enter makes a new line, focus stays in the input; Stop posts stop while busy', async () => {
    await h('mount');
    await receive({ type: 'state', state: stateWith([]) });
    const input = page.locator('textarea.chat-input');
    await input.click();
    await input.type('line one');
    await input.press('Shift+Enter');
    await input.type('line two');
    await input.press('Enter');
    const sent = (await h<WebviewToHost[]>('posted')).filter((m) => m.type === 'send');
    assert.deepEqual(sent, [{ type: 'send', text: 'line one\nline two' }]);
    assert.equal(await input.inputValue(), '');
    assert.ok(await input.evaluate((el) => el.ownerDocument.activeElement === el));
    await receive({ type: 'state', state: stateWith([msg({})], true) });
    await page.locator('button.send-button.stop').click();
    assert.ok((await h<WebviewToHost[]>('posted')).some((m) => m.type === 'stop'));
  });

  it('code block buttons and links go to the host; unsafe links do nothing', async () => {
    await h('mount');
    await receive({ type: 'state', state: stateWith([msg({ text: ANSWER + '\n\n[bad](javascript:alert(1))', status: 'done' })]) });
    await page.locator('[data-code-action="copy"]').click();
    await page.locator('[data-code-action="insert"]').click();
    await page.locator('[data-code-action="replace"]').click();
    await page.locator('.message-body a', { hasText: 'link' }).click();
    assert.equal(await page.locator('.message-body a', { hasText: 'bad' }).count(), 0, 'a javascript: link is not a link');
    await page.getByText('[bad](javascript:alert(1))').click();
    const posted = (await h<WebviewToHost[]>('posted')).filter((m) => m.type !== 'ready');
    assert.deepEqual(posted, [
      { type: 'copy', text: 'const x: number = 1;\n' },
      { type: 'insertCode', code: 'const x: number = 1;\n', mode: 'insert' },
      { type: 'insertCode', code: 'const x: number = 1;\n', mode: 'replace' },
      { type: 'openLink', href: 'https://example.com' },
    ]);
  });

  it('error, rate-limit and auth states show Retry, a countdown with Retry now, and Set API Key', async () => {
    await h('mount');
    await receive({
      type: 'state',
      state: stateWith([msg({ id: 'a1', text: 'partial', status: 'error', error: { kind: 'auth', message: 'Bad key.', action: 'Set your API key.', retryable: false } })]),
    });
    await page.locator('.error-box button', { hasText: 'Set API Key' }).click();
    await page.locator('.error-box button', { hasText: 'Retry' }).click();
    await receive({ type: 'state', state: stateWith([msg({ id: 'a2', status: 'waiting', retryAt: Date.now() + 9000, error: { kind: 'rate-limit', message: 'Rate limited.', action: 'Wait.', retryable: true } })], true) });
    assert.match((await page.locator('.waiting-box').textContent()) ?? '', /Retrying in \d+ s/);
    await page.locator('.waiting-box button', { hasText: 'Retry now' }).click();
    const posted = (await h<WebviewToHost[]>('posted')).map((m) => m.type);
    assert.deepEqual(posted.filter((t) => t !== 'ready'), ['setApiKey', 'retry', 'retryNow']);
  });

  it('every button has an accessible name, and streamed text is announced politely', async () => {
    await h('mount');
    await receive({ type: 'state', state: stateWith([msg({ text: ANSWER, status: 'done' })]) });
    const unnamed = await page.locator('button:not([aria-label])').count();
    assert.equal(unnamed, 0);
    assert.equal(await page.locator('[aria-live="polite"]').count(), 1);
    await receive({ type: 'state', state: stateWith([msg({ id: 'a9' })], true) });
    await receive({ type: 'patch', patch: { messageId: 'a9', seq: 1, offset: 0, append: 'First paragraph.\n\nSecond\n' } });
    await h('settle', 300);
    // A finished block is announced (throttled), not each token.
    assert.match((await page.locator('[aria-live="polite"]').textContent()) ?? '', /^First paragraph\.$/);
    await receive({ type: 'patch', patch: { messageId: 'a9', seq: 2, offset: 24, append: 'Third.', status: 'done' } });
    await h('settle', 2200);
    assert.match((await page.locator('[aria-live="polite"]').textContent()) ?? '', /Second/);
  });
});
