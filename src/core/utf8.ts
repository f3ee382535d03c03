// Streaming UTF-8 well-formedness check (Unicode table 3-7: no overlongs, surrogates or code points
// above U+10FFFF) that carries a sequence split across reads. Why not look for U+FFFD in the
// decoded text: a server may send a real U+FFFD, and telling the two apart per read is guesswork.
import { isUtf8 } from 'node:buffer';

export class Utf8Validator {
  /** Continuation bytes still owed by a sequence that began in an earlier read. */
  private need = 0;
  /** Allowed range of the next continuation byte (narrower right after E0, ED, F0, F4). */
  private lo = 0x80;
  private hi = 0xbf;

  /** No sequence is left open; at the end of the body an open one is invalid. */
  get complete(): boolean {
    return this.need === 0;
  }

  /**
   * Checks the next read. Returns -1 when it is well formed so far (it may end inside a sequence),
   * else how many of its bytes come before the first bad sequence (0 when that began earlier).
   */
  check(b: Uint8Array): number {
    const n = b.length;
    let i = 0;
    for (; this.need > 0; i++) {
      if (i === n) return -1;
      const x = b[i]!;
      if (x < this.lo || x > this.hi) return 0;
      this.lo = 0x80;
      this.hi = 0xbf;
      this.need--;
    }
    // Common path: native check of everything before a lead byte among the last three (which may
    // start an unfinished sequence); only that tail, or a read with an error, is walked in JS.
    let cut = n;
    for (let j = n - 1; j >= i && j > n - 4; j--) {
      const x = b[j]!;
      if (x >= 0xc0) {
        cut = j;
        break;
      }
      if (x < 0x80) break;
    }
    if (cut > i && isUtf8(b.subarray(i, cut))) i = cut;
    return this.walk(b, i);
  }

  private walk(b: Uint8Array, from: number): number {
    const n = b.length;
    let i = from;
    while (i < n) {
      const c = b[i]!;
      if (c < 0x80) {
        i++;
        continue;
      }
      let need: number;
      let lo = 0x80;
      let hi = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) need = 1;
      else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        if (c === 0xe0) lo = 0xa0;
        else if (c === 0xed) hi = 0x9f;
      } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        if (c === 0xf0) lo = 0x90;
        else if (c === 0xf4) hi = 0x8f;
      } else return i;
      for (let k = 1; k <= need; k++) {
        if (i + k === n) {
          // Cut by the end of this read: remember what the next read must start with.
          this.need = need - k + 1;
          this.lo = lo;
          this.hi = hi;
          return -1;
        }
        const x = b[i + k]!;
        if (x < lo || x > hi) return i;
        lo = 0x80;
        hi = 0xbf;
      }
      i += need + 1;
    }
    return -1;
  }
}
