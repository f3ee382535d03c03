// The chat panel in the real workbench (code-server + Chromium) against the local streaming
// server: ask and watch the answer stream with highlighted code, Stop, error + Retry, Copy and
// Insert at Cursor, hostile output staying inert, history surviving a window reload, and
// screenshots in a dark and a light theme (test-results/screenshots/chat-*.png).
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { answerText, WEB_SOURCES } from '../server';
import { startWorkbench, type Workbench } from './fixture';
import { chatReady, finished, openChat, sendMessage, until } from './helpers';

describe('chat: panel (workbench UI)', function () {
  this.timeout(120_000);
  let wb: Workbench;
  let chat: FrameLocator;

  before(async function () {
    this.timeout(180_000);
    wb = await startWorkbench({ viewport: { width: 1400, height: 900 } });
    chat = await openChat(wb);
  });
  after(async () => {
    await wb?.close();
  });

  const input = () => chat.locator('textarea.chat-input');
  const answers = () => chat.locator('article.message.assistant');
  const lastAnswer = () => answers().last();

  const send = (text: string) => sendMessage(chat, text);

  it('asks and watches the answer stream in, with highlighted code; Send becomes Stop and focus returns to the input', async () => {
    const turn = await send('Show me markdown with code #answer=markdown #rate=40');
    await turn.locator('.badge.streaming').waitFor({ timeout: 10_000 });
    await chat.locator('button.send-button.stop').waitFor({ timeout: 5_000 });
    const focused = await input().evaluate((el) => el.ownerDocument.activeElement === el);
    assert.ok(focused, 'focus is back in the input after sending');
    await until(async () => ((await turn.locator('.message-body').textContent()) ?? '').length > 40, 'some streamed text');
    await wb.screenshot('chat-streaming');
    await finished(turn);
    await chat.locator('button.send-button:not(.stop)').waitFor({ timeout: 5_000 });
    assert.ok((await turn.locator('.code-block .hljs-keyword').count()) > 0, 'code is highlighted');
    assert.ok((await turn.locator('.code-block .code-lang').count()) > 0, 'code blocks have a language label');
    assert.ok((await turn.locator('table').count()) > 0, 'tables render');
    const expected = answerText('chat', 'markdown');
    const firstLine = expected.split('\n').find((l) => /^[A-Za-z]/.test(l.trim()))!.trim().slice(0, 20);
    assert.ok(((await turn.locator('.message-body').textContent()) ?? '').includes(firstLine.replace(/[*_`]/g, '').slice(0, 10)));
  });

  it('Stop keeps the partial answer marked "stopped" and the server sees the socket close', async () => {
    const turn = await send('A long answer please #answer=long #rate=80');
    await turn.locator('.badge.streaming').waitFor({ timeout: 10_000 });
    await until(async () => ((await turn.locator('.message-body').textContent()) ?? '').length > 150, 'some text before stopping');
    const rec = wb.server.requests.filter((r) => r.path === '/v1/chat').slice(-1)[0]!;
    await chat.locator('button.send-button.stop').click();
    await turn.locator('.badge.stopped').waitFor({ timeout: 10_000 });
    await wb.server.waitForClose(rec.id);
    assert.equal(wb.server.requests.find((r) => r.id === rec.id)!.outcome, 'client-closed');
    const kept = (await turn.locator('.message-body').textContent()) ?? '';
    assert.ok(kept.length > 150, 'partial text kept');
    await wb.screenshot('chat-stopped');
  });

  it('a mid-stream error keeps the partial answer with the error and Retry completes it', async () => {
    wb.server.nextScenario({ fault: 'error-event-after:8', rate: 60 });
    const turn = await send('Tell me something #answer=markdown');
    await turn.locator('.error-box').waitFor({ timeout: 20_000 });
    const partial = (await turn.locator('.message-body').textContent()) ?? '';
    assert.ok(partial.length > 0, 'partial text kept above the error');
    await wb.screenshot('chat-error');
    await turn.locator('.error-box button[aria-label="Retry"]').click();
    await until(async () => (await lastAnswer().locator('.error-box').count()) === 0 && (await lastAnswer().locator('.badge').count()) === 0, 'the retried answer to finish', 30_000);
    assert.ok((await lastAnswer().locator('.code-block').count()) > 0, 'the full answer arrived');
  });

  it('an answer with <img onerror> and a javascript: link is inert', async () => {
    const turn = await send('#echo=Look: <img src=x onerror="window.parent.__pwned=1"> and [click me](javascript:window.__pwned=2) and <script>window.__pwned=3</script>');
    await finished(turn);
    const body = turn.locator('.message-body');
    assert.equal(await body.locator('img, script').count(), 0);
    assert.ok(((await body.textContent()) ?? '').includes('<img src=x onerror='), 'raw HTML shown as text');
    const links = body.locator('a[href^="javascript"]');
    assert.equal(await links.count(), 0, 'no javascript: href');
    await body.getByText('click me').click().catch(() => undefined);
    await wb.page.waitForTimeout(300);
    const pwned = await body.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned ?? null);
    assert.equal(pwned, null);
  });

  it('Copy and Insert at Cursor act on the code block in the editor', async () => {
    await wb.openFile('sample.ts');
    const turn = await send('Some code #answer=code-fenced');
    await finished(turn);
    const block = turn.locator('.code-block').first();
    const code = ((await block.locator('pre code').textContent()) ?? '').trim();
    assert.ok(code.length > 10);
    await block.locator('button[data-code-action="insert"]').click();
    const editorText = () => wb.page.locator('.editor-instance .monaco-editor .view-lines').first().innerText();
    const firstCodeLine = code.split('\n')[0]!.trim();
    await until(async () => (await editorText()).replace(/\u00a0/g, ' ').includes(firstCodeLine), 'the code in the editor');
    await wb.screenshot('chat-inserted');
    // Copy → clipboard → paste into the editor.
    await block.locator('button[data-code-action="copy"]').click();
    await wb.page.waitForTimeout(300);
    await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await wb.page.keyboard.press('Control+End');
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.type('// pasted below:');
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.press('Control+V');
    await until(async () => {
      const t = (await editorText()).replace(/\u00a0/g, ' ');
      const i = t.indexOf('// pasted below:');
      return i >= 0 && t.slice(i).includes(firstCodeLine);
    }, 'the pasted code', 10_000);
    // Save, so the reload below is not held up by an unsaved file (the workspace is a temp copy).
    await wb.page.keyboard.press('Control+S');
    await wb.page.waitForTimeout(300);
  });

  it('history survives a window reload', async () => {
    const before = await answers().count();
    assert.ok(before >= 3);
    const firstQuestion = (await chat.locator('article.message.user .message-body').first().textContent()) ?? '';
    await wb.page.reload();
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    chat = await chatReady(wb);
    await until(async () => (await answers().count()) === before, 'the restored transcript', 30_000);
    assert.equal((await chat.locator('article.message.user .message-body').first().textContent()) ?? '', firstQuestion);
    assert.ok((await chat.locator('.badge.stopped').count()) >= 1, 'the stopped answer is still marked');
  });

  it('looks native in a dark and a light theme (screenshots)', async () => {
    await wb.setTheme('dark');
    await wb.page.waitForTimeout(800);
    await wb.screenshot('chat-dark');
    await wb.setTheme('light');
    await wb.page.waitForTimeout(800);
    await wb.screenshot('chat-light');
    await wb.setTheme('dark');
  });

  it('web search: the toggle, then an answer whose numbered citations link its pages; a hostile source stays inert', async () => {
    const toggle = chat.locator('button.web-toggle');
    await toggle.click();
    await until(async () => (await toggle.getAttribute('aria-pressed')) === 'true', 'web search on');
    const turn = await send('Which Node.js line is LTS?');
    await finished(turn);
    const citations = turn.locator('.message-body a.citation');
    assert.equal(await citations.count(), 3, 'three numbered citations');
    const links = turn.locator('.sources a.source-link');
    assert.deepEqual(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href'))), WEB_SOURCES.slice(0, 3).map((w) => w.url));
    assert.equal(((await links.first().textContent()) ?? '').trim(), WEB_SOURCES[0]!.title);
    // The hostile title and snippet are text; no javascript: link anywhere; nothing ran.
    assert.equal(await turn.locator('.sources img, .sources b, .sources script').count(), 0);
    assert.ok(((await links.nth(2).textContent()) ?? '').includes('<img src=x onerror='), 'hostile title shown as text');
    assert.equal(await turn.locator('a[href^="javascript:"]').count(), 0);
    await links.nth(2).hover();
    const pwned = await turn.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned ?? (window.parent as unknown as { __pwned?: number }).__pwned ?? null);
    assert.equal(pwned, null);
    // A citation jumps to its source in the list.
    await citations.first().click();
    await turn.locator('.sources li').first().waitFor();
    await wb.screenshot('chat-web-citations');
    await toggle.click();
    await until(async () => (await toggle.getAttribute('aria-pressed')) === 'false', 'web search off');
  });
});
