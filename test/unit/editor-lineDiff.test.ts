// The streaming line diff of the inline review: rows for typical rewrites, the one edit per batch
// checked against a document string on random blocks and chunkings (both EOLs, with and without a
// final EOL), accept giving the answer and reject the old block byte for byte, hunks, and cost
// that grows linearly (work counted, not timed).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { hunksOf, keeps, StreamingLineDiff, type RowKind } from '../../src/extension/editor/lineDiff';
import { mulberry32 } from '../random';

/** Old block from text that ends with '\n'. */
function diffOf(oldText: string, newText: string, dropEmptyLast = true) {
  const d = new StreamingLineDiff(oldText.slice(0, -1).split('\n'), { eol: '\n', endsWithEol: true });
  d.push(newText);
  d.end(dropEmptyLast);
  return d;
}

const rowsOf = (d: StreamingLineDiff) => d.rows.map((r) => `${r.kind[0]} ${r.text}`);

/** The block after accepting (or rejecting) every row, with the block's EOL shape. */
function resolved(d: StreamingLineDiff, decision: 'accept' | 'reject', eol: string, endsWithEol: boolean): string {
  const text = d.rows.filter((r) => keeps(r.kind, decision)).map((r) => r.text + eol).join('');
  return endsWithEol ? text : text.slice(0, -eol.length || undefined);
}

describe('streaming line diff', () => {
  it('a changed line in the middle: removed then added, the rest unchanged', () => {
    const d = diffOf('a\nb\nc\n', 'a\nB\nc\n');
    assert.deepEqual(rowsOf(d), ['s a', 'a B', 'r b', 's c']);
    assert.deepEqual(hunksOf(d.rows.map((r) => r.kind)), [{ first: 1, last: 2 }]);
  });

  it('lines added and removed at the ends; the old lines never reached are removed at the end', () => {
    assert.deepEqual(rowsOf(diffOf('b\nc\n', 'a\nb\nc\nd\n')), ['a a', 's b', 's c', 'a d']);
    assert.deepEqual(rowsOf(diffOf('a\nb\nc\n', 'a\n')), ['s a', 'r b', 'r c']);
  });

  it('a blank line or lone brace matches only a few lines ahead; a line with a word anywhere ahead', () => {
    const old = ['x()', '}', 'one', 'two', 'three', 'four', 'five', '}', 'end'].join('\n') + '\n';
    const d = diffOf(old, 'x()\nNEW\n}\nend\n');
    // The first '}' is 1 line ahead: matched; 'end' jumps over five lines: matched, they are removed.
    assert.deepEqual(rowsOf(d), ['s x()', 'a NEW', 's }', 'r one', 'r two', 'r three', 'r four', 'r five', 'r }', 's end']);
    const far = diffOf(['a', 'b', 'c', 'd', 'e', '}'].join('\n') + '\n', 'z\n}\n');
    assert.deepEqual(rowsOf(far), ['a z', 'a }', 'r a', 'r b', 'r c', 'r d', 'r e', 'r }']);
  });

  it('stopped early: what arrived is added, old lines not reached stay unchanged', () => {
    const d = new StreamingLineDiff(['a', 'b', 'c'], { eol: '\n', endsWithEol: true });
    d.push('a\nB\npar');
    d.stopHere();
    assert.deepEqual(rowsOf(d), ['s a', 'a B', 'a par', 's b', 's c']);
  });

  it('a whole-line rewrite drops the answer\'s last newline; a cursor line keeps the empty last line', () => {
    assert.deepEqual(rowsOf(diffOf('a\n', 'b\n', true)), ['a b', 'r a']);
    assert.deepEqual(rowsOf(diffOf('\n', 'b\n', false)), ['a b', 's ']);
  });

  it('one edit per batch takes the document to the block text, whatever the chunking (random blocks, both EOLs)', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const rnd = mulberry32(seed);
      const eol = rnd() < 0.3 ? '\r\n' : '\n';
      const vocab = ['', '}', 'a', 'b', 'return x;', 'let y = 1;', 'foo()', '  bar', 'baz qux'];
      const pick = () => vocab[Math.floor(rnd() * vocab.length)];
      const oldLines = Array.from({ length: 1 + Math.floor(rnd() * 8) }, pick);
      const endsWithEol = rnd() < 0.6;
      const oldText = oldLines.join(eol) + (endsWithEol ? eol : '');
      const newLines = Array.from({ length: Math.floor(rnd() * 9) }, () => (rnd() < 0.5 ? oldLines[Math.floor(rnd() * oldLines.length)] : pick()));
      const answer = newLines.join(eol) + (rnd() < 0.5 ? eol : '');
      let fed = '';
      const d = new StreamingLineDiff(oldLines, { eol, endsWithEol });
      let doc = oldText;
      const flush = (streaming = true) => {
        const next = d.nextEdit();
        if (!next) return;
        const { offset, length, text } = next.edit;
        assert.ok(offset >= 0 && offset + length <= doc.length, `seed ${seed}: edit inside the block`);
        doc = doc.slice(0, offset) + text + doc.slice(offset + length);
        const expected = d.text();
        // Text arriving while the edit is written must not count as shown.
        const late = streaming && rnd() < 0.3 && !fed.endsWith('\r') ? pick() + (rnd() < 0.5 ? eol : '') : '';
        if (late) {
          d.push(late);
          fed += late;
        }
        next.mark();
        assert.equal(doc, expected, `seed ${seed}: document = block text`);
        const virtual = endsWithEol ? doc : doc + eol;
        assert.equal(d.shownRows().length, virtual.split(eol).length - 1, `seed ${seed}: one row per line`);
      };
      for (let i = 0; i < answer.length; ) {
        const n = 1 + Math.floor(rnd() * 6);
        d.push(answer.slice(i, i + n));
        fed += answer.slice(i, i + n);
        i += n;
        if (rnd() < 0.5) flush();
      }
      if (rnd() < 0.2) {
        d.stopHere();
        flush(false);
        continue;
      }
      d.end(true);
      flush(false);
      assert.equal(resolved(d, 'reject', eol, endsWithEol), oldText, `seed ${seed}: reject gives the old block`);
      const accepted = resolved(d, 'accept', eol, endsWithEol);
      // The diff reads '\r\n' and '\n' alike; the rows carry the document's EOL.
      const answerLines = fed === '' ? [] : fed.replace(/\r?\n$/, '').split(/\r?\n/);
      const expected = answerLines.map((l) => l + eol).join('');
      assert.equal(accepted, endsWithEol ? expected : expected.slice(0, -eol.length || undefined), `seed ${seed}: accept gives the answer`);
    }
  });

  it('work grows linearly: a 10,000-line rewrite in one-character deltas does not rescan the block', () => {
    const count = (n: number) => {
      const old = Array.from({ length: n }, (_, i) => `line ${i} of the old text`);
      const answer = old.map((l, i) => (i % 10 === 0 ? `${l} changed` : l)).join('\n') + '\n';
      const d = new StreamingLineDiff(old, { eol: '\n', endsWithEol: true });
      let edited = 0;
      for (let i = 0; i < answer.length; i += 7) {
        d.push(answer.slice(i, i + 7));
        if (i % 700 === 0) {
          const next = d.nextEdit();
          if (next) {
            edited += next.edit.length + next.edit.text.length;
            next.mark();
          }
        }
      }
      d.end(true);
      return { edited, rows: d.rows.length };
    };
    const small = count(1000);
    const big = count(10_000);
    assert.equal(big.rows, 11_000);
    // Edited characters ~ the answer's size, not its square.
    assert.ok(big.edited < small.edited * 12, `edited ${big.edited} vs ${small.edited}`);
  });

  it('hunks are runs of changed rows', () => {
    const kinds: RowKind[] = ['same', 'added', 'removed', 'same', 'removed', 'same', 'added'];
    assert.deepEqual(hunksOf(kinds), [{ first: 1, last: 2 }, { first: 4, last: 4 }, { first: 6, last: 6 }]);
  });
});
