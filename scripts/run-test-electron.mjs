// `npm run test:desktop`: the same extension-host suite (out/test/exthost/index.js, standard run())
// in VS Code desktop through @vscode/test-electron. It downloads VS Code from Microsoft's update
// server, so it works only where that host is reachable (not on the npm-only CI machines, where
// `npm test` runs the suite in code-server instead). The report lands in STREAM_ASSIST_TEST_REPORT.
import { runTests } from '@vscode/test-electron';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-desktop-'));
const report = path.join(dir, 'report.txt');
const workspace = path.join(dir, 'ws');
fs.mkdirSync(workspace);
fs.writeFileSync(path.join(workspace, 'sample.ts'), 'export function add(a: number, b: number): number {\n  return a + b;\n}\n');
fs.writeFileSync(path.join(workspace, 'notes.md'), '# Notes\n\nSome text to rewrite.\n');
let code = 1;
try {
  await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'out/test/exthost/index'),
    vscodeExecutablePath: process.env.VSCODE_EXE || undefined,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--no-sandbox', '--disable-gpu'],
    extensionTestsEnv: { STREAM_ASSIST_TEST_REPORT: report, NO_COLOR: '1' },
  });
  code = 0;
} catch (e) {
  console.error('runTests failed:', e?.message ?? e);
}
if (fs.existsSync(report)) process.stdout.write(fs.readFileSync(report, 'utf8'));
fs.rmSync(dir, { recursive: true, force: true });
process.exit(code);
