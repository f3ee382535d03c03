// Pure parts of "Ask a Knowledge Graph" and "Run No-Code Agent": validation, argument parsing,
// agent input mapping, picker text and messages.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkQuestion, liveQuestionProblem, MAX_QUESTION_CHARS } from '../../src/extension/knowledge/knowledgeInputs';
import { describeInputs, inputControl, normalizeInputs } from '../../src/extension/knowledge/knowledgeInputs';
import { parseAgentArgs, parseAskArgs } from '../../src/extension/knowledge/knowledgeInputs';
import { graphItemText, graphNames } from '../../src/extension/knowledge/knowledgeMessages';
import type { ApplicationInputSpec } from '../../src/core/types';

describe('knowledge: question validation', () => {
  it('trims and accepts a normal question', () => {
    assert.deepEqual(checkQuestion('  What is X?  '), { ok: true, question: 'What is X?' });
  });
  it('refuses empty and whitespace-only questions with an example', () => {
    for (const q of ['', '   \n\t']) {
      const r = checkQuestion(q);
      assert.equal(r.ok, false);
      assert.match(!r.ok ? r.message : '', /empty.*Type what you want to know/);
    }
  });
  it('refuses non-text questions', () => {
    const r = checkQuestion(42);
    assert.equal(r.ok, false);
  });
  it('accepts exactly the limit and refuses one more, naming length and limit', () => {
    assert.equal(checkQuestion('a'.repeat(MAX_QUESTION_CHARS)).ok, true);
    const r = checkQuestion('a'.repeat(MAX_QUESTION_CHARS + 1));
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.message : '', /4,001 characters long; the limit is 4,000/);
  });
  it('live check ignores empty but reports too long', () => {
    assert.equal(liveQuestionProblem(''), undefined);
    assert.match(liveQuestionProblem('b'.repeat(MAX_QUESTION_CHARS + 5)) ?? '', /limit is 4,000/);
  });
});

describe('knowledge: agent input controls', () => {
  const spec = (inputType: string, extra: Partial<ApplicationInputSpec> = {}): ApplicationInputSpec => ({
    name: 'x',
    inputType,
    required: true,
    ...extra,
  });
  it('maps text, dropdown, multi-choice and files', () => {
    assert.deepEqual(inputControl(spec('text')), { kind: 'text' });
    assert.deepEqual(inputControl(spec('dropdown', { options: ['a', 'b'] })), { kind: 'choice', options: ['a', 'b'], many: false });
    assert.deepEqual(inputControl(spec('Checkbox', { options: ['a'] })), { kind: 'choice', options: ['a'], many: true });
    assert.deepEqual(inputControl(spec('file')), { kind: 'file' });
    assert.deepEqual(inputControl(spec('media', { options: ['png'] })), { kind: 'file' });
  });
  it('falls back to text for a dropdown without options and unknown types', () => {
    assert.deepEqual(inputControl(spec('dropdown', { options: [] })), { kind: 'text' });
    assert.deepEqual(inputControl(spec('rich-text')), { kind: 'text' });
  });
});

describe('knowledge: agent inputs from a command argument', () => {
  it('accepts a name → value map', () => {
    assert.deepEqual(normalizeInputs({ topic: 'EV', tags: ['a', 'b'], note: '', n: 3 }), {
      ok: true,
      value: [
        { id: 'topic', value: ['EV'] },
        { id: 'tags', value: ['a', 'b'] },
        { id: 'note', value: [] },
        { id: 'n', value: ['3'] },
      ],
    });
  });
  it('accepts Writer-shaped [{id, value}] with string or list values', () => {
    assert.deepEqual(normalizeInputs([{ id: 'a', value: 'x' }, { id: 'b', value: ['y', ''] }]), {
      ok: true,
      value: [
        { id: 'a', value: ['x'] },
        { id: 'b', value: ['y'] },
      ],
    });
  });
  it('treats a missing argument as no inputs', () => {
    assert.deepEqual(normalizeInputs(undefined), { ok: true, value: [] });
  });
  it('refuses bad shapes with a message naming the input', () => {
    const bad = normalizeInputs({ topic: { nested: true } });
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.message : '', /"topic" must be text/);
    assert.equal(normalizeInputs([{ value: 'x' }]).ok, false);
    assert.equal(normalizeInputs('topic=x').ok, false);
    const dup = normalizeInputs([{ id: 'a', value: 'x' }, { id: 'a', value: 'y' }]);
    assert.match(!dup.ok ? dup.message : '', /given twice/);
  });
  it('describes inputs on one line, shortening long values', () => {
    const line = describeInputs([{ id: 'topic', value: ['EV'] }, { id: 'skip', value: [] }, { id: 'long', value: ['z'.repeat(200)] }], 10);
    assert.equal(line, 'topic: EV · long: zzzzzzzzz…');
  });
});

describe('knowledge: command arguments', () => {
  it('anything but a plain object means interactive', () => {
    for (const a of [undefined, null, 'x', [1], 3]) assert.deepEqual(parseAskArgs(a), { ok: true, value: {} });
  });
  it('keeps an explicitly empty question so it is validated, not asked for', () => {
    const r = parseAskArgs({ graphIds: ['g1', 'g1 ', 'g2'], question: '' });
    assert.deepEqual(r, { ok: true, value: { graphIds: ['g1', 'g2'], question: '' } });
  });
  it('refuses empty or non-string graph ids and non-boolean subqueries', () => {
    assert.equal(parseAskArgs({ graphIds: [] }).ok, false);
    assert.equal(parseAskArgs({ graphIds: [''] }).ok, false);
    assert.equal(parseAskArgs({ graphIds: 'g1' }).ok, false);
    assert.equal(parseAskArgs({ graphIds: ['g'], subqueries: 'yes' }).ok, false);
    assert.deepEqual(parseAskArgs({ graphIds: ['g'], question: 'q', subqueries: true }), {
      ok: true,
      value: { graphIds: ['g'], question: 'q', subqueries: true },
    });
  });
  it('parses agent arguments in both input shapes', () => {
    assert.deepEqual(parseAgentArgs({ applicationId: ' app ', inputs: { topic: 'x' } }), {
      ok: true,
      value: { applicationId: 'app', inputs: [{ id: 'topic', value: ['x'] }] },
    });
    assert.deepEqual(parseAgentArgs({ applicationId: 'app', inputs: [{ id: 'topic', value: ['x'] }] }), {
      ok: true,
      value: { applicationId: 'app', inputs: [{ id: 'topic', value: ['x'] }] },
    });
    assert.deepEqual(parseAgentArgs({ applicationId: 'app' }), { ok: true, value: { applicationId: 'app' } });
    assert.equal(parseAgentArgs({ applicationId: '' }).ok, false);
    assert.equal(parseAgentArgs({ applicationId: 'a', inputs: 5 }).ok, false);
  });
});

describe('knowledge: graph picker text', () => {
  it('shows name, file counts and description', () => {
    assert.deepEqual(
      graphItemText({ id: 'g', name: 'Handbook', description: ' HR policies ', fileStatus: { completed: 12, in_progress: 2, failed: 1, total: 15 } }),
      { label: 'Handbook', description: '12 files, 2 processing, 1 failed', detail: 'HR policies' },
    );
    assert.deepEqual(graphItemText({ id: 'g', name: '  ' }), { label: 'g', description: '', detail: undefined });
    assert.equal(graphItemText({ id: 'g', name: 'A', fileStatus: { completed: 1, in_progress: 0, failed: 0, total: 1 } }).description, '1 file');
  });
  it('names one, two or many graphs', () => {
    const g = (name: string) => ({ id: name.toLowerCase(), name });
    assert.equal(graphNames([g('A')]), 'A');
    assert.equal(graphNames([g('A'), g('B')]), 'A + B');
    assert.equal(graphNames([g('A'), g('B'), g('C')]), 'A + 2 more');
  });
});
