// Scrubbing the key out of server-controlled text (issue 8 item 4), pure Node: the core's
// redactor masks the key's raw, URL-encoded and base64 forms; the streaming masker catches a key
// split across any number of deltas, delays only text that could be the start of a key, never
// changes text without a key, and on a cut-off stream masks a long partial key.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeDispatchers, listGraphs, listModels, startStream, type ConnectionOptions } from '../../src/core';
import { createRedactor, maskSecrets, secretForms, StreamingMasker } from '../../src/core/redact';
import { startStreamingServer } from '../server';
import { mulberry32 as prng } from '../random';

const KEY = 'sk-LEAKCHECK-0123abcd+k/Q=';

/** Splits text at random points (including empty pieces). */
function split(text: string, rand: () => number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const n = Math.floor(rand() * 9);
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

function stream(pieces: string[], forms: string[]): { out: string; delayed: number } {
  const m = new StreamingMasker(forms);
  let out = '';
  let delayed = 0;
  let fed = '';
  for (const p of pieces) {
    fed += p;
    out += m.push(p);
    delayed = Math.max(delayed, fed.length - out.length);
  }
  return { out: out + m.end(), delayed };
}

describe('reliability: secrets — redaction of reflected keys (unit)', () => {
  const forms = secretForms(KEY);

  it('knows the raw, URL-encoded, base64, unpadded base64 and base64url forms', () => {
    const b64 = Buffer.from(KEY).toString('base64');
    for (const f of [KEY, encodeURIComponent(KEY), b64, b64.replace(/=+$/, ''), Buffer.from(KEY).toString('base64url')]) assert.ok(forms.includes(f), f);
    assert.deepEqual(secretForms('abc', undefined, ''), [], 'short and missing keys are ignored');
  });

  it('createRedactor masks every form in error text', () => {
    const r = createRedactor(KEY);
    const text = `bad key ${KEY}; url ${encodeURIComponent(KEY)}; b64 ${Buffer.from(KEY).toString('base64')}.`;
    const out = r(text);
    for (const f of forms) assert.ok(!out.includes(f), `${f} in ${out}`);
    assert.match(out, /^bad key \*\*\*; url \*\*\*; b64 \*\*\*\.$/);
  });

  it('1000 random splits of text with the key in every form: no form survives, everything else is unchanged', () => {
    const text = `Header was "Authorization: Bearer ${KEY}" (url ${encodeURIComponent(KEY)}, b64 ${Buffer.from(KEY).toString('base64')}) and again ${KEY}${KEY} end s`;
    const expected = maskSecrets(text, forms);
    for (let seed = 1; seed <= 1000; seed++) {
      const { out } = stream(split(text, prng(seed)), forms);
      assert.equal(out, expected, `seed ${seed}`);
    }
    assert.ok(!expected.includes(KEY) && expected.includes('Bearer ***'));
  });

  it('text without the key passes unchanged, and only a possible key start is held back', () => {
    const text = 'Plain prose with sk- and c2s and Bearer $WRITER_API_KEY, Authorization: Bearer abc. '.repeat(50);
    for (let seed = 1; seed <= 200; seed++) {
      const { out, delayed } = stream(split(text, prng(seed)), forms);
      assert.equal(out, text);
      assert.ok(delayed < KEY.length * 2, `held back at most a key's worth (${delayed})`);
    }
    // Without a key nothing is held at all.
    assert.deepEqual(stream(['a', 'sk-LEAK', 'b'], []), { out: 'ask-LEAKb', delayed: 0 });
  });

  it('a stream cut inside the key masks the long partial key, not a short coincidence', () => {
    const m = new StreamingMasker(forms);
    assert.equal(m.push(`answer: ${KEY.slice(0, 15)}`), 'answer: ');
    assert.equal(m.end(), '***');
    const n = new StreamingMasker(forms);
    assert.equal(n.push('ask'), 'a');
    assert.equal(n.end(), 'sk');
  });

  it('through the core against the local server (#reflect-auth): text and errors masked, every other character delivered', async () => {
    const server = await startStreamingServer({ apiKey: KEY });
    try {
      const opts: ConnectionOptions = { provider: 'writer', baseUrl: server.url, apiKey: KEY, maxRetries: 0 };
      const run = async (content: string) => {
        const h = startStream({ kind: 'chat', model: 'palmyra-x5', messages: [{ role: 'user', content }] }, opts);
        let streamed = '';
        for await (const e of h.events) if (e.type === 'text') streamed += e.text;
        const r = await h.result;
        assert.equal(streamed, r.text, 'events and result agree');
        return r;
      };
      // Text that ends in a possible key start ("s", "sk-L") is held, then delivered in full.
      assert.equal((await run('#echo=an answer ending in s')).text, 'an answer ending in s');
      assert.equal((await run('#echo=ends with sk-L')).text, 'ends with sk-L');
      const reflected = await run('#reflect-auth #echo= (that was your header)');
      assert.equal(reflected.text, ' [auth: Bearer *** | url: *** | b64: ***] (that was your header)');
      const failed = await run('#reflect-auth #fault=error-event-after:3');
      assert.ok(failed.error, 'the stream failed');
      const all = JSON.stringify(failed);
      for (const f of forms) assert.ok(!all.includes(f), `${f} in ${all}`);
      const http = await run('#reflect-auth #fault=500');
      assert.match(http.error?.message ?? '', /\[auth: Bearer \*\*\* \| url: \*\*\* \| b64: \*\*\*\]/);
    } finally {
      await server.close();
    }
  });

  it('a key split across reasoning and refusal deltas is masked too, and no held tail arrives after the answer started', async () => {
    // A plain node:http server: the body is what a model thinking aloud about a pasted key would stream.
    const piece = (d: Record<string, unknown>): string => `data: ${JSON.stringify({ choices: [{ index: 0, delta: d, finish_reason: null }] })}\n\n`;
    const cut = (t: string, n: number): string[] => Array.from({ length: Math.ceil(t.length / n) }, (_, i) => t.slice(i * n, i * n + n));
    const body =
      cut(`The user pasted ${KEY} as`, 5).map((r) => piece({ reasoning_content: r })).join('') +
      cut(' s', 1).map((r) => piece({ reasoning_content: r })).join('') +
      piece({ content: 'Answer.' }) +
      cut(`No: ${KEY}`, 3).map((r) => piece({ refusal: r })).join('') +
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const h = startStream({ kind: 'chat', model: 'm', messages: [{ role: 'user', content: 'x' }] }, { provider: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: KEY, maxRetries: 0 });
      const kinds: string[] = [];
      let streamed = '';
      for await (const e of h.events) {
        if (e.type === 'reasoning' || e.type === 'text' || e.type === 'refusal') {
          kinds.push(e.type);
          streamed += e.text;
        }
      }
      const r = await h.result;
      assert.equal(r.error, null);
      assert.equal(r.reasoning, 'The user pasted *** as s', 'the reasoning ending in "s" (a possible key start) is delivered whole');
      assert.equal(r.text, 'Answer.');
      assert.equal(r.refusal, 'No: ***');
      assert.equal(streamed, r.reasoning + r.text + r.refusal!);
      const firstText = kinds.indexOf('text');
      assert.ok(!kinds.slice(firstText).includes('reasoning'), `no reasoning after the answer began: ${kinds.join(',')}`);
      for (const f of forms) assert.ok(!JSON.stringify(r).includes(f), f);
    } finally {
      await closeDispatchers();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('a server that echoes the key into the model and graph lists: the lists reach pickers masked', async () => {
    const server = await startStreamingServer({ apiKey: KEY, reflectAuth: true });
    try {
      const opts: ConnectionOptions = { provider: 'writer', baseUrl: server.url, apiKey: KEY, maxRetries: 0 };
      const models = await listModels(opts);
      const graphs = await listGraphs(opts);
      assert.match(models[0]?.name ?? '', /\[auth: Bearer \*\*\* \| url: \*\*\* \| b64: \*\*\*\]/, 'the echo arrived, masked');
      assert.ok(graphs.length > 1 && graphs[0]!.name.includes('[auth: Bearer ***'));
      const all = JSON.stringify([models, graphs]);
      for (const f of forms) assert.ok(!all.includes(f), `${f} in the lists`);
    } finally {
      await closeDispatchers();
      await server.close();
    }
  });
  it('a key split across reasoning and refusal deltas is masked in events and result, like answer text', async () => {
    // A plain server on 127.0.0.1: each delta carries a few characters of the key, as a reasoning model echoing its prompt would.
    const pieces = KEY.match(/.{1,3}/g) ?? [];
    const chunk = (delta: object, finish: string | null = null) => `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const body = [
      ...['I saw ', ...pieces, ' in the prompt. '].map((t) => chunk({ reasoning_content: t })),
      ...['Cannot share ', ...pieces].map((t) => chunk({ refusal: t })),
      chunk({ content: 'done' }, 'stop'),
      'data: [DONE]\n\n',
    ].join('');
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const h = startStream({ kind: 'chat', model: 'm', messages: [{ role: 'user', content: 'q' }] }, { provider: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: KEY, maxRetries: 0 });
      let reasoning = '';
      let refusal = '';
      for await (const e of h.events) {
        if (e.type === 'reasoning') reasoning += e.text;
        if (e.type === 'refusal') refusal += e.text;
      }
      const r = await h.result;
      assert.equal(reasoning, 'I saw *** in the prompt. ');
      assert.equal(refusal, 'Cannot share ***');
      assert.equal(r.reasoning, reasoning);
      assert.equal(r.refusal, refusal);
      assert.equal(r.text, 'done');
      const all = JSON.stringify(r);
      for (const f of forms) assert.ok(!all.includes(f), `${f} in ${all}`);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await closeDispatchers();
    }
  });
});
