// Editor streaming inside the real extension host against the local streaming server: exact
// documents for plain / fenced / multi-line answers, CRLF and indentation, one undo step, revert
// after cursor moves, edits above the region while it is written, typing into it, cancel (keep /
// revert, socket closed), errors keeping partial text, editor switches, closing the document,
// two streams at once, and the clear messages without an editor or on a read-only document.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StreamAssistApi } from '../../src/extension';
import type { GenerationResult } from '../../src/extension/editor/streamController';
import type { StreamingServer } from '../server';
import { answerText } from '../server/answers';
import { closeAllEditors, focusAwayFromText, sleep, startSession, undoInEditor, userEdit, waitFor, type Session } from './fixture';

const TEST_KEY = 'sk-editortest-4Jr8Qp2Lm-leakcanary';

let session: Session;
let api: StreamAssistApi;
let server: StreamingServer;

const PLAIN = answerText('chat', 'plain');
/** The code inside the one ```typescript fence. */
const FENCED_CODE = answerText('chat', 'code-fenced').split('\n').slice(1, -2).join('\n');
/** Three lines of code; the answer's final newline is not inserted. */
const MULTILINE = answerText('chat', 'multiline').replace(/\n$/, '');

async function setOnCancel(value: 'keep' | 'revert' | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('streamAssist').update('editor.onCancel', value, vscode.ConfigurationTarget.Global);
}

// Real files, so cleanup can save them and close without a "save changes?" dialog.
let tmpDir: string;
let fileCount = 0;
async function open(content: string, column = vscode.ViewColumn.One, extension = 'txt'): Promise<vscode.TextEditor> {
  const file = path.join(tmpDir, `doc-${++fileCount}.${extension}`);
  fs.writeFileSync(file, content);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preview: false });
  await waitFor('the editor is active', () => vscode.window.activeTextEditor?.document === doc);
  return editor;
}

function place(editor: vscode.TextEditor, line: number, character: number): void {
  const p = new vscode.Position(line, character);
  editor.selection = new vscode.Selection(p, p);
}

function generate(prompt: string): Thenable<GenerationResult | undefined> {
  return vscode.commands.executeCommand<GenerationResult | undefined>('streamAssist.generateAtCursor', { prompt });
}

function rewrite(instruction: string): Thenable<GenerationResult | undefined> {
  return vscode.commands.executeCommand<GenerationResult | undefined>('streamAssist.rewriteSelection', { instruction });
}

/** The running stream writing into `doc` (waits until there is one). */
async function streamIn(doc: vscode.TextDocument, written = true) {
  let found: ReturnType<StreamAssistApi['editor']['controller']['active']>[number] | undefined;
  await waitFor('a stream writing into the document', () => {
    found = api.editor.controller.active().find((s) => s.document === doc && (!written || s.written));
    return found !== undefined;
  });
  return found!;
}

function lastRequest() {
  return server.requests[server.requests.length - 1];
}

describe('editor streaming (extension host)', function () {
  this.timeout(60_000);

  before(async () => {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-editor-'));
    session = await startSession(TEST_KEY);
    ({ api, server } = session);
    // These tests are about writing straight into the file; the inline diff has its own (editor-review).
    await vscode.workspace.getConfiguration('streamAssist').update('editor.review', 'direct', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    api.services.streams.cancelAll();
    await closeAllEditors();
    await setOnCancel(undefined);
    await vscode.workspace.getConfiguration('streamAssist').update('editor.review', undefined, vscode.ConfigurationTarget.Global);
    await session.close();
    fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  afterEach(async () => {
    api.services.streams.cancelAll();
    await waitFor('no editor stream left', () => api.editor.controller.active().length === 0);
    await setOnCancel(undefined);
    await closeAllEditors();
  });

  it('plain answer: inserted exactly at the cursor, context and prompt sent', async () => {
    const editor = await open('first line\n\nlast line');
    place(editor, 1, 0);
    const result = await generate('say something #answer=plain');
    assert.equal(result?.outcome, 'done');
    assert.equal(editor.document.getText(), `first line\n${PLAIN}\nlast line`);
    const body = lastRequest().body as { messages: { role: string; content: string }[] };
    assert.equal(body.messages[0].role, 'system');
    assert.match(body.messages[0].content, /only the text to insert/);
    assert.match(body.messages[1].content, /<before>\nfirst line\n\n<\/before>/);
    assert.match(body.messages[1].content, /<after>\n\nlast line\n<\/after>/);
    assert.ok(body.messages[1].content.endsWith('say something #answer=plain'));
  });

  it('at line 1 column 1 of a non-empty line the answer ends with the EOL: the existing line stays on its own', async () => {
    const editor = await open('console.log(add(1, 2));\n', vscode.ViewColumn.One, 'ts');
    place(editor, 0, 0);
    const result = await generate('#echo=export function add(a: number, b: number): number {\n  return a + b;\n}');
    assert.equal(result?.outcome, 'done');
    assert.equal(editor.document.getText(), 'export function add(a: number, b: number): number {\n  return a + b;\n}\nconsole.log(add(1, 2));\n');
  });

  it('fenced answer: the fence lines are stripped', async () => {
    const editor = await open('// above\n\n// below', vscode.ViewColumn.One, 'ts');
    place(editor, 1, 0);
    const result = await generate('fibonacci #answer=code-fenced');
    assert.equal(result?.outcome, 'done');
    assert.equal(editor.document.getText(), `// above\n${FENCED_CODE}\n// below`);
  });

  it('multi-line answer, streamed slowly: several edits, one undo step restores the original', async () => {
    const original = 'a\n\nb';
    const editor = await open(original);
    place(editor, 1, 0);
    await focusAwayFromText();
    const result = await generate('totals #answer=multiline #rate=30');
    assert.equal(result?.outcome, 'done');
    assert.equal(editor.document.getText(), `a\n${MULTILINE}\nb`);
    assert.ok((result?.edits ?? 0) >= 2, `${result?.edits} edits`);
    assert.ok((result?.edits ?? 0) < 40, `${result?.edits} edits: batched, not one per token`);
    await undoInEditor();
    assert.equal(editor.document.getText(), original);
    await vscode.commands.executeCommand('redo');
    assert.equal(editor.document.getText(), `a\n${MULTILINE}\nb`);
  });

  it('a slow fenced answer streamed token by token is still one undo step', async () => {
    const original = '// Numbers\n\nexport const answer = 42;\n';
    const editor = await open(original, vscode.ViewColumn.One, 'txt');
    place(editor, 1, 0);
    await focusAwayFromText();
    const result = await generate('fibonacci #answer=code-fenced #rate=12');
    assert.equal(result?.outcome, 'done');
    assert.equal(result?.workspaceEdits, 0, 'every edit went through the editor');
    assert.equal(editor.document.getText(), `// Numbers\n${FENCED_CODE}\nexport const answer = 42;\n`);
    await undoInEditor();
    assert.equal(editor.document.getText(), original);
  });

  it('keeps the CRLF line endings and the indentation at the cursor', async () => {
    const editor = await open('function f() {\r\n    \r\n}', vscode.ViewColumn.One, 'js');
    assert.equal(editor.document.eol, vscode.EndOfLine.CRLF);
    place(editor, 1, 4);
    const result = await generate('#echo=    const a = 1;\n    return a;');
    assert.equal(result?.outcome, 'done');
    assert.equal(editor.document.getText(), 'function f() {\r\n    const a = 1;\r\n    return a;\r\n}');
  });

  it('Revert Last Generation restores the original exactly after cursor moves and other edits', async () => {
    const original = 'alpha\n\nomega';
    const editor = await open(original);
    place(editor, 1, 0);
    const running = generate('#answer=multiline #rate=150');
    await streamIn(editor.document);
    // Cursor moves split undo stops; an edit elsewhere must survive the revert.
    place(editor, 0, 2);
    await sleep(60);
    place(editor, 2, 1);
    const result = await running;
    assert.equal(result?.outcome, 'done');
    await userEdit(editor, (b) => b.insert(editor.document.positionAt(editor.document.getText().length), '\nadded later'));
    place(editor, 0, 0);
    assert.equal(await vscode.commands.executeCommand('streamAssist.revertLastGeneration'), true);
    assert.equal(editor.document.getText(), `${original}\nadded later`);
  });

  it('Revert Last Generation while streaming stops it and restores the original', async () => {
    const original = 'keep\n\nthis';
    const editor = await open(original);
    place(editor, 1, 0);
    const running = generate('#answer=multiline #rate=30');
    await streamIn(editor.document);
    const record = lastRequest();
    assert.equal(await vscode.commands.executeCommand('streamAssist.revertLastGeneration'), true);
    const result = await running;
    assert.equal(result?.outcome, 'stopped');
    assert.equal(result?.stopReason, 'revert');
    await server.waitForClose(record.id, 2000);
    assert.equal(editor.document.getText(), original);
  });

  it('edits above and below the region while it is written do not corrupt it', async () => {
    const editor = await open('top\n\nbottom');
    place(editor, 1, 0);
    const running = generate('#answer=multiline #rate=10');
    const stream = await streamIn(editor.document);
    let editsWhileStreaming = 0;
    for (let i = 0; i < 3; i++) {
      await userEdit(editor, (b) => b.insert(new vscode.Position(0, 0), `above ${i}\n`));
      if (stream.running) editsWhileStreaming++;
      await sleep(40);
    }
    await userEdit(editor, (b) => b.insert(editor.document.lineAt(editor.document.lineCount - 1).range.end, '\nbelow'));
    assert.ok(editsWhileStreaming > 0, 'the user edited above while the stream was writing');
    const result = await running;
    assert.equal(result?.outcome, 'done');
    assert.equal(editor.document.getText(), `above 2\nabove 1\nabove 0\ntop\n${MULTILINE}\nbottom\nbelow`);
  });

  it('typing inside the region stops the stream, keeps the text and closes the request', async () => {
    const editor = await open('x\n\ny');
    place(editor, 1, 0);
    const running = generate('#answer=multiline #rate=20');
    const stream = await streamIn(editor.document);
    const record = lastRequest();
    await userEdit(editor, (b) => b.insert(editor.document.positionAt(stream.spec.region.region.start + 2), 'TYPED'));
    const result = await running;
    assert.equal(result?.outcome, 'stopped');
    assert.equal(result?.stopReason, 'typed');
    await server.waitForClose(record.id, 2000);
    const text = editor.document.getText();
    assert.ok(text.includes('TYPED'));
    const written = result!.text.replace('TYPED', '');
    assert.ok(written.length > 0 && MULTILINE.startsWith(written) && written.length < MULTILINE.length, JSON.stringify(written));
    await sleep(200);
    assert.equal(editor.document.getText(), text, 'nothing written after the stop');
  });

  it('cancel (status bar / keybinding command) closes the request at once and keeps the partial text', async () => {
    const original = 'p\n\nq';
    const editor = await open(original);
    place(editor, 1, 0);
    const running = generate('#answer=multiline #rate=20');
    await streamIn(editor.document);
    assert.equal(api.editor.cursorInRegion.value, true, 'the cursor follows the text: Escape cancels here');
    const record = lastRequest();
    const t0 = server.now();
    assert.equal(await vscode.commands.executeCommand('streamAssist.cancel', { all: true }), 1);
    const closedAt = await server.waitForClose(record.id, 2000);
    assert.ok(closedAt - t0 < 500, `socket closed ${closedAt - t0} ms after cancel`);
    const result = await running;
    assert.equal(result?.outcome, 'cancelled');
    const partial = result!.text;
    assert.ok(partial.length > 0 && MULTILINE.startsWith(partial) && partial.length < MULTILINE.length, JSON.stringify(partial));
    assert.equal(editor.document.getText(), `p\n${partial}\nq`);
    await waitFor('context key cleared', () => !api.editor.cursorInRegion.value);
  });

  it('cancel with editor.onCancel = revert restores the original', async () => {
    await setOnCancel('revert');
    const original = 'p\n\nq';
    const editor = await open(original);
    place(editor, 1, 0);
    const running = generate('#answer=multiline #rate=20');
    await streamIn(editor.document);
    const record = lastRequest();
    await vscode.commands.executeCommand('streamAssist.cancel', { all: true });
    await server.waitForClose(record.id, 2000);
    const result = await running;
    assert.equal(result?.outcome, 'cancelled');
    assert.equal(editor.document.getText(), original);
  });

  it('an error mid-stream keeps the partial text and offers Retry', async () => {
    const editor = await open('m\n\nn');
    place(editor, 1, 0);
    const before = api.notifications.texts('editor').length;
    const result = await generate('#answer=multiline #fault=reset-after:12');
    assert.equal(result?.outcome, 'error');
    const partial = result!.text;
    assert.ok(partial.length > 0 && MULTILINE.startsWith(partial), JSON.stringify(partial));
    assert.equal(editor.document.getText(), `m\n${partial}\nn`);
    const message = api.notifications.texts('editor').slice(before).join('\n');
    assert.match(message, /Generate at Cursor stopped: .+ The text written so far was kept\./);
  });

  it('keeps writing into its document when the user switches to another editor', async () => {
    const editor = await open('one\n\ntwo');
    const doc = editor.document;
    place(editor, 1, 0);
    const running = generate('#answer=multiline #rate=30');
    await streamIn(doc);
    const other = await open('another document');
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document === doc), 'the target is no longer visible');
    const result = await running;
    assert.equal(result?.outcome, 'done');
    assert.equal(doc.getText(), `one\n${MULTILINE}\ntwo`);
    assert.equal(other.document.getText(), 'another document');
  });

  it('closing the document stops the stream and closes the request', async () => {
    // Auto-save keeps the file clean between the slow stream's edits, so closing needs no dialog.
    const files = vscode.workspace.getConfiguration('files');
    await files.update('autoSave', 'afterDelay', vscode.ConfigurationTarget.Global);
    await files.update('autoSaveDelay', 5, vscode.ConfigurationTarget.Global);
    try {
      const editor = await open('c\n\nd');
      const doc = editor.document;
      place(editor, 1, 0);
      const running = generate('#answer=multiline #rate=4');
      await streamIn(doc);
      const record = lastRequest();
      await waitFor('the file is saved', () => !doc.isDirty);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      const result = await running;
      assert.equal(result?.outcome, 'stopped');
      assert.equal(result?.stopReason, 'closed');
      await server.waitForClose(record.id, 2000);
    } finally {
      await files.update('autoSave', undefined, vscode.ConfigurationTarget.Global);
      await files.update('autoSaveDelay', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('two streams into two editors at once both finish right', async () => {
    const left = await open('L1\n\nL2', vscode.ViewColumn.One);
    place(left, 1, 0);
    const a = generate('#answer=multiline #rate=100');
    await streamIn(left.document, false);
    const right = await open('R1\n\nR2', vscode.ViewColumn.Two);
    place(right, 1, 0);
    const b = generate('#answer=code-fenced #rate=150');
    await streamIn(right.document, false);
    assert.equal(api.editor.controller.active().length, 2);
    const [ra, rb] = await Promise.all([a, b]);
    assert.equal(ra?.outcome, 'done');
    assert.equal(rb?.outcome, 'done');
    assert.equal(left.document.getText(), `L1\n${MULTILINE}\nL2`);
    assert.equal(right.document.getText(), `R1\n${FENCED_CODE}\nR2`);
  });

  it('Rewrite Selection replaces the selected lines, and revert brings them back', async () => {
    const original = 'one\ntwo\nthree\n';
    const editor = await open(original);
    editor.selection = new vscode.Selection(1, 0, 2, 0);
    const result = await rewrite('#echo=```\nTWO, rewritten\n```');
    assert.equal(result?.outcome, 'done');
    assert.equal(editor.document.getText(), 'one\nTWO, rewritten\nthree\n');
    const body = lastRequest().body as { messages: { content: string }[] };
    assert.ok(body.messages[1].content.includes('<selection>\ntwo\n\n</selection>'));
    assert.equal(await vscode.commands.executeCommand('streamAssist.revertLastGeneration'), true);
    assert.equal(editor.document.getText(), original);
  });

  it('an editor made read-only in the session: the stream stops with a clear message, nothing written', async () => {
    const editor = await open('locked\n');
    place(editor, 1, 0);
    await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
    try {
      const result = await generate('#answer=multiline');
      assert.equal(result?.outcome, 'stopped');
      assert.equal(result?.stopReason, 'read-only');
      assert.equal(editor.document.getText(), 'locked\n');
      const messages = api.notifications.texts('editor');
      assert.match(messages[messages.length - 1], /cannot be edited \(read-only\)/);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.setActiveEditorWriteableInSession');
    }
  });

  it('no editor, an empty selection, or a read-only document: a clear message, nothing sent', async () => {
    const lastMessage = () => api.notifications.last('editor') ?? '';
    const requests = server.requests.length;
    await closeAllEditors();
    assert.equal(await generate('#answer=plain'), undefined);
    assert.match(lastMessage(), /open a file and put the cursor where the text should go/);

    await open('abc');
    assert.equal(await rewrite('#answer=plain'), undefined);
    assert.match(lastMessage(), /select the text to rewrite first/);

    const provider = new ReadOnlyFs('read only text\n');
    const registration = vscode.workspace.registerFileSystemProvider('sa-readonly', provider, { isReadonly: true });
    try {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse('sa-readonly:/file.txt'));
      await vscode.window.showTextDocument(doc);
      assert.equal(await generate('#answer=plain'), undefined);
      assert.match(lastMessage(), /cannot write here: this document is read-only/);
      assert.equal(doc.getText(), 'read only text\n');
    } finally {
      await closeAllEditors();
      registration.dispose();
    }
    assert.equal(server.requests.length, requests);
  });
});

/** A one-file read-only file system. */
class ReadOnlyFs implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  constructor(private readonly content: string) {}
  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  stat(): vscode.FileStat {
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: this.content.length, permissions: vscode.FilePermission.Readonly };
  }
  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions();
  }
  readFile(): Uint8Array {
    return new TextEncoder().encode(this.content);
  }
  writeFile(): void {
    throw vscode.FileSystemError.NoPermissions();
  }
  delete(): void {
    throw vscode.FileSystemError.NoPermissions();
  }
  rename(): void {
    throw vscode.FileSystemError.NoPermissions();
  }
}
