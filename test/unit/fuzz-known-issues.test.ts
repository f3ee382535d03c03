// Decoder issues found by the fuzzer (K1–K5), pinned as minimal tests. They were `todo` tests with
// a tolerance in test/fuzz/check.ts while open; all five are fixed, so they must pass and the
// fuzzer enforces them. A newly found issue goes here as `todo` again, with its tolerance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeChunks, type Endpoint } from '../../src/core';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const bytewise = (b: Uint8Array): Uint8Array[] => Array.from({ length: b.length }, (_, i) => b.subarray(i, i + 1));

function both(endpoint: Endpoint, body: Uint8Array, max?: number): [string, string] {
  const opts = max === undefined ? {} : { maxEventChars: max };
  const a = decodeChunks(endpoint, [body], opts).result;
  const b = decodeChunks(endpoint, bytewise(body), opts).result;
  return [`${a.text}|${a.termination}`, `${b.text}|${b.termination}`];
}

test('K1: an over-limit line fails the stream however it is read', () => {
  const [whole, bytes] = both('writer.completions', enc(`data: {"value":"${'x'.repeat(200)}"}\n\n`), 100);
  assert.equal(whole, bytes);
  assert.equal(whole, '|incomplete');
});

test('K2: events completed before an over-limit line are kept', () => {
  const [whole, bytes] = both('writer.completions', enc(`data: {"value":"A"}\n\n: ${'x'.repeat(200)}`), 100);
  assert.equal(bytes, 'A|incomplete');
  assert.equal(whole, bytes);
});

test('K3: an event within the bound is accepted however it is read', () => {
  // Event data is 98 characters, every line under 100; one-byte reads still trip the bound.
  const body = enc(`data: {"value":"${'a'.repeat(70)}"\ndata: ,"x":"bbbbbbbb"}\n\n`);
  const [whole, bytes] = both('writer.completions', body, 100);
  assert.equal(whole, `${'a'.repeat(70)}|eof_clean`);
  assert.equal(bytes, whole);
});

test('K4: only one leading BOM is skipped', () => {
  const bom = [0xef, 0xbb, 0xbf];
  const [whole] = both('writer.completions', new Uint8Array([...bom, ...bom, ...enc('data: {"value":"A"}\n\n')]));
  assert.equal(whole, '|eof_clean');
});

test('K5: bytes that are not UTF-8 stop the stream however they are read', () => {
  // A lone continuation byte 0xBD is invalid; read whole it passes as "the tail of an encoded U+FFFD".
  assert.equal(both('writer.completions', new Uint8Array([0xbd]))[0], '|incomplete');
  // A genuine U+FFFD (EF BF BD) in the same read hides a following 0xFF.
  const body = new Uint8Array([...enc('data: {"value":"\uFFFD"}\n\ndata: {"value":"B'), 0xff, ...enc('"}\n\n')]);
  const [whole, bytes] = both('writer.completions', body);
  assert.equal(bytes, '\uFFFD|incomplete');
  assert.equal(whole, bytes);
});
