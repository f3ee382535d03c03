// Apply Code Block (the chat's Apply button) in the real extension host: the picker names the file
// before anything is touched, a whole-file block is diffed as it is, a fragment is merged by the
// model (the local server's answer) and shown as the same inline diff to accept or reject, a file
// the block names that does not exist yet opens as an untitled document at that path (saved there,
// or closed when rejected), a path
// outside the workspace is refused with nothing written, and the chat's button reaches it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StreamAssistApi } from '../../src/extension';
import type { ApplyResult } from '../../src/extension/editor/applyCode';
import type { ActivePrompt } from '../../src/extension/services';
import { closeAllEditors, startSession, waitFor, type Session } from './fixture';

const TEST_KEY = 'sk-applytest-3Kd9Qp-leakcanary';

let session: Session;
let api: StreamAssistApi;
let dir: string;

function write(name: string, text: string): vscode.Uri {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

const apply = (args: object) => vscode.commands.executeCommand<ApplyResult | undefined>('streamAssist.applyCodeBlock', args) as Thenable<ApplyResult | undefined>;
/** Generation requests the local server received (model lists and the like aside). */
const streamRequests = () => session.server.requests.filter((r) => r.method === 'POST').length;
const reviews = () => api.editor.controller.reviews.reviews();
const accept = () => vscode.commands.executeCommand<boolean>('streamAssist.acceptChange');
const reject = () => vscode.commands.executeCommand<boolean>('streamAssist.rejectChange');

/** Waits for the target picker to show its rows. */
async function targetPicker(): Promise<{ prompt: ActivePrompt; pick: vscode.QuickPick<vscode.QuickPickItem> }> {
  await waitFor('the Apply target picker', () => api.services.quickInput.active?.step === 'applyTarget' && !api.services.quickInput.active.widget.busy, 10_000);
  const prompt = api.services.quickInput.active as ActivePrompt;
  return { prompt, pick: prompt.widget as vscode.QuickPick<vscode.QuickPickItem> };
}

/** Waits for the target picker, returns its rows (label — description) and presses Enter on row `choose`. */
async function confirmTarget(choose = 0): Promise<string[]> {
  const { prompt, pick } = await targetPicker();
  const rows = pick.items.map((i) => `${i.label} — ${i.description ?? ''}`);
  pick.activeItems = [pick.items[choose]!];
  prompt.accept();
  return rows;
}

const generated = (r: ApplyResult | undefined) => {
  assert.ok(r && !('refused' in r), JSON.stringify(r));
  return r;
};

describe('editor: Apply Code Block (extension host)', function () {
  this.timeout(60_000);

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test window has a workspace folder');
    dir = path.join(folder.uri.fsPath, 'apply-tests');
    session = await startSession(TEST_KEY);
    ({ api } = session);
  });

  after(async () => {
    await closeAllEditors();
    await session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    api.services.streams.cancelAll();
    await waitFor('no editor stream left', () => api.editor.controller.active().length === 0);
    for (const r of reviews()) r.finish('closed');
    await closeAllEditors();
  });

  it('a whole-file block for the file its fence names: the picker says which file, the diff needs no request, Accept writes it', async () => {
    const original = 'import a from "a";\n\nexport const x = 1;\nexport const y = 2;\n';
    const uri = write('src/whole.ts', original);
    const streamsBefore = streamRequests();
    const block = 'import a from "a";\n\nexport const x = 10;\nexport const y = 2;\n';
    const running = apply({ code: block, fileHint: 'apply-tests/src/whole.ts', activeUri: '' });
    const rows = await confirmTarget();
    assert.deepEqual(rows, ['apply-tests/src/whole.ts — named by the code block']);
    const result = generated(await running);
    assert.equal(result.mode, 'whole-file');
    assert.equal(result.target, 'apply-tests/src/whole.ts');
    assert.equal(result.reviewing, true);
    assert.equal(streamRequests(), streamsBefore, 'no request for a block that is the whole file');
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())!;
    assert.deepEqual(reviews()[0]!.rows(), ['same', 'same', 'added', 'removed', 'same', 'same']);
    assert.equal(vscode.window.activeTextEditor?.document, doc, 'the file is shown');
    assert.ok(await accept());
    assert.equal(doc.getText(), block);
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), original, 'nothing is saved behind the user’s back');
  });

  it('a fragment is merged by the model into the active file and streams as a diff; Reject restores it exactly', async () => {
    const original = 'function a() {\n  return 1;\n}\n\nfunction b() {\n  return 2;\n}\n';
    const uri = write('merge.js', original);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const merged = 'function a() {\n  return 1;\n}\n\nfunction b() {\n  return 20;\n}\n';
    // The local server answers what is between the echo marks of the request: the merged file.
    const fragment = `function b() {\n  return 20;\n}\n// #echo=${merged}#/echo`;
    const running = apply({ code: fragment, fileHint: '', activeUri: uri.toString() });
    assert.deepEqual(await confirmTarget(), ['apply-tests/merge.js — the active editor']);
    const result = generated(await running);
    assert.equal(result.mode, 'merge');
    assert.equal(result.outcome, 'done');
    assert.equal(result.reviewing, true);
    const sent = JSON.stringify(session.server.requests.at(-1)?.body ?? '');
    assert.ok(sent.includes('complete updated file') && sent.includes('return 2;'), 'the model got the file and the change');
    assert.deepEqual(reviews()[0]!.rows().filter((k) => k !== 'same'), ['added', 'removed']);
    assert.ok(await reject());
    assert.equal(doc.getText(), original);
  });

  it('the block names one file and another is active: both are offered, the named one first', async () => {
    const named = write('two/named.py', 'x = 1\n');
    const other = write('two/other.py', 'y = 1\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(other));
    const running = apply({ code: 'y = 1\nz = 2\n', fileHint: './apply-tests/two/named.py', activeUri: other.toString() });
    const rows = await confirmTarget(1);
    assert.deepEqual(rows, ['apply-tests/two/named.py — named by the code block', 'apply-tests/two/other.py — the active editor']);
    const result = generated(await running);
    assert.equal(result.target, 'apply-tests/two/other.py', 'the second row was chosen');
    assert.ok(await accept());
    assert.equal(vscode.window.activeTextEditor?.document.getText(), 'y = 1\nz = 2\n');
    assert.equal((await vscode.workspace.openTextDocument(named)).getText(), 'x = 1\n', 'the named file is untouched');
  });

  it('a block naming a file that does not exist yet: offered as a new file, streamed into an untitled document bound to that path, nothing on disk until Save (which creates the folder); Reject closes it', async () => {
    const file = path.join(dir, 'fresh/new-module.ts');
    const block = 'export const fresh = true;\nexport const n = 2;';
    const running = apply({ code: block, fileHint: 'apply-tests/fresh/new-module.ts', activeUri: '' });
    assert.deepEqual(await confirmTarget(), ['apply-tests/fresh/new-module.ts — new file, named by the code block (created when you save it)']);
    const result = generated(await running);
    assert.equal(result.mode, 'whole-file');
    assert.equal(result.reviewing, true);
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.uri.scheme, 'untitled');
    assert.equal(doc.uri.fsPath, file, 'Save writes it where the block said');
    assert.ok(await accept());
    assert.equal(doc.getText(), block);
    assert.equal(fs.existsSync(file), false, 'nothing is written until the user saves');
    assert.equal(fs.existsSync(path.dirname(file)), false, 'the folder does not exist yet either');
    assert.ok(await doc.save(), 'Save needs no dialog: the document knows its path');
    assert.equal(fs.readFileSync(file, 'utf8'), block, 'saved where the block said, its folder created');
    await closeAllEditors();

    // Rejected: the empty new document is closed unsaved, not left behind as a blank tab.
    const rejectedFile = path.join(dir, 'fresh/rejected.ts');
    const rejecting = apply({ code: 'export const no = 0;\n', fileHint: 'apply-tests/fresh/rejected.ts', activeUri: '' });
    await confirmTarget();
    assert.equal(generated(await rejecting).reviewing, true);
    const untitled = vscode.window.activeTextEditor!.document;
    assert.equal(untitled.uri.fsPath, rejectedFile);
    assert.ok(await reject());
    await waitFor('the rejected new file to close', () => untitled.isClosed || !vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === untitled.uri.toString())), 10_000);
    assert.equal(fs.existsSync(rejectedFile), false, 'nothing written');

    // With an editor active, it comes first: the name may be a guess from the line before the block.
    const active = write('fresh/active.ts', 'let a = 1;\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(active));
    const second = apply({ code: 'let a = 2;\n', fileHint: 'apply-tests/fresh/other-new.ts', activeUri: active.toString() });
    const { pick } = await targetPicker();
    assert.deepEqual(pick.items.map((i) => i.label), ['apply-tests/fresh/active.ts', 'apply-tests/fresh/other-new.ts']);
    pick.hide();
    assert.equal(await second, undefined);
  });

  it('a path outside the workspace is refused and nothing is written; Escape in the picker touches nothing', async () => {
    const before = api.notifications.texts('editor').length;
    const outside = await apply({ code: 'boom\n', fileHint: '../../outside.txt', activeUri: '' });
    assert.ok(outside && 'refused' in outside);
    assert.match(outside.refused, /outside the workspace/);
    assert.match(api.notifications.texts('editor').slice(before).join('\n'), /Apply Code Block: .*outside the workspace/);
    const absolute = await apply({ code: 'boom\n', fileHint: '/etc/hostname', activeUri: vscode.Uri.file('/etc/hostname').toString() });
    assert.ok(absolute && 'refused' in absolute && /outside the workspace/.test(absolute.refused), JSON.stringify(absolute));

    const uri = write('escape.txt', 'keep\n');
    const running = apply({ code: 'changed\n', fileHint: 'apply-tests/escape.txt', activeUri: '' });
    await waitFor('the picker', () => api.services.quickInput.active?.step === 'applyTarget', 10_000);
    (api.services.quickInput.active!.widget as vscode.QuickPick<vscode.QuickPickItem>).hide();
    assert.equal(await running, undefined);
    assert.equal(vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.isDirty ?? false, false);
  });

  it('a second Apply to a file whose change is still under review is refused until that one is decided', async () => {
    const uri = write('twice.ts', 'let a = 1;\n');
    const first = apply({ code: 'let a = 1;\nlet b = 2;\n', fileHint: 'apply-tests/twice.ts', activeUri: '' });
    await confirmTarget();
    assert.equal(generated(await first).reviewing, true);
    const second = apply({ code: 'let a = 1;\nlet c = 3;\n', fileHint: 'apply-tests/twice.ts', activeUri: '' });
    await confirmTarget();
    const refused = await second;
    assert.ok(refused && 'refused' in refused && /waiting for review/.test(refused.refused), JSON.stringify(refused));
    assert.equal(reviews().length, 1);
    assert.ok(await accept());
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), 'let a = 1;\nlet b = 2;\n');
  });

  it("the chat's Apply button reaches the command with the block's file", async () => {
    const uri = write('chat/button.ts', 'let v = 1;\n');
    api.chat.controller.handle({ type: 'applyCode', code: 'let v = 1;\nlet w = 2;\n', fileHint: 'apply-tests/chat/button.ts' });
    assert.deepEqual(await confirmTarget(), ['apply-tests/chat/button.ts — named by the code block']);
    await waitFor('the review', () => reviews().length === 1, 10_000);
    assert.ok(await accept());
    assert.equal((await vscode.workspace.openTextDocument(uri)).getText(), 'let v = 1;\nlet w = 2;\n');
  });
});
