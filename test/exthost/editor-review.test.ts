// The inline diff of Rewrite Selection and Generate at Cursor (`streamAssist.editor.review` =
// `diff`, the default) in the real extension host against the local server: old and new lines in
// the document while it streams, Accept All as one undo step, Reject All restoring the bytes
// (CRLF, no final EOL), Accept / Reject per change, cancel mid-stream keeping a proposal, typing
// above the block during the stream kept, typing into it stopping the stream, a multi-line edit
// ending the review with a message, the context key of the keybindings, and `direct` unchanged.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StreamAssistApi } from '../../src/extension';
import type { GenerationResult } from '../../src/extension/editor/streamController';
import { closeAllEditors, focusAwayFromText, startSession, undoInEditor, userEdit, waitFor, type Session } from './fixture';

const TEST_KEY = 'sk-reviewtest-7Hq2Lm9Xz-leakcanary';

let session: Session;
let api: StreamAssistApi;
let tmpDir: string;
let fileCount = 0;

async function open(content: string): Promise<vscode.TextEditor> {
  const file = path.join(tmpDir, `review-${++fileCount}.txt`);
  fs.writeFileSync(file, content);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await waitFor('the editor is active', () => vscode.window.activeTextEditor?.document === doc);
  return editor;
}

/** The server answers exactly `answer`, `rate` tokens per second (0: full speed). */
function rewrite(editor: vscode.TextEditor, selection: vscode.Selection, answer: string, rate = 0): Thenable<GenerationResult | undefined> {
  editor.selection = selection;
  return vscode.commands.executeCommand<GenerationResult | undefined>('streamAssist.rewriteSelection', { instruction: `rewrite ${rate ? `#rate=${rate} ` : ''}#echo=${answer}#/echo` });
}

const accept = (target?: object) => vscode.commands.executeCommand<boolean>('streamAssist.acceptChange', target);
const reject = (target?: object) => vscode.commands.executeCommand<boolean>('streamAssist.rejectChange', target);
const reviews = () => api.editor.controller.reviews.reviews();
const lines = (from: number, to: number) => new vscode.Selection(from, 0, to, 0);

describe('editor inline diff review (extension host)', function () {
  this.timeout(60_000);

  before(async () => {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-review-'));
    session = await startSession(TEST_KEY);
    ({ api } = session);
    assert.equal(api.services.settings.current().editor.review, 'diff', 'diff is the default');
  });

  after(async () => {
    await closeAllEditors();
    await session.close();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    api.services.streams.cancelAll();
    await waitFor('no editor stream left', () => api.editor.controller.active().length === 0);
    for (const r of reviews()) r.finish('closed');
    await closeAllEditors();
  });

  it('streams old and new lines together, then Accept All is one undo step', async () => {
    const original = 'keep 1\nold line a\nold line b\nkeep 2\ntail\n';
    const editor = await open(original);
    const doc = editor.document;
    await focusAwayFromText();
    const running = rewrite(editor, lines(0, 4), 'keep 1\nnew line A\nkeep 2\n', 10);
    await waitFor('the new line streams in among the old ones, decorated', () => {
      const live = api.editor.controller.active()[0];
      return live !== undefined && (live.lines()?.added.length ?? 0) > 0 && doc.getText().includes('new') && doc.getText().includes('old line a');
    }, 20_000);
    const result = await running;
    assert.equal(result?.outcome, 'done');
    assert.equal(result?.reviewing, true);
    assert.equal(doc.getText(), 'keep 1\nnew line A\nold line a\nold line b\nkeep 2\ntail\n', 'the review shows both: added then removed');
    const review = reviews()[0];
    assert.deepEqual(review.rows(), ['same', 'added', 'removed', 'removed', 'same']);
    assert.deepEqual(review.lines().removed.map((r) => [r.start.line, r.end.line]), [[2, 3]]);
    assert.ok(await accept());
    assert.equal(doc.getText(), 'keep 1\nnew line A\nkeep 2\ntail\n');
    assert.equal(reviews().length, 0, 'the review is over');
    await undoInEditor();
    assert.equal(doc.getText(), original, 'one undo gives back the original');
  });

  it('Reject All restores the bytes exactly (CRLF, block at the end without a final EOL)', async () => {
    const original = 'first\r\nsecond\r\nthird';
    const editor = await open(original);
    const doc = editor.document;
    const result = await rewrite(editor, new vscode.Selection(1, 0, 2, 5), 'SECOND\nthird\nfourth');
    assert.equal(result?.reviewing, true);
    assert.equal(doc.getText(), 'first\r\nSECOND\r\nsecond\r\nthird\r\nfourth');
    assert.ok(await reject());
    assert.equal(doc.getText(), original);
    assert.equal(reviews().length, 0);
    assert.notEqual(api.editor.controller.history.latest(doc)?.document, doc, 'nothing left to revert after a reject');
  });

  it('Accept and Reject per change (the CodeLens targets)', async () => {
    const editor = await open('a1\nb1\nc1\nd1\ne1\n');
    const doc = editor.document;
    await rewrite(editor, lines(0, 5), 'a1\nB2\nc1\nd1\nE2\n');
    const review = reviews()[0];
    assert.equal(review.hunks().length, 2);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.some((t) => t.includes('Accept All')) && titles.filter((t) => t.endsWith(' Accept')).length === 2, titles.join(' | '));
    const uri = doc.uri.toString();
    assert.ok(await accept({ uri, line: 0, hunk: 0 }));
    assert.equal(doc.getText(), 'a1\nB2\nc1\nd1\nE2\ne1\n');
    assert.equal(review.hunks().length, 1);
    assert.ok(await reject({ uri, line: 0, hunk: 0 }));
    assert.equal(doc.getText(), 'a1\nB2\nc1\nd1\ne1\n');
    assert.equal(reviews().length, 0, 'no change left: the review ends');
  });

  it('cancel mid-stream keeps what streamed as a proposal; the lines not reached stay', async () => {
    const original = 'one\ntwo\nthree\nfour\n';
    const editor = await open(original);
    const doc = editor.document;
    const running = rewrite(editor, lines(0, 4), 'ONE\nTWO\nTHREE\nFOUR\n', 8);
    await waitFor('the first new line', () => doc.getText().startsWith('ONE\n'), 20_000);
    api.services.streams.cancelAll();
    const result = await running;
    assert.equal(result?.outcome, 'cancelled');
    assert.equal(result?.reviewing, true);
    const review = reviews()[0];
    assert.ok(review.rows().includes('added'));
    assert.ok(doc.getText().endsWith('four\n'), 'old lines the model never reached are kept');
    assert.ok(await reject());
    assert.equal(doc.getText(), original);
  });

  it('an error mid-stream keeps what arrived as a proposal and says so; Reject restores the lines', async () => {
    const original = 'one\ntwo\nthree\nfour\n';
    const editor = await open(original);
    const doc = editor.document;
    editor.selection = lines(0, 4);
    const before = api.notifications.texts('editor').length;
    const result = await vscode.commands.executeCommand<GenerationResult | undefined>('streamAssist.rewriteSelection', {
      instruction: 'rewrite #fault=error-event-after:3 #echo=ONE\nTWO\nTHREE\nFOUR\n#/echo',
    });
    assert.equal(result?.outcome, 'error');
    assert.equal(result?.reviewing, true, JSON.stringify(result));
    assert.ok(reviews()[0]!.rows().includes('added'));
    assert.ok(doc.getText().endsWith('four\n'), 'the old lines the answer never reached stay');
    const said = api.notifications.texts('editor').slice(before).join('\n');
    assert.match(said, /Rewrite Selection stopped: .*kept as a proposed change to accept or reject/);
    assert.ok(await reject());
    assert.equal(doc.getText(), original);
  });

  it('typing above the block while it streams is kept; typing into it stops the stream and keeps a review', async () => {
    const editor = await open('header\nx = 1\ny = 2\n');
    const doc = editor.document;
    const running = rewrite(editor, lines(1, 3), 'x = 10\ny = 20\n', 20);
    await waitFor('streaming', () => doc.getText().includes('x = 10'), 20_000);
    await userEdit(editor, (b) => b.insert(new vscode.Position(0, 0), '// note\n'));
    const result = await running;
    assert.equal(result?.outcome, 'done');
    assert.ok(await accept());
    assert.equal(doc.getText(), '// note\nheader\nx = 10\ny = 20\n');

    const second = await open('p\nq\nr\n');
    const run2 = rewrite(second, lines(0, 3), 'P\nQ\nR\n', 6);
    await waitFor('streaming', () => second.document.getText().startsWith('P\n'), 20_000);
    await userEdit(second, (b) => b.insert(new vscode.Position(0, 1), '!'));
    const r2 = await run2;
    assert.equal(r2?.stopReason, 'typed');
    assert.equal(r2?.reviewing, true);
    assert.ok(await accept());
    assert.ok(second.document.getText().startsWith('P!\n'), 'the typed character survives the accept');
  });

  it('a multi-line edit inside the review ends it with a message; the context key follows the cursor', async () => {
    const editor = await open('m\nn\n');
    const doc = editor.document;
    await rewrite(editor, lines(0, 2), 'M\nN\n');
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    await waitFor('cursorInReview on', () => api.editor.cursorInReview.value);
    const before = api.notifications.texts('editor').length;
    await userEdit(editor, (b) => b.insert(new vscode.Position(1, 0), 'extra\n'));
    await waitFor('the review ended', () => reviews().length === 0);
    await waitFor('the user is told', () => api.notifications.texts('editor').length > before);
    assert.match(api.notifications.texts('editor').slice(-1)[0], /review ended/);
    await waitFor('cursorInReview off', () => !api.editor.cursorInReview.value);
    assert.ok(doc.getText().includes('extra'));
  });

  it('Generate at Cursor as a diff: accepted, the file is what direct writing gives', async () => {
    const editor = await open('before\n\nafter\n');
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const result = await vscode.commands.executeCommand<GenerationResult | undefined>('streamAssist.generateAtCursor', { prompt: 'gen #echo=let z = 3;#/echo' });
    assert.equal(result?.reviewing, true);
    assert.ok(await accept());
    assert.equal(editor.document.getText(), 'before\nlet z = 3;\nafter\n');
  });
});
