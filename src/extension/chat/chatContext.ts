// What the next chat message carries besides its text: the active editor's file (implicit, unless
// untitled, excluded or secret-looking, or switched off for the conversation) and what the user
// attached with @-mentions. Gathers the content, keeps the composer's chips (with what the budget
// would cut, before sending) and opens what a sent message carried as a read-only document.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ComposerContextView, MentionKind } from '../../shared/webviewProtocol';
import type { Notifier, Services } from '../services';
import { capItem, fileSearchGlob, fitToBudget, gitignoreGlobs, isBinary, PathExcluder, secretPattern, stripTerminalEscapes, viewOf, type ContextItem } from './contextFormat';
import { messageOf } from '../../shared/text';
import type { Conversation } from './conversationModel';
import type { ConversationStore } from './conversationStore';
import type { EditorActions } from './editorActions';

const CURRENT_FILE_ID = 'currentFile';
/** Files listed when @file opens; typing searches the whole workspace (findFiles per query), so this only needs to fill the first screen fast. */
const FIRST_FILES = 200;
/** Files one typed query adds. */
const SEARCH_FILES = 500;
/** Files larger than this are not read at all (the budget would cut them to a sliver anyway). */
const MAX_READ_BYTES = 8 * 1024 * 1024;
const TERMINAL_OUTPUT_CHARS = 100_000;
const PROBLEM_LINES = 500;
const DEBOUNCE_MS = 150;
/** The read-only documents `openContext` shows: stream-assist-context:/<label>?<conversation>/<message>/<item>. */
const CONTEXT_SCHEME = 'stream-assist-context';

/** The parts of the built-in Git extension's API (vscode.git, getAPI(1)) used here. */
interface GitRepository {
  readonly rootUri: vscode.Uri;
  diff(cached?: boolean): Promise<string>;
}
interface GitApi {
  readonly repositories: readonly GitRepository[];
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

function languageOf(doc: vscode.TextDocument): string {
  return doc.languageId === 'plaintext' ? '' : doc.languageId;
}

function sortedByPath(uris: vscode.Uri[]): vscode.Uri[] {
  return uris
    .map((u) => ({ u, rel: vscode.workspace.asRelativePath(u, false) }))
    .sort((a, b) => a.rel.localeCompare(b.rel))
    .map((x) => x.u);
}

// #private members: the minifier shortens their names (not those of TS `private` ones), and the
// extension bundle sits at its 300 KB line.
export class ChatContext implements vscode.Disposable {
  readonly #services: Services;
  readonly #store: ConversationStore;
  readonly #editors: EditorActions;
  #current: ContextItem | undefined;
  #attached: ContextItem[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #terminalOutput = new Map<vscode.Terminal, string>();
  readonly #gitignores = new Map<string, { mtimeMs: number; excluder: PathExcluder }>();
  readonly #changed = new vscode.EventEmitter<void>();
  readonly #notifier: Notifier;
  readonly #subs: vscode.Disposable[];
  /** Fires (debounced) when the chips may have changed: active editor, selection, visible lines, settings, attach/detach. */
  readonly onDidChange = this.#changed.event;

  constructor(services: Services, store: ConversationStore, editors: EditorActions) {
    this.#services = services;
    this.#store = store;
    this.#editors = editors;
    this.#notifier = services.notifications.for('chat');
    const soon = () => this.#refreshSoon();
    this.#subs = [
      vscode.window.onDidChangeActiveTextEditor(soon),
      vscode.window.onDidChangeVisibleTextEditors(soon),
      vscode.window.onDidChangeTextEditorSelection((e) => e.textEditor === this.#editor() && soon()),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => e.textEditor === this.#editor() && soon()),
      vscode.workspace.onDidChangeTextDocument((e) => e.document === this.#editor()?.document && soon()),
      vscode.workspace.onDidChangeConfiguration((e) => (e.affectsConfiguration('files.exclude') || e.affectsConfiguration('streamAssist.context')) && soon()),
      vscode.window.onDidStartTerminalShellExecution((e) =>
        this.#recordTerminal(e.terminal, e.execution).catch((err: unknown) => services.log.info(`Chat: terminal output could not be read (${messageOf(err)}).`)),
      ),
      vscode.window.onDidCloseTerminal((t) => this.#terminalOutput.delete(t)),
      vscode.workspace.registerTextDocumentContentProvider(CONTEXT_SCHEME, { provideTextDocumentContent: (uri) => this.#sentContent(uri) }),
    ];
    this.refresh();
  }

  // ---- the composer's chips -------------------------------------------------------------

  /** The editor whose file is the current file. */
  #editor(): vscode.TextEditor | undefined {
    return this.#editors.lastActive();
  }

  #refreshSoon(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.refresh();
    }, DEBOUNCE_MS);
  }

  /** Re-reads the current file now (sending uses what the editor shows at that moment, not a debounced copy). */
  refresh(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#current = this.#currentFile();
    this.#changed.fire();
  }

  #currentFile(): ContextItem | undefined {
    const editor = this.#editor();
    if (!editor) return undefined;
    const doc = editor.document;
    if (doc.uri.scheme === 'untitled') return this.#refusedItem(CURRENT_FILE_ID, 'currentFile', doc.fileName || 'Untitled', 'an untitled file is never sent');
    if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'vscode-remote' && doc.uri.scheme !== 'vscode-vfs') return undefined;
    const label = vscode.workspace.asRelativePath(doc.uri, false);
    const refused = this.#implicitRefusal(doc.uri);
    if (refused) return this.#refusedItem(CURRENT_FILE_ID, 'currentFile', label, refused);
    const cap = this.#services.settings.current().context.currentFileChars;
    if (cap === 0) return undefined; // streamAssist.context.currentFileChars 0: the current file is never sent
    const whole = doc.getText();
    if (isBinary(whole)) return this.#refusedItem(CURRENT_FILE_ID, 'currentFile', label, 'binary content');
    const base = { id: CURRENT_FILE_ID, kind: 'currentFile' as const, label, path: label, language: languageOf(doc) };
    const sel = editor.selection;
    if (!sel.isEmpty) {
      // A selection ending at column 0 does not include that line.
      const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line - 1 : sel.end.line;
      const text = doc.getText(sel);
      return capItem({ ...base, detail: 'selection', lines: `${sel.start.line + 1}-${endLine + 1}`, content: text, originalChars: text.length }, cap);
    }
    if (whole.length <= cap) return { ...base, detail: 'whole file', content: whole, originalChars: whole.length };
    const visible = editor.visibleRanges[0] ?? new vscode.Range(0, 0, Math.min(doc.lineCount - 1, 200), 0);
    const range = new vscode.Range(visible.start.line, 0, visible.end.line, doc.lineAt(visible.end.line).text.length);
    const text = doc.getText(range);
    const item = capItem({ ...base, detail: 'visible lines', lines: `${range.start.line + 1}-${range.end.line + 1}`, content: text, originalChars: text.length }, cap);
    // Not the whole file: say so on the chip, even when the visible part fits.
    return { ...item, cut: item.cut ?? `visible lines only: the file has ${whole.length.toLocaleString('en-US')} characters, more than streamAssist.context.currentFileChars` };
  }

  #refusedItem(id: string, kind: ContextItem['kind'], label: string, refused: string): ContextItem {
    return { id, kind, label, content: '', originalChars: 0, refused };
  }

  /** Why a file may not be sent without being asked for, or undefined: secret pattern, files.exclude, .gitignore, streamAssist.context.exclude. */
  #implicitRefusal(uri: vscode.Uri): string | undefined {
    const secret = secretPattern(uri.path);
    if (secret) return `matches the secret pattern ${secret}: attach it with @file to send it`;
    return this.#excludedBy(uri);
  }

  #excludedBy(uri: vscode.Uri): string | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const rel = folder ? path.posix.relative(folder.uri.path, uri.path) : path.posix.basename(uri.path);
    const own = this.#services.settings.current().context.exclude;
    const byOwn = new PathExcluder(own).match(rel);
    if (byOwn) return `excluded by streamAssist.context.exclude (${byOwn})`;
    const byFiles = new PathExcluder(this.#filesExclude(uri)).match(rel);
    if (byFiles) return `excluded by files.exclude (${byFiles})`;
    const byGit = folder && this.#gitignore(folder)?.match(rel);
    if (byGit) return `ignored by .gitignore (${byGit})`;
    return undefined;
  }

  #filesExclude(scope?: vscode.Uri): string[] {
    const map = vscode.workspace.getConfiguration('files', scope).get<Record<string, unknown>>('exclude') ?? {};
    return Object.entries(map)
      .filter(([, on]) => on === true)
      .map(([glob]) => glob);
  }

  /** The workspace folder's root .gitignore, re-read when it changes. */
  #gitignore(folder: vscode.WorkspaceFolder): PathExcluder | undefined {
    if (folder.uri.scheme !== 'file') return undefined;
    const file = path.join(folder.uri.fsPath, '.gitignore');
    let mtimeMs: number;
    try {
      mtimeMs = fs.statSync(file).mtimeMs;
    } catch {
      return undefined;
    }
    const cached = this.#gitignores.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached.excluder;
    const excluder = new PathExcluder(gitignoreGlobs(fs.readFileSync(file, 'utf8')));
    this.#gitignores.set(file, { mtimeMs, excluder });
    return excluder;
  }

  /** The items the next message carries, fitted to the budget (refused ones included, so their chips say why). */
  #pending(conv: Conversation): ContextItem[] {
    const items = [...(this.#current && !conv.currentFileOff ? [this.#current] : []), ...this.#attached];
    return fitToBudget(items, this.#services.settings.current().context.budgetChars);
  }

  view(conv: Conversation): ComposerContextView {
    const pending = this.#pending(conv);
    const shownCurrent = conv.currentFileOff ? this.#current : pending.find((i) => i.id === CURRENT_FILE_ID);
    return {
      ...(shownCurrent ? { currentFile: viewOf(shownCurrent) } : {}),
      currentFileOff: conv.currentFileOff === true,
      attached: pending.filter((i) => i.id !== CURRENT_FILE_ID).map(viewOf),
      budgetChars: this.#services.settings.current().context.budgetChars,
      totalChars: pending.reduce((n, i) => n + (i.refused ? 0 : i.content.length), 0),
    };
  }

  /** What a message sent now carries (refused items left out); the attachments are used up, the current file stays. */
  takeForSend(conv: Conversation): ContextItem[] {
    this.#current = this.#currentFile();
    const sent = this.#pending(conv).filter((i) => !i.refused);
    this.#attached = [];
    this.#changed.fire();
    return sent;
  }

  setCurrentFileOff(conv: Conversation, off: boolean): void {
    conv.currentFileOff = off || undefined;
    this.#store.touched(conv);
    this.#changed.fire();
  }

  detach(id: string): void {
    this.#attached = this.#attached.filter((i) => i.id !== id);
    this.#changed.fire();
  }

  #add(...items: ContextItem[]): void {
    this.#attached.push(...items);
    this.#changed.fire();
  }

  // ---- @-mentions -------------------------------------------------------------------------

  async attach(kind: MentionKind, conv: Conversation): Promise<void> {
    switch (kind) {
      case 'file':
        return this.#attachFile();
      case 'open':
        return this.#attachOpenEditors(conv);
      case 'problems':
        return this.#attachProblems();
      case 'git':
        return this.#attachGit();
      case 'terminal':
        return this.#attachTerminal();
    }
  }

  /** The exclude for findFiles: files.exclude, streamAssist.context.exclude and the root .gitignore (findFiles reads none of them once given one). */
  #searchExclude(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const gitignore = (folder && this.#gitignore(folder)?.globs) ?? [];
    const globs = [...this.#filesExclude(), ...this.#services.settings.current().context.exclude, ...gitignore.flatMap((g) => [g, `${g}/**`])].filter((g) => !/[{}]/.test(g));
    return globs.length ? `{${globs.join(',')}}` : undefined;
  }

  async #attachFile(): Promise<void> {
    const search = new vscode.CancellationTokenSource();
    try {
      const r = await this.#services.quickInput.list<vscode.Uri>({
        step: 'contextFile',
        title: 'Attach a file to the chat message',
        placeholder: 'Type to search the workspace files',
        loadingPlaceholder: 'Listing workspace files…',
        canSelectMany: false,
        load: async () => sortedByPath(await vscode.workspace.findFiles('**/*', this.#searchExclude(), FIRST_FILES, search.token)),
        search: async (typed, token) => sortedByPath(await vscode.workspace.findFiles(fileSearchGlob(typed), this.#searchExclude(), SEARCH_FILES, token)),
        toItem: (uri) => {
          const rel = vscode.workspace.asRelativePath(uri, false);
          const secret = secretPattern(uri.path);
          return { label: path.posix.basename(uri.path), description: rel, detail: secret ? `$(warning) matches the secret pattern ${secret}: sent because you attach it` : undefined };
        },
      });
      if (r.status === 'empty') this.#notifier.show('info', 'the workspace has no files to attach (excluded files are not listed).');
      else if (r.status === 'failed') this.#notifier.show('warning', `the workspace files could not be listed: ${String(r.error)}`);
      if (r.status !== 'picked') return;
      for (const uri of r.values) await this.attachUri(uri);
    } finally {
      search.cancel();
      search.dispose();
    }
  }

  /** An explicitly chosen file: sent even when it looks secret; a binary or unreadable one is refused (its chip says why). */
  async attachUri(uri: vscode.Uri, kind: 'file' | 'open' = 'file'): Promise<void> {
    const label = vscode.workspace.asRelativePath(uri, false);
    const id = randomUUID();
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    let text: string;
    if (open) text = open.getText();
    else {
      let bytes: Uint8Array;
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.size > MAX_READ_BYTES) return this.#refuse(id, kind, label, `too large to read (${(stat.size / 1024 / 1024).toFixed(1)} MB)`);
        bytes = await vscode.workspace.fs.readFile(uri);
      } catch (e) {
        return this.#refuse(id, kind, label, `could not be read (${messageOf(e)})`);
      }
      if (isBinary(bytes)) return this.#refuse(id, kind, label, 'binary content');
      text = new TextDecoder('utf-8').decode(bytes);
    }
    if (isBinary(text)) return this.#refuse(id, kind, label, 'binary content');
    const language = open ? languageOf(open) : languageForPath(uri.path);
    this.#add({ id, kind, label, path: label, language, detail: 'whole file', content: text, originalChars: text.length });
  }

  #refuse(id: string, kind: ContextItem['kind'], label: string, why: string): void {
    this.#add(this.#refusedItem(id, kind, label, why));
    this.#notifier.show('warning', `${label} is not attached: ${why}.`);
  }

  async #attachOpenEditors(conv: Conversation): Promise<void> {
    // The current file is sent on its own unless it is switched off for this conversation.
    const currentUri = this.#current && !this.#current.refused && !conv.currentFileOff ? this.#editor()?.document.uri.toString() : undefined;
    const uris = new Map<string, vscode.Uri>();
    for (const group of vscode.window.tabGroups.all)
      for (const tab of group.tabs) if (tab.input instanceof vscode.TabInputText && tab.input.uri.scheme === 'file') uris.set(tab.input.uri.toString(), tab.input.uri);
    const already = new Set(this.#attached.map((i) => i.path));
    const todo = [...uris.values()].filter((u) => u.toString() !== currentUri && !already.has(vscode.workspace.asRelativePath(u, false)));
    if (todo.length === 0) {
      this.#notifier.show('info', uris.size ? 'the open editors are already in the message (the current file is sent on its own).' : 'no files are open in the editor.');
      return;
    }
    for (const uri of todo) {
      const label = vscode.workspace.asRelativePath(uri, false);
      // Not chosen one by one: the same rules as the current file.
      const refused = this.#implicitRefusal(uri);
      if (refused) this.#add(this.#refusedItem(randomUUID(), 'open', label, refused));
      else await this.attachUri(uri, 'open');
    }
  }

  #attachProblems(): void {
    const editor = this.#editor();
    const severity = ['error', 'warning', 'info', 'hint'];
    const own = editor ? vscode.languages.getDiagnostics(editor.document.uri) : [];
    const entries: [vscode.Uri, readonly vscode.Diagnostic[]][] = own.length ? [[editor!.document.uri, own]] : vscode.languages.getDiagnostics().filter(([, d]) => d.length > 0);
    const lines: string[] = [];
    for (const [uri, diags] of entries)
      for (const d of diags) {
        const source = d.source ? ` (${d.source}${d.code !== undefined ? ` ${typeof d.code === 'object' ? String(d.code.value) : String(d.code)}` : ''})` : '';
        lines.push(`${vscode.workspace.asRelativePath(uri, false)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severity[d.severity]}: ${d.message.replace(/\s*\n\s*/g, ' ')}${source}`);
      }
    if (lines.length === 0) {
      this.#notifier.show('info', 'VS Code reports no problems in the current file or the workspace.');
      return;
    }
    const content = lines.slice(0, PROBLEM_LINES).join('\n');
    const scope = own.length ? 'current file' : 'workspace';
    this.#add({
      id: randomUUID(),
      kind: 'problems',
      label: `Problems (${lines.length})`,
      detail: scope,
      content,
      originalChars: content.length,
      ...(lines.length > PROBLEM_LINES ? { cut: `first ${PROBLEM_LINES} of ${lines.length} problems` } : {}),
    });
  }

  async #attachGit(): Promise<void> {
    const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
    const unavailable = (why: string) => {
      this.#add(this.#refusedItem(randomUUID(), 'git', 'Git changes', why));
      this.#notifier.show('warning', `Git changes are not attached: ${why}.`);
    };
    if (!ext) return unavailable('the built-in Git extension (vscode.git) is not available');
    let git: GitApi;
    try {
      const exports = ext.isActive ? ext.exports : await ext.activate();
      if (!exports.enabled) return unavailable('the Git extension is disabled (git.enabled)');
      git = exports.getAPI(1);
    } catch (e) {
      return unavailable(`the Git extension did not start (${messageOf(e)})`);
    }
    const folder = vscode.workspace.workspaceFolders?.[0];
    const repo = (folder && git.getRepository(folder.uri)) ?? git.repositories[0];
    if (!repo) return unavailable('no Git repository is open in this workspace');
    const [staged, unstaged] = await Promise.all([repo.diff(true), repo.diff(false)]);
    if (!staged.trim() && !unstaged.trim()) {
      this.#notifier.show('info', 'the Git working tree has no changes (staged or unstaged).');
      return;
    }
    const content = [staged.trim() ? `# staged\n${staged.trimEnd()}\n` : '', unstaged.trim() ? `# unstaged\n${unstaged.trimEnd()}\n` : ''].filter(Boolean).join('\n');
    this.#add({ id: randomUUID(), kind: 'git', label: 'Git changes', detail: 'staged + unstaged', language: 'diff', content, originalChars: content.length });
  }

  /** Shell integration is the only stable way to read a terminal: the output of commands run since Stream Assist started. */
  async #recordTerminal(terminal: vscode.Terminal, execution: vscode.TerminalShellExecution): Promise<void> {
    let out = `$ ${execution.commandLine.value}\n`;
    this.#terminalOutput.set(terminal, out);
    for await (const data of execution.read()) {
      out += data;
      if (out.length > TERMINAL_OUTPUT_CHARS * 2) out = out.slice(-TERMINAL_OUTPUT_CHARS);
      this.#terminalOutput.set(terminal, out);
    }
  }

  #attachTerminal(): void {
    const terminal = vscode.window.activeTerminal;
    const recorded = terminal && this.#terminalOutput.get(terminal);
    if (!recorded) {
      this.#notifier.show(
        'info',
        terminal
          ? 'VS Code lets extensions read a terminal only through shell integration, for commands run after Stream Assist started, and none was recorded in this terminal. Run the command again, or select its output, copy it and paste it into the message.'
          : 'no terminal is open. VS Code lets extensions read a terminal only through shell integration, for commands run after Stream Assist started.',
      );
      return;
    }
    const content = stripTerminalEscapes(recorded).slice(-TERMINAL_OUTPUT_CHARS);
    this.#add({ id: randomUUID(), kind: 'terminal', label: `Terminal: ${terminal.name}`, detail: 'last command and its output', content, originalChars: content.length });
  }

  // ---- what a sent message carried ----------------------------------------------------------

  /** Opens an item as sent, read-only (a virtual document). */
  async openSent(conv: Conversation, messageId: string, itemId: string): Promise<boolean> {
    const item = conv.sentContext?.[messageId]?.find((i) => i.id === itemId);
    if (!item) return false;
    const name = item.label.replace(/[?#]/g, '_');
    const uri = vscode.Uri.from({ scheme: CONTEXT_SCHEME, path: `/${name}`, query: [conv.id, messageId, itemId].map(encodeURIComponent).join('/') });
    let doc = await vscode.workspace.openTextDocument(uri);
    if (item.language && doc.languageId !== item.language) doc = await vscode.languages.setTextDocumentLanguage(doc, item.language).then(undefined, () => doc);
    await vscode.window.showTextDocument(doc, { preview: true });
    return true;
  }

  #sentContent(uri: vscode.Uri): string {
    const [convId, messageId, itemId] = uri.query.split('/').map(decodeURIComponent);
    const item = this.#store.get(convId ?? '')?.sentContext?.[messageId ?? '']?.find((i) => i.id === itemId);
    if (!item) return '(this context is no longer in the conversation)';
    return item.cut ? `${item.content}${item.content.endsWith('\n') ? '' : '\n'}\n[${item.cut}]\n` : item.content;
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    for (const s of this.#subs) s.dispose();
    this.#changed.dispose();
  }
}

const EXTENSION_LANGUAGES: Record<string, string> = {
  ts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  jsx: 'javascriptreact',
  mjs: 'javascript',
  cjs: 'javascript',
  json: 'json',
  md: 'markdown',
  py: 'python',
  rs: 'rust',
  go: 'go',
  java: 'java',
  cs: 'csharp',
  c: 'c',
  h: 'c',
  cpp: 'cpp',
  hpp: 'cpp',
  rb: 'ruby',
  php: 'php',
  sh: 'shellscript',
  yml: 'yaml',
  yaml: 'yaml',
  toml: 'toml',
  html: 'html',
  css: 'css',
  scss: 'scss',
  sql: 'sql',
  xml: 'xml',
};

/** The fence tag for a file that is not open (VS Code tells the language only of open documents). */
function languageForPath(p: string): string {
  const ext = path.posix.extname(p).slice(1).toLowerCase();
  return EXTENSION_LANGUAGES[ext] ?? '';
}
