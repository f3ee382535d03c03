// Harness smoke test, inside the real extension host: the extension is found and activates, and
// every command package.json contributes is registered. Also measures activation time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StreamAssistApi } from '../../src/extension';
import { report } from './index';

const EXTENSION_ID = 'stream-assist.stream-assist';

describe('harness smoke (extension host)', () => {
  let extension: vscode.Extension<StreamAssistApi>;

  before(async () => {
    const found = vscode.extensions.getExtension<StreamAssistApi>(EXTENSION_ID);
    assert.ok(found, `extension ${EXTENSION_ID} is loaded`);
    extension = found;
  });

  it('activates', async () => {
    // onStartupFinished may have activated it already; either way activate() resolves once it is up.
    const wasActive = extension.isActive;
    const t0 = performance.now();
    const api = await extension.activate();
    const ms = performance.now() - t0;
    assert.ok(extension.isActive);
    assert.ok(api, 'the test host gets the live objects');
    // The extension's own clock (createServices() → activate() returned), logged as "activated in N ms".
    const own = api.services.activation.activateMs;
    report(`    activation: ${wasActive ? 'already active when this test ran' : `extension.activate() took ${ms.toFixed(1)} ms (incl. loading the bundle)`}` +
      (typeof own === 'number' ? `; extension's own measure ${own.toFixed(1)} ms` : ''));
  });

  it('hands out the live objects only because this host runs in ExtensionMode.Test', async () => {
    // The decision itself is unit-tested for every mode (test/unit/exports-policy.test.ts); here: the real mode of this host.
    const live = await extension.activate();
    assert.ok(live?.services, 'live services in the test host');
    assert.equal(extension.exports, live);
  });

  it('registers every command in package.json contributes.commands', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(extension.extensionPath, 'package.json'), 'utf8')) as {
      contributes: { commands: { command: string }[] };
    };
    const declared = pkg.contributes.commands.map((c) => c.command);
    assert.ok(declared.length > 0);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `commands declared but not registered: ${missing.join(', ')}`);
  });

  it('runs in a real VS Code with the sample workspace open', () => {
    assert.ok(vscode.version);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    assert.ok(fs.existsSync(path.join(folder.uri.fsPath, 'sample.ts')), 'sample.ts in the workspace');
    report(`    VS Code ${vscode.version} (${vscode.env.appName}), extension host Node ${process.version}`);
  });
});
