// A reasoning model through an OpenAI-compatible gateway, in the real workbench: its thinking
// streams live into the "Thinking…" block, which collapses to "Thought for N s" when the answer
// starts, and opens again on a click; a refusal is marked. Screenshots:
// test-results/screenshots/chat-thinking-{live,collapsed,expanded}.png, chat-refusal.png.
import * as assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { answerText, THOUGHT } from '../server';
import { startWorkbench, type Workbench } from './fixture';
import { finished, openChat, sendMessage, until } from './helpers';

describe('chat: reasoning and refusals (workbench UI)', function () {
  this.timeout(120_000);
  let wb: Workbench;
  let chat: FrameLocator;

  before(async function () {
    this.timeout(180_000);
    wb = await startWorkbench({ viewport: { width: 1400, height: 900 }, settings: { 'streamAssist.provider': 'openai' } });
    chat = await openChat(wb);
  });
  after(async () => {
    await wb?.close();
  });

  it('thinking streams live in an open block, collapses with its duration when the answer starts, and expands on click', async () => {
    const turn = await sendMessage(chat, 'Write a cache with expiry #think=90 #rate=30 #answer=plain');
    const block = turn.locator('details.reasoning');
    await block.waitFor({ timeout: 15_000 });
    await until(async () => ((await block.locator('.reasoning-body').textContent()) ?? '').length > 60, 'some thinking text');
    assert.equal((await block.locator('summary').textContent())!.trim(), 'Thinking…');
    assert.equal(await block.evaluate((d) => (d as HTMLDetailsElement).open), true);
    assert.equal(((await turn.locator('.message-body').textContent()) ?? '').trim(), '', 'no answer text yet');
    await wb.screenshot('chat-thinking-live');

    await finished(turn);
    const summary = ((await block.locator('summary').textContent()) ?? '').trim();
    assert.match(summary, /^Thought for (\d+ s|less than a second)$/);
    // 90 reasoning events at 30/s: about 3 s of thinking.
    const seconds = Number(/(\d+) s/.exec(summary)?.[1] ?? 0);
    assert.ok(seconds >= 2 && seconds <= 6, summary);
    assert.equal(await block.evaluate((d) => (d as HTMLDetailsElement).open), false, 'collapsed once the answer started');
    assert.equal(((await turn.locator('.message-body').textContent()) ?? '').trim(), answerText('chat', 'plain'));
    await wb.screenshot('chat-thinking-collapsed');

    await block.locator('summary').click();
    assert.equal(await block.evaluate((d) => (d as HTMLDetailsElement).open), true);
    const thought = ((await block.locator('.reasoning-body').textContent()) ?? '').replace(/\s+/g, ' ');
    assert.ok(thought.startsWith(THOUGHT.replace(/[*`]/g, '').replace(/\s+/g, ' ').slice(0, 40)), thought.slice(0, 80));
    assert.ok((await block.locator('.reasoning-body strong, .reasoning-body code').count()) > 0, 'thinking rendered as markdown');
    await wb.screenshot('chat-thinking-expanded');
  });

  it('a refusal shows as the answer with "The model refused"', async () => {
    const turn = await sendMessage(chat, 'Something not allowed #vector=openai-chat-refusal');
    await finished(turn);
    assert.equal(((await turn.locator('.badge.refused').textContent()) ?? '').trim(), 'The model refused');
    assert.match((await turn.locator('.message-body').textContent()) ?? '', /can't assist/);
    await wb.screenshot('chat-refusal');
  });
});
