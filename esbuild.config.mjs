// One build for everything:
//   dist/  the shipped bundles (extension host, webview, CLI), minified;
//   out/   every .ts of src/, test/ and bench/ transpiled file by file, for node --test, the
//          extension-host suite, the local streaming server and the benchmarks.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib';

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

// Trims undici in the shipped node bundles without changing what runs:
// - llhttp is embedded twice as base64 wasm (~76 KB each): with SIMD, and without as the fallback.
//   Node 20+ on x64/arm64 (VS Code's extension host, the CLI) always has wasm SIMD; undici itself
//   turns SIMD off only on ppc64 before Node 24.12. So the fallback resolves to the SIMD build, which
//   is embedded brotli-compressed (the same bytes once loaded; ~20 KB instead of ~71 KB).
// - fetch's body.js (~40 KB with FormData and webidl) is loaded only to encode FormData request
//   bodies; the core sends strings only, so it resolves to a stub that throws.
const undiciTrim = {
  name: 'undici-trim',
  setup(build) {
    build.onResolve({ filter: /\/llhttp\/llhttp-wasm\.js$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/llhttp-wasm\.js$/, 'llhttp_simd-wasm.js')),
    }));
    build.onLoad({ filter: /[\\/]undici[\\/]lib[\\/]llhttp[\\/]llhttp_simd-wasm\.js$/ }, (args) => {
      const wasm = createRequire(import.meta.url)(args.path);
      const packed = brotliCompressSync(wasm, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: wasm.length } });
      if (!brotliDecompressSync(packed).equals(wasm)) throw new Error('llhttp wasm does not round-trip through brotli');
      return {
        contents: `'use strict'
const { Buffer } = require('node:buffer')
const { brotliDecompressSync } = require('node:zlib')
let wasmBuffer
Object.defineProperty(module, 'exports', { get: () => (wasmBuffer ??= brotliDecompressSync(Buffer.from('${packed.toString('base64')}', 'base64'))) })
`,
        loader: 'js',
      };
    });
    build.onResolve({ filter: /^\.\.\/web\/fetch\/body\.js$/ }, (args) =>
      /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client-h[12]\.js$/.test(args.importer) ? { path: 'undici-fetch-body', namespace: 'undici-trim' } : undefined,
    );
    build.onLoad({ filter: /^undici-fetch-body$/, namespace: 'undici-trim' }, () => ({
      contents: `exports.extractBody = () => { throw new Error('FormData request bodies are not bundled (see esbuild.config.mjs)') }`,
      loader: 'js',
    }));
  },
};

const shipped = { bundle: true, minify: true, sourcemap: production ? false : 'linked', logLevel, legalComments: 'none' };

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
