// The chat webview (the real ChatApp, no VS Code) in headless Chromium with a fake host: streamed
// patches applied in order with duplicates dropped and gaps resynced, restore from getState plus
// a host sync without duplicating text, the final DOM equal to a one-shot render, keyboard
// behaviour, code-block and link actions going to the host, and the accessibility hooks; a `state`
// message updates the transcript in place (unchanged messages keep their nodes, open details and
// edit box; changed text is re-rendered; deleted ones go, new ones come in order; another
// conversation is drawn anew) and ends exactly where a fresh view of that state would.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { chatHarnessCaller, openRendererPage } from '../../bench/render-browser';
import type { ChatStateView, HostToWebview, MessageView, StreamPatch, WebviewToHost } from '../../src/shared/webviewProtocol';

type Harness = {
  mount(initial?: unknown): void;
  receive(m: HostToWebview): void;
  posted(): WebviewToHost[];
  saved(): { state?: ChatStateView; draft?: string } | undefined;
  settle(ms?: number): Promise<void>;
  oneShotHtml(text: string): string;
  bodyHtml(id: string): string;
  listHtml(): string;
  markNodes(): number;
  keptIds(): string[];
};

const msg = (over: Partial<MessageView>): MessageView => ({ id: 'a1', role: 'assistant', text: '', status: 'streaming', kind: 'chat', seq: 0, ...over });
const stateIn = (conversationId: string, messages: MessageView[], busy = false): ChatStateView => ({
  conversations: [
    { id: 'c1', title: 'Test', updatedAt: 1 },
    { id: 'c2', title: 'Other', updatedAt: 0 },
  ],
  current: { id: conversationId, title: 'Test', systemPrompt: 'sys', model: 'palmyra-x5', temperature: 0.7, messages },
  models: ['palmyra-x5', 'palmyra-x4'],
  busy,
  canAttachGraphs: true,
});
const stateWith = (messages: MessageView[], busy = false): ChatStateView => stateIn('c1', messages, busy);
const question = (id: string, text = `Question ${id}?`): MessageView => msg({ id, role: 'user', text, status: 'done' });
const answered = (id: string, text = `Answer ${id} with \`code\`.\n\n\`\`\`ts\nconst ${id} = 1;\n\`\`\``): MessageView =>
  msg({ id, text, status: 'done', seq: 3, usage: { promptTokens: 10, completionTokens: 20, totalTokens: 30 } });
/** A turn: question `u<n>`, answer `a<n>`. */
const turn = (n: number): MessageView[] => [question(`u${n}`), answered(`a${n}`)];
/** Messages of every shape the item draws (no countdowns: they depend on the clock). */
const rich = (): MessageView[] => [
  question('u1', 'Explain the **cache** with [a link](https://example.com).'),
  msg({
    id: 'a1',
    kind: 'knowledge-graph',
    status: 'done',
    text: 'The cache [1] keeps entries; see also [2].\n\n```ts\nconst hit = cache.get(key); // [1]\n```',
    sources: [
      { fileId: 'cache.md', snippet: 'Entries expire after 5 minutes.' },
      { fileId: 'store.md', snippet: '' },
    ],
    subqueries: [{ query: 'What expires?', answer: 'Entries, after **5 minutes**.', sources: [{ fileId: 'cache.md', snippet: 'expire' }] }],
    usage: { promptTokens: 1200, completionTokens: 300, totalTokens: 1500 },
  }),
  question('u2', 'Research it'),
  msg({
    id: 'a2',
    kind: 'agent',
    title: 'Research',
    status: 'stopped',
    text: 'Partial findings:\n\n- one\n- two',
    toolCalls: [{ name: 'search', arguments: '{"q":"cache"}' }],
    stages: [
      { id: 's1', content: 'Searching the web\nFound *three* pages.', sources: ['https://example.com/a', 'not a url'] },
      { id: 's2', content: 'Reading', sources: [] },
    ],
  }),
  question('u3', 'And now?'),
  msg({ id: 'a3', status: 'error', text: 'Half an ans', error: { kind: 'auth', message: 'Bad key.', action: 'Set your API key.', retryable: false } }),
  question('u4', 'Last one'),
  msg({ id: 'a4', status: 'interrupted', text: '| a | b |\n|---|---|\n| 1 | 2 |' }),
];

const ANSWER = 'Here is code:\n\n```ts\nconst x: number = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n\nDone [link](https://example.com).';

describe('chat webview app (headless Chromium)', () => {
  let browser: Browser;
  let page: Page;
  const h = chatHarnessCaller(() => page);
  const receive = (m: HostToWebview) => h<void>('receive', m);
  const shownIds = () => page.locator('.messages > article.message').evaluateAll((els) => els.map((e) => e.getAttribute('data-message-id')));
  /** The transcript a fresh view draws for `state` (mounts a new app: call last). */
  const freshHtml = async (state: ChatStateView) => {
    await h('mount');
    await receive({ type: 'state', state });
    return h<string>('listHtml');
  };
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

  it('reasoning streams into an open "Thinking…" block that collapses to its duration when the answer starts', async () => {
    await h('mount');
    await receive({ type: 'state', state: stateWith([msg({ id: 'u1', role: 'user', text: 'q', status: 'done' }), msg({})], true) });
    const block = page.locator('article[data-message-id="a1"] details.reasoning');
    await patch({ seq: 1, offset: 0, append: '', appendReasoning: 'The user asks for **17 × 3**. ' });
    await patch({ seq: 2, offset: 0, append: '', appendReasoning: 'That is 51.' });
    await h('settle', 80);
    assert.equal(await block.count(), 1);
    assert.equal(await block.evaluate((d) => (d as HTMLDetailsElement).open), true);
    assert.equal((await block.locator('summary').textContent())!.trim(), 'Thinking…');
    assert.equal((await block.locator('.reasoning-body').textContent())!.trim(), 'The user asks for 17 × 3. That is 51.');
    assert.equal(await block.locator('.reasoning-body strong').count(), 1, 'rendered as markdown');
    assert.equal(await page.locator('article[data-message-id="a1"] .message-footer .thinking').count(), 0, 'no "waiting" note beside the block');
    // The answer starts: collapsed, with the time the model thought; the answer body has no reasoning in it.
    await patch({ seq: 3, offset: 0, append: '17 × 3 = 51.', reasoningMs: 12_400 });
    await h('settle', 80);
    assert.equal(await block.evaluate((d) => (d as HTMLDetailsElement).open), false);
    assert.equal((await block.locator('summary').textContent())!.trim(), 'Thought for 12 s');
    assert.equal((await page.locator('article[data-message-id="a1"] .message-body').textContent())!.trim(), '17 × 3 = 51.');
    // The reader opens it: later patches leave it open.
    await block.locator('summary').click();
    await patch({ seq: 4, offset: 12, append: '', status: 'done' });
    await h('settle', 80);
    assert.equal(await block.evaluate((d) => (d as HTMLDetailsElement).open), true);
    // A gap in reasoning patches asks for a sync (reasoning has no offset to repair it from).
    await h('mount');
    await receive({ type: 'state', state: stateWith([msg({})], true) });
    await patch({ seq: 1, offset: 0, append: '', appendReasoning: 'a' });
    await patch({ seq: 3, offset: 0, append: '', appendReasoning: 'c' });
    assert.ok((await h<WebviewToHost[]>('posted')).some((m) => m.type === 'requestSync'));
  });

  it('a restored answer shows its reasoning collapsed with the duration; a refusal is marked', async () => {
    await h('mount');
    await receive({ type: 'state', state: stateWith([msg({ text: 'Done.', status: 'done', reasoning: 'Step one. Step two.', reasoningMs: 65_000 }), msg({ id: 'a2', text: "I can't help with that.", status: 'done', refused: true })]) });
    await h('settle', 80);
    const block = page.locator('article[data-message-id="a1"] details.reasoning');
    assert.equal(await block.evaluate((d) => (d as HTMLDetailsElement).open), false);
    assert.equal((await block.locator('summary').textContent())!.trim(), 'Thought for 1 min 5 s');
    assert.equal((await block.locator('.reasoning-body').textContent())!.trim(), 'Step one. Step two.');
    assert.equal((await page.locator('article[data-message-id="a2"] .badge.refused').textContent())!.trim(), 'The model refused');
    assert.equal((await page.locator('article[data-message-id="a2"] .message-body').textContent())!.trim(), "I can't help with that.");
    assert.equal(await page.locator('article[data-message-id="a2"] details.reasoning').count(), 0);
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
    await page.locator('[data-code-action="apply"]').click();
    await page.locator('.message-body a', { hasText: 'link' }).click();
    assert.equal(await page.locator('.message-body a', { hasText: 'bad' }).count(), 0, 'a javascript: link is not a link');
    await page.getByText('[bad](javascript:alert(1))').click();
    const posted = (await h<WebviewToHost[]>('posted')).filter((m) => m.type !== 'ready');
    assert.deepEqual(posted, [
      { type: 'copy', text: 'const x: number = 1;\n' },
      { type: 'insertCode', code: 'const x: number = 1;\n', mode: 'insert' },
      { type: 'insertCode', code: 'const x: number = 1;\n', mode: 'replace' },
      { type: 'applyCode', code: 'const x: number = 1;\n', fileHint: '' },
      { type: 'openLink', href: 'https://example.com' },
    ]);
  });

  it('Apply names the file the block is for: fence info, a first-line comment, or the line before it', async () => {
    await h('mount');
    const text = [
      '```ts src/fence.ts\nconst a = 1;\n```',
      '```python\n# filepath: app/comment.py\nx = 1\n```',
      'Update `src/before.ts`:\n\n```ts\nconst b = 2;\n```',
      'Nothing names a file here.\n\n```ts\nconst c = 3;\n```',
    ].join('\n\n');
    await receive({ type: 'state', state: stateWith([msg({ text, status: 'done' })]) });
    const buttons = page.locator('[data-code-action="apply"]');
    assert.equal(await buttons.count(), 4);
    for (let i = 0; i < 4; i++) await buttons.nth(i).click();
    const hints = (await h<WebviewToHost[]>('posted')).flatMap((m) => (m.type === 'applyCode' ? [m.fileHint] : []));
    assert.deepEqual(hints, ['src/fence.ts', 'app/comment.py', 'src/before.ts', '']);
    assert.equal(await page.locator('code[data-file="src/fence.ts"]').count(), 1, 'the path survives sanitising');
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

  it('a state post keeps the nodes of unchanged messages and appends new ones in order', async () => {
    await h('mount');
    const before = [...turn(1), ...turn(2), ...turn(3)];
    await receive({ type: 'state', state: stateWith(before) });
    assert.equal(await h<number>('markNodes'), 6);
    // Turn start: a new question and an empty streaming answer; every earlier answer stays as drawn.
    await receive({ type: 'state', state: stateWith([...before, question('u4'), msg({ id: 'a4' })], true) });
    assert.deepEqual(await shownIds(), ['u1', 'a1', 'u2', 'a2', 'u3', 'a3', 'u4', 'a4']);
    assert.deepEqual(await h<string[]>('keptIds'), ['u1', 'a1', 'u2', 'a2', 'u3', 'a3']);
    // Busy hides Edit and Regenerate everywhere, as a fresh view would.
    assert.equal(await page.locator('button[aria-label="Edit and resend"]').count(), 0);
    assert.equal(await page.locator('button[aria-label="Regenerate"]').count(), 0);
    await receive({ type: 'patch', patch: { messageId: 'a4', seq: 1, offset: 0, append: 'Streamed ', status: undefined } });
    await receive({ type: 'patch', patch: { messageId: 'a4', seq: 2, offset: 9, append: 'answer.', status: 'done' } });
    await h('markNodes');
    // Turn end (or any later state): nothing in the transcript changed, no node is replaced.
    const after = [...before, question('u4'), answered('a4', 'Streamed answer.')];
    await receive({ type: 'state', state: stateWith(after) });
    assert.deepEqual(await h<string[]>('keptIds'), ['u1', 'a1', 'u2', 'a2', 'u3', 'a3', 'u4', 'a4']);
    assert.equal(await page.locator('button[aria-label="Edit and resend"]').count(), 4);
    assert.equal(await page.locator('article[data-message-id="a4"] button[aria-label="Regenerate"]').count(), 1);
    assert.equal(await h<string>('listHtml'), await freshHtml(stateWith(after)));
  });

  it('opened details and an open "Edit and resend" box survive a state post', async () => {
    await h('mount');
    const messages = rich();
    await receive({ type: 'state', state: stateWith(messages) });
    const stage = page.locator('article[data-message-id="a2"] details.stage').first();
    const subquery = page.locator('article[data-message-id="a1"] details.subquery');
    assert.equal(await stage.getAttribute('open'), null);
    await stage.locator('summary').click();
    await subquery.locator('summary').click();
    assert.equal(await stage.getAttribute('open'), '');
    assert.equal(await subquery.getAttribute('open'), '');
    await page.locator('article[data-message-id="u4"] button[aria-label="Edit and resend"]').click();
    await page.locator('textarea.edit-input').fill('Last one, reworded');
    await h('markNodes');
    // A rename (same transcript), then a new turn starting: the reader's state stays.
    await receive({ type: 'state', state: { ...stateWith(messages), current: { ...stateWith(messages).current, title: 'Renamed' } } });
    await receive({ type: 'state', state: stateWith([...messages, question('u5'), msg({ id: 'a5' })], true) });
    assert.equal(await stage.getAttribute('open'), '');
    assert.equal(await subquery.getAttribute('open'), '');
    assert.equal(await page.locator('textarea.edit-input').inputValue(), 'Last one, reworded');
    assert.deepEqual(await h<string[]>('keptIds'), messages.map((m) => m.id));
    // The stage whose answer changed is drawn again, still open.
    const more = messages.map((m) => (m.id === 'a2' ? { ...m, stages: [...m.stages!, { id: 's3', content: 'Summing up', sources: [] }] } : m));
    await receive({ type: 'state', state: stateWith([...more, question('u5'), msg({ id: 'a5' })], true) });
    assert.equal(await page.locator('article[data-message-id="a2"] details.stage').count(), 3);
    assert.equal(await stage.getAttribute('open'), '');
  });

  it('a message whose text changed is rendered again; a streaming one gets the rest appended, or is reset', async () => {
    await h('mount');
    await receive({ type: 'state', state: stateWith([...turn(1), ...turn(2)]) });
    await h('markNodes');
    await receive({ type: 'state', state: stateWith([...turn(1), question('u2'), answered('a2', 'A **corrected** answer [1].')]) });
    assert.equal(await h<string>('bodyHtml', 'a2'), await h<string>('oneShotHtml', 'A **corrected** answer [1].'));
    assert.equal(await h<string>('bodyHtml', 'a1'), await h<string>('oneShotHtml', answered('a1').text));
    // Sources arriving for a finished answer link its citations, as a fresh view does.
    await receive({ type: 'state', state: stateWith([...turn(1), question('u2'), { ...answered('a2', 'A **corrected** answer [1].'), sources: [{ fileId: 'f.md', snippet: 's' }] }]) });
    assert.equal(await page.locator('article[data-message-id="a2"] a.citation').count(), 1);

    // A streaming answer: the host's text extends what is shown (a missed patch) → the rest is appended, once.
    const streaming = (text: string, seq: number, over: Partial<MessageView> = {}) => stateWith([...turn(1), question('u3'), msg({ id: 'a3', text, seq, ...over })], true);
    await receive({ type: 'state', state: streaming('', 0) });
    await patch({ messageId: 'a3', seq: 1, offset: 0, append: 'First paragraph.\n\n```ts\nconst a' });
    await h('settle', 60);
    await receive({ type: 'state', state: streaming('First paragraph.\n\n```ts\nconst a = 1;\n', 2) });
    assert.equal(await h<string>('bodyHtml', 'a3'), await h<string>('oneShotHtml', 'First paragraph.\n\n```ts\nconst a = 1;\n'));
    await patch({ messageId: 'a3', seq: 3, offset: 32, append: '= 1;\n```\n\nDone.' }); // overlaps what the sync brought
    await patch({ messageId: 'a3', seq: 4, offset: 47, append: '', status: 'done' });
    await h('settle', 100);
    const whole = 'First paragraph.\n\n```ts\nconst a = 1;\n```\n\nDone.';
    assert.equal(await h<string>('bodyHtml', 'a3'), await h<string>('oneShotHtml', whole));
    // The host's text differs from what is shown (not an extension) → drawn anew from the host's text.
    await receive({ type: 'state', state: streaming('Something else', 1, { id: 'a4' }) });
    await patch({ messageId: 'a4', seq: 2, offset: 14, append: ' entirely' });
    await receive({ type: 'state', state: streaming('Other text', 3, { id: 'a4' }) });
    assert.equal(await h<string>('bodyHtml', 'a4'), await h<string>('oneShotHtml', 'Other text'));
    await receive({ type: 'state', state: streaming('Other text, finished.', 4, { id: 'a4', status: 'done' }) });
    assert.equal(await h<string>('bodyHtml', 'a4'), await h<string>('oneShotHtml', 'Other text, finished.'));
    assert.ok(!(await h<WebviewToHost[]>('posted')).some((m) => m.type === 'requestSync'));
  });

  it('deleted messages are removed and the rest keep their nodes and order', async () => {
    await h('mount');
    await receive({ type: 'state', state: stateWith([...turn(1), ...turn(2), ...turn(3), ...turn(4)]) });
    await h('markNodes');
    await receive({ type: 'state', state: stateWith([...turn(1), ...turn(3), ...turn(4)]) });
    assert.deepEqual(await shownIds(), ['u1', 'a1', 'u3', 'a3', 'u4', 'a4']);
    assert.deepEqual(await h<string[]>('keptIds'), ['u1', 'a1', 'u3', 'a3', 'u4', 'a4']);
    // Edit and resend: the host cuts the conversation at the edited question and starts a new turn.
    await receive({ type: 'state', state: stateWith([...turn(1), question('u5', 'Edited'), msg({ id: 'a5' })], true) });
    assert.deepEqual(await shownIds(), ['u1', 'a1', 'u5', 'a5']);
    assert.deepEqual(await h<string[]>('keptIds'), ['u1', 'a1']);
    // Everything deleted: the empty state shows again.
    await receive({ type: 'state', state: stateWith([]) });
    assert.deepEqual(await shownIds(), []);
    assert.equal(await page.locator('.empty-state').isVisible(), true);
  });

  it('a conversation switch draws the transcript anew', async () => {
    await h('mount');
    await receive({ type: 'state', state: stateIn('c1', [...turn(1), ...turn(2)]) });
    await h('markNodes');
    await receive({ type: 'state', state: stateIn('c2', [...turn(1), ...turn(2)]) });
    assert.deepEqual(await shownIds(), ['u1', 'a1', 'u2', 'a2']);
    assert.deepEqual(await h<string[]>('keptIds'), []);
    await h('markNodes');
    await receive({ type: 'state', state: stateIn('c2', [...turn(1), ...turn(2)]) });
    assert.deepEqual(await h<string[]>('keptIds'), ['u1', 'a1', 'u2', 'a2']);
    // Repeated ids (the host never sends them) are drawn as a fresh view draws them.
    const repeated = stateIn('c2', [...turn(1), ...turn(2), ...turn(1)]);
    await receive({ type: 'state', state: repeated });
    assert.deepEqual(await shownIds(), ['u1', 'a1', 'u2', 'a2', 'u1', 'a1']);
    const html = await h<string>('listHtml');
    await receive({ type: 'state', state: stateIn('c2', turn(2)) });
    assert.deepEqual(await shownIds(), ['u2', 'a2']);
    assert.equal(html, await freshHtml(repeated));
  });

  it('after any sequence of state posts and patches the transcript is exactly what a fresh view of the last state shows', async () => {
    const base = rich();
    const a5 = (text: string, over: Partial<MessageView> = {}) => msg({ id: 'a5', text, ...over });
    const steps: ChatStateView[] = [];
    await h('mount');
    const post = async (state: ChatStateView) => {
      steps.push(state);
      await receive({ type: 'state', state });
    };
    await post(stateWith(base));
    // Turn start.
    await post(stateWith([...base, question('u5'), a5('')], true));
    await patch({ messageId: 'a5', seq: 1, offset: 0, append: 'Intro with a list:\n\n- one\n- tw' });
    await h('settle', 60);
    // A sync while streaming: the host has more (including tool calls and a stage).
    await post(stateWith([...base, question('u5'), a5('Intro with a list:\n\n- one\n- two\n\n```py\nprint(1)', { seq: 2, toolCalls: [{ name: 'grep', arguments: '{}' }], stages: [{ id: 'x', content: 'Looking', sources: [] }] })], true));
    const midStream = await h<string>('listHtml');
    // Then: the answer ends, one turn is deleted, one answer corrected and given sources, two turns swap places, a title changes.
    const final: MessageView[] = [
      base[0]!,
      { ...base[1]!, text: 'The cache [1] is now [2] documented.', subqueries: [] },
      base[6]!,
      base[7]!,
      base[2]!,
      { ...base[3]!, title: 'Research (2)' },
      question('u5'),
      a5('Intro with a list:\n\n- one\n- two\n\n```py\nprint(1)\n```', { seq: 4, toolCalls: [{ name: 'grep', arguments: '{}' }], sources: [{ fileId: 'x.py', snippet: '' }] }),
    ];
    await post(stateWith(final));
    const updated = await h<string>('listHtml');
    assert.equal(midStream, await freshHtml(steps[2]!));
    assert.equal(updated, await freshHtml(stateWith(final)));
    // And every intermediate state, replayed on one view, matches a fresh view at each step.
    for (let i = 0; i < steps.length; i++) {
      await h('mount');
      for (const s of steps.slice(0, i + 1)) await receive({ type: 'state', state: s });
      const replayed = await h<string>('listHtml');
      assert.equal(replayed, await freshHtml(steps[i]!), `step ${i}`);
    }
  });
});
