// Extension-host test runner: code-server with the smoke-test driver on, the workbench opened in
// Chromium with the `payload` query (extensionDevelopmentPath = project root, extensionTestsPath =
// out/test/exthost/index), so VS Code itself loads the project as a development extension and runs
// our mocha suite inside its real extension host. The workbench calls window.codeAutomationExit(code)
// when run() settles. The suite writes its report to STREAM_ASSIST_TEST_REPORT; we stream it out.
// Run after the build: `node scripts/lib/exthost.mjs [--grep P]`; last line `N passed, N failed`.
// Env: STREAM_ASSIST_EXTHOST_FILES (files instead of the test glob: the benchmark hook),
//      STREAM_ASSIST_EXTHOST_TIMEOUT_MS (default 20 min), VERBOSE=1 (workbench log).
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const { startCodeServer, TMP_ROOT } = require(path.join(ROOT, 'out/test/ui/fixture-codeserver.js'));
const { launchChromium } = require(path.join(ROOT, 'out/test/ui/fixture-chromium.js'));

const TIMEOUT = Number(process.env.STREAM_ASSIST_EXTHOST_TIMEOUT_MS || 20 * 60_000);
const grepAt = process.argv.indexOf('--grep');
const grep = grepAt > 0 ? process.argv[grepAt + 1] : process.env.STREAM_ASSIST_GREP;

/** Prints what the suite appended to the report file since the last call. */
function tailer(file) {
  let pos = 0;
  return () => {
    if (!fs.existsSync(file)) return;
    const buf = fs.readFileSync(file);
    if (buf.length > pos) { process.stdout.write(buf.subarray(pos)); pos = buf.length; }
  };
}

async function main() {
  const t0 = Date.now();
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  const reportDir = fs.mkdtempSync(path.join(TMP_ROOT, 'exthost-'));
  const reportFile = path.join(reportDir, 'report.txt');
  process.once('exit', () => fs.rmSync(reportDir, { recursive: true, force: true })); // also when stopped by a signal
  const env = { STREAM_ASSIST_TEST_REPORT: reportFile, ...(grep ? { STREAM_ASSIST_GREP: grep } : {}) };
  const cs = await startCodeServer({ smokeTestDriver: true, env });
  console.log(`[exthost] code-server ${cs.url} up in ${Date.now() - t0} ms`);
  const browser = await launchChromium();
  const flush = tailer(reportFile);
  const timer = setInterval(flush, 500);
  let exitCode = 1;
  try {
    const { page } = browser;
    let settle;
    const done = new Promise((r) => (settle = r));
    await page.exposeFunction('codeAutomationExit', (code) => settle(Number(code)));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      if (process.env.VERBOSE) console.log('[workbench]', type, ...(args || []));
    });
    page.on('pageerror', (e) => process.env.VERBOSE && console.log('[pageerror]', e.message));
    const url = cs.workbenchUrl({
      payload: [
        ['extensionDevelopmentPath', cs.remoteUri(ROOT)],
        ['extensionTestsPath', cs.remoteUri(path.join(ROOT, 'out/test/exthost/index'))],
      ],
    });
    await page.goto(url);
    let timeout;
    const res = await Promise.race([done, new Promise((r) => (timeout = setTimeout(() => r('timeout'), TIMEOUT)))]);
    clearTimeout(timeout);
    if (res === 'timeout') {
      const shot = path.join(ROOT, 'test-results/screenshots/exthost-timeout.png');
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.screenshot({ path: shot }).catch(() => undefined);
      console.log(`[exthost] TIMEOUT after ${TIMEOUT / 1000} s waiting for the suite to finish (screenshot ${shot})`);
    } else exitCode = res;
  } finally {
    clearInterval(timer);
    flush();
    await browser.close();
    await cs.stop();
  }
  const text = fs.existsSync(reportFile) ? fs.readFileSync(reportFile, 'utf8') : '';
  fs.rmSync(reportDir, { recursive: true, force: true });
  const summary = [...text.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
  console.log(`[exthost] exit code ${exitCode}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (!summary) {
    // run() never started or never finished: a crash, counted as one failure.
    console.log(text ? '[exthost] the suite did not finish' : '[exthost] no report: the tests never started (extension or index failed to load?)');
    console.log('0 passed, 1 failed');
    return 1;
  }
  const [passed, failed] = [Number(summary[1]), Number(summary[2])];
  if (exitCode !== 0 && failed === 0) { console.log(`${passed} passed, 1 failed`); return 1; }
  console.log(`${passed} passed, ${failed} failed`);
  return exitCode === 0 && failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
  console.error('[exthost] harness error:', e?.stack || e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
