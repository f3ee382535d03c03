// npm run bench:chat-state — what a `state` message from the host costs the chat view
// (ChatApp.applyState) as a conversation grows: the real ChatApp (test/webview-harness/appHarness.ts)
// in headless Chromium with the view's stylesheet, a conversation of TURNS turns whose answers are
// ~ANSWER_CHARS of markdown with code blocks, then rounds of what a turn sends: the `state` at the
// turn's start (new question + empty streaming answer), the answer streamed as patches (not timed),
// a `state` after it (a sync, a settings change, a rename: nothing in the transcript changed), and
// a conversation switch (another conversation's id: always a full render). Times are in-page
// (performance.now): "sync" is the handling of the message itself, "+frame" runs until the next
// frame (style, layout, paint) has been produced. Medians over the rounds. It also checks that the
// view after all that is exactly what a fresh view shows for the same state.
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { ChatStateView, HostToWebview, MessageView } from '../src/shared/webviewProtocol';
import { openRendererPage } from './render-browser';
import { generateMarkdown } from './render-corpus';

const TURNS = Number(process.env.BENCH_TURNS ?? 100);
const ANSWER_CHARS = Number(process.env.BENCH_ANSWER_CHARS ?? 2500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CODE = '```ts\nexport function add(a: number, b: number): number {\n  return a + b; // adds\n}\n```';

const user = (id: string, text: string): MessageView => ({ id, role: 'user', text, status: 'done', kind: 'chat', seq: 0 });
const answer = (id: string, text: string, over: Partial<MessageView> = {}): MessageView => ({
  id,
  role: 'assistant',
  text,
  status: 'done',
  kind: 'chat',
  seq: 12,
  model: 'palmyra-x5',
  usage: { promptTokens: 1200, completionTokens: 640, totalTokens: 1840 },
  ...over,
});
const answerText = (seed: number) => {
  const t = generateMarkdown(seed, ANSWER_CHARS);
  return t.includes('```') ? t : `${t}\n\n${CODE}`;
};
const stateOf = (conversationId: string, messages: MessageView[], busy = false): ChatStateView => ({
  conversations: [
    { id: 'c1', title: 'Long conversation', updatedAt: 2 },
    { id: 'c2', title: 'Other', updatedAt: 1 },
  ],
  current: { id: conversationId, title: conversationId === 'c1' ? 'Long conversation' : 'Other', systemPrompt: '', model: 'palmyra-x5', temperature: 0.7, messages },
  models: ['palmyra-x5'],
  busy,
  canAttachGraphs: false,
});

function harness<T>(page: Page, fn: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([f, a]) => (globalThis as unknown as { chatHarness: Record<string, (...x: unknown[]) => unknown> }).chatHarness[f as string]!(...(a as unknown[])),
    [fn, args] as const,
  ) as Promise<T>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const { browser, page } = await openRendererPage('appHarness.ts');
  try {
    await page.setViewportSize({ width: 480, height: 900 });
    await page.addStyleTag({ path: resolve(__dirname, '..', '..', 'media/chat.css') });
    const messages: MessageView[] = [];
    for (let i = 0; i < TURNS; i++) messages.push(user(`u${i}`, `Question ${i}: how does \`render()\` work? Show an example.`), answer(`a${i}`, answerText(i + 1)));
    const chars = messages.reduce((n, m) => n + m.text.length, 0);
    const timed = (m: HostToWebview) => harness<{ ms: number; framedMs: number }>(page, 'timeReceive', m);
    const rows = new Map<string, { ms: number[]; framedMs: number[] }>();
    const note = (name: string, t: { ms: number; framedMs: number }) => {
      const row = rows.get(name) ?? { ms: [], framedMs: [] };
      row.ms.push(t.ms);
      row.framedMs.push(t.framedMs);
      rows.set(name, row);
    };

    // Warm-up (JIT, highlight.js grammars), not counted.
    await harness(page, 'mount');
    await timed({ type: 'state', state: stateOf('c1', messages) });

    for (let round = 0; round < ROUNDS; round++) {
      await harness(page, 'mount');
      note('view opens (first state)', await timed({ type: 'state', state: stateOf('c1', messages) }));
      const n = messages.length / 2;
      const q = user(`u${n}`, `Question ${n}: and with tests?`);
      const text = answerText(1000 + round);
      note('turn start', await timed({ type: 'state', state: stateOf('c1', [...messages, q, answer(`a${n}`, '', { status: 'streaming', seq: 0, usage: undefined })], true) }));
      // The answer streams in as patches (not timed), the last one finishing it.
      const step = Math.ceil(text.length / 20);
      let seq = 0;
      for (let off = 0; off < text.length; off += step) {
        await harness(page, 'receive', { type: 'patch', patch: { messageId: `a${n}`, seq: ++seq, offset: off, append: text.slice(off, off + step) } });
      }
      const done = answer(`a${n}`, text, { seq: seq + 1 });
      await harness(page, 'receive', { type: 'patch', patch: { messageId: `a${n}`, seq: seq + 1, offset: text.length, append: '', status: 'done', usage: done.usage } });
      messages.push(q, done);
      note('state, transcript unchanged', await timed({ type: 'state', state: stateOf('c1', messages) }));
      note('conversation switch', await timed({ type: 'state', state: stateOf('c2', messages.slice(0, -2)) }));
      await timed({ type: 'state', state: stateOf('c1', messages) });
    }

    // The view after these updates equals a fresh view of the same state.
    const last = stateOf('c1', messages);
    await harness(page, 'receive', { type: 'state', state: stateOf('c1', messages.slice(0, -4)) });
    await harness(page, 'receive', { type: 'state', state: last });
    const updated = await harness<string>(page, 'listHtml');
    await harness(page, 'mount');
    await harness(page, 'receive', { type: 'state', state: last });
    const fresh = await harness<string>(page, 'listHtml');

    console.log(`\nchat view: one 'state' message, ${TURNS}-${TURNS + ROUNDS} turns (${TURNS * 2}+ messages, ${(chars / 1000).toFixed(0)} KB of markdown with code blocks), headless Chromium, ${ROUNDS} rounds, medians`);
    console.log(`${'message'.padEnd(30)} ${'sync ms'.padStart(9)} ${'+frame ms'.padStart(10)}`);
    for (const [name, r] of rows) console.log(`${name.padEnd(30)} ${median(r.ms).toFixed(1).padStart(9)} ${median(r.framedMs).toFixed(1).padStart(10)}`);
    console.log(`\nview after updates = fresh view of the same state: ${updated === fresh ? 'yes' : 'NO'}`);
    if (updated !== fresh) process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
