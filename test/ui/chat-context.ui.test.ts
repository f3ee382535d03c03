// Context in the chat panel, in the real workbench (code-server + Chromium) against the local
// streaming server: the current file's chip appears when a file is opened, `@` opens the mention
// list, @file goes through the real quick pick, the chips show size and the secret file's refusal,
// the sent message carries them (the server receives the context blocks), and screenshots of the
// chips and the `@` list in a dark and a light theme (test-results/screenshots/context-*.png).
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { startWorkbench, type Workbench } from './fixture';
import { finished, openChat, until } from './helpers';

const APP = 'export function total(prices: number[]): number {\n  return prices.reduce((a, b) => a + b, 0);\n}\n';

describe('chat: context chips and @-mentions (workbench UI)', function () {
  this.timeout(120_000);
  let wb: Workbench;
  let chat: FrameLocator;

  before(async function () {
    this.timeout(180_000);
    wb = await startWorkbench({
      viewport: { width: 1400, height: 900 },
      workspaceFiles: { 'src/app.ts': APP, 'notes.md': '# Notes\n\nTotals are in cents.\n', '.env': 'API_TOKEN=not-a-real-secret\n' },
    });
    chat = await openChat(wb);
  });
  after(async () => {
    await wb?.close();
  });

  const input = () => chat.locator('textarea.chat-input');
  const currentChip = () => chat.locator('.composer .context-chip.current');

  it('a secret-looking file is refused as the current file (struck-through chip saying why)', async () => {
    await wb.openFile('.env');
    const refused = chat.locator('.composer .context-chip.current.refused', { hasText: '.env' });
    await refused.waitFor({ timeout: 20_000 });
    assert.match((await refused.getAttribute('aria-label')) ?? '', /not sent, matches the secret pattern \.env/);
    await wb.screenshot('context-refused-dark');
  });

  it('opening a file shows it as the current file chip', async () => {
    await wb.openFile('app.ts');
    await currentChip().filter({ hasText: 'src/app.ts' }).waitFor({ timeout: 20_000 });
    assert.equal(await currentChip().getAttribute('aria-pressed'), 'true');
    assert.match(await currentChip().innerText(), /src\/app\.ts\s*\d+ chars/);
  });

  it('@ opens the mention list; @file attaches through the quick pick', async () => {
    await input().click();
    await input().pressSequentially('How are totals stored? @');
    const list = chat.getByRole('listbox', { name: 'Attach to the message' });
    await list.waitFor({ timeout: 5_000 });
    assert.deepEqual(await list.locator('.mention-name').allInnerTexts(), ['@file', '@open', '@problems', '@git', '@terminal']);
    await wb.screenshot('context-mention-list-dark');
    await input().press('Enter');
    const quick = wb.page.locator('.quick-input-widget input');
    await quick.waitFor({ timeout: 15_000 });
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'notes.md' }).first().waitFor({ timeout: 15_000 });
    await quick.fill('notes');
    await wb.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'notes.md' }).waitFor({ timeout: 15_000 });
    await wb.page.keyboard.press('Enter');
    await chat.locator('.composer .context-chip', { hasText: 'notes.md' }).waitFor({ timeout: 15_000 });
    assert.equal(await input().inputValue(), 'How are totals stored? ');
    await wb.screenshot('context-chips-dark');
    // The README's picture: the chips with the list open again.
    await input().press('End');
    await input().pressSequentially('@');
    await list.waitFor({ timeout: 5_000 });
    await input().press('ArrowDown');
    await wb.screenshot('context-chips-list-dark');
    await input().press('Escape');
    await input().press('Backspace');
    assert.equal(await input().inputValue(), 'How are totals stored? ');
  });

  it('sends the context with the message; the sent message shows its chips', async () => {
    const answers = chat.locator('article.message.assistant');
    const before = await answers.count();
    await input().click();
    await input().press('End');
    await input().press('Enter');
    await until(async () => (await answers.count()) > before, 'the answer to appear');
    await finished(answers.last());
    const body = wb.server.requests.filter((r) => r.path === '/v1/chat').at(-1)!.body as { messages: { role: string; content: string }[] };
    const content = body.messages.at(-1)!.content;
    assert.match(content, /^<context kind="currentFile" path="src\/app.ts" language="typescript" detail="whole file">/);
    assert.match(content, /<context kind="file" path="notes.md" language="markdown" detail="whole file">/);
    assert.match(content, /How are totals stored\? $/);
    const sent = chat.locator('article.message.user').last().locator('.context-chips.sent .context-chip');
    assert.equal(await sent.count(), 2);
    await sent.first().scrollIntoViewIfNeeded();
    // Attachments go with one message; the current file stays.
    assert.equal(await chat.locator('.composer .context-chip:not(.current)').count(), 0);
    await wb.screenshot('context-sent-dark');
  });

  it('light theme: the chips, the switched-off current file and the @ list', async () => {
    await wb.setTheme('light');
    await currentChip().click();
    await until(async () => (await currentChip().getAttribute('aria-pressed')) === 'false', 'the current file switched off');
    await input().click();
    await input().fill('');
    await input().pressSequentially('@');
    await chat.getByRole('listbox').waitFor({ timeout: 5_000 });
    await input().press('ArrowDown');
    await wb.screenshot('context-light');
    await input().press('Escape');
    await currentChip().click();
    await until(async () => (await currentChip().getAttribute('aria-pressed')) === 'true', 'the current file back on');
    await wb.setTheme('dark');
  });
});
