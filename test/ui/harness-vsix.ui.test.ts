// The packaged extension: `scripts/package.mjs --no-build` packs the current build into a .vsix,
// code-server installs it with --install-extension (no symlink, no development path), and it
// activates: the status bar item appears and the log reports the activation time.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startWorkbench, type Workbench } from './fixture';
import { PROJECT_ROOT, TMP_ROOT } from './fixture-codeserver';

describe('harness: the .vsix installs and activates (workbench UI)', function () {
  this.timeout(120_000);
  let wb: Workbench | undefined;
  let dir: string;
  let vsix: string;

  before(async function () {
    this.timeout(240_000);
    fs.mkdirSync(TMP_ROOT, { recursive: true });
    dir = fs.mkdtempSync(path.join(TMP_ROOT, 'vsix-'));
    vsix = path.join(dir, 'stream-assist.vsix');
    const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts/package.mjs'), '--no-build'], {
      cwd: PROJECT_ROOT, env: { ...process.env, STREAM_ASSIST_VSIX: vsix }, encoding: 'utf8', timeout: 180_000,
    });
    assert.equal(r.status, 0, `packaging failed:\n${r.stdout}\n${r.stderr}`);
    console.log(`      .vsix size: ${(fs.statSync(vsix).size / 1024).toFixed(1)} KiB`);
    wb = await startWorkbench({ extension: { vsix } });
    await wb.openWorkbench();
  });
  after(async () => {
    await wb?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is installed as a regular extension (not a symlink)', () => {
    const installed = fs.readdirSync(wb!.codeServer.dirs.extensions).filter((d) => d.startsWith('stream-assist.stream-assist-'));
    assert.equal(installed.length, 1, `installed: ${installed.join(', ')}`);
    assert.ok(!fs.lstatSync(path.join(wb!.codeServer.dirs.extensions, installed[0]!)).isSymbolicLink());
  });

  it('activates: the status bar item appears and the log reports the activation time', async () => {
    assert.ok(await wb!.statusBarItem('Stream Assist').isVisible());
    await wb!.runCommand('Show Log');
    const line = wb!.page.locator('.part.panel .view-lines', { hasText: /activated\s+in\s+[\d.]+\s+ms/ });
    await line.waitFor({ timeout: 30_000 });
    const ms = /activated\s+in\s+([\d.]+)\s+ms/.exec(await line.innerText())?.[1];
    console.log(`      activation (extension's own log, installed .vsix): ${ms} ms`);
    await wb!.screenshot('harness-vsix-activated');
  });
});
