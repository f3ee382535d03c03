// Every protocol vector over real HTTP: the local server replays it byte-exact (whole, one byte per
// write, random slices) and the core's startStream must accumulate exactly the sidecar's `expect`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startStream, type ConnectionOptions, type StreamRequest } from '../../src/core';
import { assertMatchesExpect } from '../vectorExpect';
import { loadVector, vectorNames, type Chunking, type StreamingServer } from '../server';
import { withStreamingServer } from './localServer';

let server: StreamingServer;
withStreamingServer((s) => (server = s));

/** The request that makes the core decode the vector's endpoint (the server ignores its content). */
function requestFor(endpoint: string): { request: StreamRequest; provider: ConnectionOptions['provider']; path: string } {
  switch (endpoint) {
    case 'writer.chat':
      return { provider: 'writer', path: '', request: { kind: 'chat', model: 'palmyra-x5', messages: [{ role: 'user', content: 'x' }] } };
    case 'writer.completions':
      return { provider: 'writer', path: '', request: { kind: 'completions', model: 'palmyra-x5', prompt: 'x' } };
    case 'writer.graphs.question':
      return { provider: 'writer', path: '', request: { kind: 'graph-question', graphIds: ['g'], question: 'x' } };
    case 'writer.applications.generate':
      return { provider: 'writer', path: '', request: { kind: 'application', applicationId: 'a', inputs: [] } };
    case 'openai.chat.completions':
      return { provider: 'openai', path: '/v1', request: { kind: 'chat', model: 'm', messages: [{ role: 'user', content: 'x' }] } };
    case 'generic.generate.stream':
      return { provider: 'generic', path: '', request: { kind: 'completions', model: 'm', prompt: 'x' } };
  }
  throw new Error(`unknown endpoint ${endpoint}`);
}

for (const name of vectorNames()) {
  test(`${name} over HTTP: whole, byte, random`, async () => {
    const vector = loadVector(name)!;
    const { request, provider, path } = requestFor(vector.sidecar.endpoint);
    for (const chunking of ['whole', 'byte', 'random'] as Chunking[]) {
      for (const seed of chunking === 'random' ? [1, 2, 3] : [1]) {
        server.nextScenario({ vector: name, chunking, seed });
        const handle = startStream(request, { provider, baseUrl: server.url + path, maxRetries: 0 });
        const result = await handle.result;
        assertMatchesExpect(result, vector.sidecar.expect, `${name} ${chunking}${chunking === 'random' ? ` seed ${seed}` : ''}`);
        const rec = server.requests.at(-1)!;
        assert.equal(rec.scenario.vector, name);
        await server.waitForClose(rec.id, 5000);
      }
    }
  });
}
