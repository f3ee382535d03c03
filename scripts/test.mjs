// `npm test`: tools → build → typecheck → unit → extension-host → UI tests, then per-suite counts
// and one closing line `N passed, N failed` over all suites. Exit 1 when anything failed, did not
// build, did not typecheck, crashed or timed out (a suite without a summary counts as 1 failure).
//   node scripts/test.mjs [--only unit|exthost|ui|bench-editor] [--grep PATTERN]
// Each suite runs as a child process in its own process group with a hard timeout
// (env STREAM_ASSIST_TIMEOUT_<SUITE>_MS); on timeout it gets SIGTERM (its code-server/Chromium are
// cleaned up by their handlers), then SIGKILL.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTools, NODE24, CODE_SERVER } from './lib/tools.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SUITES = ['unit', 'exthost', 'ui'];
const MIN = 60_000;
const TIMEOUTS = { build: 5 * MIN, typecheck: 10 * MIN, unit: 15 * MIN, exthost: 20 * MIN, ui: 30 * MIN, 'bench-editor': 20 * MIN };
const timeoutOf = (name) => Number(process.env[`STREAM_ASSIST_TIMEOUT_${name.toUpperCase().replace('-', '_')}_MS`] || TIMEOUTS[name]);

function parseArgs(argv) {
  const opts = { only: undefined, grep: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') opts.only = argv[++i];
    else if (argv[i] === '--grep') opts.grep = argv[++i];
    else throw new Error(`unknown argument ${argv[i]} (use --only unit|exthost|ui|bench-editor, --grep PATTERN)`);
  }
  if (opts.only && ![...SUITES, 'bench-editor'].includes(opts.only)) throw new Error(`--only ${opts.only}: expected unit, exthost, ui or bench-editor`);
  return opts;
}

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const stamp = () => new Date().toISOString().slice(11, 19);

/** Runs a command in its own process group, echoing its output; resolves with exit status and captured stdout. */
function runChild(name, cmd, args, { env = {}, timeoutMs = timeoutOf(name), label } = {}) {
  const shown = label ?? [cmd === process.execPath ? 'node' : cmd, ...args].map((a) => (path.relative(ROOT, a).startsWith('..') ? a : path.relative(ROOT, a) || a)).join(' ');
  console.log(`\n[test ${stamp()}] ── ${name}: ${shown}`);
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { process.stderr.write(d); });
    let timedOut = false;
    const kill = (sig) => { try { process.kill(-child.pid, sig); } catch { /* gone */ } };
    const timer = setTimeout(() => {
      timedOut = true;
      console.log(`\n[test] ${name} TIMED OUT after ${secs(timeoutMs)}: stopping it`);
      kill('SIGTERM');
      setTimeout(() => kill('SIGKILL'), 15_000).unref();
    }, timeoutMs);
    const onSignal = (sig) => { kill('SIGTERM'); setTimeout(() => { kill('SIGKILL'); process.exit(130); }, 5000).unref(); };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    child.on('error', (e) => { out += `\n${e.message}`; });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      kill('SIGKILL'); // anything the suite left in its group
      resolve({ code: code ?? 1, signal, out, timedOut, ms: Date.now() - t0 });
    });
  });
}

/** Compiled test files whose .ts source still exists (a deleted test must not run even if out/ kept it). */
function compiledTests(dir, suffix) {
  const src = path.join(ROOT, dir);
  if (!fs.existsSync(src)) return [];
  return fs.readdirSync(src, { recursive: true }).map(String).filter((f) => f.endsWith(suffix))
    .map((f) => path.join(ROOT, 'out', dir, f.replace(/\.ts$/, '.js'))).filter((f) => fs.existsSync(f)).sort();
}

function lastSummary(out) {
  const m = [...out.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
}

function result(name, r, counts, note = '') {
  if (r.timedOut) return { name, passed: counts?.passed ?? 0, failed: Math.max(1, counts?.failed ?? 0), ms: r.ms, note: 'TIMED OUT' };
  if (!counts) return { name, passed: 0, failed: 1, ms: r.ms, note: `crashed (exit ${r.signal ?? r.code}, no summary)` };
  // A non-zero exit with no failed test (e.g. an error after the tests) still fails the suite.
  if (r.code !== 0 && counts.failed === 0) return { name, ...counts, failed: 1, ms: r.ms, note: `exit ${r.code} with no failed test` };
  return { name, ...counts, ms: r.ms, note };
}

async function unitSuite(grep) {
  const files = compiledTests('test/unit', '.test.ts');
  if (!files.length) return { name: 'unit', passed: 0, failed: 0, ms: 0, note: 'no unit tests' };
  const tap = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sa-unit-')), 'unit.tap');
  const r = await runChild('unit', process.execPath, [
    '--test', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...(grep ? [`--test-name-pattern=${grep}`] : []), ...files,
  ], { label: `node --test ${grep ? `--test-name-pattern=${grep} ` : ''}out/test/unit/ (${files.length} files)` });
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  fs.rmSync(path.dirname(tap), { recursive: true, force: true });
  const n = (k) => Number(text.match(new RegExp(`^# ${k} (\\d+)$`, 'm'))?.[1] ?? 0);
  const counts = /^# pass \d+$/m.test(text) ? { passed: n('pass'), failed: n('fail') + n('cancelled') } : undefined;
  return result('unit', r, counts);
}

async function harnessSuite(name, script, { grep, env = {} } = {}) {
  const timeoutMs = timeoutOf(name);
  const r = await runChild(name, process.execPath, [path.join(ROOT, 'scripts/lib', script), ...(grep ? ['--grep', grep] : [])], {
    timeoutMs,
    env: {
      STREAM_ASSIST_NODE24: NODE24,
      STREAM_ASSIST_CODE_SERVER: CODE_SERVER,
      // The runner's own wait ends a little before the hard kill, so it can still screenshot and report.
      STREAM_ASSIST_EXTHOST_TIMEOUT_MS: process.env.STREAM_ASSIST_EXTHOST_TIMEOUT_MS || String(timeoutMs - Math.min(MIN, timeoutMs / 4)),
      ...env,
    },
  });
  return result(name, r, lastSummary(r.out));
}

async function main() {
  const t0 = Date.now();
  const opts = parseArgs(process.argv.slice(2));
  const selected = opts.only ? [opts.only] : SUITES;
  const results = [];
  const finish = () => {
    console.log(`\n[test ${stamp()}] ── summary (${secs(Date.now() - t0)})`);
    for (const r of results) console.log(`  ${r.name.padEnd(12)} ${r.passed} passed, ${r.failed} failed  (${secs(r.ms)})${r.note ? `  ${r.note}` : ''}`);
    const passed = results.reduce((a, r) => a + r.passed, 0);
    const failed = results.reduce((a, r) => a + r.failed, 0);
    console.log(`${passed} passed, ${failed} failed`);
    return failed ? 1 : 0;
  };

  if (selected.some((s) => s !== 'unit')) {
    const t = Date.now();
    console.log(`[test ${stamp()}] ── tools (Node 24, code-server, Chromium)`);
    try {
      await ensureTools();
    } catch (e) {
      console.log(`[test] tools: ${e.message}`);
      results.push({ name: 'tools', passed: 0, failed: 1, ms: Date.now() - t, note: 'could not install the tools' });
      return finish();
    }
  }

  const build = await runChild('build', process.execPath, ['esbuild.config.mjs', '--quiet']);
  if (build.code !== 0 || build.timedOut) {
    results.push({ name: 'build', passed: 0, failed: 1, ms: build.ms, note: 'build failed' });
    return finish();
  }

  if (!opts.only) {
    // Every project even when the first fails, so one run shows every type error.
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const a = await runChild('typecheck', process.execPath, [tsc, '-p', 'tsconfig.json']);
    const b = await runChild('typecheck', process.execPath, [tsc, '-p', 'src/webview/tsconfig.json']);
    const c = await runChild('typecheck', process.execPath, [tsc, '-p', 'test/webview-harness/tsconfig.json']);
    const bad = [a, b, c].filter((r) => r.code !== 0 || r.timedOut).length;
    results.push({ name: 'typecheck', passed: 0, failed: bad, ms: a.ms + b.ms + c.ms, note: bad ? 'type errors (see above)' : 'ok' });
    // The layer rules (eslint.config.mjs) and dead code (knip.jsonc): each a failure of its own.
    for (const [name, bin, args] of [['lint', 'eslint/bin/eslint.js', ['.', '--max-warnings', '0']], ['dead-code', 'knip/bin/knip.js', []]]) {
      const r = await runChild(name, process.execPath, [path.join(ROOT, 'node_modules', bin), ...args], { timeoutMs: timeoutOf('typecheck') });
      const failed = r.code !== 0 || r.timedOut;
      results.push({ name, passed: 0, failed: failed ? 1 : 0, ms: r.ms, note: failed ? 'see above' : 'ok' });
    }
  }

  for (const suite of selected) {
    if (suite === 'unit') results.push(await unitSuite(opts.grep));
    if (suite === 'exthost') results.push(await harnessSuite('exthost', 'exthost.mjs', { grep: opts.grep }));
    if (suite === 'ui') results.push(await harnessSuite('ui', 'ui.mjs', { grep: opts.grep }));
    if (suite === 'bench-editor') {
      const bench = path.join(ROOT, 'out/bench/editor.bench.js');
      if (!fs.existsSync(bench)) {
        results.push({ name: 'bench-editor', passed: 0, failed: 1, ms: 0, note: 'out/bench/editor.bench.js missing (bench/editor.bench.ts, a mocha bdd file)' });
        continue;
      }
      results.push(await harnessSuite('bench-editor', 'exthost.mjs', { grep: opts.grep, env: { STREAM_ASSIST_EXTHOST_FILES: bench } }));
    }
  }
  return finish();
}

main().then((code) => process.exit(code), (e) => {
  console.error(`[test] ${e?.stack || e}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
