// Wording of the Knowledge Graph / agent messages, error normalisation, the event tap and the
// progress line: every message says what happened and what to do.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as msg from '../../src/extension/knowledge/knowledgeMessages';
import { errorInfoOf } from '../../src/core';
import { observeEvents } from '../../src/core/channel';
import { ProgressText } from '../../src/extension/knowledge/progressText';
import type { StreamErrorInfo, StreamEvent, StreamHandle } from '../../src/core/types';
import { emptyStreamResult } from '../../src/extension/foundation/failedHandle';

const notFound: StreamErrorInfo = { kind: 'not-found', message: 'Graph not found.', action: 'Check the id.', status: 404, retryable: false };

describe('knowledge: messages', () => {
  it('non-Writer provider names the provider and the setting', () => {
    const t = msg.notWriter('knowledge-graph', 'openai');
    assert.match(t, /Knowledge Graph questions are a Writer feature/);
    assert.match(t, /OpenAI-compatible provider/);
    assert.match(t, /"streamAssist\.provider" to "writer"/);
    assert.match(msg.notWriter('agent', 'generic'), /No-code agents are a Writer feature.*generic provider/);
  });
  it('empty lists point to AI Studio', () => {
    assert.match(msg.noGraphs(), /no Knowledge Graphs.*Writer AI Studio.*All Teams/);
    assert.match(msg.noApplications(), /no no-code agents.*Writer AI Studio/);
  });
  it('404 says what was not found, why, what to do, and that the partial answer is kept', () => {
    const t = msg.streamFailed('knowledge-graph', notFound, { graphs: 'Handbook', partialChars: 10 });
    assert.equal(
      t,
      'Writer could not find the Knowledge Graph "Handbook" (Graph not found). It may have been deleted or not be shared with "All Teams"; pick the graphs again. The partial answer is kept in the chat.',
    );
    assert.match(msg.streamFailed('agent', notFound, { agent: 'Research', partialChars: 0 }), /^Writer could not find the agent "Research" \(Graph not found\)\. .*pick the agent again\.$/);
  });
  it('stall and other errors carry the core message and action', () => {
    const stalled: StreamErrorInfo = { kind: 'stalled', message: 'No data for 90 s', action: 'Try again', retryable: true };
    assert.equal(
      msg.streamFailed('knowledge-graph', stalled, { partialChars: 3 }),
      'The Knowledge Graph answer was interrupted: No data for 90 s. Try again. The partial answer is kept in the chat.',
    );
    const server: StreamErrorInfo = { kind: 'server', message: 'Writer had an internal error.', action: 'Retry later.', retryable: true };
    assert.equal(msg.streamFailed('agent', server, { agent: 'R', partialChars: 0 }), 'The agent "R" failed: Writer had an internal error. Retry later.');
  });
  it('file inputs and unknown ids explain the way out', () => {
    assert.match(msg.fileInputUnsupported('R', 'doc'), /"R" needs a file for its input "doc".*cannot upload.*AI Studio/);
    assert.match(msg.unknownApplication('x1'), /No no-code agent with id "x1".*without arguments to pick one/);
  });
});

describe('core: errorInfoOf (one reader for list and pre-flight failures)', () => {
  it('passes StreamErrorInfo and StreamError.info through', () => {
    assert.equal(errorInfoOf(notFound), notFound);
    const e = Object.assign(new Error('x'), { info: notFound });
    assert.equal(errorInfoOf(e), notFound);
  });
  it('passes every kind through, billing (402) included', () => {
    const billing: StreamErrorInfo = { kind: 'billing', message: 'Out of credits.', action: 'Add credits.', status: 402, retryable: false };
    assert.equal(errorInfoOf(Object.assign(new Error('x'), { info: billing })), billing);
  });
  it('wraps anything else as a retryable network error', () => {
    const i = errorInfoOf(new Error('socket hang up'));
    assert.equal(i.kind, 'network');
    assert.equal(i.message, 'socket hang up');
    assert.equal(i.retryable, true);
  });
});

function fakeHandle(events: StreamEvent[], gapMs = 1): StreamHandle & { aborted: boolean } {
  const result = emptyStreamResult({ termination: 'done_sentinel', dataEvents: events.length });
  const h = {
    aborted: false,
    events: (async function* () {
      for (const e of events) {
        await new Promise((r) => setTimeout(r, gapMs));
        yield e;
      }
    })(),
    result: Promise.resolve(result),
    abort() {
      h.aborted = true;
    },
    retryNow() {},
  };
  return h;
}

describe('core: observeEvents (the registry and the Knowledge Graph progress watch streams with it)', () => {
  const events: StreamEvent[] = [
    { type: 'open', status: 200, attempt: 1 },
    { type: 'text', text: 'Hel' },
    { type: 'sources', sources: [{ file_id: 'f1', snippet: 's' }] },
    { type: 'text', text: 'lo' },
    { type: 'done', termination: 'done_sentinel' },
  ];
  it('observer and consumer both see every event in order', async () => {
    const seen: StreamEvent[] = [];
    const tapped = observeEvents(fakeHandle(events), (e) => seen.push(e));
    const consumed: StreamEvent[] = [];
    for await (const e of tapped.events) consumed.push(e);
    assert.deepEqual(consumed, events);
    assert.deepEqual(seen, events);
  });
  it('observer sees events even when nobody iterates; a late consumer still gets them all', async () => {
    const seen: StreamEvent[] = [];
    const tapped = observeEvents(fakeHandle(events), (e) => seen.push(e));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(seen.length, events.length);
    const consumed: StreamEvent[] = [];
    for await (const e of tapped.events) consumed.push(e);
    assert.deepEqual(consumed, events);
  });
  it('a throwing observer does not break the stream; abort reaches the original', async () => {
    const raw = fakeHandle(events);
    const tapped = observeEvents(raw, () => {
      throw new Error('observer bug');
    });
    let n = 0;
    for await (const _ of tapped.events) n++;
    assert.equal(n, events.length);
    tapped.abort();
    assert.equal(raw.aborted, true);
    assert.throws(() => tapped.events[Symbol.asyncIterator](), /single consumer/);
  });
});

describe('knowledge: ProgressText', () => {
  it('graph questions: searching, then answering with counts', () => {
    const p = new ProgressText('knowledge-graph');
    assert.equal(p.text(), 'Searching the graphs…');
    p.update({ type: 'text', text: 'abcd' });
    p.update({ type: 'sources', sources: [{ file_id: 'a', snippet: '' }, { file_id: 'b', snippet: '' }] });
    assert.equal(p.text(), 'Answering… 4 characters, 2 sources');
    assert.equal(p.answerChars, 4);
  });
  it('agents: stages by id, then writing', () => {
    const p = new ProgressText('agent');
    assert.equal(p.text(), 'Starting the agent…');
    p.update({ type: 'stage', stage: { id: 's1', content: 'Planning the research\nmore', sources: null } });
    p.update({ type: 'stage', stage: { id: 's1', content: 'Planning again', sources: null } });
    p.update({ type: 'stage', stage: { id: 's2', content: 'Searching the web', sources: ['https://x'] } });
    assert.equal(p.text(), 'Stage 2: Searching the web');
    p.update({ type: 'text', text: 'Result' });
    assert.equal(p.text(), 'Writing… 6 characters');
  });
  it('shows a pending retry until the stream opens', () => {
    const p = new ProgressText('agent');
    p.update({ type: 'retrying', attempt: 2, delayMs: 1500, error: { kind: 'server', message: '503', action: '', retryable: true } });
    assert.equal(p.text(), 'Retrying in 2 s (attempt 2): 503');
    p.update({ type: 'open', status: 200, attempt: 2 });
    assert.equal(p.text(), 'Starting the agent…');
  });
});
