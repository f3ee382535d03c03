// Issue 13 §2: HTTP error bodies of gateways and local servers give the server's own message, the
// upstream cause where a gateway nests it, code/param/provider in the typed error, 402 its own kind,
// and never the key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyHttpError, createRedactor, parseErrorEnvelope } from '../../src/core';

const JSON_CT = { 'content-type': 'application/json' };

test('OpenRouter: the provider\'s message from error.metadata.raw (JSON or text) and the provider name', () => {
  const raw = JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 212345 tokens > 200000 maximum' } });
  const info = classifyHttpError(400, JSON_CT, JSON.stringify({ error: { message: 'Provider returned error', code: 400, metadata: { raw, provider_name: 'Anthropic' } } }));
  assert.equal(info.kind, 'bad-request');
  assert.equal(info.message, 'Provider returned error (Anthropic: prompt is too long: 212345 tokens > 200000 maximum)');
  assert.deepEqual([info.code, info.provider], ['400', 'Anthropic']);
  // raw as plain text; raw that is JSON without a message (nothing to add); raw as an object.
  const text = classifyHttpError(502, JSON_CT, JSON.stringify({ error: { message: 'Provider returned error', code: 502, metadata: { raw: 'upstream connect error or disconnect/reset before headers', provider_name: 'Fireworks' } } }));
  assert.equal(text.message, 'Provider returned error (Fireworks: upstream connect error or disconnect/reset before headers)');
  const opaque = classifyHttpError(400, JSON_CT, JSON.stringify({ error: { message: 'Provider returned error', code: 400, metadata: { raw: '{"detail":null}' } } }));
  assert.equal(opaque.message, 'Provider returned error');
  const obj = parseErrorEnvelope({ error: { message: 'Provider returned error', metadata: { raw: { error: { message: 'model overloaded' } }, provider_name: 'Google' } } });
  assert.equal(obj?.message, 'Provider returned error (Google: model overloaded)');
  // A very long raw cause is cut, so the message stays readable.
  const long = parseErrorEnvelope({ error: { message: 'Provider returned error', metadata: { raw: 'x'.repeat(5000) } } });
  assert.ok((long?.message?.length ?? 0) < 400);
  // Only the provider: named once, not repeated when the message already names it.
  assert.equal(parseErrorEnvelope({ error: { message: 'Rate limit exceeded', code: 429, metadata: { provider_name: 'DeepInfra' } } })?.message, 'Rate limit exceeded (DeepInfra)');
  assert.equal(parseErrorEnvelope({ error: { message: 'DeepInfra is rate limited', metadata: { provider_name: 'DeepInfra' } } })?.message, 'DeepInfra is rate limited');
});

test('402 is kind billing with billing advice, with the server\'s message or a clear one of its own', () => {
  const withBody = classifyHttpError(402, JSON_CT, JSON.stringify({ error: { message: 'Insufficient credits. Add more using https://openrouter.ai/settings/credits', code: 402 } }));
  assert.equal(withBody.kind, 'billing');
  assert.equal(withBody.message, 'Insufficient credits. Add more using https://openrouter.ai/settings/credits');
  assert.match(withBody.action, /credits|billing/i);
  assert.equal(withBody.retryable, false, 'paying is not something a retry fixes');
  for (const [ct, body] of [[{}, ''], [{ 'content-type': 'text/html' }, '<html><title>Payment Required</title></html>']] as const) {
    const bare = classifyHttpError(402, ct, body);
    assert.equal(bare.kind, 'billing');
    assert.match(bare.message, /billing.*402 Payment Required.*credits/);
  }
});

test('vLLM flat and nested bodies, LiteLLM and Ollama bodies all give the server\'s message, code and param', () => {
  const flat = classifyHttpError(400, JSON_CT, '{"object":"error","message":"max context is 32768 tokens","type":"BadRequestError","param":null,"code":400}');
  assert.deepEqual([flat.message, flat.type, flat.code, flat.param], ['max context is 32768 tokens', 'BadRequestError', '400', undefined]);
  const nested = classifyHttpError(404, JSON_CT, '{"error":{"message":"The model `x` does not exist.","type":"NotFoundError","param":"model","code":404}}');
  assert.deepEqual([nested.kind, nested.message, nested.type, nested.code, nested.param], ['not-found', 'The model `x` does not exist.', 'NotFoundError', '404', 'model']);
  const litellm = classifyHttpError(400, JSON_CT, '{"error":{"message":"litellm.BadRequestError: OpenAIException - bad temperature","type":null,"param":null,"code":"400"}}');
  assert.deepEqual([litellm.message, litellm.code], ['litellm.BadRequestError: OpenAIException - bad temperature', '400']);
  const ollama = classifyHttpError(404, JSON_CT, '{"error":"model \\"llama3.9\\" not found, try pulling it first"}');
  assert.deepEqual([ollama.kind, ollama.message], ['not-found', 'model "llama3.9" not found, try pulling it first']);
  // OpenAI's own shape keeps code and param as well.
  const openai = classifyHttpError(400, JSON_CT, '{"error":{"message":"too long","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}');
  assert.deepEqual([openai.type, openai.code, openai.param], ['invalid_request_error', 'context_length_exceeded', 'messages']);
});

test('the key is masked wherever it appears in a body, also inside metadata.raw and provider_name', () => {
  const key = 'sk-or-v1-0a1b2c3d4e5f60718293a4b5c6d7e8f9';
  const body = JSON.stringify({ error: { message: `Bad key ${key}`, code: 401, param: key, metadata: { raw: JSON.stringify({ error: { message: `upstream rejected ${key}` } }), provider_name: key } } });
  const info = classifyHttpError(401, JSON_CT, body, createRedactor(key));
  assert.equal(info.kind, 'auth');
  assert.ok(!JSON.stringify(info).includes(key), JSON.stringify(info));
  assert.match(info.message, /upstream rejected \*\*\*/);
});
