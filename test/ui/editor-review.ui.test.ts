// The inline diff in the real workbench: Rewrite Selection from the command palette streams the new
// lines in among the old ones, then the title bar's Accept / Reject and CodeLens Accept All / Reject
// All are offered and Ctrl+Enter accepts it; a chat answer's code block goes to the file it names
// through Apply, the picker naming the file, and the title bar's Reject restores it.
// Screenshots in a dark and a light theme: test-results/screenshots/editor-diff-*.png, chat-apply-*.png.
import * as assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { startWorkbench, type Workbench } from './fixture';
import { finished, openChat, plainSpaces, sendMessage, waitForText } from './helpers';

const SHAPES = '// Shapes\nexport function area(w: number, h: number) {\n  return w * h;\n}\n\nexport const unit = 1;\n';
const RENAMED = 'export function rectangleArea(width: number, height: number) {\n  return width * height;\n}\n';

describe('editor: inline diff review and Apply (workbench UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let lines: Locator;
  const lens = (title: string) => wb.page.locator('.contentWidgets .codelens-decoration a, .codelens-decoration a', { hasText: title }).first();
  /** The Accept / Reject buttons in the editor's title bar. */
  const titleButton = (name: 'Accept' | 'Reject') => wb.page.locator(`.editor-actions .action-label[aria-label*="${name} Proposed Change"]`).first();

  before(async function () {
    this.timeout(240_000);
    wb = await startWorkbench({ workspaceFiles: { 'shapes.ts': SHAPES, 'notes.md': '# Notes\n' }, viewport: { width: 1400, height: 900 } });
    await wb.openWorkbench();
    await wb.setApiKey();
    await wb.openFile('shapes.ts');
    lines = wb.page.locator('.editor-instance .monaco-editor .view-lines').first();
  });

  after(async () => {
    await wb?.close();
  });

  it('Rewrite Selection streams an inline diff; Ctrl+Enter accepts it (dark and light screenshots)', async () => {
    await lines.click();
    await wb.page.keyboard.press('Control+G');
    await wb.page.keyboard.type('2');
    await wb.page.keyboard.press('Enter');
    for (let i = 0; i < 3; i++) await wb.page.keyboard.press('Shift+ArrowDown');
    wb.server.nextScenario({ echo: RENAMED, rate: 6 });
    await wb.runCommand('Rewrite Selection');
    const input = wb.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill('longer names');
    await wb.page.keyboard.press('Enter');

    // While it streams: the new first line is in, the old function is still there.
    await waitForText(lines, /rectangleArea[\s\S]*function area\(w: number/, 20_000, plainSpaces);
    const streaming = await wb.screenshot('editor-diff-streaming');
    console.log(`      screenshot ${streaming}`);

    // The title bar's buttons come with the review; the CodeLens follows after the workbench's debounce.
    await titleButton('Accept').waitFor({ timeout: 30_000 });
    const buttonsAt = Date.now();
    assert.ok(await titleButton('Reject').isVisible(), 'Reject beside Accept in the title bar');
    await lens('Accept All').waitFor({ timeout: 30_000 });
    console.log(`      title buttons shown ${Date.now() - buttonsAt} ms before the CodeLens`);
    assert.ok(await lens('Reject All').isVisible(), 'Reject All is offered beside Accept All');
    const text = plainSpaces((await lines.textContent()) ?? '');
    assert.ok(text.includes('rectangleArea') && text.includes('area(w: number'), 'both versions are shown until decided');
    await wb.dismissHover();
    console.log(`      screenshot ${await wb.screenshot('editor-diff-review-dark')}`);
    await wb.setTheme('light');
    console.log(`      screenshot ${await wb.screenshot('editor-diff-review-light')}`);
    await wb.setTheme('dark');

    // The cursor is inside the diff: Ctrl+Enter accepts all.
    await lines.locator('.view-line', { hasText: 'rectangleArea' }).first().click();
    await wb.page.keyboard.press('Control+Enter');
    await lens('Accept All').waitFor({ state: 'detached', timeout: 15_000 });
    await titleButton('Accept').waitFor({ state: 'detached', timeout: 15_000 });
    await waitForText(lines, /rectangleArea/, 5_000, plainSpaces);
    const after = plainSpaces((await lines.textContent()) ?? '');
    assert.ok(!after.includes('area(w: number'), 'the old lines are gone once accepted');
  });

  it("a chat code block's Apply: the picker names the file, the change shows as a diff, Reject All restores it", async () => {
    const chat = await openChat(wb);
    const block = '# Notes\n\n- streaming inline diff\n- apply code blocks\n';
    const turn = await sendMessage(chat, `Give me notes #echo=Update \`notes.md\`:\n\n\`\`\`markdown\n${block}\`\`\`\n#/echo`);
    await finished(turn);
    await turn.locator('[data-code-action="apply"]').click();
    const row = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'notes.md' }).first();
    await row.waitFor({ timeout: 15_000 });
    assert.match((await row.textContent()) ?? '', /named by the code block/);
    console.log(`      screenshot ${await wb.screenshot('chat-apply-picker')}`);
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.tab.active', { hasText: 'notes.md' }).waitFor({ timeout: 15_000 });
    await lens('Accept All').waitFor({ timeout: 30_000 });
    const editor = wb.page.locator('.editor-instance .monaco-editor .view-lines').first();
    await waitForText(editor, /apply code blocks/, 10_000, plainSpaces);
    await wb.dismissHover();
    console.log(`      screenshot ${await wb.screenshot('chat-apply-review-dark')}`);
    await wb.setTheme('light');
    console.log(`      screenshot ${await wb.screenshot('chat-apply-review-light')}`);
    await wb.setTheme('dark');
    // The title bar's Reject (it passes the editor's URI): the whole change goes.
    await titleButton('Reject').click();
    await lens('Accept All').waitFor({ state: 'detached', timeout: 15_000 });
    const restored = plainSpaces((await editor.textContent()) ?? '');
    assert.ok(!restored.includes('apply code blocks'), 'Reject All leaves the file as it was');
  });
});
