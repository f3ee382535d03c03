// Apply Code Block's pure decisions: which file a block names (fence info), hints that would leave
// the workspace, whole file versus fragment, and the merge request the model gets.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { looksLikeWholeFile, mergeMessages, normalizeHint } from '../../src/extension/editor/applyPlan';
import { fileOfFenceInfo } from '../../src/webview/render/codeBlocks';
import { textHandle } from '../../src/core';

describe('apply: the file a fence names', () => {
  it('reads the common spellings and ignores bare languages', () => {
    const cases: [string, string][] = [
      ['ts', ''],
      ['typescript', ''],
      ['c++', ''],
      ['ts src/app.ts', 'src/app.ts'],
      ['src/app.ts', 'src/app.ts'],
      ['python main.py', 'main.py'],
      ['ts title=src/app.ts', 'src/app.ts'],
      ['ts title="src/app.ts"', 'src/app.ts'],
      ['js filename=lib/x.js', 'lib/x.js'],
      ['python:app/main.py', 'app/main.py'],
      ['ts {1,3}', ''],
      ['html https://example.com/a.html', ''],
    ];
    for (const [info, file] of cases) assert.equal(fileOfFenceInfo(info), file, info);
  });
});

describe('apply: hints', () => {
  it('normalises relative paths and refuses ones that climb out', () => {
    assert.deepEqual(normalizeHint('./src/a.ts'), { path: 'src/a.ts', absolute: false });
    assert.deepEqual(normalizeHint('src\\a.ts'), { path: 'src/a.ts', absolute: false });
    assert.deepEqual(normalizeHint('`src/a.ts`:'), { path: 'src/a.ts', absolute: false });
    assert.deepEqual(normalizeHint('/work/x/a.ts'), { path: '/work/x/a.ts', absolute: true });
    assert.deepEqual(normalizeHint('C:\\repo\\a.ts'), { path: 'C:/repo/a.ts', absolute: true });
    assert.equal(normalizeHint('  '), undefined);
    for (const outside of ['../secrets.txt', 'src/../../etc/passwd', '..\\x.ts']) {
      const r = normalizeHint(outside);
      assert.ok(r && 'refused' in r && /outside the workspace/.test(r.refused), outside);
    }
  });
});

describe('apply: whole file or fragment', () => {
  const file = ['import x from "x";', '', 'export function a() {', '  return 1;', '}', '', 'export function b() {', '  return 2;', '}', ''].join('\n');

  it('a block as long as the file that starts or ends like it is the whole file', () => {
    assert.ok(looksLikeWholeFile(file.replace('return 1', 'return 10'), file));
    assert.ok(looksLikeWholeFile(file.replace('import x from "x";', 'import y from "y";'), file), 'same end');
    assert.ok(looksLikeWholeFile('anything\n', ''), 'an empty file takes the block as it is');
    assert.ok(looksLikeWholeFile('anything', '\n\n'), 'a blank file too');
  });

  it('a fragment, or a block of another shape, is merged by the model', () => {
    assert.equal(looksLikeWholeFile('export function b() {\n  return 3;\n}\n', file), false, 'one function');
    assert.equal(looksLikeWholeFile('// ... existing code ...\nexport function c() {}\n', file), false);
    const other = Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n');
    assert.equal(looksLikeWholeFile(other, file), false, 'as long, but neither start nor end matches');
    assert.equal(looksLikeWholeFile('   \n', file), false, 'nothing in the block');
  });

  it('the merge request carries the file, the change and its path, and asks for the whole file only', () => {
    const [system, user] = mergeMessages('src/a.ts', 'typescript', file, 'export function c() {}');
    assert.equal(system!.role, 'system');
    assert.match(system!.content as string, /complete updated file and nothing else/);
    assert.ok((user!.content as string).includes(`<file>\n${file}\n</file>`));
    assert.ok((user!.content as string).includes('<change>\nexport function c() {}\n</change>'));
    assert.match(user!.content as string, /^File: src\/a\.ts \(language: typescript\)/);
  });

  it('a whole-file block streams through a finished handle: one text event, then done', async () => {
    const handle = textHandle('const a = 1;\n');
    const events = [];
    for await (const e of handle.events) events.push(e.type);
    assert.deepEqual(events, ['text', 'finish', 'done']);
    const result = await handle.result;
    assert.equal(result.text, 'const a = 1;\n');
    assert.equal(result.error, null);
  });
});
