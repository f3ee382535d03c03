// The pure halves of the foundation: settings validation (every invalid value named, defaults
// used, package.json defaults in step), endpoint naming/loopback rules, and log line format.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULTS, parseBaseUrl, validateSettings, type SettingKey } from '../../src/extension/foundation/settingsValidation';
import { endpointLabel, isInsecureRemote, isLoopback, originOf } from '../../src/extension/foundation/endpoint';
import { formatSummary } from '../../src/extension/foundation/logFormat';
import { createRedactor } from '../../src/core';

const root = resolve(__dirname, '..', '..', '..');

function validate(values: Partial<Record<SettingKey, unknown>>) {
  return validateSettings((key) => values[key]);
}

describe('foundation settings validation', () => {
  it('defaults match package.json contributes.configuration', () => {
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
    };
    const props = pkg.contributes.configuration.properties;
    for (const [key, value] of Object.entries(DEFAULTS)) {
      assert.deepEqual(props[`streamAssist.${key}`]?.default, value, `streamAssist.${key}`);
    }
    for (const id of Object.keys(props)) assert.ok(id.slice('streamAssist.'.length) in DEFAULTS, `${id} has a default in DEFAULTS`);
  });

  it('unset values give defaults and no problems', () => {
    const { settings, problems } = validate({});
    assert.deepEqual(problems, []);
    assert.equal(settings.provider, 'writer');
    assert.equal(settings.baseUrl, 'https://api.writer.com');
    assert.equal(settings.model, 'palmyra-x5');
    assert.equal(settings.temperature, 0.7);
    assert.deepEqual(settings.timeouts, { connectMs: 10_000, responseMs: 120_000, idleMs: 90_000 });
    assert.equal(settings.maxRetries, 2);
    assert.deepEqual(settings.editor, { contextCharacters: 4000, onCancel: 'keep', review: 'diff' });
    assert.deepEqual(settings.knowledgeGraph, { subqueries: false });
    assert.deepEqual(settings.context, { currentFileChars: 20000, budgetChars: 60000, exclude: [] });
  });

  it('resolves provider default base URLs and strips trailing slashes', () => {
    assert.equal(validate({ provider: 'openai' }).settings.baseUrl, 'https://router.requesty.ai/v1');
    assert.equal(validate({ provider: 'openai', baseUrl: 'http://localhost:11434/v1/' }).settings.baseUrl, 'http://localhost:11434/v1');
    assert.equal(validate({ baseUrl: '  https://api.writer.com//  ' }).settings.baseUrl, 'https://api.writer.com');
  });

  it('temperature out of range: names the setting, the value and the default used', () => {
    const { settings, problems } = validate({ temperature: 7 });
    assert.equal(settings.temperature, 0.7);
    assert.deepEqual(problems, [
      { setting: 'streamAssist.temperature', message: 'streamAssist.temperature must be between 0 and 2 (got 7); using 0.7.' },
    ]);
  });

  it('every kind of invalid value is reported once, naming its setting', () => {
    const { settings, problems } = validate({
      provider: 'anthropic',
      baseUrl: 'not a url',
      model: '  ',
      temperature: -1,
      maxTokens: 0,
      'timeouts.connectSeconds': 0,
      'timeouts.responseSeconds': -5,
      'timeouts.idleSeconds': 'soon',
      maxRetries: 2.5,
      'editor.contextCharacters': -1,
      'editor.onCancel': 'undo',
      'editor.review': 'side-by-side',
      'knowledgeGraph.subqueries': 'yes',
      'context.currentFileChars': 1.5,
      'context.budgetChars': -1,
      'context.exclude': ['ok', 3],
    });
    const named = problems.map((p) => p.setting);
    assert.deepEqual(named, [
      'streamAssist.provider',
      'streamAssist.baseUrl',
      'streamAssist.model',
      'streamAssist.temperature',
      'streamAssist.maxTokens',
      'streamAssist.timeouts.connectSeconds',
      'streamAssist.timeouts.responseSeconds',
      'streamAssist.timeouts.idleSeconds',
      'streamAssist.maxRetries',
      'streamAssist.editor.contextCharacters',
      'streamAssist.editor.onCancel',
      'streamAssist.editor.review',
      'streamAssist.knowledgeGraph.subqueries',
      'streamAssist.context.currentFileChars',
      'streamAssist.context.budgetChars',
      'streamAssist.context.exclude',
    ]);
    for (const p of problems) assert.ok(p.message.startsWith(p.setting + ' '), p.message);
    assert.match(problems[0].message, /must be one of writer, openai, generic \(got "anthropic"\); using "writer"\./);
    assert.match(problems[1].message, /is not a valid URL \(got "not a url"\); using "https:\/\/api.writer.com"\./);
    assert.deepEqual(settings, validate({}).settings);
  });

  it('context.exclude: a list of strings, blanks dropped', () => {
    assert.deepEqual(validate({ 'context.exclude': ['**/dist', ' '] }).settings.context.exclude, ['**/dist']);
    const { settings, problems } = validate({ 'context.exclude': '**/dist' });
    assert.deepEqual(settings.context.exclude, []);
    assert.deepEqual(problems, [{ setting: 'streamAssist.context.exclude', message: 'streamAssist.context.exclude must be a list of strings (got "**/dist").' }]);
  });

  it('generic provider without a base URL says it is required', () => {
    const { settings, problems } = validate({ provider: 'generic' });
    assert.equal(settings.baseUrl, '');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^streamAssist\.baseUrl is required for the generic provider/);
    assert.equal(validate({ provider: 'generic', baseUrl: 'https://api.example.com' }).problems.length, 0);
  });

  it('base URL rules', () => {
    assert.deepEqual(parseBaseUrl('ftp://x'), { error: 'must start with http:// or https://' });
    assert.ok('error' in parseBaseUrl('https://user:pw@api.writer.com'));
    assert.ok('error' in parseBaseUrl('https://api.writer.com/?x=1'));
    assert.deepEqual(parseBaseUrl('https://API.writer.com/v1/'), { url: 'https://api.writer.com/v1' });
  });
});

describe('foundation endpoint', () => {
  it('labels and origins', () => {
    assert.equal(endpointLabel('writer', 'https://api.writer.com'), 'Writer (api.writer.com)');
    assert.equal(endpointLabel('openai', 'http://localhost:11434/v1'), 'OpenAI-compatible API (localhost:11434)');
    assert.equal(originOf('https://router.requesty.ai/v1'), 'https://router.requesty.ai');
  });

  it('loopback and plain-http rules', () => {
    for (const u of ['http://localhost:1', 'http://127.0.0.1:8000', 'http://127.5.6.7', 'http://[::1]:3000', 'http://api.localhost']) {
      assert.ok(isLoopback(u), u);
      assert.ok(!isInsecureRemote(u), u);
    }
    for (const u of ['http://10.0.0.2:8000', 'http://example.com', 'http://127.0.0.1.example.com']) {
      assert.ok(!isLoopback(u), u);
      assert.ok(isInsecureRemote(u), u);
    }
    assert.ok(!isInsecureRemote('https://example.com'));
  });
});

describe('foundation log format', () => {
  it('one line with every fact, key redacted', () => {
    const line = formatSummary({
      method: 'POST',
      url: 'https://api.writer.com/v1/chat',
      status: 200,
      requestId: 'req_1',
      timeToFirstByteMs: 210.4,
      durationMs: 1840.2,
      events: 42,
      bytes: 9133,
      retries: 0,
      outcome: 'done',
    });
    assert.equal(line, 'POST https://api.writer.com/v1/chat 200 id=req_1 ttfb=210ms 1840ms events=42 bytes=9133 retries=0 done');
    const err = formatSummary({ method: 'POST', url: 'u', durationMs: 3, events: 0, bytes: 0, retries: 2, outcome: 'error', error: 'bad key sk-SECRET-123' });
    assert.equal(createRedactor('sk-SECRET-123')(err), 'POST u - 3ms events=0 bytes=0 retries=2 error error="bad key ***"');
  });

  it('a key echoed URL-encoded or base64 in a log line is masked too', () => {
    const key = 'sk-live/key+42==';
    const echoed = [encodeURIComponent(key), Buffer.from(key).toString('base64'), Buffer.from(key).toString('base64url')];
    const line = formatSummary({ method: 'GET', url: `https://x.test/v1/models?x=${echoed[0]}`, durationMs: 1, events: 0, bytes: 0, retries: 0, outcome: 'error', error: `proxy said ${echoed[1]} / ${echoed[2]}` });
    const masked = createRedactor(key)(line);
    for (const form of [key, ...echoed]) assert.ok(!masked.includes(form), `${form} left in: ${masked}`);
    assert.match(masked, /proxy said \*\*\* \/ \*\*\*/);
  });
});
