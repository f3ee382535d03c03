// The CLI (dist/cli.js) spawned as a real process against the local server: plain and --json
// output, exit 1 with message and action on 401, 130 on SIGINT with the socket closed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { answerText, APPLICATIONS, GRAPHS, startStreamingServer, type StreamingServer } from '../server';

const CLI = join(__dirname, '../../../dist/cli.js');
const KEY = 'cli-test-key-5f3a9c';
let server: StreamingServer;
before(async () => {
  server = await startStreamingServer({ apiKey: KEY });
});
after(() => server.close());

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = { SA_KEY: KEY }, onStdout?: (text: string, child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--base-url', server.url, '--api-key-env', 'SA_KEY', ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('plain mode prints exactly the answer text and exits 0', async () => {
  const run = await cli(['Show me #answer=markdown']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, answerText('chat', 'markdown'));
});

test('--json prints one event per line, then the accumulated result', async () => {
  const run = await cli(['--json', '--endpoint', 'completions', '#answer=plain']);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; text?: string; error?: unknown; termination?: string });
  assert.equal(lines[0]!.type, 'open');
  const last = lines.at(-1)!;
  assert.equal(last.type, 'result');
  assert.equal(last.text, answerText('completion', 'plain'));
  assert.equal(last.error, null);
  assert.equal(lines.at(-2)!.type, 'done');
  assert.equal(lines.filter((l) => l.type === 'text').map((l) => l.text).join(''), last.text);
});

test('OpenAI-compatible and generic providers', async () => {
  const openai = await cli(['--provider', 'openai', '--base-url', `${server.url}/v1`, '#answer=plain']);
  assert.equal(openai.code, 0, openai.stderr);
  assert.equal(openai.stdout, answerText('chat', 'plain'));
  const generic = await cli(['--provider', 'generic', '#echo=from the generic API']);
  assert.equal(generic.code, 0, generic.stderr);
  assert.equal(generic.stdout, 'from the generic API');
});

test('graph question and application endpoints; progress goes to stderr', async () => {
  const kg = await cli(['--endpoint', 'graph-question', '--graph-id', GRAPHS[0]!.id, '--subqueries', 'How do retries work?']);
  assert.equal(kg.code, 0, kg.stderr);
  assert.equal(kg.stdout, answerText('graph', ''));
  assert.match(kg.stderr, /Source /);
  assert.match(kg.stderr, /Subquery: /);
  const app = await cli(['--endpoint', 'application', '--application-id', APPLICATIONS[0]!.id, '--input', 'Topic=SSE', '--input', 'Depth=quick']);
  assert.equal(app.code, 0, app.stderr);
  assert.equal(app.stdout, answerText('application', ''));
  assert.match(app.stderr, /Planning the research/);
  const sent = server.requests.at(-1)!.body as { inputs: unknown };
  assert.deepEqual(sent.inputs, [
    { id: 'Topic', value: ['SSE'] },
    { id: 'Depth', value: ['quick'] },
  ]);
});

test('401 → exit 1, message and action on stderr, the key never printed', async () => {
  const run = await cli(['hello'], { SA_KEY: 'wrong-key-123' });
  assert.equal(run.code, 1);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /auth 401/);
  assert.match(run.stderr, /SA_KEY/, 'says where the key comes from');
  assert.ok(!run.stderr.includes('wrong-key-123'));
  const missing = await cli(['hello'], {});
  assert.equal(missing.code, 1);
});

test('in-stream error → exit 1 with the partial text on stdout', async () => {
  const run = await cli(['#answer=plain #fault=error-event-after:4']);
  assert.equal(run.code, 1);
  assert.ok(run.stdout.length > 0 && answerText('chat', 'plain').startsWith(run.stdout));
  assert.match(run.stderr, /in-stream/);
});

test('SIGINT → request aborted (server sees the socket close), exit 130', async () => {
  let signalled = false;
  const run = await cli(['#answer=long #rate=50'], undefined, (out, child) => {
    if (!signalled && out.length > 20) {
      signalled = true;
      child.kill('SIGINT');
    }
  });
  assert.equal(run.code, 130, run.stderr);
  const rec = server.requests.at(-1)!;
  await server.waitForClose(rec.id, 2000);
  assert.equal(rec.outcome, 'client-closed');
  assert.ok(run.stdout.length > 20 && answerText('chat', 'long').startsWith(run.stdout));
});

test('reasoning streams to stderr, marked; stdout is exactly the answer (DeepSeek reasoning_content vector)', async () => {
  const run = await cli(['--provider', 'openai', '--base-url', `${server.url}/v1`, '#vector=deepseek-chat-reasoning-content #chunking=random']);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, '17 × 24 = **408**.');
  assert.match(run.stderr, /^Thinking…\n│ Okay, the user asks for 17 × 24\. 17 × 24 = 17 × 20 \+ 17 × 4 = 340 \+ 68 = 408\.\nThought for [\d.]+ s\.\n$/);
  assert.ok(!run.stderr.includes('\x1b'), 'no escape codes when stderr is not a terminal');
});

test('--json emits reasoning events and the accumulated reasoning in the result', async () => {
  const run = await cli(['--json', '--provider', 'openai', '--base-url', `${server.url}/v1`, '#vector=openrouter-chat-reasoning-details']);
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; text?: string; reasoning?: string });
  const reasoning = lines.filter((l) => l.type === 'reasoning').map((l) => l.text).join('');
  const last = lines.at(-1)!;
  assert.equal(last.type, 'result');
  assert.equal(last.reasoning, reasoning);
  assert.match(reasoning, /^\*\*Considering the question\*\*/);
  assert.ok(!last.text!.includes('Considering'), 'reasoning is not part of the answer');
  assert.equal(run.stderr, '');
});

test('a refusal: printed as the answer, marked on stderr, exit 3; --json has refusal events', async () => {
  const run = await cli(['--provider', 'openai', '--base-url', `${server.url}/v1`, '#vector=openai-chat-refusal']);
  assert.equal(run.code, 3, run.stderr);
  assert.equal(run.stdout, "I'm sorry, I can't assist with that request.");
  assert.match(run.stderr, /The model refused to answer:/);
  const json = await cli(['--json', '--provider', 'openai', '--base-url', `${server.url}/v1`, '#vector=openai-chat-refusal']);
  assert.equal(json.code, 3);
  const lines = json.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; refusal?: string });
  assert.equal(lines.filter((l) => l.type === 'refusal').length, 10);
  assert.equal(lines.at(-1)!.refusal, "I'm sorry, I can't assist with that request.");
});

test("gateway errors: the provider's nested cause, 402 billing, finish_reason error mid-stream", async () => {
  const nested = await cli(['--provider', 'openai', '--base-url', `${server.url}/v1`, '#vector=openrouter-http-400-provider-raw']);
  assert.equal(nested.code, 1);
  assert.match(nested.stderr, /Error \(bad-request 400\): Provider returned error \(Anthropic: prompt is too long: 212345 tokens > 200000 maximum\)/);
  const billing = await cli(['--provider', 'openai', '--base-url', `${server.url}/v1`, '#vector=openrouter-http-402-credits']);
  assert.equal(billing.code, 1);
  assert.match(billing.stderr, /Error \(billing 402\): This request requires more credits/);
  assert.match(billing.stderr, /Add credits/);
  const failed = await cli(['--provider', 'openai', '--base-url', `${server.url}/v1`, '#vector=mistral-chat-finish-error']);
  assert.equal(failed.code, 1);
  assert.equal(failed.stdout, 'Here is the first part', 'partial text kept');
  assert.match(failed.stderr, /Error \(in-stream\): The model stopped with an error/);
});

test('usage errors exit 2', async () => {
  const run = await cli(['--endpoint', 'nope', 'x']);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /--endpoint must be/);
});
