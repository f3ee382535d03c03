// The CLI's plain-mode output (src/cli/plainOutput.ts) on its own: reasoning on stderr under a
// header, every line prefixed, closed with its duration when the answer starts; refusals marked;
// stdout only ever the answer. The spawned-process side is in cli-main.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StreamEvent } from '../../src/core';
import { PlainOutput, REASONING_HEADER, REASONING_PREFIX, REFUSAL_MARKER } from '../../src/cli/plainOutput';

function run(events: StreamEvent[], color = false): { stdout: string; stderr: string; out: PlainOutput } {
  let stdout = '';
  let stderr = '';
  let clock = 1000;
  const out = new PlainOutput((t) => (stdout += t), (t) => (stderr += t), { color, now: () => (clock += 600) });
  for (const e of events) out.handle(e);
  out.finish();
  return { stdout, stderr, out };
}

test('reasoning goes to stderr under a header, each line prefixed, then "Thought for" when the answer starts', () => {
  const { stdout, stderr } = run([
    { type: 'open', status: 200, attempt: 1 },
    { type: 'reasoning', text: 'First' },
    { type: 'reasoning', text: ' line.\nSecond' },
    { type: 'reasoning', text: ' line.\n\nThird.' },
    { type: 'text', text: 'The answer.' },
    { type: 'finish', reason: 'stop' },
    { type: 'done', termination: 'done_sentinel' },
  ]);
  assert.equal(stdout, 'The answer.', 'stdout is only the answer');
  assert.equal(stderr, `${REASONING_HEADER}\n${REASONING_PREFIX}First line.\n${REASONING_PREFIX}Second line.\n\n${REASONING_PREFIX}Third.\nThought for 0.6 s.\n`);
});

test('reasoning after answer text opens a new block; a stream that ends while thinking still closes it', () => {
  const { stdout, stderr } = run([
    { type: 'reasoning', text: 'a' },
    { type: 'text', text: 'x' },
    { type: 'reasoning', text: 'b\n' },
  ]);
  assert.equal(stdout, 'x');
  assert.equal(stderr.split(REASONING_HEADER).length - 1, 2);
  assert.ok(stderr.endsWith(`${REASONING_PREFIX}b\nThought for 0.6 s.\n`), JSON.stringify(stderr));
});

test('progress lines close the reasoning block before they are printed', () => {
  const { stderr } = run([
    { type: 'reasoning', text: 'Thinking about sources' },
    { type: 'sources', sources: [{ file_id: 'f1', snippet: 'snippet' }] },
  ]);
  assert.equal(stderr, `${REASONING_HEADER}\n${REASONING_PREFIX}Thinking about sources\nThought for 0.6 s.\nSource f1: snippet\n`);
});

test('a refusal is printed as the answer, marked once on stderr', () => {
  const { stdout, stderr, out } = run([
    { type: 'refusal', text: "I can't" },
    { type: 'refusal', text: ' help with that.' },
  ]);
  assert.equal(stdout, "I can't help with that.");
  assert.equal(stderr, `${REFUSAL_MARKER}\n`);
  assert.equal(out.refused, true);
});

test('on a terminal reasoning is dimmed and the refusal marker bold; without color no escape codes at all', () => {
  const events: StreamEvent[] = [
    { type: 'reasoning', text: 'hmm' },
    { type: 'refusal', text: 'No.' },
  ];
  const tty = run(events, true);
  assert.ok(tty.stderr.includes(`\x1b[2m${REASONING_PREFIX}hmm\x1b[22m`), JSON.stringify(tty.stderr));
  assert.ok(tty.stderr.includes(`\x1b[1m${REFUSAL_MARKER}\x1b[22m`));
  assert.equal(tty.stdout, 'No.', 'stdout is never styled');
  assert.ok(!run(events, false).stderr.includes('\x1b'));
});
