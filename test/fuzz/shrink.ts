// Minimises a failing body (delta debugging over byte ranges) so a report can quote a short
// reproduction. Only self-contained checks are used (no original body), with whole-body or
// one-byte reads, whichever still fails.
import type { Endpoint } from '../../src/core';
import { checkCase } from './check';

export interface Repro {
  endpoint: Endpoint;
  maxEventChars: number;
  reads: 'whole' | 'bytes';
  body: string;
  bytesHex?: string;
  problems: string[];
}

const oneByteReads = (b: Uint8Array): Uint8Array[] => Array.from({ length: b.length }, (_, i) => b.subarray(i, i + 1));

export function shrink(endpoint: Endpoint, bytes: Uint8Array, maxEventChars: number, budgetMs = 3000): Repro | undefined {
  const fails = (b: Uint8Array, reads: 'whole' | 'bytes'): string[] => checkCase({ endpoint, bytes: b, chunks: reads === 'whole' ? [b] : oneByteReads(b), maxEventChars }).problems;
  const reads = fails(bytes, 'whole').length ? 'whole' : fails(bytes, 'bytes').length ? 'bytes' : undefined;
  if (!reads) return undefined;
  const deadline = performance.now() + budgetMs;
  let cur = bytes;
  for (let n = 2; n <= cur.length && performance.now() < deadline; ) {
    const size = Math.ceil(cur.length / n);
    let reduced = false;
    for (let at = 0; at < cur.length && performance.now() < deadline; at += size) {
      const cand = new Uint8Array(cur.length - Math.min(size, cur.length - at));
      cand.set(cur.subarray(0, at), 0);
      cand.set(cur.subarray(at + size), at);
      if (fails(cand, reads).length) {
        cur = cand;
        reduced = true;
        break;
      }
    }
    if (reduced) n = Math.max(n - 1, 2);
    else n *= 2;
  }
  const body = new TextDecoder().decode(cur);
  const lossless = new TextEncoder().encode(body);
  const same = lossless.length === cur.length && lossless.every((x, i) => x === cur[i]);
  return { endpoint, maxEventChars, reads, body, bytesHex: same ? undefined : Buffer.from(cur).toString('hex'), problems: fails(cur, reads) };
}
