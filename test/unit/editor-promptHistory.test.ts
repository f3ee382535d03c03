// Prompt history: most recent first, no duplicates, bounded, only strings, in the given memento.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Memento } from 'vscode';
import { PromptHistory } from '../../src/extension/foundation/promptHistory';
import { chatRequest, contextWindow, generateMessages, rewriteMessages, streamLabel } from '../../src/extension/editor/editorRequest';

class MemoryMemento implements Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, defaultValue?: T): T | undefined {
    return (this.values.has(key) ? this.values.get(key) : defaultValue) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

describe('prompt history', () => {
  it('most recent first, deduplicated, trimmed, at most 20', async () => {
    const m = new MemoryMemento();
    const h = new PromptHistory(m, 'k');
    await h.add('one');
    await h.add(' two ');
    await h.add('one');
    await h.add('   ');
    assert.deepEqual(h.list(), ['one', 'two']);
    for (let i = 0; i < 30; i++) await h.add(`p${i}`);
    assert.equal(h.list().length, 20);
    assert.equal(h.list()[0], 'p29');
    assert.deepEqual(m.keys(), ['k']);
  });
  it('ignores junk in state', async () => {
    const m = new MemoryMemento();
    await m.update('k', ['a', 3, null, 'b']);
    assert.deepEqual(new PromptHistory(m, 'k').list(), ['a', 'b']);
  });
});

describe('editor request', () => {
  const ctx = { languageId: 'typescript', fileName: 'src/a.ts', before: 'const a = 1;\n', after: '\nexport {}' };
  it('asks for only the text to insert, with the context, the prompt last', () => {
    const m = generateMessages(ctx, 'add b #answer=plain');
    assert.equal(m[0].role, 'system');
    assert.match(m[0].content, /only the text to insert/);
    assert.match(m[0].content, /no Markdown code fences/);
    assert.match(m[1].content, /File: src\/a\.ts \(language: typescript\)/);
    assert.ok(m[1].content.includes('const a = 1;\n'));
    assert.ok(m[1].content.endsWith('add b #answer=plain'));
    const r = rewriteMessages(ctx, 'let x', 'make it const');
    assert.ok(r[1].content.includes('<selection>\nlet x\n</selection>'));
    assert.ok(r[1].content.endsWith('make it const'));
    assert.deepEqual(chatRequest(m, { model: 'm', temperature: 0.2, maxTokens: 10 }), { kind: 'chat', model: 'm', messages: m, temperature: 0.2, maxTokens: 10 });
  });
  it('context window is clamped to the document', () => {
    assert.deepEqual(contextWindow(10, 12, 100, 4), { before: [6, 10], after: [12, 16] });
    assert.deepEqual(contextWindow(2, 99, 100, 4000), { before: [0, 2], after: [99, 100] });
    assert.deepEqual(contextWindow(5, 5, 10, 0), { before: [5, 5], after: [5, 5] });
  });
  it('labels are one short line', () => {
    assert.equal(streamLabel('Generate', 'write\n  a   test'), 'Generate: write a test');
    assert.equal(streamLabel('Generate', 'x'.repeat(100)).length, 'Generate: '.length + 40);
  });
});
