// One build for everything:
//   dist/  the shipped bundles (extension host, webview, CLI), minified;
//   out/   every .ts of src/, test/ and bench/ transpiled file by file, for node --test, the
//          extension-host suite, the local streaming server and the benchmarks.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { shippedBundle, undiciTrim } from './scripts/lib/undici-trim.mjs';

const quiet = process.argv.includes('--quiet');
const production = process.argv.includes('--production');
const logLevel = quiet ? 'error' : 'info';

function tsFiles(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) found.push(...tsFiles(p));
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) found.push(p);
  }
  return found;
}


const shipped = { ...shippedBundle, sourcemap: production ? false : 'linked', logLevel };

// out/ is rebuilt whole: a test or module deleted from the tree must not keep running from a stale .js.
rmSync('out', { recursive: true, force: true });

await Promise.all([
  esbuild.build({
    ...shipped,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [undiciTrim],
  }),
  esbuild.build({
    ...shipped,
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  }),
  esbuild.build({
    ...shipped,
    minify: false,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [undiciTrim],
  }),
  esbuild.build({
    entryPoints: ['src', 'test', 'bench'].flatMap(tsFiles),
    outbase: '.',
    outdir: 'out',
    bundle: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    logLevel,
  }),
]);

mkdirSync('dist/codicons', { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) cpSync(join('node_modules/@vscode/codicons/dist', f), join('dist/codicons', f));
