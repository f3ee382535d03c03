// `npm run package [-- --no-build]`: production build, then @vscode/vsce (which needs Node >= 22, so it runs on the
// cached Node 24) packs stream-assist.vsix; .vscodeignore keeps it to what runs. Prints its size.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNode24 } from './lib/tools.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.resolve(ROOT, process.env.STREAM_ASSIST_VSIX || 'stream-assist.vsix');
// --no-build: pack the current dist/ as is (the .vsix test; .vscodeignore leaves source maps out anyway).
const build = !process.argv.includes('--no-build');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) { console.error(`[package] ${path.basename(args[0] ?? cmd)} failed (${r.status ?? r.signal})`); process.exit(1); }
}

const node24 = await ensureNode24();
if (build) run(process.execPath, ['esbuild.config.mjs', '--production']);
// --no-dependencies: the bundles carry everything; no repository field yet, and no stdin to ask about it;
// README images stay relative (the docs/*.png the README shows are packaged): there is no repository URL to prefix.
run(node24, [path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', OUT]);
const bytes = fs.statSync(OUT).size;
const shown = path.relative(ROOT, OUT).startsWith('..') ? OUT : path.relative(ROOT, OUT);
console.log(`[package] ${shown}: ${(bytes / 1024).toFixed(1)} KiB (${bytes} bytes)`);
