// UI test runner: mocha in Node over out/test/ui/**/*.ui.test.js (each file starts its own
// code-server + Chromium through test/ui/fixture.ts). Run after the build:
// `node scripts/lib/ui.mjs [--grep P] [files…]`; prints mocha's spec report and a last line `N passed, N failed`.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// *.ui.test.js under out/test/ui whose .ts source still exists (out/ is never cleaned).
function uiTests() {
  const src = path.join(ROOT, 'test/ui');
  return fs.readdirSync(src, { recursive: true }).map(String).filter((f) => f.endsWith('.ui.test.ts'))
    .map((f) => path.join(ROOT, 'out/test/ui', f.replace(/\.ts$/, '.js'))).filter((f) => fs.existsSync(f)).sort();
}

let grep;
const named = [];
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === '--grep') grep = process.argv[++i];
  else named.push(process.argv[i]);
}
const files = named.length ? named.map((f) => path.resolve(f)) : uiTests();
if (!files.length) { console.log('[ui] no UI tests found'); console.log('0 passed, 0 failed'); process.exit(0); }

const args = [path.join(ROOT, 'node_modules/mocha/bin/mocha.js'), '--reporter', 'spec', '--no-color', '--timeout', '120000', '--exit', ...(grep ? ['--grep', grep] : []), ...files];
const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
// Forward a harness timeout/Ctrl-C so mocha's code-server/Chromium are cleaned up by their own handlers.
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  const passed = Number(out.match(/^\s*(\d+) passing/m)?.[1] ?? 0);
  const failedN = Number(out.match(/^\s*(\d+) failing/m)?.[1] ?? 0);
  const finished = /^\s*\d+ passing/m.test(out) || /^\s*\d+ failing/m.test(out);
  if (!finished) {
    console.log(`[ui] mocha ended without a summary (exit ${code ?? signal}): counted as a failure`);
    console.log(`${passed} passed, ${Math.max(1, failedN)} failed`);
    process.exit(1);
  }
  const failed = code !== 0 && failedN === 0 ? 1 : failedN; // e.g. a crash after the summary
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
});
