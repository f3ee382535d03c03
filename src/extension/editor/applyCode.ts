// Apply Code Block [{ code, fileHint, activeUri }] (the chat's Apply button): find the file the
// block is for (the path it names, else the editor that was active), say which file it will touch
// in a picker before touching it, then stream the change into it as the same inline diff as
// Rewrite Selection: the block as it is when it is evidently the whole file, otherwise the file as
// the current model merges the block into it. A file the block names that does not exist yet is
// offered as a new (untitled) document at that path. Nothing outside the workspace's folders is
// written, and nothing is saved.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { looksLikeWholeFile, MERGE_MAX_CHARS, mergeMessages, normalizeHint } from './applyPlan';
import { diffBlock, insertionOptions, writableEditor } from './commands';
import { chatRequest, streamLabel } from './editorRequest';
import type { EditorStreamController, GenerationResult } from './streamController';

export interface ApplyArgs {
  code?: unknown;
  /** The path the block names (fence info or the line before it); '' when none. */
  fileHint?: unknown;
  /** The text editor that was active before the chat took focus. */
  activeUri?: unknown;
}

export type ApplyResult = (GenerationResult & { target: string; mode: 'whole-file' | 'merge' }) | { refused: string };

interface ApplyTarget {
  uri: vscode.Uri;
  label: string;
  why: string;
  /** Not a file yet: offered after the active editor, since the hint may be a guess from the line before the block. */
  creates?: boolean;
}

const NO_TARGET_HELP = 'Open the file to apply it to, or name it in the block\'s fence (```ts src/app.ts), then press Apply again.';

function labelOf(uri: vscode.Uri): string {
  return uri.scheme === 'untitled' ? uri.path : vscode.workspace.asRelativePath(uri, vscode.workspace.workspaceFolders !== undefined && vscode.workspace.workspaceFolders.length > 1);
}

/** Untitled documents are not files; anything else must be inside a workspace folder. */
function insideWorkspace(uri: vscode.Uri): boolean {
  return uri.scheme === 'untitled' || vscode.workspace.getWorkspaceFolder(uri) !== undefined;
}

/** What is at `uri`: a file type, or undefined when nothing is there. */
async function typeAt(uri: vscode.Uri): Promise<vscode.FileType | undefined> {
  try {
    return (await vscode.workspace.fs.stat(uri)).type;
  } catch {
    return undefined;
  }
}

const isFile = (type: vscode.FileType | undefined) => type !== undefined && (type & vscode.FileType.File) !== 0;

/** The files the hint names (exact path first, else files ending with it), with why not when none. */
async function namedFiles(hint: string): Promise<{ targets: ApplyTarget[]; problem?: string }> {
  const normalized = normalizeHint(hint);
  if (!normalized) return { targets: [] };
  if ('refused' in normalized) return { targets: [], problem: normalized.refused };
  const why = 'named by the code block';
  if (normalized.absolute) {
    const uri = vscode.Uri.file(normalized.path);
    if (!insideWorkspace(uri)) return { targets: [], problem: `${normalized.path} is outside the workspace` };
    return isFile(await typeAt(uri)) ? { targets: [{ uri, label: labelOf(uri), why }] } : { targets: [], problem: `${normalized.path} does not exist` };
  }
  const targets: ApplyTarget[] = [];
  /** The path under each folder where nothing exists yet (a directory there is not offered). */
  const missing: vscode.Uri[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const uri = vscode.Uri.joinPath(folder.uri, normalized.path);
    const type = await typeAt(uri);
    if (isFile(type)) targets.push({ uri, label: labelOf(uri), why });
    else if (type === undefined) missing.push(uri);
  }
  const plainPath = !/[*?[\]{}]/.test(normalized.path);
  if (targets.length === 0 && plainPath) {
    const found = await vscode.workspace.findFiles(`**/${normalized.path}`, undefined, 5);
    for (const uri of found) targets.push({ uri, label: labelOf(uri), why: `ends with ${normalized.path}` });
  }
  if (targets.length === 0 && plainPath) {
    // A file the block names that does not exist yet: an untitled document bound to that path, so
    // nothing is written until the user saves it (Save then needs no dialog).
    for (const file of missing) {
      targets.push({ uri: file.with({ scheme: 'untitled' }), label: labelOf(file), why: 'new file, named by the code block (created when you save it)', creates: true });
    }
  }
  return targets.length ? { targets } : { targets, problem: `"${normalized.path}" is not a file in the workspace` };
}

function parseUri(text: string): vscode.Uri | undefined {
  if (!text) return undefined;
  try {
    return vscode.Uri.parse(text, true);
  } catch {
    return undefined;
  }
}

async function applyTargets(hint: string, activeUri: string): Promise<{ targets: ApplyTarget[]; problems: string[] }> {
  const named = await namedFiles(hint);
  const targets = [...named.targets];
  const problems = named.problem ? [named.problem] : [];
  const uri = parseUri(activeUri);
  if (uri) {
    if (!insideWorkspace(uri)) problems.push(`the active file ${uri.fsPath} is outside the workspace`);
    else if (!targets.some((t) => t.uri.toString() === uri.toString())) targets.push({ uri, label: labelOf(uri), why: 'the active editor' });
  }
  return { targets: [...targets.filter((t) => !t.creates), ...targets.filter((t) => t.creates)], problems };
}

/** The block's last line break made to match the file's, so the diff shows no stray empty line. */
function withFileEnding(code: string, fileText: string): string {
  const body = code.replace(/(\r?\n)+$/, '');
  return /\n$/.test(fileText) ? body + '\n' : body;
}

/** A new file that ended empty (rejected, or nothing arrived) is closed unsaved rather than left as a blank tab bound to the path. */
async function discardIfEmpty(document: vscode.TextDocument): Promise<void> {
  if (document.isClosed || document.getText() !== '') return;
  try {
    await vscode.window.showTextDocument(document, { preview: false });
    // An untitled document bound to a path counts as dirty: closing it plainly would ask to save.
    if (vscode.window.activeTextEditor?.document === document) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  } catch {
    // The user closed it meanwhile: nothing left to tidy.
  }
}

export function registerApplyCommand(services: Services, controller: EditorStreamController): vscode.Disposable {
  return vscode.commands.registerCommand('streamAssist.applyCodeBlock', async (args?: ApplyArgs): Promise<ApplyResult | undefined> => {
    const code = typeof args?.code === 'string' ? args.code : '';
    if (!code.trim()) return undefined;
    const hint = typeof args?.fileHint === 'string' ? args.fileHint : '';
    const activeUri = typeof args?.activeUri === 'string' ? args.activeUri : '';
    const { targets, problems } = await applyTargets(hint, activeUri);
    const problemText = problems.length ? `${problems.join('; ')}.` : '';
    if (targets.length === 0) {
      const refused = `${problemText || 'there is no file to apply the code block to.'} ${NO_TARGET_HELP}`;
      controller.notify('warning', `Apply Code Block: ${refused}`);
      return { refused };
    }
    const picked = await services.quickInput.list<ApplyTarget>({
      step: 'applyTarget',
      title: 'Stream Assist: Apply Code Block',
      placeholder: `${problemText ? problemText + ' ' : ''}Apply to which file? The change shows as a diff to accept or reject.`,
      canSelectMany: false,
      load: async () => targets,
      toItem: (t) => ({ label: t.label, description: t.why }),
    });
    if (picked.status !== 'picked' || !picked.values[0]) return undefined;
    const target = picked.values[0];
    const document = await vscode.workspace.openTextDocument(target.uri);
    await vscode.window.showTextDocument(document, { preview: false });
    const editor = writableEditor('Apply Code Block', controller);
    if (!editor || editor.document !== document) return { refused: `${target.label} cannot be edited.` };
    // A whole-file diff over another one still open would fight it for the same lines.
    const busy = controller.active().some((s) => s.document === document) || controller.reviews.reviews().some((r) => r.document === document);
    if (busy) {
      const refused = `${target.label} already has a change being written or waiting for review. Accept or reject it first (Ctrl/Cmd+Enter, Ctrl/Cmd+Backspace), then press Apply again.`;
      controller.notify('warning', `Apply Code Block: ${refused}`);
      return { refused };
    }
    const fileText = document.getText();
    const whole = looksLikeWholeFile(code, fileText);
    if (!whole && fileText.length > MERGE_MAX_CHARS) {
      const refused = `${target.label} has ${fileText.length.toLocaleString('en-US')} characters, more than the ${MERGE_MAX_CHARS.toLocaleString('en-US')} a merge sends to the model. Select the lines the block replaces and use Replace Selection on the code block instead.`;
      controller.notify('warning', `Apply Code Block: ${refused}`);
      return { refused };
    }
    const top = new vscode.Position(0, 0);
    const review = diffBlock(document, top, document.lineAt(document.lineCount - 1).range.end, false);
    const settings = services.settings.current();
    const result = await controller.run({
      document,
      start: review.start,
      end: review.end,
      originalText: fileText,
      diff: review.block,
      insertion: insertionOptions(editor, top, /\n$/.test(fileText)),
      request: whole ? withFileEnding(code, fileText) : chatRequest(mergeMessages(target.label, document.languageId, fileText, code), settings),
      label: streamLabel('Apply', target.label),
      verb: 'Apply',
    });
    if (target.creates) {
      const review = controller.reviews.reviews().find((r) => r.document === document);
      if (review) review.onDidEnd((how) => how === 'rejected' && void discardIfEmpty(document));
      else await discardIfEmpty(document);
    }
    return { ...result, target: target.label, mode: whole ? 'whole-file' : 'merge' };
  });
}
