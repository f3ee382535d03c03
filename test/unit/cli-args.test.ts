// CLI flag parsing: flags → the core request and connection options, usage errors for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../src/cli/args';

const base = ['--base-url', 'http://127.0.0.1:1'];

test('chat with system message, graphs and subqueries; key from the provider default variable', () => {
  const o = parseArgs([...base, '--system', 'be brief', '--graph-id', 'g1', '--graph-id=g2', '--subqueries', 'hello', 'world'], { WRITER_API_KEY: 'k1' });
  assert.deepEqual(o.request, {
    kind: 'chat',
    model: 'palmyra-x5',
    messages: [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'hello world' },
    ],
    graphIds: ['g1', 'g2'],
    subqueries: true,
  });
  assert.equal(o.connection.apiKey, 'k1');
  assert.equal(o.keyEnv, 'WRITER_API_KEY');
});

test('application inputs: repeated names collect several values', () => {
  const o = parseArgs([...base, '--endpoint', 'application', '--application-id', 'app', '--input', 'Topic=a=b', '--input', 'Tags=x', '--input', 'Tags=y'], {});
  assert.deepEqual(o.request, { kind: 'application', applicationId: 'app', inputs: [{ id: 'Topic', value: ['a=b'] }, { id: 'Tags', value: ['x', 'y'] }] });
});

test('openai provider defaults, --api-key-env, numbers, -- ends options', () => {
  const o = parseArgs(['--provider', 'openai', ...base, '--api-key-env', 'MY_KEY', '--max-retries', '0', '--idle-timeout-ms', '500', '--temperature', '0.2', '--', '--not-a-flag'], { MY_KEY: 'k2' });
  assert.equal(o.request.kind, 'chat');
  assert.equal(o.request.kind === 'chat' && o.request.model, 'openai/gpt-4o-mini');
  assert.equal(o.request.kind === 'chat' && o.request.temperature, 0.2);
  assert.equal(o.request.kind === 'chat' && o.request.messages[0]!.content, '--not-a-flag');
  const { fixNames, ...connection } = o.connection;
  assert.deepEqual(connection, { provider: 'openai', baseUrl: 'http://127.0.0.1:1', apiKey: 'k2', maxRetries: 0, timeouts: { idleMs: 500 } });
  // Error actions name the CLI's own flags and the key's variable.
  assert.equal(fixNames?.['base-url'], '--base-url');
  assert.match(fixNames?.['set-key'] ?? '', /\$MY_KEY/);
});

test('"-" reads the prompt from stdin', () => {
  const first = parseArgs([...base, '--endpoint', 'completions', '-'], {});
  assert.equal(first.promptFromStdin, true);
  const second = parseArgs([...base, '--endpoint', 'completions', '-'], {}, 'from stdin');
  assert.deepEqual(second.request, { kind: 'completions', model: 'palmyra-x5', prompt: 'from stdin' });
});

test('usage errors', () => {
  const bad = (args: string[], re: RegExp): void => assert.throws(() => parseArgs(args, {}), (e: unknown) => e instanceof UsageError && re.test(e.message));
  bad(['hello'], /--base-url is required/);
  bad([...base], /PROMPT is required/);
  bad([...base, '--provider', 'x', 'p'], /--provider must be/);
  bad([...base, '--endpoint', 'graph-question', 'p'], /--graph-id/);
  bad([...base, '--endpoint', 'application', 'p'], /--application-id/);
  bad([...base, '--input', 'novalue', 'p'], /name=value/);
  bad([...base, '--max-tokens', 'lots', 'p'], /must be a number/);
  bad([...base, '--wat', 'p'], /Unknown option/);
  bad([...base, '--model'], /needs a value/);
});
