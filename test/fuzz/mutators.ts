// Damage for the decoder fuzzer: each mutator takes a body and returns a damaged copy. A
// mutation is "later-only" when it can only cut the stream short (truncation, an injected
// error, unparseable JSON, an over-limit line): then the decoder's text must equal exactly the
// text of the undamaged prefix. Every other mutation may create new valid events (a flipped
// byte inside a JSON string still parses), so the oracle is computed from the mutated bytes.
import type { Rng } from './prng';

export interface MutContext {
  /** Size bound for this case (DecoderOptions.maxEventChars); huge lines are sized against it. */
  maxEventChars: number;
}

export interface Mutator {
  name: string;
  laterOnly: boolean;
  /** undefined when the body offers nothing to mutate this way. */
  apply(rng: Rng, src: Uint8Array, ctx: MutContext): Uint8Array | undefined;
}

interface Line {
  start: number;
  /** End of content (start of the terminator). */
  end: number;
  /** Start of the next line. */
  next: number;
}

const enc = new TextEncoder();
const bytesOf = (s: string): Uint8Array => enc.encode(s);

function lines(b: Uint8Array): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c !== 0x0a && c !== 0x0d) continue;
    const next = c === 0x0d && b[i + 1] === 0x0a ? i + 2 : i + 1;
    out.push({ start, end: i, next });
    start = next;
    i = next - 1;
  }
  if (start < b.length) out.push({ start, end: b.length, next: b.length });
  return out;
}

/** Offsets just after a blank line (where a new event starts), plus 0. */
function eventStarts(b: Uint8Array): number[] {
  const out = [0];
  for (const l of lines(b)) if (l.start === l.end && l.next > l.start) out.push(l.next);
  return out;
}

function splice(b: Uint8Array, at: number, del: number, ins: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(b.length - del + ins.length);
  out.set(b.subarray(0, at), 0);
  out.set(ins, at);
  out.set(b.subarray(at + del), at + ins.length);
  return out;
}

/** Invalid or awkward UTF-8 and SSE syntax fragments. */
const GARBAGE: readonly Uint8Array[] = [
  [0xff], [0xfe], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80], [0xbd], [0x00], [0xef, 0xbb, 0xbf], [0xef, 0xbf, 0xbd], [0xef, 0xbf, 0xbd, 0xff], [0x0d], [0x0a], [0x0d, 0x0a], [0x0a, 0x0d],
].map((a): Uint8Array => new Uint8Array(a)).concat(['"', '\\', '{', '}', ':', 'data: ', 'event: x\n', 'data: [DONE]\n\n', '\n\n', 'data: {}\n\n', 'é', '😀'].map(bytesOf));

const EOLS = ['\n', '\r\n', '\r'];

const ERROR_EVENTS: readonly string[] = [
  'event: error\ndata: {"tpe":"fail.server","errors":[{"description":"injected","key":"fail.server.generic"}]}\n\n',
  'data: {"error":{"message":"injected","type":"rate_limit_error"}}\n\n',
  'data: {"tpe":"fail.server","errors":[]}\n\n',
  'data: {"error":"injected"}\n\n',
  'event: error\ndata: not json at all\n\n',
  'event:error\r\ndata:{"error":{"message":"x"}}\r\n\r\n',
];

/** Fillers of 1 and 2 UTF-16 units and 1–4 UTF-8 bytes: the bound is in characters, not bytes. */
const FILLERS = ['x', 'é', '€', '😀'];

function hugeLine(rng: Rng, length: number): string {
  const head = rng.pick([': ', 'data: ', 'data: {"value":"', 'x-unknown: ', '', 'data:']);
  const fill = rng.pick(FILLERS);
  const n = Math.max(0, Math.floor((length - head.length) / fill.length));
  const s = head + fill.repeat(n);
  return s + 'x'.repeat(Math.max(0, length - s.length));
}

export const MUTATORS: readonly Mutator[] = [
  {
    name: 'truncate',
    laterOnly: true,
    apply: (rng, b) => b.subarray(0, rng.int(b.length + 1)),
  },
  {
    // The body ends without its last blank line, with one line terminator or none: a trailing
    // `data: [DONE]` must still end the stream as a success, anything else is cut mid-event.
    name: 'cut-final-blank-line',
    laterOnly: true,
    apply(rng, b) {
      let end = b.length;
      while (end > 0 && (b[end - 1] === 0x0a || b[end - 1] === 0x0d)) end--;
      if (end === b.length) return undefined;
      const keep = rng.chance(0.5) ? bytesOf(rng.pick(EOLS)) : new Uint8Array(0);
      return splice(b, end, b.length - end, keep);
    },
  },
  {
    name: 'flip-bytes',
    laterOnly: false,
    apply(rng, b) {
      if (!b.length) return undefined;
      const out = b.slice();
      for (let n = rng.range(1, 4); n > 0; n--) {
        const i = rng.int(out.length);
        out[i] = rng.chance(0.5) ? out[i]! ^ (1 << rng.int(8)) : rng.int(256);
      }
      return out;
    },
  },
  {
    name: 'insert-garbage',
    laterOnly: false,
    apply(rng, b) {
      const ins = rng.chance(0.7) ? rng.pick(GARBAGE) : Uint8Array.from({ length: rng.range(1, 8) }, () => rng.int(256));
      return splice(b, rng.int(b.length + 1), 0, ins);
    },
  },
  {
    name: 'bom-at-start',
    laterOnly: false,
    apply: (rng, b) => splice(b, 0, 0, new Uint8Array(rng.chance(0.5) ? [0xef, 0xbb, 0xbf] : [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf])),
  },
  {
    name: 'dup-line',
    laterOnly: false,
    apply(rng, b) {
      const ls = lines(b);
      if (!ls.length) return undefined;
      const l = rng.pick(ls);
      return splice(b, l.next, 0, b.slice(l.start, l.next));
    },
  },
  {
    name: 'drop-line',
    laterOnly: false,
    apply(rng, b) {
      const ls = lines(b);
      if (!ls.length) return undefined;
      const l = rng.pick(ls);
      return splice(b, l.start, l.next - l.start);
    },
  },
  {
    name: 'dup-event',
    laterOnly: false,
    apply(rng, b) {
      const starts = eventStarts(b);
      if (starts.length < 2) return undefined;
      const i = rng.int(starts.length - 1);
      return splice(b, starts[i + 1]!, 0, b.slice(starts[i], starts[i + 1]));
    },
  },
  {
    name: 'drop-event',
    laterOnly: false,
    apply(rng, b) {
      const starts = eventStarts(b);
      if (starts.length < 2) return undefined;
      const i = rng.int(starts.length - 1);
      return splice(b, starts[i]!, starts[i + 1]! - starts[i]!);
    },
  },
  {
    name: 'swap-eol',
    laterOnly: false,
    apply(rng, b) {
      // Rewrite some terminators as LF / CRLF / CR, back to front so offsets stay valid.
      const ls = lines(b).filter((l) => l.next > l.end);
      if (!ls.length) return undefined;
      const p = rng.chance(0.5) ? 1 : rng.next();
      let out = b;
      for (let k = ls.length - 1; k >= 0; k--) {
        const l = ls[k]!;
        if (rng.chance(p)) out = splice(out, l.end, l.next - l.end, bytesOf(rng.pick(EOLS)));
      }
      return out;
    },
  },
  {
    name: 'malform-json',
    laterOnly: true,
    apply(rng, b) {
      // `{` followed by `#` is never JSON, whatever the rest of the event holds.
      const cands = lines(b).filter((l) => l.end - l.start > 6 && /^data: ?\{/.test(String.fromCharCode(...b.subarray(l.start, l.start + 7))));
      if (!cands.length) return undefined;
      const l = rng.pick(cands);
      const brace = b.indexOf(0x7b, l.start);
      return splice(b, brace + 1, 0, bytesOf(rng.pick(['#', ' #', '\u0001', ']'])));
    },
  },
  {
    name: 'inject-error',
    laterOnly: true,
    apply(rng, b) {
      let ev = rng.pick(ERROR_EVENTS);
      if (rng.chance(0.3)) ev = ev.replace(/\r?\n/g, '\r\n');
      return splice(b, rng.pick(eventStarts(b)), 0, bytesOf(ev));
    },
  },
  {
    name: 'inject-error-anywhere',
    laterOnly: false,
    apply: (rng, b) => splice(b, rng.int(b.length + 1), 0, bytesOf(rng.pick(ERROR_EVENTS))),
  },
  {
    name: 'huge-line',
    laterOnly: true,
    apply(rng, b, ctx) {
      // Strictly over the bound (sometimes by exactly one character), at a line start.
      const max = ctx.maxEventChars;
      const len = rng.chance(0.2) ? max + 1 : rng.range(max + 2, 4 * max);
      const at = rng.chance(0.15) ? b.length : rng.pick([0, ...lines(b).map((l) => l.next)]);
      const eol = rng.chance(0.8) ? rng.pick(EOLS) : '';
      return splice(b, at, 0, bytesOf(hugeLine(rng, len) + eol));
    },
  },
  {
    name: 'line-at-limit',
    laterOnly: false,
    apply(rng, b, ctx) {
      // Exactly at the bound: must be accepted.
      const at = rng.pick([0, ...lines(b).map((l) => l.next)]);
      return splice(b, at, 0, bytesOf(`${hugeLine(rng, ctx.maxEventChars)}\n`));
    },
  },
];

export const MUTATOR_BY_NAME: ReadonlyMap<string, Mutator> = new Map(MUTATORS.map((m) => [m.name, m]));
