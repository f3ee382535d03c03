// The size bound is what keeps a hostile or broken server from growing the decoder's memory:
// an endless line or an endless event must stop the stream with a clear error once it passes
// maxEventChars, and later bytes must not be buffered. Heap is measured after a real gc.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createStreamDecoder, type StreamEvent } from '../../src/core';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const READ = 64 * 1024;
const MAX = 1024 * 1024;
const TOTAL_READS = 512; // 32 MiB offered

function feed(first: string, filler: string): { events: StreamEvent[]; readsUntilError: number; heapGrowthMb: number } {
  const chunk = new TextEncoder().encode(filler.repeat(Math.ceil(READ / filler.length)).slice(0, READ));
  gc();
  const before = process.memoryUsage().heapUsed;
  const dec = createStreamDecoder('openai.chat', { maxEventChars: MAX });
  const events: StreamEvent[] = [];
  dec.push(new TextEncoder().encode(first), events);
  let readsUntilError = -1;
  for (let i = 0; i < TOTAL_READS; i++) {
    dec.push(chunk, events);
    if (readsUntilError < 0 && events.some((e) => e.type === 'error')) readsUntilError = i + 1;
  }
  dec.end(events);
  gc();
  return { events, readsUntilError, heapGrowthMb: (process.memoryUsage().heapUsed - before) / 1048576 };
}

for (const [label, first, filler] of [
  ['endless data line', 'data: {"choices":[{"index":0,"delta":{"content":"hi"}}]}\n\ndata: "', 'x'],
  ['endless comment line', ': ', 'é'],
  ['endless event of short data lines', '', 'data: xxxxxxxxxxxxxxxxxxxxxxxx\n'],
] as const) {
  test(`size bound: ${label} stops at maxEventChars with bounded memory`, () => {
    const r = feed(first, filler);
    const last = r.events[r.events.length - 1];
    assert.equal(last?.type, 'error', 'ends with an error');
    assert.equal(r.events.filter((e) => e.type === 'done' || e.type === 'error').length, 1);
    if (last?.type === 'error') {
      assert.equal(last.error.kind, 'malformed');
      assert.match(last.error.message, /oversized/);
    }
    // 1 MiB characters is at most 2 MiB of UTF-8 here: the error comes within that many reads.
    assert.ok(r.readsUntilError > 0 && r.readsUntilError <= (2 * MAX) / READ + 1, `error after ${r.readsUntilError} reads`);
    assert.ok(r.heapGrowthMb < 8, `heap grew ${r.heapGrowthMb.toFixed(1)} MB after 32 MiB offered`);
    const text = r.events.flatMap((e) => (e.type === 'text' ? [e.text] : [])).join('');
    assert.equal(text, first.startsWith('data: {') ? 'hi' : '', 'text before the endless line is kept');
  });
}
