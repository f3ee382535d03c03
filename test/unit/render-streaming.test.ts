// The streaming renderer in real headless Chromium: for every vector's final text and for long
// generated markdown, the DOM after streaming in random chunkings (with frames firing at random
// points) equals the one-shot render of the final text, frozen blocks are never re-rendered,
// and the output is inert at every step. The in-page halves live in test/webview-harness/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openRendererPage } from '../../bench/render-browser';
import { generateMarkdown, prng, randomChunks } from '../../bench/render-corpus';
import { plainParagraphs } from '../../bench/lib/latency';
import type { CodeLagOutcome, LagOutcome } from '../webview-harness/rendererChecks';

const vectorsDir = resolve(__dirname, '..', '..', '..', 'test', 'vectors');

interface StreamOutcome {
  streamed: string;
  oneShot: string;
  frames: number;
  unsafe: string[];
  frozenTouched: number;
}

/** Calls one of the harness functions on window.streamRenderer inside the page. */
async function inPage<T>(page: Page, name: string, arg?: unknown): Promise<T> {
  return page.evaluate(
    ([n, a]) => {
      const api = (globalThis as unknown as { streamRenderer: Record<string, (x: unknown) => unknown> }).streamRenderer;
      return api[n as string]!(a);
    },
    [name, arg] as const,
  ) as Promise<T>;
}

describe('streaming markdown renderer (headless Chromium)', () => {
  let browser: Browser;
  let page: Page;

  before(async () => {
    ({ browser, page } = await openRendererPage());
  });
  after(async () => {
    await browser?.close();
  });

  async function check(text: string, seed: number, chunkCount: number, frameProbability: number, budgeted = false): Promise<StreamOutcome> {
    const chunks = randomChunks(text, prng(seed), chunkCount);
    const out = await inPage<StreamOutcome>(page, 'streamInPage', { chunks, seed, frameProbability, budgeted });
    assert.equal(out.streamed, out.oneShot, `streamed DOM differs from one-shot (seed ${seed}, ${chunks.length} chunks)`);
    assert.deepEqual(out.unsafe, [], 'model output must stay inert');
    assert.equal(out.frozenTouched, 0, 'frozen blocks must not be re-rendered');
    return out;
  }

  const vectorTexts = readdirSync(vectorsDir)
    .filter((f) => f.endsWith('.expect.json'))
    .map((f) => ({ name: f, text: (JSON.parse(readFileSync(resolve(vectorsDir, f), 'utf8')) as { expect: { text?: unknown } }).expect.text }))
    .filter((v): v is { name: string; text: string } => typeof v.text === 'string' && v.text.length > 0);

  it('has vector texts to check', () => assert.ok(vectorTexts.length >= 5, `found ${vectorTexts.length}`));

  for (const v of vectorTexts) {
    it(`vector ${v.name}: random chunkings equal the one-shot render`, async () => {
      for (let seed = 1; seed <= 4; seed++) await check(v.text, seed * 31, Math.max(2, Math.min(400, Math.floor(v.text.length / 3))), 0.5);
      // One character per delta (the 70 KB single-delta vector with the default budget: it is one block).
      if (v.text.length <= 5000) await check(v.text, 99, v.text.length, 0.3);
      else await check(v.text, 99, 5000, 0.5, true);
    });
  }

  for (const [seed, size, unclosed] of [
    [1, 20_000, false],
    [2, 30_000, true],
    [3, 8_000, false],
    [4, 8_000, true],
    [5, 50_000, false],
  ] as const) {
    it(`generated markdown #${seed} (${size} chars${unclosed ? ', unclosed fence' : ''}): random chunkings equal the one-shot render`, async () => {
      const text = generateMarkdown(seed, size, unclosed);
      for (const [k, chunks, p] of [
        [1, 2000, 0.3],
        [2, 500, 0.9],
        [3, Math.floor(text.length / 2), 0.05],
      ] as const) {
        const out = await check(text, seed * 1000 + k, chunks, p);
        assert.ok(out.frames > 0);
      }
    });
  }

  it('with the default work budget (tail renders skipped when over budget) the final DOM still equals the one-shot render', async () => {
    const text = generateMarkdown(11, 40_000, true);
    await check(text, 7, 8000, 1, true);
    await check(text, 8, 300, 0.5, true);
  });

  it('very long lines (plain text while streaming, plain above 256 KB at the end) still equal the one-shot render', async () => {
    const unit = 'lorem *ipsum* <b>x</b> [l](javascript:alert(1)) `c` ';
    const line = (n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
    // A 300 KB line between markdown, a 100 KB line (plain while streaming, markdown at the end), one at the very end.
    const text = `${generateMarkdown(3, 3000)}\n\n${line(300_000)}\n\n${generateMarkdown(4, 3000)}\n${line(100_000)}\n\n- item\n${line(280_000)}`;
    await check(text, 21, 400, 0.7);
    await check(text, 22, 60, 0.3, true);
    await check(line(600_000), 23, 30, 1);
    await check(`intro\n${line(600_000)}`, 24, 30, 1);
  });

  it('plain paragraphs at any speed: every word is on screen after the next frame, with the default budget', async () => {
    const text = plainParagraphs(30_000);
    const words = text.split(/(?<=\s)/u); // word + its following space or newline, like a model's tokens
    // One word per delta, and the host's batches (many words, paragraph breaks inside a batch).
    const batches = randomChunks(text, prng(43), 300);
    for (const deltas of [words, batches]) {
      const out = await inPage<LagOutcome>(page, 'lagPerFrame', deltas);
      assert.equal(out.frames, deltas.length);
      assert.equal(out.laggingFrames, 0, `${out.laggingFrames} of ${out.frames} frames left streamed words off the screen`);
      assert.ok(out.equalsOneShot, 'final DOM equals the one-shot render');
    }
    // Paragraph breaks split across deltas in every way still end equal to the one-shot render.
    await check(text.slice(0, 6000), 41, 3000, 1, true);
  });

  it('a long code block: its new lines are on screen after the next frame, highlighted as the budget allows', async () => {
    const unit = 'export function add(a: number, b: number): number {\n  return a + b; // `x` ``y``\n}\nconst s = `x ${add(1, 2)}`;\n';
    const code = unit.repeat(Math.ceil(30_000 / unit.length));
    const deltas = randomChunks(code, prng(45), 6000);
    for (const fullRenderEvery of [undefined, 7, 2]) {
      const out = await inPage<CodeLagOutcome>(page, 'codeLagPerFrame', { opener: 'Here:\n\n```ts\n', deltas, fullRenderEvery });
      assert.equal(out.laggingFrames, 0, `${out.laggingFrames} of ${out.frames} frames left streamed code off the screen (full render every ${fullRenderEvery ?? '—'})`);
      assert.ok(out.highlightedFrames > out.frames / 2, `highlighted in ${out.highlightedFrames} of ${out.frames} frames`);
      assert.ok(out.equalsOneShot, 'final DOM equals the one-shot render');
    }
    // A closing fence (also split across deltas, also inside a longer fence) ends the block as a parse would.
    for (const [seed, text] of [
      [46, `Here:\n\n\`\`\`ts\n${code.slice(0, 3000)}\`\`\`\n\nAfter the code.`],
      [47, `~~~~\n${code.slice(0, 3000)}~~~\nstill code\n~~~~~\n\n- list`],
      [48, `\`\`\`\`md\n\`\`\`\ninner\n\`\`\`\n${code.slice(0, 2000)}\`\`\`\`\ntext`],
    ] as const) {
      await check(text, seed, 1500, 1, true);
      await check(text, seed + 10, 200, 0.5, true);
    }
  });

  it('CRLF split across deltas renders like LF', async () => {
    await check(generateMarkdown(8, 4000).replace(/\n/g, '\r\n'), 5, 1500, 0.5);
  });

  it('mid-stream: an unclosed fence renders as a highlighted code block, an unclosed table and list as such', async () => {
    const out = await inPage<{ fence: string | null; label: string | null; highlighted: number; cells: number; listItems: number }>(page, 'midStreamShapes');
    assert.equal(out.fence, 'const a = 1;\nfunction f(');
    assert.equal(out.label, 'ts');
    assert.ok(out.highlighted >= 2, 'highlighted while streaming');
    assert.ok(out.cells >= 1, 'table cells');
    assert.equal(out.listItems, 3);
  });

  it('hostile markdown is inert: no script, no handlers, javascript:/data: links neutralised, raw HTML shown as text', async () => {
    const out = await inPage<{ html: string; unsafe: string[] }>(
      page,
      'renderHostile',
      '<img src=x onerror=alert(1)> <script>alert(1)</script>\n\n[a](javascript:alert(1)) [b](data:text/html,x) [c](JAVASCRIPT:x) [d](vbscript:x) [ok](https://example.com)\n\n![i](https://example.com/i.png)\n\n<a href="javascript:alert(1)">raw</a>',
    );
    assert.deepEqual(out.unsafe, []);
    assert.doesNotMatch(out.html, /<img|<script|<[a-z][^>]*\son\w+=|<a [^>]*href="(javascript|data|vbscript)/i);
    assert.match(out.html, /href="https:\/\/example.com"/);
    assert.match(out.html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });
});
