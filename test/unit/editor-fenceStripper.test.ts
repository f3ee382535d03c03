// The fence stripper must give the same output however the answer is chunked, and strip fences,
// lead-in prose and trailing explanation without waiting for the end of the stream.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { FenceStripper, looksLikeProse, parseFenceOpener } from '../../src/extension/editor/fenceStripper';

function oneShot(text: string): string {
  const s = new FenceStripper();
  return s.push(text) + s.end();
}

function chunked(text: string, sizes: number[]): string {
  const s = new FenceStripper();
  let out = '';
  let i = 0;
  for (let k = 0; i < text.length; k++) {
    const n = sizes[k % sizes.length];
    out += s.push(text.slice(i, i + n));
    i += n;
  }
  return out + s.end();
}

/** Small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function randomChunks(text: string, seed: number): string[] {
  const r = rng(seed);
  const chunks: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = 1 + Math.floor(r() * (r() < 0.3 ? 2 : 12));
    chunks.push(text.slice(i, i + n));
    i += n;
  }
  return chunks;
}

const CASES: Array<{ name: string; input: string; expected: string }> = [
  { name: 'fenced with language', input: '```ts\nconst a = 1;\nconst b = 2;\n```\n', expected: 'const a = 1;\nconst b = 2;' },
  { name: 'fenced, no trailing newline', input: '```\nx\n```', expected: 'x' },
  { name: 'prose around one fence', input: 'Here is the code:\n\n```python\ndef f():\n    return 1\n```\n\nThis returns one.\n', expected: 'def f():\n    return 1' },
  { name: 'two lead-in lines', input: 'Sure!\nHere is the updated function:\n```js\nf();\n```\nDone.', expected: 'f();' },
  { name: 'tilde fence', input: '~~~\na\n~~~\n', expected: 'a' },
  { name: 'longer fence keeps inner backticks', input: '````md\n```js\nx\n```\n````\n', expected: '```js\nx\n```' },
  { name: 'inner fence with info string does not close', input: '```\nuse ```js here\n```\n', expected: 'use ```js here' },
  { name: 'blank lines inside content kept', input: '```\na\n\n\nb\n```', expected: 'a\n\n\nb' },
  { name: 'indented fence dedents content', input: '  ```\n    x\n  y\n```\n', expected: '  x\ny' },
  { name: 'unclosed fence keeps content', input: '```ts\nlet a = 1;\nlet b', expected: 'let a = 1;\nlet b' },
  { name: 'unclosed fence drops the last newline', input: '```ts\nlet a = 1;\n', expected: 'let a = 1;' },
  { name: 'plain code', input: 'const total = 1;\nconst avg = 2;\n', expected: 'const total = 1;\nconst avg = 2;' },
  { name: 'plain sentence, no newline', input: 'The quick brown fox jumps over the lazy dog.', expected: 'The quick brown fox jumps over the lazy dog.' },
  { name: 'plain: leading blank lines dropped, inner kept', input: '\n\n  x = 1\n\n  y = 2\n\n', expected: '  x = 1\n\n  y = 2' },
  { name: 'code then a fence later stays as is', input: 'let a = 1;\n```\nb\n```\n', expected: 'let a = 1;\n```\nb\n```' },
  { name: 'too much prose before a fence is content', input: 'One.\nTwo.\nThree.\nFour.\n```\nx\n```\n', expected: 'One.\nTwo.\nThree.\nFour.\n```\nx\n```' },
  { name: 'markdown answer without fence', input: '# Title\n\nSome *text* here.\n', expected: '# Title\n\nSome *text* here.' },
  { name: 'only a fence opener', input: 'Here:\n```ts', expected: '' },
  { name: 'empty answer', input: '', expected: '' },
  { name: 'python def ending in colon is code', input: 'def f():\n    return 1\n', expected: 'def f():\n    return 1' },
  { name: 'fence closed by a longer run', input: '```\na\n`````\nafter', expected: 'a' },
  { name: 'short run does not close a long fence', input: '````\na\n```\nb\n````', expected: 'a\n```\nb' },
  { name: 'closing fence with trailing spaces', input: '```\na\n```   \nrest', expected: 'a' },
  { name: 'closing fence indented 4 spaces is content', input: '```\na\n    ```\n```', expected: 'a\n    ```' },
  { name: 'backticks that are not a fence', input: '``not a fence``\nnext\n', expected: '``not a fence``\nnext' },
];

describe('fence stripper', () => {
  for (const c of CASES) {
    it(`one shot: ${c.name}`, () => assert.equal(oneShot(c.input), c.expected));
  }

  it('every chunking (1..7 fixed sizes and 200 random) gives the one-shot output', () => {
    for (const c of CASES) {
      for (let size = 1; size <= 7; size++) assert.equal(chunked(c.input, [size]), c.expected, `${c.name} in chunks of ${size}`);
      for (let seed = 1; seed <= 200; seed++) {
        const s = new FenceStripper();
        const out = randomChunks(c.input, seed).map((ch) => s.push(ch)).join('') + s.end();
        assert.equal(out, c.expected, `${c.name}, seed ${seed}`);
      }
    }
  });

  it('random answers: any chunking equals one shot', () => {
    const pieces = ['```', '```ts', '~~~', '\n', '\n\n', 'Here is it:', 'Sure.', 'code();', '  ', '    x', '`', '``', 'a', ' ', 'Done.', '````'];
    for (let seed = 1; seed <= 400; seed++) {
      const r = rng(seed * 7919);
      let text = '';
      const n = 5 + Math.floor(r() * 25);
      for (let i = 0; i < n; i++) text += pieces[Math.floor(r() * pieces.length)];
      const expected = oneShot(text);
      for (let k = 0; k < 5; k++) {
        const s = new FenceStripper();
        const out = randomChunks(text, seed * 31 + k).map((ch) => s.push(ch)).join('') + s.end();
        assert.equal(out, expected, `seed ${seed}/${k}: ${JSON.stringify(text)}`);
      }
    }
  });

  it('streams content before the end: fenced lines appear as they arrive', () => {
    const s = new FenceStripper();
    assert.equal(s.push('```ts\n'), '');
    assert.equal(s.push('const a'), 'const a');
    assert.equal(s.push(' = 1;\ncon'), ' = 1;\ncon');
    assert.equal(s.push('st b = 2;\n'), 'st b = 2;');
    assert.equal(s.push('``'), '', 'a possible closing fence is held');
    assert.equal(s.push('`\nExplanation follows.'), '');
    assert.equal(s.end(), '');
  });

  it('streams plain code after its first line', () => {
    const s = new FenceStripper();
    assert.equal(s.push('const x = 1;'), '', 'first line held: it could still be lead-in prose');
    assert.equal(s.push('\nconst'), 'const x = 1;\nconst');
    assert.equal(s.push(' y'), ' y');
  });

  it('lead-in prose is decided early once it is too long to be a lead-in', () => {
    const s = new FenceStripper();
    const long = 'word '.repeat(130);
    assert.equal(s.push(long), long);
  });

  it('recognises fence openers and prose', () => {
    assert.deepEqual(parseFenceOpener('```typescript'), { char: '`', length: 3, indent: 0 });
    assert.deepEqual(parseFenceOpener('   ~~~~ py'), { char: '~', length: 4, indent: 3 });
    assert.equal(parseFenceOpener('    ```'), undefined);
    assert.equal(parseFenceOpener('```a`b'), undefined);
    assert.ok(looksLikeProse("Here's the updated code:"));
    assert.ok(looksLikeProse('Sure! This should work.'));
    assert.ok(!looksLikeProse('return x;'));
    assert.ok(!looksLikeProse('foo(bar).'));
  });
});
