// The batcher: at most one edit per interval however many deltas arrive, one in flight at a
// time, retries keep order, stop drops the rest. Runs on a fake clock.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { EditBatcher, type ApplyResult, type BatcherClock } from '../../src/extension/editor/editBatcher';

class FakeClock implements BatcherClock {
  t = 0;
  private timers: Array<{ at: number; fn: () => void; id: number }> = [];
  private nextId = 1;
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== h);
  }
  /** Advance time, firing due timers in order and letting promise callbacks run between them. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = end;
    await new Promise((r) => setImmediate(r));
  }
}

/** A batcher (30 ms interval, fake clock) whose every edit applies, recording each edit's text. */
function appliesEverything() {
  const clock = new FakeClock();
  const applied: string[] = [];
  const b = new EditBatcher(async (text) => {
    applied.push(text);
    return 'applied';
  }, 30, clock);
  return { clock, applied, b };
}

describe('edit batcher', () => {
  it('1000 deltas over 1 s become at most ~34 edits, in order, nothing lost', async () => {
    const { clock, applied, b } = appliesEverything();
    let expected = '';
    for (let i = 0; i < 1000; i++) {
      const s = `t${i} `;
      expected += s;
      b.add(s);
      await clock.advance(1);
    }
    await clock.advance(0);
    const done = b.finish();
    await clock.advance(0);
    await done;
    assert.equal(applied.join(''), expected);
    assert.ok(applied.length <= 35, `${applied.length} edits`);
    assert.ok(applied.length >= 30, `${applied.length} edits`);
    assert.equal(b.edits, applied.length);
  });

  it('one edit in flight at a time; text arriving meanwhile waits for the next edit', async () => {
    const clock = new FakeClock();
    let resolveEdit: ((r: ApplyResult) => void) | undefined;
    const applied: string[] = [];
    const b = new EditBatcher((text) => {
      applied.push(text);
      return new Promise((r) => (resolveEdit = r));
    }, 30, clock);
    b.add('a');
    await clock.advance(0);
    assert.deepEqual(applied, ['a']);
    b.add('b');
    b.add('c');
    await clock.advance(100);
    assert.deepEqual(applied, ['a'], 'still waiting for the first edit');
    resolveEdit!('applied');
    await clock.advance(0);
    assert.deepEqual(applied, ['a', 'bc']);
    resolveEdit!('applied');
    await b.idle();
  });

  it('retry puts the text back in front; stop drops what is pending', async () => {
    const clock = new FakeClock();
    const results: ApplyResult[] = ['retry', 'applied'];
    const applied: string[] = [];
    const b = new EditBatcher(async (text) => {
      const r = results.shift() ?? 'applied';
      if (r === 'applied') applied.push(text);
      return r;
    }, 30, clock);
    b.add('x');
    await clock.advance(0);
    b.add('y');
    await clock.advance(40);
    assert.deepEqual(applied, ['xy']);
    b.add('z');
    b.stop();
    await clock.advance(100);
    assert.deepEqual(applied, ['xy']);
    await b.idle();
    b.add('after stop');
    await clock.advance(100);
    assert.deepEqual(applied, ['xy']);
  });

  it('finish does not wait for the interval', async () => {
    const { clock, applied, b } = appliesEverything();
    b.add('a');
    await clock.advance(0);
    b.add('b');
    const done = b.finish();
    await clock.advance(0);
    await done;
    assert.deepEqual(applied, ['a', 'b']);
    assert.equal(clock.t, 0);
  });

  /** Sends `perChunk` deltas every `everyMs` for `forMs` (how a local server's burst reaches the host), recording when each edit starts. */
  async function burst(perChunk: number, everyMs: number, forMs: number) {
    const clock = new FakeClock();
    const applied: Array<{ at: number; text: string }> = [];
    const b = new EditBatcher(async (text) => {
      applied.push({ at: clock.t, text });
      return 'applied';
    }, 30, clock);
    let expected = '';
    for (let t = 0; t < forMs; t += everyMs) {
      for (let i = 0; i < perChunk; i++) {
        const s = `d${t}.${i} `;
        expected += s;
        b.add(s);
      }
      await clock.advance(everyMs);
    }
    const done = b.finish();
    await clock.advance(0);
    await done;
    assert.equal(applied.map((a) => a.text).join(''), expected, 'nothing lost, in order');
    return applied;
  }

  it('a burst (10,000 deltas within 100 ms) is held until it ends and lands as one edit', async () => {
    const applied = await burst(500, 5, 100);
    assert.equal(applied.length, 1, `edits at ${applied.map((a) => a.at).join(', ')} ms`);
    assert.equal(applied[0].at, 100);
  });

  it('a burst longer than the hold still shows text within 150 ms, then ≤ ~33 edits/s', async () => {
    const applied = await burst(500, 5, 600);
    assert.ok(applied[0].at <= 150 + 8, `first edit at ${applied[0].at} ms`);
    assert.ok(applied.length >= 2 && applied.length <= 5, `${applied.length} edits`);
  });

  it('a short burst followed by quiet waits one 8 ms look at most', async () => {
    const applied = await burst(200, 50, 50);
    assert.deepEqual(applied.map((a) => a.at), [8]);
  });

  it('a model pace (a delta every 5 ms, 200 deltas/s) is never held: the first edit starts at once', async () => {
    const applied = await burst(1, 5, 300);
    assert.equal(applied[0].at, 0);
    assert.ok(applied.length >= 9, `${applied.length} edits`);
  });

  it('a fast local model (2,000 deltas/s, bunched 10 per 5 ms read) is not taken for a burst', async () => {
    const applied = await burst(10, 5, 300);
    assert.equal(applied[0].at, 0);
    assert.ok(applied.length >= 9, `${applied.length} edits`);
  });
});
