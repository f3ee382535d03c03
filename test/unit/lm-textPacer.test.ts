// The language model provider's text pacing (src/extension/lm/textPacer.ts), in plain Node with real timers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GAP_MS, TextPacer } from '../../src/extension/lm/textPacer';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

test('the first text goes out at once; text within the gap is joined and goes out one gap later', async () => {
  const reports: Array<{ text: string; at: number }> = [];
  const t0 = performance.now();
  const pacer = new TextPacer((text) => reports.push({ text, at: performance.now() - t0 }));
  pacer.push('Hel');
  assert.deepEqual(reports.map((r) => r.text), ['Hel'], 'reported synchronously');
  pacer.push('lo');
  pacer.push('');
  pacer.push(', wor');
  assert.equal(reports.length, 1, 'held while inside the gap');
  await sleep(GAP_MS + 20);
  assert.deepEqual(reports.map((r) => r.text), ['Hel', 'lo, wor']);
  assert.ok(reports[1]!.at - reports[0]!.at >= GAP_MS - 1, `${(reports[1]!.at - reports[0]!.at).toFixed(1)} ms apart`);
});

test('a 20 ms token stream is reported at most once per gap, nothing lost or reordered; flush hands over the rest', async () => {
  const reports: Array<{ text: string; at: number }> = [];
  const pacer = new TextPacer((text) => reports.push({ text, at: performance.now() }));
  const tokens = Array.from({ length: 12 }, (_, i) => `t${i} `);
  for (const t of tokens) {
    pacer.push(t);
    await sleep(20);
  }
  pacer.flush();
  assert.equal(reports.map((r) => r.text).join(''), tokens.join(''));
  assert.ok(reports.length >= 4 && reports.length < tokens.length, `${reports.length} reports for ${tokens.length} tokens`);
  for (let i = 1; i < reports.length - 1; i++) assert.ok(reports[i]!.at - reports[i - 1]!.at >= GAP_MS - 1, `report ${i} ${(reports[i]!.at - reports[i - 1]!.at).toFixed(1)} ms after the one before`);
  pacer.flush();
  assert.equal(reports.map((r) => r.text).join(''), tokens.join(''), 'a second flush reports nothing new');
});
