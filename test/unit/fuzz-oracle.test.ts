// Checks the fuzzer's own oracle, so a green fuzz run means something: the reference SSE parser
// and the per-endpoint reduction must reproduce every vector sidecar's text and termination
// without the decoder, and handle the line-ending and BOM rules by hand-made examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCorpus } from '../fuzz/corpus';
import { expectedOutcome } from '../fuzz/oracle';
import { firstInvalidUtf8, parseSse, parseSseText } from '../fuzz/referenceSse';
import { MUTATORS } from '../fuzz/mutators';
import { Rng } from '../fuzz/prng';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

for (const v of loadCorpus()) {
  test(`oracle reproduces sidecar: ${v.name}`, () => {
    const x = expectedOutcome(v.endpoint, parseSse(v.bytes));
    if (v.expectText !== undefined) assert.equal(x.text, v.expectText);
    if (v.expectTextLength !== undefined) assert.equal(x.text.length, v.expectTextLength);
    if (v.expectTermination !== undefined) {
      // The sidecar calls a stream cut inside a JSON payload `truncated_mid_event`, as we do.
      assert.equal(x.termination, v.expectTermination);
    }
  });
}

test('reference parser: CR, LF and CRLF are one terminator each; blank line dispatches', () => {
  const r = parseSseText('data: a\r\rdata: b\n\ndata: c\r\n\r\ndata: d\r\n\r');
  assert.deepEqual(r.events.map((e) => e.data), ['a', 'b', 'c', 'd']);
  assert.equal(r.truncated, false);
});

test('reference parser: multi-line data, comments, event names, unterminated event', () => {
  const r = parseSseText(': hi\nevent: error\ndata: x\ndata:y\n\nid: 1\n\ndata: z');
  assert.deepEqual(r.events, [{ type: 'error', data: 'x\ny' }]);
  assert.equal(r.truncated, true);
});

test('reference parser: one BOM is stripped, a second one is part of the first field name', () => {
  const bom = [0xef, 0xbb, 0xbf];
  assert.equal(parseSse(new Uint8Array([...bom, ...enc('data: a\n\n')])).events.length, 1);
  assert.equal(parseSse(new Uint8Array([...bom, ...bom, ...enc('data: a\n\n')])).events.length, 0);
});

test('reference parser: size bound on lines and on event data', () => {
  assert.equal(parseSseText(`: ${'x'.repeat(8)}\n\n`, 10).oversized, false);
  assert.equal(parseSseText(`: ${'x'.repeat(9)}\n\n`, 10).oversized, true);
  assert.equal(parseSseText('data: 12345\ndata: 12345\n\n', 10).oversized, true);
});

test('later-only mutators never let the oracle gain text past the damage', () => {
  const corpus = loadCorpus();
  for (let n = 0; n < 300; n++) {
    const rng = Rng.forCase(7, n);
    const v = rng.pick(corpus);
    const m = rng.pick(MUTATORS.filter((x) => x.laterOnly));
    const out = m.apply(rng, v.bytes, { maxEventChars: 1000 });
    if (!out) continue;
    let at = 0;
    while (at < out.length && at < v.bytes.length && out[at] === v.bytes[at]) at++;
    const before = expectedOutcome(v.endpoint, parseSse(v.bytes.subarray(0, at), 1000)).text;
    assert.equal(expectedOutcome(v.endpoint, parseSse(out, 1000)).text, before, `${m.name} on ${v.name}`);
  }
});

test('reference UTF-8 check: overlongs, surrogates, out-of-range and cut sequences are invalid', () => {
  const at = (a: number[]): number => firstInvalidUtf8(new Uint8Array(a));
  assert.equal(at([0x41, 0xef, 0xbf, 0xbd, 0xf0, 0x9f, 0x98, 0x80, 0xe2, 0x82, 0xac]), -1);
  assert.equal(at([0x41, 0xc0, 0xaf]), 1);
  assert.equal(at([0xed, 0xa0, 0x80]), 0);
  assert.equal(at([0xf4, 0x90, 0x80, 0x80]), 0);
  assert.equal(at([0x41, 0x42, 0xe2, 0x82]), 2);
  assert.equal(at([0xbd]), 0);
  const r = parseSse(new Uint8Array([...enc('data: a\n\ndata: b'), 0xff, ...enc('\n\n')]));
  assert.deepEqual([r.events.length, r.invalidUtf8, r.truncated], [1, true, false]);
});
