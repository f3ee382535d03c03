// Generate at Cursor through the real workbench: the command palette, the prompt box, text
// arriving in the editor with the "generating…" marker, cancel from the status bar button (the
// server sees the socket close; the partial text stays, the marker goes), then the prompt box
// again offering the recent prompt, and Escape in the region cancelling.
// Screenshots: test-results/screenshots/editor-*.png.
import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { startWorkbench, type Workbench } from './fixture';
import { plainSpaces, waitForText } from './helpers';

const STATUS_ID = 'stream-assist.stream-assist.streamAssist.status';
const PROMPT = 'fibonacci please #answer=code-fenced #rate=3';

/** Is the "generating…" after-text decoration rendered (a ::after pseudo-element in the view lines)? */
async function progressMarkerShown(page: Workbench['page']): Promise<boolean> {
  // A string, so this Node-side file needs no DOM typings.
  const script = "[...document.querySelectorAll('.view-lines span')].some((e) => getComputedStyle(e, '::after').content.includes('generating'))";
  return (await page.evaluate(script)) === true;
}

describe('editor: Generate at Cursor (workbench UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let lines: Locator;
  let status: Locator;

  before(async function () {
    this.timeout(240_000);
    // Written straight in: the inline diff has its own UI test (editor-review).
    wb = await startWorkbench({ workspaceFiles: { 'math.ts': '// Numbers\n\nexport const answer = 42;\n' }, settings: { 'streamAssist.editor.review': 'direct' } });
    await wb.openWorkbench();
    await wb.setApiKey();
    await wb.openFile('math.ts');
    lines = wb.page.locator('.editor-instance .monaco-editor .view-lines').first();
    status = wb.page.locator(`[id="${STATUS_ID}"]`);
  });

  after(async () => {
    await wb?.close();
  });

  async function cursorToLine2(): Promise<void> {
    await lines.click();
    await wb.page.keyboard.press('Control+G');
    await wb.page.keyboard.type('2');
    await wb.page.keyboard.press('Enter');
  }

  it('runs from the command palette, streams into the editor, and the status bar button cancels it', async () => {
    await cursorToLine2();
    await wb.runCommand('Generate at Cursor');
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill(PROMPT);
    await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'new prompt' }).first().waitFor({ timeout: 10_000 });
    await wb.page.keyboard.press('Enter');
    const record = await wb.server.waitForRequest((r) => r.path === '/v1/chat' && r.outcome === 'open', 20_000);

    // Text arrives (fence stripped) with the progress marker after it.
    await waitForText(lines, /export function fibonacci\(n: number\)/, 20_000, plainSpaces);
    for (let i = 0; !(await progressMarkerShown(wb.page)); i++) {
      if (i > 200) throw new Error('the "generating…" marker never showed');
      await new Promise((r) => setTimeout(r, 50));
    }
    await status.locator('.codicon-loading').waitFor({ timeout: 10_000 });
    await wb.dismissHover();
    const streaming = await wb.screenshot('editor-generate-streaming');
    console.log(`      screenshot ${streaming}`);
    assert.ok(!/```/.test(await lines.innerText()), 'no fence line in the document');

    const t0 = wb.server.now();
    await status.click({ force: true }); // no actionability wait: the item's text changes every tick
    const closedAt = await wb.server.waitForClose(record.id, 10_000);
    console.log(`      status bar click → socket closed in ${(closedAt - t0).toFixed(0)} ms`);
    assert.equal(wb.server.requests.find((r) => r.id === record.id)?.outcome, 'client-closed');
    await status.locator('.codicon-sparkle').waitFor({ timeout: 10_000 });
    const after = await waitForText(lines, /export function fibonacci/, 20_000, plainSpaces);
    for (const kept of ['// Numbers', 'export const answer = 42;']) assert.ok(after.includes(kept), `${kept} still there`);
    assert.ok(!/return a;\s*\}/.test(after), 'the stream stopped before the end');
    for (let i = 0; await progressMarkerShown(wb.page); i++) {
      if (i > 100) throw new Error('the "generating…" marker stayed after cancel');
      await new Promise((r) => setTimeout(r, 50));
    }
    const cancelled = await wb.screenshot('editor-generate-cancelled');
    console.log(`      screenshot ${cancelled}`);
  });

  it('Revert Last Generation restores the file; the prompt box offers the recent prompt; Escape in the region cancels', async () => {
    await wb.runCommand('Revert Last Generation');
    await waitForText(lines, /^(?![\s\S]*fibonacci)[\s\S]*export const answer = 42;/, 20_000, plainSpaces);
    await cursorToLine2();
    await wb.runCommand('Generate at Cursor');
    const recent = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: PROMPT });
    await recent.first().waitFor({ timeout: 15_000 });
    assert.match(await recent.first().innerText(), /recent/);
    await wb.screenshot('editor-generate-recent-prompt');
    const before = wb.server.requests.length;
    await wb.page.keyboard.press('Enter');
    const record = await wb.server.waitForRequest((r) => r.id > before && r.path === '/v1/chat' && r.outcome === 'open', 20_000);
    await waitForText(lines, /export function fibonacci/, 20_000, plainSpaces);
    // The cursor follows the text being written, so Escape is the cancel key here.
    await wb.page.keyboard.press('Escape');
    await wb.server.waitForClose(record.id, 10_000);
    await status.locator('.codicon-sparkle').waitFor({ timeout: 10_000 });
    await waitForText(lines, /^(?![\s\S]*generating…)[\s\S]*export function fibonacci/, 20_000, plainSpaces);
  });
});
