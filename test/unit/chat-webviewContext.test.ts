// The chat webview's context UI (the real ChatApp in headless Chromium, a fake host): the
// composer's chips (current file toggle, attachments with size, cut and refused shown, remove
// buttons with labels), the `@` completion list driven by the keyboard (listbox, options,
// aria-activedescendant, Enter / Tab / Escape), and the chips of a sent message opening what was sent.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { chatHarnessCaller, openRendererPage } from '../../bench/render-browser';
import type { ChatStateView, ComposerContextView, HostToWebview, MessageView, WebviewToHost } from '../../src/shared/webviewProtocol';
import { mentionAt } from '../../src/webview/view/mentionList';

const CONTEXT: ComposerContextView = {
  currentFile: { id: 'currentFile', kind: 'currentFile', label: 'src/app.ts', detail: 'whole file', chars: 1234 },
  currentFileOff: false,
  attached: [
    { id: 'f1', kind: 'file', label: 'src/huge.ts', detail: 'whole file', chars: 58_766, cut: 'cut to 58,766 of 228,000 characters' },
    { id: 'b1', kind: 'file', label: 'blob.bin', chars: 0, refused: 'binary content' },
  ],
  budgetChars: 60_000,
  totalChars: 60_000,
};

const state = (messages: MessageView[], context?: ComposerContextView): ChatStateView => ({
  conversations: [{ id: 'c1', title: 'Test', updatedAt: 1 }],
  current: { id: 'c1', title: 'Test', systemPrompt: '', model: 'm', temperature: 0.7, messages },
  models: ['m'],
  busy: false,
  canAttachGraphs: false,
  ...(context ? { context } : {}),
});

describe('chat webview context chips and @ list (headless Chromium)', () => {
  let browser: Browser;
  let page: Page;
  const h = chatHarnessCaller(() => page);
  const receive = (m: HostToWebview) => h<void>('receive', m);
  const posted = () => h<WebviewToHost[]>('posted');
  const input = () => page.locator('textarea.chat-input');

  before(async () => {
    ({ browser, page } = await openRendererPage('appHarness.ts'));
  });
  after(async () => {
    await browser?.close();
  });

  it('mentionAt: an @ that starts a word, up to the caret', () => {
    assert.deepEqual(mentionAt('@', 1), { start: 0, query: '' });
    assert.deepEqual(mentionAt('look at @gi', 11), { start: 8, query: 'gi' });
    assert.equal(mentionAt('mail me@example', 15), undefined);
    assert.equal(mentionAt('@file ', 6), undefined);
  });

  it('draws the chips: the current file as a toggle, attachments with size, cut and refused, each removable', async () => {
    await h('mount');
    await receive({ type: 'state', state: state([], CONTEXT) });
    const current = page.locator('.context-chips button.context-chip.current');
    assert.equal(await current.getAttribute('aria-pressed'), 'true');
    assert.equal(await current.getAttribute('aria-label'), 'Send the current file src/app.ts, whole file: 1.2k chars');
    const chips = page.locator('.composer .context-chips > span.context-chip');
    assert.equal(await chips.count(), 2);
    assert.equal(await chips.nth(0).getAttribute('aria-label'), 'src/huge.ts, whole file: 59k chars, cut to 58,766 of 228,000 characters');
    assert.match(await chips.nth(0).innerText(), /src\/huge\.ts\s*59k chars\s*cut/);
    assert.equal(await chips.nth(1).getAttribute('aria-label'), 'blob.bin: not sent, binary content');
    assert.ok((await chips.nth(1).getAttribute('class'))!.includes('refused'));
    assert.equal(await page.locator('.context-budget').innerText(), '60k chars of 60k chars');

    await page.getByRole('button', { name: 'Remove src/huge.ts' }).click();
    await current.click();
    assert.deepEqual((await posted()).slice(-2), [
      { type: 'detachContext', id: 'f1' },
      { type: 'setCurrentFileContext', on: false },
    ]);
    // The host answers with the new chips: the current file switched off.
    await receive({ type: 'context', context: { ...CONTEXT, currentFileOff: true, attached: [], totalChars: 0 } });
    assert.equal(await current.getAttribute('aria-pressed'), 'false');
    assert.match((await current.getAttribute('aria-label'))!, /not sent with this conversation's messages/);
    assert.equal(await page.locator('.context-budget').count(), 0);
  });

  it('typing @ opens a keyboard-driven listbox; Enter attaches and removes the typed @word', async () => {
    await h('mount');
    await receive({ type: 'state', state: state([], CONTEXT) });
    await input().click();
    await input().pressSequentially('Explain @');
    const list = page.getByRole('listbox', { name: 'Attach to the message' });
    assert.equal(await list.isVisible(), true);
    assert.deepEqual(await page.getByRole('listbox').getByRole('option').locator('.mention-name').allInnerTexts(), ['@file', '@open', '@problems', '@git', '@terminal']);
    assert.equal(await input().getAttribute('aria-expanded'), 'true');
    assert.equal(await input().getAttribute('aria-activedescendant'), 'mention-file');
    await input().press('ArrowDown');
    await input().press('ArrowDown');
    assert.equal(await input().getAttribute('aria-activedescendant'), 'mention-problems');
    assert.equal(await page.locator('#mention-problems').getAttribute('aria-selected'), 'true');
    await input().press('ArrowUp');
    await input().press('Enter');
    assert.equal(await list.isVisible(), false);
    assert.equal(await input().inputValue(), 'Explain ');
    const sent = await posted();
    assert.deepEqual(sent.at(-1), { type: 'attach', kind: 'open' });
    assert.ok(!sent.some((m) => m.type === 'send'), 'Enter chose the option, it did not send');
  });

  it('filters by what follows @; Tab chooses, Escape closes, a non-matching word closes', async () => {
    await h('mount');
    await input().click();
    await input().pressSequentially('see @g');
    assert.deepEqual(await page.getByRole('listbox').getByRole('option').locator('.mention-name').allInnerTexts(), ['@git']);
    await input().press('Tab');
    assert.deepEqual((await posted()).at(-1), { type: 'attach', kind: 'git' });
    assert.equal(await input().inputValue(), 'see ');
    await input().pressSequentially('@');
    assert.equal(await page.getByRole('listbox').isVisible(), true);
    await input().press('Escape');
    assert.equal(await page.getByRole('listbox').isVisible(), false);
    assert.equal(await input().getAttribute('aria-expanded'), 'false');
    assert.equal(await input().getAttribute('aria-activedescendant'), null);
    await input().pressSequentially('x');
    assert.equal(await page.getByRole('listbox').isVisible(), false, '@x matches nothing');
    await input().press('Enter');
    assert.deepEqual((await posted()).at(-1), { type: 'send', text: 'see @x' });
  });

  it('a sent message shows its chips; a click opens what was sent', async () => {
    await h('mount');
    const user: MessageView = { id: 'u1', role: 'user', text: 'Why?', status: 'done', kind: 'chat', seq: 0, context: [CONTEXT.currentFile!, CONTEXT.attached[0]!] };
    await receive({ type: 'state', state: state([user]) });
    const chips = page.locator('article.message.user .context-chips.sent button.context-chip');
    assert.equal(await chips.count(), 2);
    assert.equal(await chips.nth(1).getAttribute('aria-label'), 'Open src/huge.ts, whole file: 59k chars, cut to 58,766 of 228,000 characters, as sent');
    await chips.nth(1).click();
    assert.deepEqual((await posted()).at(-1), { type: 'openContext', messageId: 'u1', itemId: 'f1' });
    assert.equal(await page.locator('.composer .context-chips').isHidden(), true, 'no context: no chips row');
  });
});
