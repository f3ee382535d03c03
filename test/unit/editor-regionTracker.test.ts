// Range tracking: edits above move the region, below leave it, inside are reported; own edits
// grow it. Checked against a brute-force model on random edit sequences.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyOwnEdit, trackChange, trackChanges, type OffsetChange, type Region } from '../../src/extension/editor/regionTracker';

const live = { endIsInside: true };
const finished = { endIsInside: false };

describe('region tracker', () => {
  const r: Region = { start: 10, end: 20 };
  it('an edit above shifts the region', () => {
    assert.deepEqual(trackChange(r, { offset: 2, length: 0, textLength: 5 }, live), { region: { start: 15, end: 25 }, impact: 'outside' });
    assert.deepEqual(trackChange(r, { offset: 2, length: 8, textLength: 1 }, live), { region: { start: 3, end: 13 }, impact: 'outside' });
  });
  it('typing right before the region pushes it down', () => {
    assert.deepEqual(trackChange(r, { offset: 10, length: 0, textLength: 1 }, live), { region: { start: 11, end: 21 }, impact: 'outside' });
  });
  it('an edit below leaves it', () => {
    assert.deepEqual(trackChange(r, { offset: 25, length: 3, textLength: 0 }, live), { region: r, impact: 'outside' });
  });
  it('typing at the end is inside while writing, outside once finished', () => {
    assert.equal(trackChange(r, { offset: 20, length: 0, textLength: 1 }, live).impact, 'inside');
    assert.deepEqual(trackChange(r, { offset: 20, length: 0, textLength: 1 }, finished), { region: r, impact: 'outside' });
  });
  it('an edit inside is reported and the region covers it', () => {
    assert.deepEqual(trackChange(r, { offset: 12, length: 2, textLength: 5 }, live), { region: { start: 10, end: 23 }, impact: 'inside' });
    assert.deepEqual(trackChange(r, { offset: 5, length: 10, textLength: 0 }, live), { region: { start: 5, end: 10 }, impact: 'inside' });
  });
  it('an empty region (nothing written yet) is pushed by typing at its place', () => {
    assert.deepEqual(trackChange({ start: 5, end: 5 }, { offset: 5, length: 0, textLength: 2 }, live), { region: { start: 7, end: 7 }, impact: 'outside' });
  });
  it('own edits grow the region: first replaces, later append', () => {
    assert.deepEqual(applyOwnEdit({ start: 5, end: 9 }, { offset: 5, length: 4, textLength: 2 }), { start: 5, end: 7 });
    assert.deepEqual(applyOwnEdit({ start: 5, end: 5 }, { offset: 5, length: 0, textLength: 3 }), { start: 5, end: 8 });
    assert.deepEqual(applyOwnEdit({ start: 5, end: 8 }, { offset: 8, length: 0, textLength: 3 }), { start: 5, end: 11 });
  });
  it('several changes of one event (offsets before the event) apply bottom-up', () => {
    const changes: OffsetChange[] = [
      { offset: 0, length: 0, textLength: 3 },
      { offset: 30, length: 0, textLength: 4 },
    ];
    assert.deepEqual(trackChanges(r, changes, live), { region: { start: 13, end: 23 }, impact: 'outside' });
  });

  it('random edits outside the region keep it on the same text (model check)', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const marker = 'REGION';
      let doc = 'x'.repeat(rand(20)) + marker + 'y'.repeat(rand(20));
      let region: Region = { start: doc.indexOf(marker), end: doc.indexOf(marker) + marker.length };
      for (let step = 0; step < 20; step++) {
        // Pick an edit entirely before or after the region.
        const before = rand(2) === 0;
        const lo = before ? 0 : region.end + 1;
        const hi = before ? region.start : doc.length;
        if (hi < lo) continue;
        const offset = lo + rand(hi - lo + 1);
        const length = rand(Math.min(3, (before ? region.start : doc.length) - offset) + 1);
        const text = 'z'.repeat(rand(4));
        doc = doc.slice(0, offset) + text + doc.slice(offset + length);
        const t = trackChange(region, { offset, length, textLength: text.length }, live);
        assert.equal(t.impact, 'outside');
        region = t.region;
        assert.equal(doc.slice(region.start, region.end), marker, `round ${round} step ${step}`);
      }
    }
  });
});
