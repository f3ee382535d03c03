// Context attachments in the real extension host against the local streaming server: the current
// file goes with each message (what the server received is checked), the chip switches it off,
// secret-pattern files are refused implicitly but sent when attached with @file (through the real
// quick pick), a huge file is cut with a notice on its chip before sending, a binary file is
// refused, the budget cut shows before sending, problems / open editors / git / terminal, and what
// a message carried is saved with the conversation and opens read-only.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StreamAssistApi } from '../../src/extension';
import type { ChatFeature } from '../../src/extension/chat';
import { ConversationStore } from '../../src/extension/chat/conversationStore';
import type { ComposerContextView, HostToWebview, MentionKind } from '../../src/shared/webviewProtocol';
import type { StreamingServer } from '../server';
import { chatDriver, closeAllEditors, eventually, recordPosts, startSession, waitFor, type Session } from './fixture';
import { report } from './index';

const KEY = 'chat-context-test-key';

describe('chat: context attachments (extension host)', function () {
  this.timeout(60_000);
  let session: Session;
  let server: StreamingServer;
  let api: StreamAssistApi;
  let chat: ChatFeature;
  let dir: string;
  const posted: HostToWebview[] = [];
  const { fromWebview, conversation, ask } = chatDriver(() => chat);

  const context = (): ComposerContextView => chat.controller.state().context!;
  /** The last user message's content as the server received it. */
  const lastUserContent = (): string => {
    const body = server.requests.filter((r) => r.path === '/v1/chat').at(-1)!.body as { messages: { role: string; content: string }[] };
    return body.messages.filter((m) => m.role === 'user').at(-1)!.content;
  };
  const write = (name: string, content: string | Uint8Array): vscode.Uri => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return vscode.Uri.file(file);
  };
  async function open(name: string, content: string): Promise<vscode.TextEditor> {
    const doc = await vscode.workspace.openTextDocument(write(name, content));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    await waitFor(`${name} is the current file`, () => context().currentFile?.label === `ctx/${name}`);
    return editor;
  }
  /** Chooses `rel` in the @file quick pick, as a user would (type, Enter). */
  async function attachFile(rel: string): Promise<void> {
    const shown = new Promise<NonNullable<typeof api.services.quickInput.active>>((resolve) => {
      const sub = api.services.quickInput.onDidShow((p) => {
        sub.dispose();
        resolve(p);
      });
    });
    const before = context().attached.length;
    fromWebview({ type: 'attach', kind: 'file' });
    const prompt = await shown;
    assert.equal(prompt.step, 'contextFile');
    const picker = prompt.widget as vscode.QuickPick<vscode.QuickPickItem>;
    await waitFor('the workspace files are listed', () => !picker.busy && picker.items.length > 0);
    const item = picker.items.find((i) => i.description === rel);
    assert.ok(item, `${rel} is listed (${picker.items.map((i) => i.description).join(', ')})`);
    picker.activeItems = [item];
    prompt.accept();
    await waitFor(`${rel} attached`, () => context().attached.length > before);
  }
  const attach = async (kind: MentionKind, chips = 1) => {
    const before = context().attached.length;
    fromWebview({ type: 'attach', kind });
    await waitFor(`@${kind} attached`, () => context().attached.length >= before + chips);
  };

  before(async () => {
    session = await startSession(KEY);
    ({ server, api, chat } = session);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    dir = path.join(folder.uri.fsPath, 'ctx');
    fs.mkdirSync(dir, { recursive: true });
    recordPosts(chat, posted);
    await vscode.commands.executeCommand('streamAssist.openChat');
    await waitFor('the webview is ready', () => chat.provider.isReady, 20_000);
  });

  after(async () => {
    await closeAllEditors();
    fromWebview({ type: 'setCurrentFileContext', on: true });
    await session?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    fromWebview({ type: 'newConversation' });
    posted.length = 0;
    await closeAllEditors();
  });

  afterEach(async () => {
    api.services.quickInput.active?.widget.hide();
    for (const chip of context().attached) fromWebview({ type: 'detachContext', id: chip.id });
    await session.settings.reset();
    await session.settings.set('streamAssist', { provider: 'writer', baseUrl: server.url });
  });

  it('sends the current file with the message in the documented format, saves it with the conversation and opens it read-only', async () => {
    const source = 'export const answer = 42;\n';
    await open('small.ts', source);
    assert.deepEqual(context().currentFile, { id: 'currentFile', kind: 'currentFile', label: 'ctx/small.ts', detail: 'whole file', chars: source.length });
    assert.ok(
      posted.some((m) => m.type === 'context' && m.context.currentFile?.label === 'ctx/small.ts'),
      'the chip was posted to the webview',
    );
    const answer = await ask('What is the answer?');
    assert.equal(answer.status, 'done');
    assert.equal(
      lastUserContent(),
      `<context kind="currentFile" path="ctx/small.ts" language="typescript" detail="whole file">\n\`\`\`typescript\n${source}\`\`\`\n</context>\n\nWhat is the answer?`,
    );
    const user = conversation().messages.find((m) => m.role === 'user')!;
    assert.deepEqual(user.context, [{ id: 'currentFile', kind: 'currentFile', label: 'ctx/small.ts', detail: 'whole file', chars: source.length }]);
    // The current file stays for the next message.
    assert.equal(context().currentFile?.label, 'ctx/small.ts');

    // Saved with the conversation, content as sent: a store reading the file sees it.
    await chat.controller.store.flush();
    const reloaded = new ConversationStore(chat.controller.store.storageDir, () => ({ systemPrompt: '', model: 'm', temperature: 0 }), { warn: () => undefined });
    const saved = reloaded.get(conversation().id)!;
    assert.equal(saved.messages.find((m) => m.id === user.id)!.context![0]!.label, 'ctx/small.ts');
    assert.equal(saved.sentContext![user.id]![0]!.content, source);

    // The chip on the sent message opens what was sent, read-only, even after the file changed.
    fs.writeFileSync(path.join(dir, 'small.ts'), 'changed later\n');
    fromWebview({ type: 'openContext', messageId: user.id, itemId: 'currentFile' });
    await waitFor('the sent context is shown', () => vscode.window.activeTextEditor?.document.uri.scheme === 'stream-assist-context');
    const doc = vscode.window.activeTextEditor!.document;
    assert.equal(doc.getText(), source);
    assert.equal(doc.languageId, 'typescript');
  });

  it('a file sent with every message is in the request once, its latest copy with the latest message', async () => {
    const editor = await open('twice.ts', 'export const version = 1;\n');
    await ask('First');
    await editor.edit((b) => b.replace(new vscode.Range(0, 0, 1, 0), 'export const version = 2;\n'));
    await waitFor('the chip follows the edit', () => context().currentFile?.chars === 'export const version = 2;\n'.length && context().currentFile?.label === 'ctx/twice.ts');
    await ask('Second');
    const body = server.requests.filter((r) => r.path === '/v1/chat').at(-1)!.body as { messages: { role: string; content: string }[] };
    const users = body.messages.filter((m) => m.role === 'user').map((m) => m.content);
    assert.deepEqual(users.slice(0, 1), ['First'], 'the first message goes without the file it carried');
    assert.match(users[1]!, /^<context kind="currentFile" path="ctx\/twice.ts"[^]*version = 2;[^]*Second$/);
    // Both messages keep their own chips and content as sent.
    const sent = conversation().sentContext!;
    assert.deepEqual(
      conversation().messages.filter((m) => m.role === 'user').map((m) => sent[m.id]![0]!.content),
      ['export const version = 1;\n', 'export const version = 2;\n'],
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('one click on the chip switches the current file off for the conversation', async () => {
    await open('off.ts', 'const off = true;\n');
    fromWebview({ type: 'setCurrentFileContext', on: false });
    await waitFor('switched off', () => context().currentFileOff);
    assert.equal(context().totalChars, 0);
    await ask('Without context');
    assert.equal(lastUserContent(), 'Without context');
    assert.equal(conversation().messages[0]!.context, undefined);
    // Off belongs to the conversation: a new one sends the file again.
    fromWebview({ type: 'newConversation' });
    assert.equal(context().currentFileOff, false);
    await ask('With context');
    assert.match(lastUserContent(), /^<context kind="currentFile" path="ctx\/off.ts"/);
  });

  it('a secret-pattern file is refused as the current file, and sent when attached explicitly with @file', async () => {
    await open('.env', 'API_TOKEN=not-a-real-secret\n');
    assert.equal(context().currentFile?.refused, 'matches the secret pattern .env: attach it with @file to send it');
    assert.equal(context().currentFile?.chars, 0);
    await ask('Refused?');
    assert.equal(lastUserContent(), 'Refused?');

    await attachFile('ctx/.env');
    assert.deepEqual(
      context().attached.map((c) => [c.kind, c.label, c.refused]),
      [['file', 'ctx/.env', undefined]],
    );
    await ask('Explicit');
    assert.match(lastUserContent(), /^<context kind="file" path="ctx\/.env" language="dotenv" detail="whole file">\n```dotenv\nAPI_TOKEN=not-a-real-secret\n```\n<\/context>\n\nExplicit$/);
    assert.deepEqual(context().attached, [], 'attachments are used up by the message they went with');
  });

  it('streamAssist.context.currentFileChars 0 sends no current file', async () => {
    await session.settings.set('streamAssist', { 'context.currentFileChars': 0 });
    const doc = await vscode.workspace.openTextDocument(write('zero.ts', 'export const zero = 0;\n'));
    await vscode.window.showTextDocument(doc);
    await waitFor('zero.ts is active', () => vscode.window.activeTextEditor?.document === doc);
    // Longer than the chips' debounce: a chip would be there by now.
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(context().currentFile, undefined);
    await ask('No file');
    assert.equal(lastUserContent(), 'No file');
  });

  it('a file excluded by streamAssist.context.exclude is not sent as the current file', async () => {
    await session.settings.set('streamAssist', { 'context.exclude': ['**/generated/**'] });
    fs.mkdirSync(path.join(dir, 'generated'), { recursive: true });
    const doc = await vscode.workspace.openTextDocument(write('generated/out.ts', 'export {};\n'));
    await vscode.window.showTextDocument(doc);
    await waitFor('the refused chip', () => context().currentFile?.label === 'ctx/generated/out.ts');
    assert.equal(context().currentFile?.refused, 'excluded by streamAssist.context.exclude (**/generated/**)');
  });

  it('files.exclude and the workspace .gitignore keep a file from being sent and from the @file list', async () => {
    const root = path.dirname(dir);
    const gitignore = path.join(root, '.gitignore');
    assert.ok(!fs.existsSync(gitignore), 'the test workspace has no .gitignore of its own');
    fs.writeFileSync(gitignore, '# build output\nctx/build/\n');
    try {
      await session.settings.set('files', { exclude: { '**/*.gen.ts': true } });
      fs.mkdirSync(path.join(dir, 'build'), { recursive: true });
      write('build/out.js', 'console.log(1);\n');
      write('types.gen.ts', 'export type T = 1;\n');
      write('kept.ts', 'export const kept = 1;\n');
      for (const [name, why] of [
        ['build/out.js', 'ignored by .gitignore (ctx/build)'],
        ['types.gen.ts', 'excluded by files.exclude (**/*.gen.ts)'],
      ] as const) {
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, name)));
        await vscode.window.showTextDocument(doc);
        await waitFor(`${name} chip`, () => context().currentFile?.label === `ctx/${name}`);
        assert.equal(context().currentFile?.refused, why);
      }
      const shown = new Promise<NonNullable<typeof api.services.quickInput.active>>((resolve) => {
        const sub = api.services.quickInput.onDidShow((p) => {
          sub.dispose();
          resolve(p);
        });
      });
      fromWebview({ type: 'attach', kind: 'file' });
      const picker = (await shown).widget as vscode.QuickPick<vscode.QuickPickItem>;
      await waitFor('the workspace files are listed', () => !picker.busy && picker.items.length > 0);
      const listed = picker.items.map((i) => i.description);
      assert.ok(listed.includes('ctx/kept.ts'), listed.join(', '));
      assert.ok(!listed.includes('ctx/build/out.js') && !listed.includes('ctx/types.gen.ts'), listed.join(', '));
      picker.hide();
    } finally {
      fs.rmSync(gitignore, { force: true });
      await session.settings.reset();
    }
  });

  it('a huge file is cut to the budget, and the chip says so before sending', async () => {
    const huge = 'const line = "0123456789012345678901234567890123456789";\n'.repeat(4000);
    write('huge.ts', huge);
    await attachFile('ctx/huge.ts');
    const chip = context().attached[0]!;
    // Cut at the last line break within the budget.
    assert.ok(chip.chars <= 60_000 && chip.chars > 59_900, `${chip.chars} chars`);
    assert.equal(chip.cut, `cut to ${chip.chars.toLocaleString('en-US')} of ${huge.length.toLocaleString('en-US')} characters`);
    assert.ok(
      posted.some((m) => m.type === 'context' && m.context.attached.some((c) => c.cut === chip.cut)),
      'the cut was posted to the composer before sending',
    );
    await ask('Huge');
    const content = lastUserContent();
    assert.match(content, new RegExp(`^<context kind="file" path="ctx/huge.ts" language="typescript" detail="whole file" cut="${chip.cut}">`));
    assert.ok(content.length < 60_200, `${content.length} chars sent`);
    report(`        huge file: ${huge.length} chars, ${chip.cut}`);
  });

  it('a large current file sends the visible lines and says so', async () => {
    await open('large.ts', '// line\n'.repeat(5000));
    const chip = context().currentFile!;
    assert.equal(chip.detail, 'visible lines');
    assert.match(chip.cut ?? '', /^visible lines only: the file has 40,000 characters/);
    assert.ok(chip.chars > 0 && chip.chars < 20_000, `${chip.chars} chars`);
    await ask('Large');
    assert.match(lastUserContent(), /^<context kind="currentFile" path="ctx\/large.ts" language="typescript" lines="1-\d+" detail="visible lines" cut="visible lines only/);
  });

  it('a binary file is refused with a notice and not sent', async () => {
    write('blob.bin', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    const said = api.notifications.all.length;
    await attachFile('ctx/blob.bin');
    assert.deepEqual(
      context().attached.map((c) => [c.label, c.refused, c.chars]),
      [['ctx/blob.bin', 'binary content', 0]],
    );
    assert.deepEqual(api.notifications.texts('chat').slice(said), ['Stream Assist: ctx/blob.bin is not attached: binary content.']);
    await ask('Binary');
    assert.equal(lastUserContent(), 'Binary');
  });

  it('over the budget: the largest items are cut, visible on the chips before sending', async () => {
    await session.settings.set('streamAssist', { 'context.budgetChars': 1000 });
    write('a.txt', 'a'.repeat(200));
    write('b.txt', 'b\n'.repeat(600));
    write('c.txt', 'c\n'.repeat(1500));
    await attachFile('ctx/a.txt');
    await attachFile('ctx/b.txt');
    await attachFile('ctx/c.txt');
    await waitFor('the budget applies', () => context().budgetChars === 1000);
    assert.deepEqual(
      context().attached.map((c) => [c.label, c.chars, c.cut]),
      [
        ['ctx/a.txt', 200, undefined],
        ['ctx/b.txt', 400, 'cut to 400 of 1,200 characters'],
        ['ctx/c.txt', 400, 'cut to 400 of 3,000 characters'],
      ],
    );
    assert.equal(context().totalChars, 1000);
    const last = posted.filter((m): m is { type: 'context'; context: ComposerContextView } => m.type === 'context').at(-1)!;
    assert.deepEqual(last.context.attached.map((c) => c.cut), [undefined, 'cut to 400 of 1,200 characters', 'cut to 400 of 3,000 characters']);
    // Detaching one gives its room back.
    fromWebview({ type: 'detachContext', id: context().attached[2]!.id });
    await waitFor('detached', () => context().attached.length === 2);
    assert.deepEqual(
      context().attached.map((c) => c.cut),
      [undefined, 'cut to 800 of 1,200 characters'],
    );
  });

  it('@problems attaches the diagnostics of the current file', async () => {
    const editor = await open('broken.ts', 'const x: number = "no";\n');
    const diagnostics = vscode.languages.createDiagnosticCollection('chat-context-test');
    try {
      diagnostics.set(editor.document.uri, [new vscode.Diagnostic(new vscode.Range(0, 6, 0, 7), "Type 'string' is not assignable to type 'number'.", vscode.DiagnosticSeverity.Error)]);
      await attach('problems');
      assert.deepEqual(
        context().attached.map((c) => [c.kind, c.label, c.detail]),
        [['problems', 'Problems (1)', 'current file']],
      );
      await ask('Fix it');
      assert.match(lastUserContent(), /<context kind="problems" detail="current file">\n```\nctx\/broken.ts:1:7 error: Type 'string' is not assignable to type 'number'.\n```/);
    } finally {
      diagnostics.dispose();
    }
  });

  it('@open attaches the other open editors, each as a chip', async () => {
    await open('one.ts', 'export const one = 1;\n');
    await open('two.ts', 'export const two = 2;\n');
    await attach('open');
    assert.deepEqual(
      context().attached.map((c) => [c.kind, c.label]),
      [['open', 'ctx/one.ts']],
      'the current file (two.ts) is sent on its own',
    );
    await ask('Both');
    const content = lastUserContent();
    assert.ok(content.indexOf('path="ctx/two.ts"') < content.indexOf('path="ctx/one.ts"'), 'the current file first, then the attachments');
  });

  it('@git attaches the staged and unstaged diff from the built-in Git extension', async function () {
    const root = path.dirname(dir);
    const repo = fs.mkdtempSync(path.join(root, 'repo-'));
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
    try {
      git('init', '-q');
      fs.writeFileSync(path.join(repo, 'a.txt'), 'one\n');
      fs.writeFileSync(path.join(repo, 'b.txt'), 'two\n');
      git('add', '.');
      git('commit', '-q', '-m', 'init');
      fs.writeFileSync(path.join(repo, 'a.txt'), 'one staged\n');
      git('add', 'a.txt');
      fs.writeFileSync(path.join(repo, 'b.txt'), 'two unstaged\n');
      await session.settings.set('git', { enabled: true });
      const ext = vscode.extensions.getExtension<{ enabled: boolean; getAPI(v: 1): { repositories: readonly unknown[]; openRepository?(uri: vscode.Uri): Promise<unknown> } }>('vscode.git');
      if (!ext) {
        report('        (no vscode.git extension: skipped)');
        this.skip();
      }
      const exports = ext.isActive ? ext.exports : await ext.activate();
      // git.enabled turned on at run time: the extension builds its model first.
      const enabled = await eventually(() => exports.enabled, 20_000);
      const gitApi = exports.getAPI(1);
      if (enabled) await eventually(() => false, 500);
      await gitApi.openRepository?.(vscode.Uri.file(repo)).then(undefined, (e: unknown) => report(`        openRepository: ${String(e)}`));
      const opened = enabled && (await eventually(() => gitApi.repositories.length > 0, 20_000));
      if (!opened) {
        report('        (the Git extension opened no repository: skipped)');
        this.skip();
      }
      // Our lookup takes the workspace folder's repository, else the first one: this one.
      await attach('git');
      const chip = context().attached[0]!;
      assert.deepEqual([chip.kind, chip.label, chip.detail, chip.refused], ['git', 'Git changes', 'staged + unstaged', undefined]);
      await ask('Review my changes');
      const content = lastUserContent();
      assert.match(content, /^<context kind="git" language="diff" detail="staged \+ unstaged">\n```diff\n# staged\n/);
      assert.match(content, /# staged\n[^]*-one\n\+one staged\n[^]*# unstaged\n[^]*-two\n\+two unstaged\n/);
    } finally {
      await session.settings.set('git', { enabled: false });
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it('@git: the working tree diff, or a refused chip that says why', async () => {
    const said = api.notifications.all.length;
    await attach('git');
    const chip = context().attached[0]!;
    assert.equal(chip.kind, 'git');
    if (chip.refused) {
      // The test workbench turns git off (git.enabled: false) and the folder is not a repository.
      assert.match(chip.refused, /Git/);
      assert.deepEqual(api.notifications.texts('chat').slice(said), [`Stream Assist: Git changes are not attached: ${chip.refused}.`]);
    } else assert.ok(chip.chars > 0);
    report(`        @git: ${chip.refused ?? `${chip.chars} chars`}`);
  });

  it('@terminal attaches the last command and its output, read through shell integration', async function () {
    const terminal = vscode.window.createTerminal({ name: 'context-test' });
    try {
      terminal.show();
      const integrated = await new Promise<vscode.TerminalShellIntegration | undefined>((resolve) => {
        if (terminal.shellIntegration) return resolve(terminal.shellIntegration);
        const timer = setTimeout(() => resolve(undefined), 15_000);
        const sub = vscode.window.onDidChangeTerminalShellIntegration((e) => {
          if (e.terminal !== terminal) return;
          clearTimeout(timer);
          sub.dispose();
          resolve(e.shellIntegration);
        });
      });
      if (!integrated) {
        report('        (no shell integration in this terminal: skipped)');
        this.skip();
      }
      const ended = new Promise<void>((resolve) => {
        const sub = vscode.window.onDidEndTerminalShellExecution((e) => {
          if (e.terminal !== terminal) return;
          sub.dispose();
          resolve();
        });
      });
      integrated.executeCommand('echo context-$((40 + 2))');
      await ended;
      await waitFor('the terminal is active', () => vscode.window.activeTerminal === terminal);
      await attach('terminal');
      const chip = context().attached[0]!;
      assert.deepEqual([chip.kind, chip.label, chip.refused], ['terminal', 'Terminal: context-test', undefined]);
      await ask('What did it print?');
      assert.match(lastUserContent(), /^<context kind="terminal" detail="last command and its output">\n```\n\$ echo context-\$\(\(40 \+ 2\)\)\n[^]*context-42/);
    } finally {
      terminal.dispose();
    }
  });

  it('@terminal says clearly what VS Code lets an extension read', async () => {
    const said = api.notifications.all.length;
    fromWebview({ type: 'attach', kind: 'terminal' });
    await waitFor('the notice', () => api.notifications.all.length > said);
    assert.match(api.notifications.texts('chat').at(-1)!, /shell integration/);
    assert.deepEqual(context().attached, []);
  });
});
