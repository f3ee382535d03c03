// `npm run bench`: every benchmark in one run against the local streaming server, then ONE markdown
// table (figure | value | target | comparison measured in the same run | status), written to
// bench/results/latest.md and latest.json, plus bench/results/latency.png (delta → DOM latency
// over a long answer). Steps: package (.vsix + production bundle sizes) → dev build (out/, source
// maps for the profiles) → bench:core → bench:render → extension host (bench:editor's file and
// e2e-exthost in one code-server) → the real workbench (e2e-workbench). A step that fails, times
// out or is missing shows as FAILED in the table. Options: --skip package,core,render,exthost,workbench
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ensureTools, NODE24, CODE_SERVER, CHROMIUM } from '../scripts/lib/tools.mjs';
import { latencySvg, svgToPng } from './lib/chart.mjs';
import { exthostRows, markdownTable, sizeRows, workbenchRows } from './lib/rows.mjs';
import { failure, runStep } from './lib/steps.mjs';
import { parseContext, parseCore, parseEditor, parseRender } from './lib/theirs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = path.join(ROOT, 'bench/results');
const MIN = 60_000;
const skipAt = process.argv.indexOf('--skip');
const skip = new Set(skipAt > 0 ? process.argv[skipAt + 1].split(',') : []);
const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const readJson = (f) => { try { return JSON.parse(fs.readFileSync(f, 'utf8')); } catch { return undefined; } };

/** The comparison for the extension bundle: the same build with undici's package entry instead of src/core/undici.ts's subset. */
async function wholeUndiciBytes() {
  const wholeUndici = {
    name: 'whole-undici',
    setup(build) {
      build.onResolve({ filter: /^\.\/undici$/ }, (args) => (/[\\/]src[\\/]core$/.test(args.resolveDir) ? { path: path.join(ROOT, 'node_modules/undici/index.js') } : undefined));
    },
  };
  const r = await esbuild.build({ entryPoints: [path.join(ROOT, 'src/extension.ts')], bundle: true, minify: true, legalComments: 'none', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], write: false, logLevel: 'error', plugins: [wholeUndici] });
  return r.outputFiles[0].contents.length;
}

async function sizes() {
  const one = (f) => { const b = fs.readFileSync(path.join(ROOT, 'dist', f)); return { bytes: b.length, gzip: gzipSync(b, { level: 9 }).length }; };
  return { extension: one('extension.js'), webview: one('webview.js'), css: one('webview.css'), extensionWholeUndici: await wholeUndiciBytes().catch(() => undefined) };
}

/** Where the time went: the top of each profile, for the owners (full files in bench/results/). */
function profiles(wb, x) {
  const top = (p, n = 6) => (p?.topFunctions ?? []).slice(0, n).map((f) => `  - ${f.selfMs} ms (${f.pct}%) ${f.where}`).join('\n');
  const parts = [];
  if (wb?.profiled?.profile) parts.push(`Webview JS self time, 100 KB answer (V8 profile of the webview's frame; ${wb.profiled.profile.busyMs} ms busy, GC ${wb.profiled.profile.gcMs} ms; bench/results/webview.cpuprofile):\n${top(wb.profiled.profile)}`);
  const thread = wb?.runs?.big?.traceSummary?.find((t) => t.frames.includes('webview'));
  if (thread) parts.push(`Renderer main thread shared by workbench + webview during the 100 KB answer (Chromium trace, self time by event; bench/results/workbench-trace.json):\n  ${thread.selfByName.slice(0, 8).map((e) => `${e.name} ${e.ms} ms`).join(', ')}`);
  if (x?.profile) parts.push(`Extension host, one chat turn of 10,000 deltas at 2,000 tok/s (node:inspector profile; ${x.profile.busyMs} ms busy; bench/results/exthost.cpuprofile):\n${top(x.profile)}`);
  return parts.length ? `\n${parts.join('\n\n')}\n` : '';
}

async function main() {
  const t0 = Date.now();
  fs.mkdirSync(RESULTS, { recursive: true });
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model.trim(), memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}`, loadStart: load() };
  console.log(`[bench] ${machine.cpus} × ${machine.cpuModel}, ${machine.memGiB} GiB, ${machine.platform}, Node ${machine.node}; load average ${machine.loadStart}`);
  await ensureTools();
  const steps = {};
  const rows = [];
  const env24 = { STREAM_ASSIST_NODE24: NODE24, STREAM_ASSIST_CODE_SERVER: CODE_SERVER };

  // Sizes of what ships: the production build that `npm run package` makes (no source maps).
  let size;
  const vsixFile = path.join(RESULTS, 'stream-assist.vsix');
  if (!skip.has('package')) {
    steps.package = await runStep('package', process.execPath, ['scripts/package.mjs'], { cwd: ROOT, env: { STREAM_ASSIST_VSIX: vsixFile }, timeoutMs: 4 * MIN });
    if (steps.package.ok) size = { ...(await sizes()), vsix: fs.statSync(vsixFile).size };
  }
  // Dev build: out/ for the benchmarks, linked source maps so profiles map back to src/.
  steps.build = await runStep('build', process.execPath, ['esbuild.config.mjs', '--quiet'], { cwd: ROOT, timeoutMs: 4 * MIN });
  if (!steps.build.ok) {
    console.log('[bench] the build failed: nothing to measure');
    process.exit(1);
  }
  if (!size && skip.has('package')) size = { ...(await sizes()), vsix: fs.existsSync(vsixFile) ? fs.statSync(vsixFile).size : 0 };

  if (!skip.has('core')) {
    steps.core = await runStep('bench:core', process.execPath, ['out/bench/core.bench.js'], { cwd: ROOT, timeoutMs: 4 * MIN });
    rows.push(...(steps.core.ok ? parseCore(steps.core.out) : [{ figure: 'bench:core', value: failure(steps.core, 'bench:core'), target: '', comparison: '', status: 'FAILED' }]));
  }
  if (!skip.has('render')) {
    if (!fs.existsSync(path.join(ROOT, 'out/bench/render.bench.js'))) rows.push({ figure: 'bench:render', value: 'missing (bench/render.bench.ts)', target: '', comparison: '', status: 'FAILED' });
    else {
      steps.render = await runStep('bench:render', process.execPath, ['out/bench/render.bench.js'], { cwd: ROOT, timeoutMs: 4 * MIN });
      rows.push(...(/targets \(whole stream/.test(steps.render.out) ? parseRender(steps.render.out) : [{ figure: 'bench:render', value: failure(steps.render, 'bench:render'), target: '', comparison: '', status: 'FAILED' }]));
    }
  }

  // One code-server for both extension-host benchmarks (bench:editor's file, then ours).
  let exthost;
  const exthostOut = path.join(RESULTS, 'e2e-exthost.json');
  if (!skip.has('exthost')) {
    fs.rmSync(exthostOut, { force: true });
    const editorFile = 'out/bench/editor.bench.js';
    const hasEditor = fs.existsSync(path.join(ROOT, editorFile));
    const files = [...(hasEditor ? [editorFile] : []), 'out/bench/context.bench.js', 'out/bench/e2e-exthost.bench.js'].join(',');
    steps.exthost = await runStep('extension host: bench:editor + e2e-exthost', process.execPath, ['scripts/lib/exthost.mjs'], {
      cwd: ROOT, env: { ...env24, STREAM_ASSIST_EXTHOST_FILES: files, STREAM_ASSIST_BENCH_OUT: exthostOut, STREAM_ASSIST_EXTHOST_TIMEOUT_MS: String(7 * MIN) }, timeoutMs: 8 * MIN,
    });
    rows.push(...(hasEditor ? parseEditor(steps.exthost.out) : [{ figure: 'bench:editor', value: 'missing (bench/editor.bench.ts)', target: '', comparison: '', status: 'FAILED' }]));
    rows.push(...parseContext(steps.exthost.out));
    exthost = readJson(exthostOut);
  }

  let workbench;
  const wbOut = path.join(RESULTS, 'e2e-workbench.json');
  if (!skip.has('workbench')) {
    fs.rmSync(wbOut, { force: true });
    steps.workbench = await runStep('workbench: e2e-workbench', process.execPath, ['out/bench/e2e-workbench.js', wbOut], { cwd: ROOT, env: env24, timeoutMs: 8 * MIN });
    workbench = readJson(wbOut);
  }

  rows.push(...workbenchRows(workbench, skip.has('workbench') ? 'skipped' : steps.workbench && !workbench ? failure(steps.workbench, 'e2e-workbench') : undefined));
  rows.push(...exthostRows(exthost, skip.has('exthost') ? 'skipped' : steps.exthost && !exthost ? failure(steps.exthost, 'e2e-exthost') : undefined));
  rows.push(...sizeRows(size, steps.package && !steps.package.ok ? failure(steps.package, 'npm run package') : undefined));

  // The chart: delta → DOM latency over each latency run.
  let chart;
  if (workbench?.runs?.slow?.latency && workbench?.runs?.fast?.latency) {
    const p = (r, title) => ({ title: `${title}: ${r.latency.dom.n} deltas, p50 ${r.latency.dom.p50.toFixed(0)} / p95 ${r.latency.dom.p95.toFixed(0)} / p99 ${r.latency.dom.p99.toFixed(0)} ms`, points: r.latency.points, arrivalPoints: r.latency.arrivalPoints, target: 50, p95: r.latency.dom.p95 });
    const svg = latencySvg([p(workbench.runs.slow, 'Delta → DOM latency at 50 tokens/s'), p(workbench.runs.fast, 'Delta → DOM latency at 2,000 tokens/s')], `Stream Assist chat webview in code-server + headless Chromium, ${new Date().toISOString().slice(0, 16)}Z, ${machine.cpus} CPUs, load average ${load()}. x: when the server sent the delta; y: until its text was in the webview DOM (blue) / until the host's patch with it reached the webview (grey).`);
    fs.writeFileSync(path.join(RESULTS, 'latency.svg'), svg);
    try {
      await svgToPng(svg, path.join(RESULTS, 'latency.png'), CHROMIUM);
      chart = 'bench/results/latency.png';
    } catch (e) {
      console.log(`[bench] chart: ${e.message}`);
    }
  }

  machine.loadEnd = load();
  const header = `Stream Assist benchmarks, ${new Date().toISOString().slice(0, 16)}Z — ${machine.cpus} × ${machine.cpuModel}, ${machine.memGiB} GiB, ${machine.platform}, Node ${machine.node}; load average ${machine.loadStart} at start, ${machine.loadEnd} at the end; whole run ${((Date.now() - t0) / 1000).toFixed(0)} s.`;
  const table = markdownTable(rows);
  const text = `${header}\n\n${table}\n${chart ? `\nChart: ${chart}\n` : ''}${profiles(workbench, exthost)}`;
  fs.writeFileSync(path.join(RESULTS, 'latest.md'), text);
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify({ when: new Date().toISOString(), machine, rows, sizes: size, workbench, exthost, steps: Object.fromEntries(Object.entries(steps).map(([k, s]) => [k, { ok: s.ok, code: s.code, ms: s.ms, timedOut: s.timedOut }])), chart }, null, 1));
  console.log(`\n${text}`);
  console.log('[bench] wrote bench/results/latest.md, latest.json');
  process.exit(rows.some((r) => r.status === 'FAILED') ? 1 : 0);
}

main().catch((e) => {
  console.error(`[bench] ${e?.stack || e}`);
  process.exit(1);
});
