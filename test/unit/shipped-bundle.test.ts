// The core bundled the way the shipped bundles are (minified, undici imported by deep path and
// trimmed by scripts/lib/undici-trim.mjs) still streams through a real local server, directly and
// through a CONNECT proxy: a new undici release that moves an internal path fails here, not on a
// user's machine. And undici is pinned exactly, so such a release never arrives unannounced.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as diagnosticsChannel from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { answerText, startConnectProxy, startStreamingServer, type ConnectProxy, type StreamingServer } from '../server';

import type { StreamRequest } from '../../src/core';

type Core = typeof import('../../src/core');
const root = resolve(__dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'sa-bundle-'));
let core: Core;
let server: StreamingServer;
let proxy: ConnectProxy;

before(async () => {
  // A real ESM import (esbuild would turn a plain import() into require(), which cannot load .mjs).
  const importEsm = new Function('url', 'return import(url)') as (url: string) => Promise<typeof import('../../scripts/lib/undici-trim.mjs')>;
  const { shippedBundle, undiciTrim } = await importEsm(pathToFileURL(join(root, 'scripts/lib/undici-trim.mjs')).href);
  const outfile = join(dir, 'core.js');
  await esbuild.build({ ...shippedBundle, entryPoints: [join(root, 'src/core/index.ts')], outfile, platform: 'node', format: 'cjs', target: 'node20', plugins: [undiciTrim], logLevel: 'error' });
  core = require(outfile) as Core;
  server = await startStreamingServer();
  proxy = await startConnectProxy();
});
after(async () => {
  await core?.closeDispatchers();
  await server?.close();
  await proxy?.close();
  rmSync(dir, { recursive: true, force: true });
});

const request: StreamRequest = { kind: 'chat', model: 'palmyra-x5', messages: [{ role: 'user', content: '#answer=plain' }] };

test('the bundled core streams an answer piece by piece from a real server, and still publishes undici\'s diagnostics channels', async () => {
  // The trim drops undici's NODE_DEBUG printers, not the channels an observer subscribes to.
  const seen: string[] = [];
  const listeners = ['undici:request:create', 'undici:request:headers'].map((name) => {
    const listener = (message: unknown) => {
      const origin = (message as { request?: { origin?: unknown } }).request?.origin;
      if (String(origin) === new URL(server.url).origin) seen.push(name);
    };
    diagnosticsChannel.subscribe(name, listener);
    return () => diagnosticsChannel.unsubscribe(name, listener);
  });
  const handle = core.startStream(request, { provider: 'writer', baseUrl: server.url, maxRetries: 0 });
  let pieces = 0;
  for await (const e of handle.events) if (e.type === 'text') pieces++;
  const result = await handle.result;
  for (const unsubscribe of listeners) unsubscribe();
  assert.equal(result.error, null);
  assert.equal(result.text, answerText('chat', 'plain'));
  assert.ok(pieces > 1, `${pieces} text events`);
  assert.deepEqual(seen, ['undici:request:create', 'undici:request:headers']);
});

test('the bundled core streams through a CONNECT proxy (the deep-imported proxy agent)', async () => {
  const result = await core.startStream(request, { provider: 'writer', baseUrl: server.url, maxRetries: 0, proxy: { url: proxy.url } }).result;
  assert.equal(result.text, answerText('chat', 'plain'));
  assert.deepEqual(proxy.tunnels.map((t) => t.target), [`127.0.0.1:${server.port}`]);
});

test('undici is pinned to one exact version (the deep imports depend on its file layout)', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  assert.match(pkg.dependencies.undici ?? '', /^\d+\.\d+\.\d+$/);
  const installed = JSON.parse(readFileSync(join(root, 'node_modules/undici/package.json'), 'utf8')) as { version: string };
  assert.equal(installed.version, pkg.dependencies.undici);
});
