// The standard `run()` of an extensionTestsPath module: VS Code's extension host (code-server's, or
// @vscode/test-electron's desktop one) loads this file and awaits run(). It runs mocha (bdd) over
// out/test/exthost/**/*.test.js, or over the files named in STREAM_ASSIST_EXTHOST_FILES (the benchmark hook).
// The extension host's console cannot be captured, so the report goes to the file named by
// STREAM_ASSIST_TEST_REPORT (code-server's environment reaches the extension host); it ends with
// the line `N passed, N failed` that scripts/lib/exthost.mjs reads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
import Mocha from 'mocha';

const reportFile = process.env.STREAM_ASSIST_TEST_REPORT;

/** Append a line to the harness report (benchmarks print their numbers with it). Also goes to the console. */
export function report(...args: unknown[]): void {
  const line = util.format(...args);
  if (reportFile) fs.appendFileSync(reportFile, line + '\n');
  console.log(line);
}

// *.test.js under out/test/exthost whose test/exthost/…ts source still exists (out/ is never cleaned).
function testFiles(dir: string, srcDir: string): string[] {
  const found: string[] = [];
  const checkSource = fs.existsSync(srcDir);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...testFiles(p, path.join(srcDir, entry.name)));
    else if (entry.name.endsWith('.test.js') && (!checkSource || fs.existsSync(path.join(srcDir, entry.name.replace(/\.js$/, '.ts'))))) found.push(p);
  }
  return found.sort();
}

export function run(): Promise<void> {
  // Mocha's reporters print through Base.consoleLog: send it to the report file as well.
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void; useColors: boolean };
  const original = base.consoleLog;
  base.consoleLog = (...a: unknown[]) => {
    if (reportFile) fs.appendFileSync(reportFile, util.format(...a) + '\n');
    original(...a);
  };
  base.useColors = false; // CI=true makes supports-color say yes whatever NO_COLOR says
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: 60_000 });
  const grep = process.env.STREAM_ASSIST_GREP;
  if (grep) mocha.grep(grep);
  const root = path.resolve(__dirname, '../../..');
  const only = process.env.STREAM_ASSIST_EXTHOST_FILES;
  const files = only ? only.split(',').map((f) => path.resolve(root, f.trim())) : testFiles(__dirname, path.join(root, 'test/exthost'));
  for (const f of files) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const { passes = 0, pending = 0 } = runner.stats ?? {};
        if (pending) base.consoleLog(`${pending} pending`);
        base.consoleLog(`${passes} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} extension-host tests failed`));
        else resolve();
      });
    } catch (e) {
      // A test file that throws while loading: report it as one failure rather than nothing.
      base.consoleLog(`error loading the tests: ${e instanceof Error ? e.stack : String(e)}`);
      base.consoleLog('0 passed, 1 failed');
      reject(e);
    }
  });
}
