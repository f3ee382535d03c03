// The local streaming server speaks the real protocols: the official writer-sdk and openai clients
// stream from it and get exactly the scripted text, graph data, stages and lists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Writer from 'writer-sdk';
import OpenAI from 'openai';
import { AGENT_STAGES, AGENT_TITLE, answerText, APPLICATIONS, GRAPH_SOURCES, GRAPH_SUBQUERIES, GRAPHS, MODELS, startStreamingServer, type StreamingServer } from '../server';

const KEY = 'test-key-sdk-0123456789';
let server: StreamingServer;
let writer: Writer;
let openai: OpenAI;

before(async () => {
  server = await startStreamingServer({ apiKey: KEY });
  writer = new Writer({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });
  openai = new OpenAI({ apiKey: KEY, baseURL: `${server.url}/v1`, maxRetries: 0 });
});
after(() => server.close());

test('writer-sdk chat.chat stream: text equals the scripted markdown answer', async () => {
  const stream = await writer.chat.chat({ model: 'palmyra-x5', messages: [{ role: 'user', content: 'Explain streaming' }], stream: true });
  let text = '';
  let finish: string | null | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  assert.equal(text, answerText('chat', 'markdown'));
  assert.equal(finish, 'stop');
  const rec = server.requests.at(-1)!;
  assert.equal(rec.path, '/v1/chat');
  assert.equal(rec.auth, 'valid');
  assert.equal(rec.outcome, 'complete');
  assert.ok(!JSON.stringify(rec).includes(KEY), 'the key is never recorded');
});

test('writer-sdk chat.stream helper: finalContent and usage', async () => {
  const stream = writer.chat.stream({ model: 'palmyra-x5', messages: [{ role: 'user', content: 'hi #answer=code-fenced' }] });
  const completion = await stream.finalChatCompletion();
  assert.equal(completion.choices[0]?.message.content, answerText('chat', 'code-fenced'));
  assert.ok((completion.usage?.completion_tokens ?? 0) > 0);
  assert.equal(server.requests.at(-1)!.headers['x-stainless-helper-method'], 'stream');
});

test('writer-sdk chat with the graph tool: graph_data status, subqueries and sources arrive', async () => {
  const stream = await writer.chat.chat({
    model: 'palmyra-x5',
    messages: [{ role: 'user', content: 'When do we retry?' }],
    tools: [{ type: 'graph', function: { graph_ids: [GRAPHS[0]!.id], subqueries: true } }],
    stream: true,
  });
  const statuses: string[] = [];
  let sources: unknown = null;
  let subqueries: unknown = null;
  for await (const chunk of stream) {
    const g = chunk.choices[0]?.delta?.graph_data;
    if (g?.status) statuses.push(g.status);
    if (g?.sources?.length) sources = g.sources;
    if (g?.subqueries?.length) subqueries = g.subqueries;
  }
  assert.deepEqual([statuses[0], statuses.at(-1)], ['processing', 'finished']);
  assert.deepEqual(sources, GRAPH_SOURCES);
  assert.deepEqual(subqueries, GRAPH_SUBQUERIES);
});

test('writer-sdk completions stream: {value} events', async () => {
  const stream = await writer.completions.create({ model: 'palmyra-x5', prompt: 'Tell me #echo=Hello, wörld — 👋 done.', stream: true });
  let text = '';
  for await (const chunk of stream) text += chunk.value;
  assert.equal(text, 'Hello, wörld — 👋 done.');
});

test('writer-sdk graphs.question stream: answer, sources, subqueries', async () => {
  const stream = await writer.graphs.question({ graph_ids: [GRAPHS[1]!.id], question: 'How are retries done?', subqueries: true, stream: true });
  let answer = '';
  const sources: unknown[] = [];
  const subqueries: unknown[] = [];
  for await (const chunk of stream) {
    const flat = chunk as unknown as { answer?: string; sources?: unknown[]; subqueries?: unknown[] }; // runtime chunks are flat (PROTOCOL §3.3)
    answer += flat.answer ?? '';
    sources.push(...(flat.sources ?? []));
    subqueries.push(...(flat.subqueries ?? []));
  }
  assert.equal(answer, answerText('graph', ''));
  assert.deepEqual(sources, GRAPH_SOURCES);
  assert.deepEqual(subqueries, GRAPH_SUBQUERIES);
});

test('writer-sdk applications.generateContent stream: stages, title, content', async () => {
  const app = APPLICATIONS[0]!;
  const stream = await writer.applications.generateContent(app.id, {
    inputs: [
      { id: 'Topic', value: ['SSE'] },
      { id: 'Depth', value: ['quick'] },
    ],
    stream: true,
  });
  let content = '';
  let title = '';
  const stages: unknown[] = [];
  for await (const chunk of stream) {
    content += chunk.delta.content ?? '';
    if (chunk.delta.title) title = chunk.delta.title;
    stages.push(...(chunk.delta.stages ?? []));
  }
  assert.equal(title, AGENT_TITLE);
  assert.equal(content, answerText('application', ''));
  assert.deepEqual(stages, AGENT_STAGES);
});

test('writer-sdk: 401 with a wrong key, 404 for an unknown graph and application', async () => {
  const bad = new Writer({ apiKey: 'wrong', baseURL: server.url, maxRetries: 0 });
  await assert.rejects(bad.chat.chat({ model: 'palmyra-x5', messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof Writer.AuthenticationError);
  await assert.rejects(writer.graphs.question({ graph_ids: ['nope'], question: 'x', stream: true }), (e: unknown) => e instanceof Writer.NotFoundError);
  await assert.rejects(writer.applications.generateContent('nope', { inputs: [], stream: true }), (e: unknown) => e instanceof Writer.NotFoundError);
  assert.equal(server.requests.find((r) => r.auth === 'invalid')?.status, 401);
});

test('writer-sdk lists: models, graphs (auto-paging at limit 2), applications', async () => {
  const models = await writer.models.list();
  assert.deepEqual(models.models, MODELS);
  const graphs = [];
  for await (const g of writer.graphs.list({ limit: 2 })) graphs.push(g.id);
  assert.deepEqual(graphs, GRAPHS.map((g) => g.id));
  assert.equal(server.requests.filter((r) => r.path === '/v1/graphs').length, 4, 'four pages of two');
  const apps = [];
  for await (const a of writer.applications.list({ limit: 3 })) apps.push(a);
  assert.deepEqual(apps.map((a) => a.id), APPLICATIONS.map((a) => a.id));
  assert.deepEqual(apps[0]!.inputs.map((i) => [i.name, i.input_type, i.required]), [
    ['Topic', 'text', true],
    ['Depth', 'dropdown', true],
    ['Notes', 'text', false],
  ]);
});

test('openai chat.completions stream with include_usage: text, finish, usage chunk', async () => {
  const stream = await openai.chat.completions.create({
    model: 'openai/gpt-4o-mini',
    messages: [{ role: 'user', content: 'hi #answer=long' }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let finish: string | null = null;
  let usage: OpenAI.CompletionUsage | null | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
    if (chunk.usage) usage = chunk.usage;
  }
  assert.equal(text, answerText('chat', 'long'));
  assert.equal(finish, 'stop');
  assert.ok(usage && usage.completion_tokens > 0);
});

test('openai helper chat.completions.stream and models.list', async () => {
  const stream = openai.chat.completions.stream({ model: 'm', messages: [{ role: 'user', content: '#answer=plain' }] });
  assert.equal(await stream.finalContent(), answerText('chat', 'plain'));
  const models = [];
  for await (const m of openai.models.list()) models.push(m.id);
  assert.deepEqual(models, MODELS.map((m) => m.id));
});

test('openai: in-stream {"error"} becomes an APIError; 401 is AuthenticationError', async () => {
  const stream = await openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: '#fault=error-data-after:3' }], stream: true });
  let text = '';
  await assert.rejects(async () => {
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  }, (e: unknown) => e instanceof OpenAI.APIError);
  assert.ok(text.length > 0, 'text before the error arrived');
  const bad = new OpenAI({ apiKey: 'wrong', baseURL: `${server.url}/v1`, maxRetries: 0 });
  await assert.rejects(bad.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }), (e: unknown) => e instanceof OpenAI.AuthenticationError);
});

test('writer-sdk retries a counted 429 (Retry-After) and then streams', async () => {
  const retrying = new Writer({ apiKey: KEY, baseURL: server.url, maxRetries: 2 });
  server.nextScenario({ fault: '429:1', retryAfter: 0.2 });
  const stream = await retrying.completions.create({ model: 'palmyra-x5', prompt: '#answer=plain', stream: true });
  let text = '';
  for await (const chunk of stream) text += chunk.value;
  assert.equal(text, answerText('completion', 'plain'));
  const recent = server.requests.slice(-2);
  assert.deepEqual(recent.map((r) => r.status), [429, 200]);
  assert.ok(recent[1]!.openedAt - recent[0]!.openedAt >= 180, 'waited for Retry-After');
});
