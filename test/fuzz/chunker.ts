// Read boundaries for the decoder fuzzer: whole body, one byte per read, random slice sizes,
// and cuts aimed at the hard places (between CR and LF, inside a multi-byte UTF-8 character).
import type { Rng } from './prng';

export type Chunking = 'whole' | 'bytes' | 'small' | 'mixed' | 'large' | 'awkward';

/** Tiny reads of big bodies would only burn CPU: above this, reads average a few hundred bytes. */
const SMALL_READS_LIMIT = 8 * 1024;
/** Most reads per case for awkward cuts (the probability per candidate cut is scaled down). */
const AWKWARD_READS = 1500;

/** One-byte reads above this size add CPU but no new boundaries that 'awkward' does not cut. */
const BYTEWISE_LIMIT = 4 * 1024;

export function chooseChunking(rng: Rng, length: number): Chunking {
  if (length > SMALL_READS_LIMIT) return rng.pick<Chunking>(['whole', 'large', 'awkward', 'awkward']);
  if (length > BYTEWISE_LIMIT) return rng.pick<Chunking>(['whole', 'small', 'mixed', 'mixed', 'large', 'awkward', 'awkward']);
  return rng.pick<Chunking>(['whole', 'bytes', 'bytes', 'small', 'mixed', 'mixed', 'large', 'awkward', 'awkward']);
}

export function chunk(rng: Rng, b: Uint8Array, how: Chunking): Uint8Array[] {
  if (how === 'whole') return [b];
  const out: Uint8Array[] = [];
  if (how === 'awkward') {
    let from = 0;
    const p = Math.min(0.7, AWKWARD_READS / b.length);
    for (let i = 1; i < b.length; i++) {
      const afterCr = b[i - 1] === 0x0d;
      const midChar = (b[i]! & 0xc0) === 0x80;
      if (((afterCr || midChar) && rng.chance(p)) || rng.chance(p / 70)) {
        out.push(b.subarray(from, i));
        from = i;
      }
    }
    out.push(b.subarray(from));
    return out;
  }
  for (let i = 0; i < b.length; ) {
    const n = how === 'bytes' ? 1 : how === 'small' ? rng.range(1, 16) : how === 'large' ? rng.range(1, 4096) : rng.range(1, rng.chance(0.8) ? 16 : 700);
    out.push(b.subarray(i, i + n));
    i += n;
  }
  // An empty read now and then: the decoder must take it in its stride.
  if (out.length && rng.chance(0.1)) out.splice(rng.int(out.length), 0, new Uint8Array(0));
  return out;
}
