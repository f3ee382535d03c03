// Where the CPU time went, from a V8 .cpuprofile (CDP Profiler or node:inspector): self time per
// function and per original source file, with minified dist/*.js positions mapped back through
// their linked source maps (node:module's SourceMap), so owners get file:line, not `a.b`.
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface HotSpot {
  selfMs: number;
  pct: number;
  where: string;
}

export interface ProfileSummary {
  totalMs: number;
  /** Busy (non-idle, non-program, non-GC) share of the profiled time. */
  busyMs: number;
  gcMs: number;
  topFunctions: HotSpot[];
  topFiles: HotSpot[];
}

const maps = new Map<string, SourceMap | null>();

/** The source map of a bundle in dist/ (the dev build links one), or null. */
function mapFor(root: string, url: string): { map: SourceMap; dir: string } | null {
  const m = /dist\/(extension|webview|cli)\.js/.exec(url);
  if (!m) return null;
  const file = path.join(root, 'dist', `${m[1]}.js.map`);
  if (!maps.has(file)) {
    try {
      maps.set(file, new SourceMap(JSON.parse(fs.readFileSync(file, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]));
    } catch {
      maps.set(file, null);
    }
  }
  const map = maps.get(file);
  return map ? { map, dir: path.join(root, 'dist') } : null;
}

function shortUrl(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm);
  return url.replace(/^.*\/(out|lib)\/vs\//, 'vs/').replace(/^file:\/\//, '').replace(/\?.*$/, '');
}

/** Original file:line (and name) of a frame, or its URL when it is not ours. */
function locate(root: string, cf: CallFrame): { where: string; file: string } {
  const found = mapFor(root, cf.url);
  if (found) {
    const e = found.map.findEntry(cf.lineNumber, cf.columnNumber) as { originalSource?: string; originalLine?: number; name?: string };
    if (e && e.originalSource) {
      const rel = path.relative(root, path.resolve(found.dir, e.originalSource.replace(/^file:\/\//, '')));
      const fileShown = rel.includes('node_modules/') ? rel.slice(rel.lastIndexOf('node_modules/')) : rel;
      // V8 names the function; the map gives its file (the line is where the minified function starts).
      return { where: `${cf.functionName || e.name || '(anonymous)'} (${fileShown}:${(e.originalLine ?? 0) + 1})`, file: fileShown };
    }
  }
  const file = shortUrl(cf.url);
  return { where: `${cf.functionName || '(anonymous)'} ${file}:${cf.lineNumber + 1}`, file };
}

export function summarizeProfile(profile: CpuProfile, root: string, top = 12, filter?: (url: string) => boolean): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const dt = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
    self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + dt);
  }
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  let busyMs = 0;
  let gcMs = 0;
  const fn = new Map<string, number>();
  const files = new Map<string, number>();
  for (const [id, ms] of self) {
    const cf = byId.get(id)?.callFrame;
    if (!cf) continue;
    if (cf.functionName === '(idle)' || cf.functionName === '(program)' || cf.functionName === '(root)') continue;
    if (cf.functionName === '(garbage collector)') {
      gcMs += ms;
      continue;
    }
    if (filter && !filter(cf.url)) continue;
    busyMs += ms;
    const { where, file } = locate(root, cf);
    fn.set(where, (fn.get(where) ?? 0) + ms);
    files.set(file, (files.get(file) ?? 0) + ms);
  }
  const rank = (m: Map<string, number>): HotSpot[] =>
    [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([where, ms]) => ({ where, selfMs: Number(ms.toFixed(1)), pct: Number(((100 * ms) / Math.max(busyMs, 1e-9)).toFixed(1)) }));
  return { totalMs: Number(totalMs.toFixed(0)), busyMs: Number(busyMs.toFixed(1)), gcMs: Number(gcMs.toFixed(1)), topFunctions: rank(fn), topFiles: rank(files) };
}
