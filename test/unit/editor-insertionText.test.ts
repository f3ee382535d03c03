// Line endings, indentation and the whole clean-up pipeline: chunking never changes the result,
// the document's EOL and indentation style are kept.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { LineEndingNormalizer, toEol } from '../../src/extension/editor/lineEndings';
import { IndentAdjuster, convertIndent, type IndentOptions } from '../../src/extension/editor/indentation';
import { InsertionText, type InsertionOptions } from '../../src/extension/editor/insertionText';

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

describe('insertion text pipeline', () => {
  const lf: InsertionOptions = { eol: '\n', cursorIndent: '', insertSpaces: true, tabSize: 4, endWithNewline: false };
  const all = (text: string, options: InsertionOptions) => {
    const results = new Set<string>();
    for (const parts of chunkings(text)) {
      const t = new InsertionText(options);
      results.add(parts.map((p) => t.push(p)).join('') + t.end());
    }
    assert.equal(results.size, 1, `same output for every chunking of ${JSON.stringify(text)}`);
    return [...results][0];
  };

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
