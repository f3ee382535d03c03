// @writer in VS Code's own chat view, in the real workbench: with the built-in chat on (the test
// settings turn it off elsewhere), code-server 1.139 shows the chat view without any other AI
// extension; typing "@writer /graph <graph> …" streams the Knowledge Graph answer with its
// numbered sources. Screenshots in test-results/screenshots/lm-*.png.
import * as assert from 'node:assert/strict';
import { GRAPH_ANSWER, GRAPH_SOURCES, GRAPHS } from '../server';
import { startWorkbench, type Workbench } from './fixture';
import { until } from './helpers';

describe('lm: @writer in the native chat view (workbench UI)', function () {
  this.timeout(120_000);
  let wb: Workbench;

  before(async function () {
    this.timeout(180_000);
    wb = await startWorkbench({ settings: { 'chat.disableAIFeatures': false } });
    await wb.openWorkbench();
    await wb.setApiKey();
  });
  after(async () => {
    await wb?.close();
  });

  it('types "@writer /graph <id> …" in the chat view and sees the answer stream, then the numbered sources', async () => {
    const page = wb.page;
    const graph = GRAPHS[0]!;
    wb.server.nextScenario({ rate: 12 }); // slow enough to see it stream
    await page.keyboard.press('F1');
    const palette = page.locator('.quick-input-widget input');
    await palette.waitFor({ timeout: 15_000 });
    await palette.fill('>Chat: Open Chat');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Chat: Open Chat/ }).first().click();
    const input = page.locator('.interactive-input-part .monaco-editor textarea, .interactive-input-part .native-edit-context').first();
    await input.waitFor({ timeout: 30_000 });
    await wb.screenshot('lm-chat-view-empty');
    await input.focus();
    await page.keyboard.type(`@writer /graph ${graph.id} How does Stream Assist retry?`);
    await page.keyboard.press('Enter');
    const response = page.locator('.interactive-item-container.interactive-response').last();
    const firstWords = GRAPH_ANSWER.split(' ').slice(0, 4).join(' ');
    await response.filter({ hasText: firstWords }).waitFor({ timeout: 30_000 });
    const early = await response.innerText();
    assert.ok(!early.includes('Sources'), 'caught mid-stream: the sources come after the answer');
    await wb.screenshot('lm-writer-graph-streaming');
    await until(async () => (await response.innerText()).includes(GRAPH_SOURCES[GRAPH_SOURCES.length - 1]!.file_id), 'the sources to appear', 30_000);
    const text = await response.innerText();
    assert.ok(text.replace(/\s+/g, ' ').includes(GRAPH_ANSWER.replace(/\s+/g, ' ').slice(0, 60)), text.slice(0, 300));
    for (const s of GRAPH_SOURCES) assert.ok(text.includes(s.file_id), `source ${s.file_id} shown`);
    assert.match(await response.locator('.username').first().innerText(), /Writer/, 'answered by the participant "Writer"');
    // The "API key saved" notification would cover the chat input in the picture.
    await page.keyboard.press('F1');
    await palette.fill('>Notifications: Clear All Notifications');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: /Clear All Notifications/ }).first().click();
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
    await page.waitForTimeout(300); // the palette fades out
    await wb.screenshot('lm-writer-graph-answer');
  });
});
