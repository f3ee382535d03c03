// Every protocol vector, fed whole, one byte per read and in random slices, must accumulate to
// exactly the sidecar's `expect`. The *-http-* vectors go through the HTTP error classifier.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { classifyHttpError, decodeChunks } from '../../src/core';
import { mulberry32 } from '../random';
import { assertMatchesExpect, expectedKind, SIDECAR_ENDPOINTS } from '../vectorExpect';

const VECTORS = resolve(__dirname, '../../../test/vectors');

interface Sidecar {
  endpoint: string;
  response: { status: number; headers: Record<string, string> };
  body_is_json_not_sse?: boolean;
  expect: Record<string, unknown>;
}

function slices(bytes: Uint8Array, mode: 'whole' | 'bytes' | number): Uint8Array[] {
  if (mode === 'whole') return [bytes];
  if (mode === 'bytes') return Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
  const rnd = mulberry32(mode);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(rnd() * (rnd() < 0.8 ? 16 : 700));
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

const names = JSON.parse(readFileSync(join(VECTORS, 'INDEX.json'), 'utf8')) as string[];

test('there are 49 vectors: the 22 protocol ones, 25 built after real servers, 2 of Writer web search (issue 13)', () => assert.equal(names.length, 49));

for (const name of names) {
  const side = JSON.parse(readFileSync(join(VECTORS, `${name}.expect.json`), 'utf8')) as Sidecar;
  const bytes = new Uint8Array(readFileSync(join(VECTORS, `${name}.sse`)));
  if (side.body_is_json_not_sse) {
    test(`${name}: HTTP error classification`, () => {
      const info = classifyHttpError(side.response.status, side.response.headers, Buffer.from(bytes).toString('utf8'));
      const e = side.expect.error as Record<string, unknown>;
      assert.equal(info.kind, expectedKind(e));
      assert.equal(info.status, e.status);
      assert.equal(info.type, e.type);
      if ('key' in e) assert.equal(info.key, e.key);
      for (const k of ['code', 'param', 'provider'] as const) if (k in e) assert.equal(info[k], e[k], k);
      assert.equal(info.message, e.message);
      assert.equal(info.retryable, e.retryable);
      if ('retry_after_ms' in e) assert.equal(info.retryAfterMs, e.retry_after_ms);
      if ('request_id' in e) assert.equal(info.requestId, e.request_id);
      assert.ok(info.action.length > 0);
    });
    continue;
  }
  const endpoint = SIDECAR_ENDPOINTS[side.endpoint];
  assert.ok(endpoint, `unknown endpoint ${side.endpoint}`);
  test(`${name}: whole, byte by byte, random slices`, () => {
    for (const mode of ['whole', 'bytes', 1, 2, 3, 4, 5] as const) {
      const { events, result } = decodeChunks(endpoint, slices(bytes, mode));
      assertMatchesExpect(result, side.expect, `${name} [${mode}]`);
      const terminals = events.filter((e) => e.type === 'done' || e.type === 'error');
      assert.equal(terminals.length, 1, `${name} [${mode}]: exactly one terminal event`);
      assert.equal(terminals[0], events[events.length - 1], `${name} [${mode}]: terminal event is last`);
    }
  });
}
