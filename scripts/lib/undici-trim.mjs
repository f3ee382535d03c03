// The undici trim of the shipped node bundles, shared by esbuild.config.mjs and the unit test that
// bundles the core exactly this way and streams through it (test/unit/shipped-bundle.test.ts).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib';

/** esbuild options every shipped bundle (dist/extension.js, dist/cli.js) uses. */
// charset utf8: the messages' dashes and arrows as themselves, not \u escapes.
export const shippedBundle = { bundle: true, minify: true, legalComments: 'none', charset: 'utf8' };

// Trims undici in the shipped node bundles without changing what runs:
// - llhttp is embedded twice as base64 wasm (~76 KB each): with SIMD, and without as the fallback.
//   Node 20+ on x64/arm64 (VS Code's extension host, the CLI) always has wasm SIMD; undici itself
//   turns SIMD off only on ppc64 before Node 24.12. So the fallback resolves to the SIMD build, which
//   is embedded brotli-compressed (the same bytes once loaded; ~20 KB instead of ~71 KB).
// - fetch's body.js (~40 KB with FormData and webidl) is loaded only to encode FormData request
//   bodies; the core sends strings only, so it resolves to a stub that throws.
// - client-h2.js (~10 KB) runs only on a socket that negotiated h2 by ALPN; undici offers h2 only
//   with `allowH2`, which the core never sets (HTTP/1.1 keep-alive), so it is a stub that throws.
// - llhttp/constants.js (~10 KB: every method, status and character table of llhttp's generator) is
//   read by client-h1.js for two enums only, TYPE and ERROR; it becomes those two, copied from the
//   module itself at build time. The build fails if client-h1.js starts reading anything else.
// - core/diagnostics.js keeps its diagnostics_channel channels (anyone subscribed to undici:* still
//   sees our requests) without the NODE_DEBUG=undici/fetch/websocket printers (~2.5 KB) that
//   subscribe to them: the core's own trace log says what happened to a request.
export const undiciTrim = {
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
      contents: `exports.extractBody = () => { throw new Error('FormData request bodies are not bundled (see scripts/lib/undici-trim.mjs)') }`,
      loader: 'js',
    }));
    build.onLoad({ filter: /[\\/]undici[\\/]lib[\\/]llhttp[\\/]constants\.js$/ }, (args) => {
      const clientH1 = readFileSync(join(dirname(args.path), '../dispatcher/client-h1.js'), 'utf8');
      const uses = clientH1.replace("const constants = require('../llhttp/constants.js')", '').matchAll(/\bconstants\b(\.\w+)?/g);
      const read = new Set([...uses].map((m) => m[1]?.slice(1) ?? 'the whole object'));
      const kept = ['TYPE', 'ERROR'];
      const unexpected = [...read].filter((name) => !kept.includes(name));
      if (unexpected.length) throw new Error(`undici's client-h1.js now reads llhttp constants ${unexpected.join(', ')}: extend the trim in scripts/lib/undici-trim.mjs`);
      const constants = createRequire(import.meta.url)(args.path);
      return { contents: kept.map((name) => `exports.${name} = ${JSON.stringify(constants[name])}`).join('\n'), loader: 'js' };
    });
    build.onLoad({ filter: /[\\/]undici[\\/]lib[\\/]core[\\/]diagnostics\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const from = source.indexOf('const channels = {');
      const to = source.indexOf('let isTrackingClientEvents');
      if (from < 0 || to < from || !/module\.exports = \{\s*channels\s*\}\s*$/.test(source)) throw new Error(`undici's core/diagnostics.js changed shape: update the trim in scripts/lib/undici-trim.mjs`);
      return { contents: `const diagnosticsChannel = require('node:diagnostics_channel')\n${source.slice(from, to)}module.exports = { channels }\n`, loader: 'js' };
    });
    build.onResolve({ filter: /^\.\/client-h2\.js$/ }, (args) =>
      /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/.test(args.importer) ? { path: 'undici-client-h2', namespace: 'undici-trim' } : undefined,
    );
    build.onLoad({ filter: /^undici-client-h2$/, namespace: 'undici-trim' }, () => ({
      contents: `module.exports = () => { throw new Error('HTTP/2 is not bundled: the connection negotiated h2 although allowH2 is off (see scripts/lib/undici-trim.mjs)') }`,
      loader: 'js',
    }));
  },
};
