// Issue 13 §2–3: how chat chunks from real servers decode. Reasoning under every name gateways use,
// content-part arrays, refusals, trailing `[DONE]` without its blank line, failed finishes and
// error+choices chunks, tool calls that reuse or omit `index`, choices other than 0. Every body is
// fed whole, one byte per read and in random slices, and must give the same events each way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRedactor, decodeChunks, type Endpoint, type StreamEvent, type StreamResult } from '../../src/core';
import { mulberry32 } from '../random';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const data = (o: unknown): string => `data: ${typeof o === 'string' ? o : JSON.stringify(o)}\n\n`;
const delta = (d: Record<string, unknown>, finish: string | null = null): Record<string, unknown> => ({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: d, finish_reason: finish }] });

function readsOf(bytes: Uint8Array, mode: 'whole' | 'bytes' | number): Uint8Array[] {
  if (mode === 'whole') return [bytes];
  if (mode === 'bytes') return Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
  const rnd = mulberry32(mode);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const n = 1 + Math.floor(rnd() * 24);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

/** Decodes `body` whole, byte by byte and in three random slicings; all must agree. */
function decode(body: string, endpoint: Endpoint = 'openai.chat', redactKey?: string): { events: StreamEvent[]; result: StreamResult } {
  const opts = redactKey ? { redact: createRedactor(redactKey) } : {};
  const first = decodeChunks(endpoint, readsOf(enc(body), 'whole'), opts);
  for (const mode of ['bytes', 1, 2, 3] as const) {
    const other = decodeChunks(endpoint, readsOf(enc(body), mode), opts);
    assert.deepEqual(other.events, first.events, `events read as ${mode} differ from whole`);
  }
  const terminals = first.events.filter((e) => e.type === 'done' || e.type === 'error');
  assert.equal(terminals.length, 1, 'exactly one terminal event');
  assert.equal(terminals[0], first.events.at(-1), 'terminal event is last');
  return first;
}

// ---- reasoning, content parts, refusals (decoding already in formats/chat.ts) -------------------

test('reasoning_content (DeepSeek, vLLM, Qwen) and reasoning (Groq, Ollama) become reasoning, never text', () => {
  for (const field of ['reasoning_content', 'reasoning']) {
    const body = data(delta({ role: 'assistant', content: null, [field]: 'Let me ' })) + data(delta({ content: null, [field]: 'think.' })) + data(delta({ content: 'Answer', [field]: null })) + data(delta({}, 'stop')) + data('[DONE]');
    const { events, result } = decode(body);
    assert.equal(result.reasoning, 'Let me think.', field);
    assert.equal(result.text, 'Answer', field);
    assert.equal(result.error, null);
    assert.deepEqual(
      events.filter((e) => e.type === 'reasoning' || e.type === 'text').map((e) => e.type),
      ['reasoning', 'reasoning', 'text'],
      'reasoning events arrive before the answer, in order',
    );
  }
});

test('the same reasoning under two names is taken once (vLLM sends reasoning and reasoning_content, OpenRouter reasoning and reasoning_details)', () => {
  const both = decode(data(delta({ reasoning: 'Same.', reasoning_content: 'Same.' })) + data(delta({ content: 'A' }, 'stop')) + data('[DONE]')).result;
  assert.equal(both.reasoning, 'Same.');
  const details = [{ type: 'reasoning.text', text: 'Step one.', format: 'unknown', index: 0 }];
  const or = decode(data(delta({ content: '', reasoning: 'Step one.', reasoning_details: details })) + data(delta({ content: 'A' }, 'stop')) + data('[DONE]')).result;
  assert.equal(or.reasoning, 'Step one.');
  // An empty string does not hide the next field that has text.
  const empty = decode(data(delta({ reasoning_content: '', reasoning: 'From the second field.' })) + data(delta({}, 'stop')) + data('[DONE]')).result;
  assert.equal(empty.reasoning, 'From the second field.');
});

test('reasoning_details alone: text and summary details count, encrypted ones (no text) add nothing', () => {
  const body =
    data(delta({ reasoning: null, reasoning_details: [{ type: 'reasoning.summary', summary: 'Summary. ', index: 0 }] })) +
    data(delta({ reasoning: null, reasoning_details: [{ type: 'reasoning.encrypted', data: 'gAAAAB…', index: 0 }, 'junk', null] })) +
    data(delta({ reasoning_details: [{ type: 'reasoning.text', text: 'Detail.', index: 1 }] })) +
    data(delta({ content: 'Done' }, 'stop')) +
    data('[DONE]');
  const { events, result } = decode(body);
  assert.equal(result.reasoning, 'Summary. Detail.');
  assert.equal(events.filter((e) => e.type === 'reasoning').length, 2, 'no empty reasoning events');
});

test('content-part arrays (Mistral magistral): text parts are the answer, thinking parts reasoning, other parts ignored', () => {
  const body =
    data(delta({ role: 'assistant', content: '' })) +
    data(delta({ content: [{ type: 'thinking', thinking: [{ type: 'text', text: 'Think ' }, { type: 'text', text: 'hard.' }] }] })) +
    data(delta({ content: [{ type: 'thinking', thinking: ' As a string.' }] })) +
    data(delta({ content: [{ type: 'text', text: 'Hello' }, ' ', { type: 'output_text', text: 'world' }, { type: 'image_url', image_url: { url: 'x' } }, { type: 'reference', text: '[1]' }, 42, null] })) +
    data(delta({ content: '!' }, 'stop')) +
    data('[DONE]');
  const { result } = decode(body);
  assert.equal(result.text, 'Hello world!');
  assert.equal(result.reasoning, 'Think hard. As a string.');
  assert.equal(result.termination, 'done_sentinel');
});

test('delta.refusal is kept as the refusal, not as text and not lost; no refusal means null', () => {
  const body = data(delta({ role: 'assistant', content: null, refusal: '' })) + data(delta({ refusal: "I can't" })) + data(delta({ refusal: ' help with that.' })) + data(delta({}, 'stop')) + data('[DONE]');
  const { events, result } = decode(body);
  assert.equal(result.refusal, "I can't help with that.");
  assert.equal(result.text, '');
  assert.equal(result.error, null);
  assert.deepEqual(events.filter((e) => e.type === 'refusal').map((e) => (e as { text: string }).text), ["I can't", ' help with that.']);
  assert.equal(decode(data(delta({ content: 'x', refusal: null }, 'stop')) + data('[DONE]')).result.refusal, null);
});

// ---- trailing [DONE] without its blank line ------------------------------------------------------

const answered = data(delta({ role: 'assistant', content: 'All ' })) + data(delta({ content: 'done.' }));
const finished = answered + data(delta({}, 'stop'));

test('finish seen, then `data: [DONE]` without the blank line (newline, CRLF, CR or nothing after it): success', () => {
  for (const tail of ['data: [DONE]\n', 'data: [DONE]\r\n', 'data: [DONE]\r', 'data: [DONE]', 'data:[DONE]', 'data: [DONE] \n']) {
    const { result } = decode(finished + tail);
    assert.equal(result.error, null, JSON.stringify(tail));
    assert.equal(result.termination, 'eof_after_finish', `${JSON.stringify(tail)}: the finish wins`);
    assert.equal(result.text, 'All done.');
    assert.equal(result.dataEvents, 4, 'the sentinel counts as a data event');
  }
});

test('no finish, but a whole `[DONE]` before EOF: counts as the sentinel (done_sentinel), as with its blank line', () => {
  const r = decode(`${answered}data: [DONE]\n`).result;
  assert.equal(r.error, null);
  assert.equal(r.termination, 'done_sentinel');
  assert.equal(r.text, 'All done.');
  // Endpoints without a finish marker too.
  const w = decode('data: {"value":"a"}\n\ndata: [DONE]', 'writer.completions').result;
  assert.deepEqual([w.text, w.termination, w.error], ['a', 'done_sentinel', null]);
});

test('an unterminated trailing block that is not exactly [DONE] is still a stream cut mid-event', () => {
  const usage = 'data: {"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}';
  for (const tail of [usage, `${usage}\n`, 'data: [DO', 'data: [DONE]x\n', 'event: error\ndata: [DONE]\n', 'data: [DONE]\ndata: more\n']) {
    const { result } = decode(finished + tail);
    assert.equal(result.termination, 'truncated_mid_event', JSON.stringify(tail));
    assert.equal(result.error?.kind, 'malformed');
    assert.equal(result.text, 'All done.', 'partial text kept');
    assert.equal(result.usage, null, 'the unterminated payload is never parsed');
  }
});

// ---- failed finishes and error+choices chunks ----------------------------------------------------

test('finish_reason "error" alone (vLLM, Mistral) is an in-stream error with the text kept, whatever follows', () => {
  const { events, result } = decode(answered + data(delta({ content: '' }, 'error')) + data('[DONE]'));
  assert.equal(result.error?.kind, 'in-stream');
  assert.equal(result.termination, 'error_event');
  assert.match(result.error?.message ?? '', /finish_reason "error"/);
  assert.ok(result.error?.action);
  assert.equal(result.text, 'All done.');
  assert.equal(result.finishReason, 'error');
  assert.equal(result.dataEvents, 3, 'the [DONE] after the error is not read');
  assert.equal(events.at(-2)?.type, 'finish');
});

test('a top-level error next to choices (OpenRouter mid-stream) fails with its message; that chunk\'s text is kept', () => {
  const chunk = { ...delta({ content: ' last words' }, 'error'), error: { code: 'server_error', message: 'Provider disconnected unexpectedly' } };
  const { result } = decode(answered + data(chunk) + data('[DONE]'));
  assert.equal(result.error?.kind, 'in-stream');
  assert.equal(result.error?.message, 'Provider disconnected unexpectedly');
  assert.equal(result.error?.code, 'server_error');
  assert.equal(result.text, 'All done. last words');
  // Numeric codes and a provider are kept too; without finish_reason "error" it still fails.
  const numeric = { ...delta({ content: '' }), error: { code: 502, message: 'Upstream timed out', metadata: { provider_name: 'Together' } } };
  const r2 = decode(answered + data(numeric) + data('[DONE]')).result;
  assert.deepEqual([r2.error?.kind, r2.error?.code, r2.error?.provider], ['in-stream', '502', 'Together']);
  assert.match(r2.error?.message ?? '', /^Upstream timed out/);
  // An error field that is null (or empty text) next to choices is not an error.
  for (const e of [null, '']) {
    const ok = decode(data({ ...delta({ content: 'fine' }, 'stop'), error: e }) + data('[DONE]')).result;
    assert.deepEqual([ok.error, ok.text], [null, 'fine'], JSON.stringify(e));
  }
});

test("vLLM's flat error object inside a stream is an error, not a chunk to skip", () => {
  const flat = { object: 'error', message: 'The engine died unexpectedly.', type: 'InternalServerError', param: null, code: 500 };
  const { result } = decode(answered + data(flat) + data('[DONE]'));
  assert.deepEqual([result.error?.kind, result.error?.message, result.error?.type, result.error?.code], ['in-stream', 'The engine died unexpectedly.', 'InternalServerError', '500']);
  assert.equal(result.text, 'All done.');
});

test('the key echoed in an in-stream error (message, nested raw, provider) is masked', () => {
  const key = 'sk-or-v1-4f9c2e7a1b3d5f7081a2b3c4d5e6f708';
  const chunk = { ...delta({ content: '' }, 'error'), error: { code: 401, message: `Invalid key ${key}`, metadata: { raw: JSON.stringify({ error: { message: `upstream saw ${key}` } }), provider_name: key } } };
  const { events, result } = decode(answered + data(chunk), 'openai.chat', key);
  assert.equal(result.error?.kind, 'in-stream');
  assert.ok(!JSON.stringify(events).includes(key), 'no event carries the key');
  assert.match(result.error?.message ?? '', /Invalid key \*\*\*/);
});

// ---- tool calls ---------------------------------------------------------------------------------

const call = (t: Record<string, unknown>): string => data(delta({ tool_calls: [t] }));
const calls = (r: StreamResult): [number, string | null, string | null, string][] => r.toolCalls.map((c) => [c.index, c.id, c.name, c.arguments]);

test('a new id at an index already used starts a new call (gateways that number every call 0)', () => {
  const body =
    call({ index: 0, id: 'call_a', type: 'function', function: { name: 'read', arguments: '{"p":' } }) +
    call({ index: 0, function: { arguments: '"a"}' } }) +
    call({ index: 0, id: 'call_b', type: 'function', function: { name: 'read', arguments: '' } }) +
    call({ index: 0, id: 'call_b', function: { arguments: '{"p":"b"}' } }) +
    data(delta({}, 'tool_calls')) +
    data('[DONE]');
  const r = decode(body).result;
  assert.deepEqual(calls(r), [
    [0, 'call_a', 'read', '{"p":"a"}'],
    [1, 'call_b', 'read', '{"p":"b"}'],
  ]);
  for (const c of r.toolCalls) assert.notEqual(c.argumentsJson, undefined, 'every call has valid JSON arguments');
});

test('fragments without index (Gemini) continue the last call unless they carry a new id', () => {
  const body =
    call({ id: 'fc-1', type: 'function', function: { name: 'weather', arguments: '{"city":' } }) +
    call({ function: { arguments: '"Paris"}' } }) +
    call({ id: 'fc-1', function: { arguments: '' } }) +
    data(delta({ tool_calls: [{ id: 'fc-2', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }, { id: 'fc-3', type: 'function', function: { name: 'time', arguments: '{}' } }] })) +
    data(delta({}, 'tool_calls')) +
    data('[DONE]');
  assert.deepEqual(calls(decode(body).result), [
    [0, 'fc-1', 'weather', '{"city":"Paris"}'],
    [1, 'fc-2', 'weather', '{"city":"Oslo"}'],
    [2, 'fc-3', 'time', '{}'],
  ]);
});

test('ordinary OpenAI tool calls keep their indexes: interleaved fragments, ids only on the first, null ids later', () => {
  const body =
    data(delta({ tool_calls: [{ index: 0, id: 'c0', type: 'function', function: { name: 'a', arguments: '' } }, { index: 1, id: 'c1', type: 'function', function: { name: 'b', arguments: '' } }] })) +
    call({ index: 1, id: null, function: { name: null, arguments: '{"y":' } }) +
    call({ index: 0, function: { arguments: '{"x":1}' } }) +
    call({ index: 1, function: { arguments: '2}' } }) +
    data(delta({}, 'tool_calls')) +
    data('[DONE]');
  assert.deepEqual(calls(decode(body).result), [
    [0, 'c0', 'a', '{"x":1}'],
    [1, 'c1', 'b', '{"y":2}'],
  ]);
});

test('a fragment whose index is new always starts a call, even without an id', () => {
  const body = call({ index: 0, id: 'c0', function: { name: 'a', arguments: '{}' } }) + call({ index: 3, function: { name: 'b', arguments: '{}' } }) + data(delta({}, 'tool_calls')) + data('[DONE]');
  assert.deepEqual(calls(decode(body).result), [
    [0, 'c0', 'a', '{}'],
    [1, null, 'b', '{}'],
  ]);
});

// ---- choices other than index 0 -----------------------------------------------------------------

test('a chunk whose only choice is index 1 yields nothing and breaks nothing; choice 0 is found anywhere in the list', () => {
  const other = (d: Record<string, unknown>, finish: string | null = null): string => data({ choices: [{ index: 1, delta: d, finish_reason: finish }], usage: null });
  const body =
    data(delta({ content: 'Zero' })) +
    other({ content: 'One', reasoning: 'r', refusal: 'no', tool_calls: [{ index: 0, id: 'x', function: { name: 'f', arguments: '{' } }] }) +
    other({}, 'error') +
    data({ choices: [{ index: 1, delta: { content: ' not this' } }, { index: 0, delta: { content: ' and this' } }] }) +
    data({ choices: [{ index: 1, delta: {}, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }) +
    data(delta({}, 'stop')) +
    data('[DONE]');
  const r = decode(body).result;
  assert.equal(r.text, 'Zero and this');
  assert.deepEqual([r.reasoning, r.refusal, r.toolCalls, r.error, r.finishReason], ['', null, [], null, 'stop']);
  assert.deepEqual(r.usage, { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }, 'usage is read from any chunk');
  // Only choice 1, ever: no answer, and the stream is incomplete rather than a crash or a success.
  const only = decode(other({ content: 'x' }) + other({}, 'stop')).result;
  assert.deepEqual([only.text, only.termination, only.error?.kind], ['', 'incomplete', 'network']);
});
