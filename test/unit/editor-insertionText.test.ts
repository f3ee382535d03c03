// Line endings, indentation and the whole clean-up pipeline: chunking never changes the result,
// the document's EOL and indentation style are kept.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { LineEndingNormalizer, toEol } from '../../src/extension/editor/insertionText';
import { IndentAdjuster, convertIndent, type IndentOptions } from '../../src/extension/editor/insertionText';
import { InsertionText, type InsertionOptions } from '../../src/extension/editor/insertionText';
import { insertionPlacement } from '../../src/extension/editor/insertionText';

function* chunkings(text: string): Generator<string[]> {
  yield [text];
  for (let size = 1; size <= 5; size++) {
    const parts: string[] = [];
    for (let i = 0; i < text.length; i += size) parts.push(text.slice(i, i + size));
    yield parts;
  }
}

describe('line endings', () => {
  it('turns \\r\\n and lone \\r into \\n, even when \\r\\n is split across deltas', () => {
    for (const parts of chunkings('a\r\nb\rc\n\r\nd\r')) {
      const n = new LineEndingNormalizer();
      assert.equal(parts.map((p) => n.push(p)).join('') + n.end(), 'a\nb\nc\n\nd\n');
    }
  });
  it('writes the document EOL', () => {
    assert.equal(toEol('a\nb\n', '\r\n'), 'a\r\nb\r\n');
    assert.equal(toEol('a\nb', '\n'), 'a\nb');
  });
});

describe('indentation', () => {
  const run = (text: string, options: IndentOptions) => {
    const results = new Set<string>();
    for (const parts of chunkings(text)) {
      const a = new IndentAdjuster(options);
      results.add(parts.map((p) => a.push(p)).join('') + a.end());
    }
    assert.equal(results.size, 1, 'every chunking gives the same text');
    return [...results][0];
  };
  const spaces4: IndentOptions = { cursorIndent: '    ', insertSpaces: true, tabSize: 4 };

  it('drops indentation the model repeats at the cursor, keeps later lines as written', () => {
    assert.equal(run('    return a;\n    }', spaces4), 'return a;\n    }');
    assert.equal(run('return a;\n    b;', spaces4), 'return a;\n    b;');
  });
  it('leaves the first line alone when the cursor is after code', () => {
    assert.equal(run('    x', { cursorIndent: undefined, insertSpaces: true, tabSize: 4 }), '    x');
  });
  it('converts tabs to the editor style and back', () => {
    assert.equal(run('a\n\tb\n\t\tc', { cursorIndent: '', insertSpaces: true, tabSize: 2 }), 'a\n  b\n    c');
    assert.equal(run('a\n    b\n        c\n      d', { cursorIndent: '', insertSpaces: false, tabSize: 4 }), 'a\n\tb\n\t\tc\n\t  d');
    assert.equal(run('\t\tx', { cursorIndent: '\t', insertSpaces: false, tabSize: 4 }), '\tx');
  });
  it('convertIndent keeps what already matches', () => {
    assert.equal(convertIndent('  ', false, 4), '  ');
    assert.equal(convertIndent(' \t', true, 4), '    ');
    assert.equal(convertIndent('', true, 4), '');
  });
});

const lf: InsertionOptions = { eol: '\n', cursorIndent: '', insertSpaces: true, tabSize: 4, endWithNewline: false };
/** The output for `text`, asserted to be the same for every way of chunking it. */
const all = (text: string, options: InsertionOptions) => {
  const results = new Set<string>();
  for (const parts of chunkings(text)) {
    const t = new InsertionText(options);
    results.add(parts.map((p) => t.push(p)).join('') + t.end());
  }
  assert.equal(results.size, 1, `same output for every chunking of ${JSON.stringify(text)}`);
  return [...results][0]!;
};

describe('insertion text pipeline', () => {

  it('fenced CRLF answer into a CRLF document', () => {
    assert.equal(all('Here you go:\r\n```js\r\nif (a) {\r\n  b();\r\n}\r\n```\r\nHope it helps.', { ...lf, eol: '\r\n' }), 'if (a) {\r\n  b();\r\n}');
  });
  it('LF answer into a CRLF document', () => {
    assert.equal(all('x\ny\n', { ...lf, eol: '\r\n' }), 'x\r\ny');
  });
  it('indented cursor with a fenced answer that repeats the indentation', () => {
    assert.equal(all('```py\n    return 1\n```', { ...lf, cursorIndent: '    ' }), 'return 1');
  });
  it('rewriting whole lines keeps the final line break', () => {
    assert.equal(all('```\nnew line\n```\n', { ...lf, endWithNewline: true }), 'new line\n');
    assert.equal(all('a\nb\n', { ...lf, eol: '\r\n', endWithNewline: true }), 'a\r\nb\r\n');
    assert.equal(all('', { ...lf, endWithNewline: true }), '', 'no answer stays empty');
  });
  it('counts what it produced', () => {
    const t = new InsertionText(lf);
    t.push('```\nabc');
    assert.equal(t.length, 3);
  });
});

describe('insertion placement (Generate at Cursor on a non-empty line)', () => {
  /** The line after inserting `answer` at `character` of `line` (what the document would hold). */
  const insertInto = (line: string, character: number, answer: string, eol: '\n' | '\r\n' = '\n') => {
    const before = line.slice(0, character);
    const placement = insertionPlacement(line, character);
    const options = { ...lf, eol, cursorIndent: /^[ \t]*$/.test(before) ? before : undefined, ...placement };
    return before + all(answer, options) + line.slice(character);
  };

  it('decides from the text around the cursor', () => {
    assert.deepEqual(insertionPlacement('import x;', 0), { startWithNewline: false, endWithNewline: true, endIndent: '' });
    assert.deepEqual(insertionPlacement('    return a;', 4), { startWithNewline: false, endWithNewline: true, endIndent: '    ' });
    assert.deepEqual(insertionPlacement('import x;', 9), { startWithNewline: true, endWithNewline: false, endIndent: '' });
    assert.deepEqual(insertionPlacement('import x;  ', 9), { startWithNewline: true, endWithNewline: false, endIndent: '' });
    for (const [line, ch] of [['', 0], ['    ', 4], ['    ', 2], ['ab', 1]] as const) {
      assert.deepEqual(insertionPlacement(line, ch), { startWithNewline: false, endWithNewline: false, endIndent: '' }, `${JSON.stringify(line)} at ${ch}`);
    }
  });
  it('at line 1 column 1 of a non-empty line a multi-line answer ends with the EOL: the line stays on its own', () => {
    const answer = 'export function add(a: number, b: number): number {\n  return a + b;\n}';
    assert.equal(insertInto('console.log(add(1, 2));', 0, answer), `${answer}\nconsole.log(add(1, 2));`);
    assert.equal(insertInto('console.log(1);', 0, '```ts\nconst a = 1;\nconst b = 2;\n```\n', '\r\n'), 'const a = 1;\r\nconst b = 2;\r\nconsole.log(1);');
    assert.equal(insertInto('x();', 0, 'one line'), 'one line\nx();', 'a line without a newline also ends with one');
    assert.equal(insertInto('x();', 0, ''), 'x();', 'no answer, nothing added');
  });
  it('at the start of an indented line the existing line keeps its indentation', () => {
    assert.equal(insertInto('    return a;', 4, '    const a = 1;\n    log(a);'), '    const a = 1;\n    log(a);\n    return a;');
  });
  it('at the end of a non-empty line the answer starts on a new line', () => {
    assert.equal(insertInto('const a = 1;', 12, 'const b = 2;\nconst c = 3;'), 'const a = 1;\nconst b = 2;\nconst c = 3;');
    assert.equal(insertInto('const a = 1;', 12, '\nconst b = 2;'), 'const a = 1;\nconst b = 2;', 'no doubled line break');
    assert.equal(insertInto('const a = 1;', 12, 'b', '\r\n'), 'const a = 1;\r\nb');
    assert.equal(insertInto('const a = 1;', 12, ''), 'const a = 1;', 'no answer, nothing added');
  });
  it('on an empty line or mid-line, the answer goes in exactly at the cursor', () => {
    assert.equal(insertInto('', 0, 'a\nb'), 'a\nb');
    assert.equal(insertInto('f(, 2)', 2, 'x'), 'f(x, 2)');
  });
  it('counts the added line break in what it produced', () => {
    const t = new InsertionText({ ...lf, cursorIndent: undefined, startWithNewline: true });
    assert.equal(t.push('abc') + t.end(), '\nabc');
    assert.equal(t.length, 4);
  });
});
