// Judges one fuzz case: the decoder's output against the oracle (from the mutated bytes), against
// the undamaged prefix of the original body, and against itself fed in one read. Mismatches
// explained by a known, reported decoder issue are counted under that issue's name instead of
// failing (FUZZ_STRICT=1 makes them failures again).
import type { Endpoint } from '../../src/core';
import { expectedOutcome, type Expected } from './oracle';
import { observe, type Observed } from './observe';
import { parseSse } from './referenceSse';

export interface CaseInput {
  endpoint: Endpoint;
  bytes: Uint8Array;
  chunks: readonly Uint8Array[];
  maxEventChars: number;
  /** The undamaged body, for the prefix property. */
  original?: Uint8Array;
  /** The damage can only cut the stream short: text must equal the undamaged prefix's. */
  laterOnly?: boolean;
}

export interface Verdict {
  problems: string[];
  /** Known-issue names that explained the mismatches of this case. */
  known: string[];
  expected: Expected;
  observed: Observed;
  prefixText?: string;
}

/**
 * Open decoder issues the fuzzer tolerates: none. K1–K5 (over-limit line accepted whole, events
 * dropped next to it, read-boundary-dependent bound, double BOM, U+FFFD heuristic) are fixed and
 * enforced. A new one gets a name here, a matcher in explainKnown() and a `todo` test in
 * fuzz-known-issues.test.ts.
 */
export const KNOWN_ISSUES: Readonly<Record<string, string>> = {};

const q = (s: string): string => JSON.stringify(s.length > 120 ? `${s.slice(0, 60)}…(${s.length})…${s.slice(-40)}` : s);

/** What the oracle and the decoder are compared on. */
type Summary = Pick<Observed, 'text' | 'outcome' | 'termination' | 'errorKind' | 'finishReason' | 'dataEvents'>;

function diff(o: Summary, x: Summary, label: string): string[] {
  const out: string[] = [];
  if (o.text !== x.text) out.push(`${label}: text ${q(o.text)} ≠ expected ${q(x.text)}`);
  if (o.outcome !== x.outcome || o.termination !== x.termination || o.errorKind !== x.errorKind) {
    out.push(`${label}: ended ${o.outcome}/${o.termination}/${o.errorKind ?? '-'} ≠ expected ${x.outcome}/${x.termination}/${x.errorKind ?? '-'}`);
  }
  if (o.finishReason !== x.finishReason) out.push(`${label}: finish ${o.finishReason} ≠ expected ${x.finishReason}`);
  if (o.dataEvents !== x.dataEvents) out.push(`${label}: dataEvents ${o.dataEvents} ≠ expected ${x.dataEvents}`);
  return out;
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

export function checkCase(c: CaseInput, strict = false): Verdict {
  const bounded = parseSse(c.bytes, c.maxEventChars);
  const expected = expectedOutcome(c.endpoint, bounded);
  const observed = observe(c.endpoint, c.chunks, c.maxEventChars);
  const problems = [...observed.broken];
  let mismatches = diff(observed, expected, 'chunked');

  let whole: Observed | undefined;
  if (c.chunks.length !== 1) {
    whole = observe(c.endpoint, [c.bytes], c.maxEventChars);
    problems.push(...whole.broken.map((b) => `whole: ${b}`));
    mismatches.push(...diff(whole, expected, 'whole'));
    if (JSON.stringify(whole.events) !== JSON.stringify(observed.events)) mismatches.push('events differ between chunked and whole-body reads');
  }

  let prefixText: string | undefined;
  if (c.original) {
    const at = firstDifference(c.original, c.bytes);
    prefixText = expectedOutcome(c.endpoint, parseSse(c.original.subarray(0, at), c.maxEventChars)).text;
    if (!observed.text.startsWith(prefixText)) mismatches.push(`text lost before the damage at byte ${at}: want prefix ${q(prefixText)}`);
    if (c.laterOnly) {
      if (observed.text !== prefixText) mismatches.push(`later-only damage: text ${q(observed.text)} ≠ undamaged prefix text ${q(prefixText)}`);
      // The oracle and the mutators must agree too; otherwise the fuzzer itself is wrong.
      if (expected.text !== prefixText) problems.push(`ORACLE: later-only damage but oracle text ${q(expected.text)} ≠ prefix ${q(prefixText)}`);
    }
  }

  const known: string[] = [];
  if (mismatches.length && !strict) {
    const label = explainKnown(c, expected, [observed, ...(whole ? [whole] : [])]);
    if (label) {
      known.push(label);
      mismatches = [];
    }
  }
  problems.push(...mismatches);
  return { problems, known, expected, observed, prefixText };
}

/** The known decoder issue(s) that account for every observation, if any (none are open). */
function explainKnown(_c: CaseInput, _expected: Expected, _observed: readonly Observed[]): string | undefined {
  return undefined;
}
