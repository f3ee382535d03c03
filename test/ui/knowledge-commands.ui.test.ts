// "Ask a Knowledge Graph" and "Run No-Code Agent" in the real workbench: command palette →
// graph picker (searchable by description) → question box → progress notification → the answer,
// sources and agent stages streaming into the chat panel. Screenshots in
// test-results/screenshots/knowledge-*.png.
import * as assert from 'node:assert/strict';
import { AGENT_STAGES, APPLICATIONS, GRAPH_SOURCES, GRAPH_SUBQUERIES, GRAPHS } from '../server';
import { startWorkbench, type Workbench } from './fixture';
import { finished, openChat, until } from './helpers';

describe('knowledge: Knowledge Graph and agents (workbench UI)', function () {
  this.timeout(120_000);
  let wb: Workbench;

  before(async function () {
    this.timeout(180_000);
    wb = await startWorkbench({
      // Subqueries on, so the answer shows them; a short idle timeout so the stall test is quick.
      settings: { 'streamAssist.knowledgeGraph.subqueries': true, 'streamAssist.timeouts.idleSeconds': 2 },
    });
    // Let the chat webview finish loading (it takes focus once) before the palette is used.
    await openChat(wb);
    await wb.page.waitForTimeout(500);
  });
  after(async () => {
    await wb?.close();
  });

  const quickInput = () => wb.page.locator('.quick-input-widget');
  const rows = () => wb.page.locator('.quick-input-list .monaco-list-row');
  /** The chat webview keeps keyboard focus after it opens; F1 must reach the workbench. */
  async function runFromPalette(title: string): Promise<void> {
    await wb.page.locator('.part.editor').click({ position: { x: 20, y: 20 } });
    await wb.runCommand(title).catch(async () => {
      // A late focus change can close the palette under the click once; try again from scratch.
      await wb.page.keyboard.press('Escape');
      await wb.page.locator('.part.editor').click({ position: { x: 20, y: 20 } });
      await wb.runCommand(title);
    });
  }
  /** Palette → Enter on the remembered graph → question. */
  async function ask(question: string): Promise<void> {
    await runFromPalette('Ask a Knowledge Graph');
    await rows().filter({ hasText: GRAPHS[0].name }).first().waitFor({ timeout: 20_000 });
    await wb.page.keyboard.press('Enter'); // the last choice is pre-selected
    await wb.page.locator('.quick-input-widget', { hasText: `Question for ${GRAPHS[0].name}` }).waitFor({ timeout: 10_000 });
    await quickInput().locator('input').first().fill(question);
    await wb.page.keyboard.press('Enter');
  }
  const lastAssistant = () => wb.chatFrame().locator('article.message.assistant').last();

  it('asks a Knowledge Graph from the command palette and streams the answer with sources into the chat', async () => {
    wb.server.nextScenario({ rate: 12 }); // slow enough to see it stream
    await runFromPalette('Ask a Knowledge Graph');
    await rows().filter({ hasText: GRAPHS[0].name }).first().waitFor({ timeout: 20_000 });
    assert.equal(await rows().count() >= 5, true, 'graphs listed');
    await wb.screenshot('knowledge-graph-picker');

    // "runbooks" only appears in the Engineering Handbook's description.
    await quickInput().locator('input').first().fill('runbooks');
    await until(async () => (await rows().count()) === 1, 'the filter to leave one graph', 10_000);
    assert.match((await rows().first().innerText()).replace(/\s+/g, ' '), new RegExp(GRAPHS[0].name));
    await rows().first().click();
    await wb.screenshot('knowledge-graph-picker-filtered');
    await wb.page.keyboard.press('Enter');

    const box = quickInput().locator('input').first();
    await wb.page.locator('.quick-input-message, .quick-input-widget', { hasText: `Question for ${GRAPHS[0].name}` }).first().waitFor({ timeout: 10_000 });
    await box.fill('How does Stream Assist retry requests?');
    await wb.screenshot('knowledge-question-box');
    await wb.page.keyboard.press('Enter');

    await wb.page.locator('.notifications-toasts', { hasText: `asking ${GRAPHS[0].name}` }).waitFor({ timeout: 15_000 });
    const sent = await wb.server.waitForRequest((r) => r.path === '/v1/graphs/question');
    assert.deepEqual((sent.body as { graph_ids: string[] }).graph_ids, [GRAPHS[0].id]);
    await wb.page.waitForTimeout(1200);
    await wb.screenshot('knowledge-graph-streaming');

    // The chat panel renders the turn: question, streamed answer, numbered sources with snippets.
    await wb.chatFrame().locator('article.message.user', { hasText: 'How does Stream Assist retry requests?' }).waitFor({ timeout: 20_000 });
    const answer = lastAssistant();
    await answer.locator('.sources-section').waitFor({ timeout: 30_000 });
    assert.match(await answer.locator('.message-body').innerText(), /retries a request only before the first token/);
    for (const s of GRAPH_SOURCES) await answer.locator('.sources-section .source-snippet', { hasText: s.snippet }).waitFor({ timeout: 5_000 });
    await finished(answer);
    await wb.screenshot('knowledge-graph-answer');
    assert.equal(await answer.locator('.subqueries .subquery').count(), GRAPH_SUBQUERIES.length);
    await answer.locator('.subqueries summary', { hasText: GRAPH_SUBQUERIES[0].query }).waitFor({ timeout: 5_000 });
    // Inline markers [1] [2] [1] link to the numbered sources once the answer is complete.
    const citations = answer.locator('.message-body a.citation');
    await citations
      .first()
      .waitFor({ timeout: 10_000 })
      .catch(() => assert.fail('chat panel: the finished Knowledge Graph answer has no linked citation markers (a.citation)'));
    assert.equal(await citations.count(), 3);
  });

  it('runs a no-code agent and shows its stages as they arrive', async () => {
    wb.server.nextScenario({ rate: 6 });
    await runFromPalette('Run No-Code Agent');
    await rows().filter({ hasText: APPLICATIONS[0].name }).first().waitFor({ timeout: 20_000 });
    await wb.screenshot('knowledge-agent-picker');
    await quickInput().locator('input').first().fill('Research');
    await wb.page.keyboard.press('Enter');

    await wb.page.locator('.quick-input-widget', { hasText: 'Research Agent (1/3)' }).waitFor({ timeout: 10_000 });
    await quickInput().locator('input').first().fill('Streaming UIs in editors');
    await wb.page.keyboard.press('Enter');
    await rows().filter({ hasText: 'deep' }).first().waitFor({ timeout: 10_000 });
    await wb.screenshot('knowledge-agent-dropdown-input');
    await quickInput().locator('input').first().fill('deep');
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.quick-input-widget', { hasText: 'Research Agent (3/3)' }).waitFor({ timeout: 10_000 });
    await wb.page.keyboard.press('Enter'); // Notes is optional

    await wb.page.locator('.notifications-toasts', { hasText: 'running agent "Research Agent"' }).waitFor({ timeout: 15_000 });
    const sent = await wb.server.waitForRequest((r) => r.path === `/v1/applications/${APPLICATIONS[0].id}`);
    assert.deepEqual((sent.body as { inputs: unknown }).inputs, [
      { id: 'Topic', value: ['Streaming UIs in editors'] },
      { id: 'Depth', value: ['deep'] },
      { id: 'Notes', value: [] },
    ]);
    await wb.page.waitForTimeout(800);
    await wb.screenshot('knowledge-agent-progress');

    const run = lastAssistant();
    await run.locator('.stages .stage').nth(AGENT_STAGES.length - 1).waitFor({ timeout: 30_000 });
    await wb.screenshot('knowledge-agent-stages');
    await run.locator('.message-body', { hasText: 'Findings' }).waitFor({ timeout: 30_000 });
    await finished(run);
    assert.equal(await run.locator('.stages .stage').count(), AGENT_STAGES.length);
    assert.match(await run.innerText(), /Research summary/);
    await wb.screenshot('knowledge-agent-answer');
  });

  it('Cancel on the progress notification stops the answer, closes the request and keeps the partial text', async () => {
    wb.server.nextScenario({ rate: 5 });
    await ask('A slow question to cancel');
    const rec = await wb.server.waitForRequest((r) => r.path === '/v1/graphs/question' && r.outcome === 'open');
    const answer = lastAssistant();
    await answer.locator('.message-body', { hasText: 'Stream Assist' }).waitFor({ timeout: 15_000 });
    const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'asking' });
    await toast.getByRole('button', { name: 'Cancel' }).click();
    await wb.server.waitForClose(rec.id);
    assert.equal(wb.server.requests.find((r) => r.id === rec.id)?.outcome, 'client-closed');
    await answer.locator('.badge.stopped').waitFor({ timeout: 10_000 });
    const partial = await answer.locator('.message-body').innerText();
    assert.ok(partial.length > 0 && !partial.includes('immediately'), `partial answer kept: ${partial}`);
    await toast.waitFor({ state: 'detached', timeout: 10_000 });
    await wb.screenshot('knowledge-graph-cancelled');
  });

  it('a stalled answer keeps its text, says what happened, and Retry in the notification asks again', async () => {
    wb.server.nextScenario({ fault: 'stall-after:6' });
    await ask('Will this one stall?');
    const error = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'was interrupted' });
    await error.waitFor({ timeout: 20_000 });
    assert.match(await error.innerText(), /The partial answer is kept in the chat/);
    const stalled = lastAssistant();
    assert.ok((await stalled.locator('.message-body').innerText()).length > 0, 'partial answer kept in the chat');
    await wb.screenshot('knowledge-graph-stalled');
    await error.getByRole('button', { name: 'Retry' }).click();
    await wb.chatFrame().locator('article.message.assistant').nth(-1).locator('.sources-section').waitFor({ timeout: 30_000 });
    await finished(lastAssistant());
    assert.match(await lastAssistant().locator('.message-body').innerText(), /closes its connection immediately/);
    // The progress notification of the retried answer goes away with it.
    await wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'asking' }).waitFor({ state: 'detached', timeout: 10_000 });
    await wb.screenshot('knowledge-graph-retried');
  });

  it("the chat panel's own Retry re-asks through the command's retry callback, with progress again", async () => {
    wb.server.nextScenario({ fault: 'stall-after:6' });
    await ask('Stall, then retry from the chat');
    const failedTurn = lastAssistant();
    await failedTurn.locator('.badge.error').waitFor({ timeout: 20_000 });
    const before = wb.server.requests.filter((r) => r.path === '/v1/graphs/question').length;
    wb.server.nextScenario({ rate: 12 });
    await failedTurn.getByRole('button', { name: 'Retry' }).first().click();
    await wb.page.locator('.notifications-toasts', { hasText: 'asking' }).waitFor({ timeout: 15_000 });
    await lastAssistant().locator('.sources-section').waitFor({ timeout: 30_000 });
    await finished(lastAssistant());
    assert.equal(wb.server.requests.filter((r) => r.path === '/v1/graphs/question').length, before + 1);
    assert.equal((wb.server.requests.at(-1)?.body as { question?: string }).question, 'Stall, then retry from the chat');
    await wb.screenshot('knowledge-graph-chat-retry');
    // The stalled attempt's notification is still up; its Retry must not ask a second time.
    const stale = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'was interrupted' }).last();
    await stale.getByRole('button', { name: 'Retry' }).click();
    await wb.page.waitForTimeout(1500);
    assert.equal(wb.server.requests.filter((r) => r.path === '/v1/graphs/question').length, before + 1);
  });
});
