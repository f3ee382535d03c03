// Issue 8 item 2: the stream decoder under ≥10 000 seeded, randomly damaged and randomly chunked
// protocol vectors. Scale with FUZZ_CASES, pick the run with FUZZ_SEED, replay one case with
// FUZZ_CASE, fail on known issues too with FUZZ_STRICT=1. Properties: see test/fuzz/check.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReport, runFuzz } from '../fuzz/runner';

const env = (k: string): number | undefined => (process.env[k] ? Number(process.env[k]) : undefined);
const cases = env('FUZZ_CASES') ?? 10_000;
const seed = env('FUZZ_SEED') ?? 20261121;
const only = env('FUZZ_CASE');
/** Heap left after gc at the end of the run, over what it was at the start. */
const HEAP_GROWTH_LIMIT_MB = 32;
/** CPU time per case (not wall time, so machine load does not matter); typical cases take under 5 ms. */
const PER_CASE_MS = 2000;

test(`decoder fuzz: ${only !== undefined ? `case ${only}` : `${cases} cases`}, seed ${seed}`, { timeout: 10 * 60_000 }, (t) => {
  const r = runFuzz({ cases, seed, only, perCaseMs: PER_CASE_MS, strict: process.env.FUZZ_STRICT === '1', shrinkLimit: 5 });
  const text = formatReport(r);
  console.log(text);
  if (r.failures.length) {
    const file = join(tmpdir(), `stream-assist-fuzz-${seed}.json`);
    writeFileSync(file, JSON.stringify(r.failures, null, 1));
    console.log(`  full failure details and reproductions: ${file}`);
  }
  t.diagnostic(text.split('\n')[0]!);
  assert.equal(r.cases, only !== undefined ? 1 : cases, 'cases run');
  assert.ok(r.heapEndMb - r.heapStartMb < HEAP_GROWTH_LIMIT_MB, `heap grew ${r.heapStartMb} → ${r.heapEndMb} MB`);
  assert.equal(r.failedCases, 0, `${r.failedCases} failing cases (first ones above)`);
});
