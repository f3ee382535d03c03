// The decoder fuzz loop: seeded cases (vector × 1–3 mutations × read boundaries × size bound),
// each judged by checkCase, with per-case time and whole-run heap bounds, and a summary.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DEFAULT_MAX_EVENT_CHARS, type Endpoint } from '../../src/core';
import { checkCase } from './check';
import { chooseChunking, chunk, type Chunking } from './chunker';
import { loadCorpus, type Seed } from './corpus';
import { MUTATORS, type Mutator } from './mutators';
import { Rng } from './prng';
import { shrink, type Repro } from './shrink';

export interface FuzzOptions {
  cases: number;
  seed: number;
  /** Run only this case number (replay). */
  only?: number;
  /** Most CPU time a single case's decoding may take. */
  perCaseMs: number;
  strict: boolean;
  /** Shrink at most this many failures (each up to 3 s). */
  shrinkLimit: number;
}

export interface Failure {
  caseNo: number;
  vector: string;
  endpoint: Endpoint;
  ops: string[];
  chunking: Chunking;
  maxEventChars: number;
  problems: string[];
  repro?: Repro;
}

export interface FuzzReport {
  seed: number;
  cases: number;
  ms: number;
  maxCaseMs: number;
  maxCaseCpuMs: number;
  slowestCase: number;
  bytes: number;
  reads: number;
  ops: Record<string, number>;
  chunkings: Record<string, number>;
  endings: Record<string, number>;
  known: Record<string, number>;
  /** Cases whose damage made the decoder end with an error (faults survived). */
  faultsSurvived: number;
  heapStartMb: number;
  heapEndMb: number;
  heapPeakMb: number;
  failures: Failure[];
  failedCases: number;
}

const SIZE_OPS = new Set(['huge-line', 'line-at-limit']);

/** A real gc() for heap measurements without needing --expose-gc on the command line. */
function gcFunction(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const mb = (n: number): number => Math.round((n / 1048576) * 10) / 10;
const bump = (r: Record<string, number>, k: string): void => {
  r[k] = (r[k] ?? 0) + 1;
};

interface Case {
  seed: Seed;
  bytes: Uint8Array;
  ops: string[];
  laterOnly: boolean;
  maxEventChars: number;
  chunking: Chunking;
  chunks: Uint8Array[];
}

export function makeCase(corpus: readonly Seed[], rng: Rng): Case {
  const seed = rng.pick(corpus);
  const count = rng.chance(0.6) ? 1 : rng.chance(0.75) ? 2 : 3;
  const chosen: Mutator[] = Array.from({ length: count }, () => rng.pick(MUTATORS));
  // Small bounds keep huge lines cheap; a quarter of the other cases run with one too, so
  // long natural lines (the 70 000-character delta) meet the bound as well.
  const small = chosen.some((m) => SIZE_OPS.has(m.name)) || rng.chance(0.25);
  const maxEventChars = small ? rng.range(256, 4096) : DEFAULT_MAX_EVENT_CHARS;
  let bytes = seed.bytes;
  const ops: string[] = [];
  let laterOnly = true;
  for (const m of chosen) {
    const next = m.apply(rng, bytes, { maxEventChars });
    if (!next) continue;
    bytes = next;
    ops.push(m.name);
    laterOnly &&= m.laterOnly;
  }
  const chunking = chooseChunking(rng, bytes.length);
  return { seed, bytes, ops, laterOnly: laterOnly && ops.length > 0, maxEventChars, chunking, chunks: chunk(rng, bytes, chunking) };
}

export function runFuzz(opts: FuzzOptions): FuzzReport {
  const corpus = loadCorpus();
  const gc = gcFunction();
  gc();
  const heapStart = process.memoryUsage().heapUsed;
  let heapPeak = heapStart;
  const report: FuzzReport = {
    seed: opts.seed, cases: 0, ms: 0, maxCaseMs: 0, maxCaseCpuMs: 0, slowestCase: -1, bytes: 0, reads: 0, ops: {}, chunkings: {}, endings: {}, known: {},
    faultsSurvived: 0, heapStartMb: mb(heapStart), heapEndMb: 0, heapPeakMb: 0, failures: [], failedCases: 0,
  };
  const t0 = performance.now();
  const first = opts.only ?? 0;
  const last = opts.only ?? opts.cases - 1;
  for (let n = first; n <= last; n++) {
    const c = makeCase(corpus, Rng.forCase(opts.seed, n));
    const v = checkCase({ endpoint: c.seed.endpoint, bytes: c.bytes, chunks: c.chunks, maxEventChars: c.maxEventChars, original: c.seed.bytes, laterOnly: c.laterOnly }, opts.strict);
    const problems = v.problems;
    if (v.observed.cpuMs > opts.perCaseMs) problems.push(`decoding took ${Math.round(v.observed.cpuMs)} ms of CPU (bound ${opts.perCaseMs} ms)`);
    report.cases++;
    report.maxCaseMs = Math.max(report.maxCaseMs, v.observed.ms);
    if (v.observed.cpuMs > report.maxCaseCpuMs) {
      report.maxCaseCpuMs = v.observed.cpuMs;
      report.slowestCase = n;
    }
    report.bytes += c.bytes.length;
    report.reads += c.chunks.length;
    for (const o of c.ops.length ? c.ops : ['(none)']) bump(report.ops, o);
    bump(report.chunkings, c.chunking);
    bump(report.endings, `${v.observed.outcome}/${v.observed.termination}`);
    for (const k of v.known) bump(report.known, k);
    if (c.ops.length && v.observed.outcome === 'error') report.faultsSurvived++;
    if (problems.length) {
      report.failedCases++;
      if (report.failures.length < 20) {
        const f: Failure = { caseNo: n, vector: c.seed.name, endpoint: c.seed.endpoint, ops: c.ops, chunking: c.chunking, maxEventChars: c.maxEventChars, problems };
        if (report.failures.length < opts.shrinkLimit) f.repro = shrink(c.seed.endpoint, c.bytes, c.maxEventChars);
        report.failures.push(f);
      }
    }
    if (n % 500 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }
  report.ms = Math.round(performance.now() - t0);
  report.maxCaseMs = Math.round(report.maxCaseMs * 10) / 10;
  report.maxCaseCpuMs = Math.round(report.maxCaseCpuMs * 10) / 10;
  gc();
  report.heapEndMb = mb(process.memoryUsage().heapUsed);
  report.heapPeakMb = mb(heapPeak);
  return report;
}

const clip = (s: string, n = 400): string => (s.length > n ? `${s.slice(0, n - 100)} …[${s.length - n + 50} more]… ${s.slice(-50)}` : s);

export function formatReport(r: FuzzReport): string {
  const list = (o: Record<string, number>): string => Object.entries(o).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  const lines = [
    `decoder fuzz: ${r.cases} cases, seed ${r.seed} (replay: FUZZ_SEED=${r.seed} FUZZ_CASE=n), ${(r.ms / 1000).toFixed(1)} s; slowest decode ${r.maxCaseMs} ms wall, ${r.maxCaseCpuMs} ms CPU (case ${r.slowestCase})`,
    `  ${mb(r.bytes)} MB in ${r.reads} reads; heap ${r.heapStartMb} → ${r.heapEndMb} MB after gc (peak sample ${r.heapPeakMb} MB)`,
    `  mutations: ${list(r.ops)}`,
    `  reads: ${list(r.chunkings)}`,
    `  endings: ${list(r.endings)}`,
    `  faults survived (damaged streams that ended in a clean error): ${r.faultsSurvived}`,
    `  known issues tolerated: ${Object.keys(r.known).length ? list(r.known) : 'none'}`,
    `  failed cases: ${r.failedCases}`,
  ];
  for (const f of r.failures) {
    lines.push(`  ✗ case ${f.caseNo} ${f.vector} [${f.ops.join(' + ') || 'no mutation'}] reads=${f.chunking} maxEventChars=${f.maxEventChars}`);
    for (const p of f.problems.slice(0, 4)) lines.push(`      ${clip(p.split('\n')[0]!)}`);
    if (f.repro) lines.push(`      minimal (${f.repro.endpoint}, ${f.repro.reads} reads, max ${f.repro.maxEventChars}, ${f.repro.body.length} chars): ${clip(JSON.stringify(f.repro.body))}${f.repro.bytesHex ? ` hex ${clip(f.repro.bytesHex)}` : ''}`);
  }
  return lines.join('\n');
}
