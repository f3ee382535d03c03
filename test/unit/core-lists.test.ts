// List endpoints over real HTTP: shapes, cursor paging, errors as StreamError.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamError, closeDispatchers, listApplications, listGraphs, listModels } from '../../src/core';

after(() => closeDispatchers());

async function withServer(fn: (base: string, paths: string[]) => Promise<void>): Promise<void> {
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    paths.push(req.url ?? '');
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== 'Bearer key-1234') return json(401, { tpe: 'fail.auth', errors: [{ description: 'No api key passed in.', key: 'fail.auth.generic' }] });
    if (url.pathname === '/v1/models') return json(200, { models: [{ id: 'palmyra-x5', name: 'Palmyra X5' }, { id: 'palmyra-x4', name: 'Palmyra X4' }] });
    if (url.pathname === '/oa/v1/models') return json(200, { object: 'list', data: [{ id: 'openai/gpt-4o-mini', object: 'model' }] });
    // Limits named three ways (OpenRouter/Requesty, LiteLLM/Writer-style, vLLM), and values that are no token counts.
    if (url.pathname === '/limits/v1/models') {
      return json(200, {
        data: [
          { id: 'a', context_length: 128000, top_provider: { max_completion_tokens: 16384 } },
          { id: 'b', context_window: 1000000, max_output_tokens: 8192 },
          { id: 'c', max_model_len: 32768 },
          { id: 'd', context_length: '128k', max_output_tokens: -1 },
        ],
      });
    }
    if (url.pathname === '/v1/graphs') {
      const after = url.searchParams.get('after');
      if (!after) return json(200, { data: [{ id: 'g1', name: 'One', created_at: '2025-01-01T00:00:00Z', file_status: { in_progress: 0, completed: 2, failed: 0, total: 2 } }], has_more: true, last_id: 'g1' });
      return json(200, { data: [{ id: 'g2', name: 'Two', description: 'd' }], has_more: false, last_id: 'g2' });
    }
    if (url.pathname === '/v1/applications') {
      return json(200, {
        data: [{ id: 'a1', name: 'Research', type: 'generation', status: 'deployed', inputs: [{ name: 'query', input_type: 'text', required: true, description: 'What to research' }, { name: 'tone', input_type: 'dropdown', required: false, options: { list: ['formal', 'casual'] } }, { bogus: true }] }],
        has_more: false,
      });
    }
    json(404, { error: { message: 'nope' } });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

test('models, graphs (paged), applications (inputs mapped)', async () => {
  await withServer(async (base, paths) => {
    const o = { provider: 'writer' as const, baseUrl: base, apiKey: 'key-1234' };
    assert.deepEqual(await listModels(o), [{ id: 'palmyra-x5', name: 'Palmyra X5' }, { id: 'palmyra-x4', name: 'Palmyra X4' }]);
    assert.deepEqual(await listModels({ ...o, provider: 'openai', baseUrl: `${base}/oa/v1` }), [{ id: 'openai/gpt-4o-mini' }]);
    assert.deepEqual(await listModels({ ...o, provider: 'openai', baseUrl: `${base}/limits/v1` }), [
      { id: 'a', contextTokens: 128000, maxOutputTokens: 16384 },
      { id: 'b', contextTokens: 1000000, maxOutputTokens: 8192 },
      { id: 'c', contextTokens: 32768 },
      { id: 'd' },
    ]);
    const graphs = await listGraphs(o);
    assert.deepEqual(graphs.map((g) => g.id), ['g1', 'g2']);
    assert.deepEqual(graphs[0]!.fileStatus, { in_progress: 0, completed: 2, failed: 0, total: 2 });
    assert.ok(paths.some((p) => p.includes('after=g1')));
    const apps = await listApplications(o);
    assert.deepEqual(apps[0]!.inputs, [
      { name: 'query', inputType: 'text', required: true, description: 'What to research' },
      { name: 'tone', inputType: 'dropdown', required: false, options: ['formal', 'casual'] },
    ]);
  });
});

test('list errors throw StreamError with the server message, key never included', async () => {
  await withServer(async (base) => {
    await assert.rejects(listModels({ provider: 'writer', baseUrl: base, apiKey: 'wrong-key-5678' }), (e: unknown) => {
      assert.ok(e instanceof StreamError);
      assert.equal(e.info.kind, 'auth');
      assert.equal(e.info.message, 'No api key passed in.');
      assert.ok(!JSON.stringify(e.info).includes('wrong-key-5678'));
      return true;
    });
    await assert.rejects(listGraphs({ provider: 'openai', baseUrl: base }), (e: unknown) => e instanceof StreamError && e.info.kind === 'bad-request');
  });
});
