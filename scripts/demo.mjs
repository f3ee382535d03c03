// `npm run demo`: the local streaming server (Writer API, realistic ~50 tokens/s) and code-server with
// Stream Assist installed, its settings pointed at that server and a demo key stored; prints the URL.
// `npm run demo -- --check [--out DIR]`: the same, driven headlessly through a short scripted
// session (scripts/lib/demo-check.mjs) with screenshots; exit 0 only when every step worked.
// Options: --port N (code-server port; default a free one), --host H (default 127.0.0.1).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTools } from './lib/tools.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const check = process.argv.includes('--check');
/** The key the demo server accepts. Not a secret: it only opens the local demo server. */
const DEMO_KEY = 'sa-demo-key-local-only';

/**
 * A tiny extension installed next to Stream Assist: on startup it stores the demo key through the
 * public command argument form (`streamAssist.setApiKey` with `{ apiKey }`), so the key goes to
 * SecretStorage the same way a user's does, and never into settings.
 */
function writeBootstrap(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'demo-bootstrap', publisher: 'stream-assist-demo', version: '0.0.1', engines: { vscode: '^1.90.0' },
    main: './extension.js', activationEvents: ['onStartupFinished'], extensionDependencies: ['stream-assist.stream-assist'],
  }, null, 2));
  fs.writeFileSync(path.join(dir, 'extension.js'), `const vscode = require('vscode');
exports.activate = async () => {
  const key = process.env.STREAM_ASSIST_DEMO_KEY;
  if (!key) return;
  const r = await vscode.commands.executeCommand('streamAssist.setApiKey', { apiKey: key });
  if (!r || !r.stored) vscode.window.showErrorMessage('Demo: could not store the demo API key');
};\n`);
  return dir;
}

async function main() {
  const build = spawnSync(process.execPath, ['esbuild.config.mjs', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  await ensureTools();
  const { startStreamingServer } = require(path.join(ROOT, 'out/test/server/index.js'));
  const { startCodeServer, TMP_ROOT } = require(path.join(ROOT, 'out/test/ui/fixture-codeserver.js'));

  const server = await startStreamingServer({ apiKey: DEMO_KEY, tokensPerSecond: 50 });
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  const bootstrap = writeBootstrap(fs.mkdtempSync(path.join(TMP_ROOT, 'demo-bootstrap-')));
  process.on('exit', () => fs.rmSync(bootstrap, { recursive: true, force: true })); // Ctrl-C exits from the fixture's handler
  let cs;
  const cleanup = async () => {
    await cs?.stop();
    await server.close();
    fs.rmSync(bootstrap, { recursive: true, force: true });
  };
  try {
    cs = await startCodeServer({
      extensionsToLink: [ROOT, bootstrap],
      settings: { 'streamAssist.provider': 'writer', 'streamAssist.baseUrl': server.url },
      env: { STREAM_ASSIST_DEMO_KEY: DEMO_KEY },
      port: arg('--port') ? Number(arg('--port')) : undefined,
      host: arg('--host'),
    });
    if (check) {
      const { runDemoCheck } = await import('./lib/demo-check.mjs');
      const outDir = path.resolve(arg('--out') ?? path.join(ROOT, 'test-results/demo'));
      return await runDemoCheck({ cs, server, outDir });
    }
    console.log(`\nStream Assist demo\n  local streaming server (Writer API): ${server.url}  (key stored for you)\n  open:  ${cs.workbenchUrl()}\n\nTry: the Stream Assist icon in the activity bar → ask anything; "#answer=long" for a long answer;\n"Stream Assist: Generate at Cursor" in sample.ts; click the status bar item to cancel.\nCtrl-C stops everything.`);
    await new Promise((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
      cs.proc.once('exit', resolve);
    });
    return 0;
  } finally {
    await cleanup();
  }
}

main().then((code) => process.exit(code), (e) => { console.error(`[demo] ${e?.stack || e}`); process.exit(1); });
