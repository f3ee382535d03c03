// Generate at Cursor [{ prompt }] and Rewrite Selection [{ instruction }]: find a writable editor
// (or say why there is none), ask for the prompt unless given (recent prompts offered), then let
// the controller stream the answer in with the file's context around the cursor or selection.
// A rewrite keeps the original until the first text arrives; Revert Last Generation restores it.
import * as path from 'path';
import * as vscode from 'vscode';
import type { Services } from '../services';
import { chatRequest, contextWindow, generateMessages, rewriteMessages, streamLabel, type FileContext } from './editorRequest';
import { insertionPlacement, type InsertionOptions } from './insertionText';
import type { DiffBlock } from './inlineDiff';
import type { EditorStreamController, GenerationResult } from './streamController';

export interface GenerateArgs {
  prompt?: string;
}

export interface RewriteArgs {
  instruction?: string;
}

/** Schemes whose documents are never writable even though no file system says so. */
const READ_ONLY_SCHEMES = new Set(['output', 'git', 'vscode-scm', 'debug']);

/** An editor to write into, or undefined after telling the user why there is none. */
export function writableEditor(command: string, controller: EditorStreamController): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    controller.notify('info', `open a file and put the cursor where the text should go, then run ${command}.`);
    return undefined;
  }
  const scheme = editor.document.uri.scheme;
  if (READ_ONLY_SCHEMES.has(scheme) || vscode.workspace.fs.isWritableFileSystem(scheme) === false) {
    controller.notify('warning', `${command} cannot write here: this document is read-only.`);
    return undefined;
  }
  return editor;
}

export function fileContext(document: vscode.TextDocument, start: number, end: number, chars: number): FileContext {
  const length = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
  const win = contextWindow(start, end, length, chars);
  const text = ([from, to]: [number, number]) => document.getText(new vscode.Range(document.positionAt(from), document.positionAt(to)));
  const fileName = document.isUntitled ? path.basename(document.fileName) : vscode.workspace.asRelativePath(document.uri);
  return { languageId: document.languageId, fileName, before: text(win.before), after: text(win.after) };
}

/** Insertion options at `at`; `endWithNewline` undefined: decided by where the cursor sits in its line (Generate at Cursor). */
export function insertionOptions(editor: vscode.TextEditor, at: vscode.Position, endWithNewline?: boolean): InsertionOptions {
  const before = editor.document.lineAt(at.line).text.slice(0, at.character);
  const tabSize = Number(editor.options.tabSize);
  return {
    eol: editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
    cursorIndent: /^[ \t]*$/.test(before) ? before : undefined,
    insertSpaces: editor.options.insertSpaces !== false && editor.options.insertSpaces !== 'false',
    tabSize: Number.isFinite(tabSize) && tabSize > 0 ? tabSize : 4,
    ...(endWithNewline === undefined ? insertionPlacement(editor.document.lineAt(at.line).text, at.character) : { endWithNewline }),
  };
}

/**
 * Review mode works on whole lines: lines `first`..`last`, with the text before `from` on the
 * first line and after `to` on the last line kept around the answer. Offsets of the block and its shape.
 */
export function diffBlock(document: vscode.TextDocument, from: vscode.Position, to: vscode.Position, dropEmptyLast: boolean): { start: number; end: number; block: DiffBlock } {
  const first = from.line;
  const last = dropEmptyLast ? to.line - 1 : to.line;
  const endsWithEol = last < document.lineCount - 1;
  const oldLines: string[] = [];
  for (let i = first; i <= last; i++) oldLines.push(document.lineAt(i).text);
  const start = document.offsetAt(new vscode.Position(first, 0));
  const end = endsWithEol ? document.offsetAt(new vscode.Position(last + 1, 0)) : document.offsetAt(document.lineAt(last).range.end);
  return {
    start,
    end,
    block: {
      oldLines,
      eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
      endsWithEol,
      prefix: document.lineAt(first).text.slice(0, from.character),
      suffix: dropEmptyLast ? '' : document.lineAt(last).text.slice(to.character),
      dropEmptyLast,
    },
  };
}

/** The given text, or what the user typed in the prompt box (undefined: dismissed). */
async function promptFor(services: Services, given: unknown, box: { step: string; title: string; placeholder: string; historyKey: string }): Promise<string | undefined> {
  const text = typeof given === 'string' ? given.trim() : '';
  return text || services.quickInput.withHistory(box);
}

export function registerEditorCommands(services: Services, controller: EditorStreamController): vscode.Disposable[] {
  const generate = vscode.commands.registerCommand('streamAssist.generateAtCursor', async (args?: GenerateArgs): Promise<GenerationResult | undefined> => {
    const editor = writableEditor('Generate at Cursor', controller);
    if (!editor) return undefined;
    const prompt = await promptFor(services, args?.prompt, {
      step: 'generate',
      title: 'Stream Assist: Generate at Cursor',
      placeholder: 'What should be written here? (Enter to send, Escape to close)',
      historyKey: 'streamAssist.editor.generatePrompts',
    });
    if (!prompt) return undefined;
    const document = editor.document;
    const at = editor.selection.active;
    const offset = document.offsetAt(at);
    const settings = services.settings.current();
    const context = fileContext(document, offset, offset, settings.editor.contextCharacters);
    const review = settings.editor.review === 'diff' ? diffBlock(document, at, at, false) : undefined;
    return controller.run({
      document,
      start: review?.start ?? offset,
      end: review?.end ?? offset,
      originalText: review ? document.getText(new vscode.Range(document.positionAt(review.start), document.positionAt(review.end))) : '',
      diff: review?.block,
      insertion: insertionOptions(editor, at),
      request: chatRequest(generateMessages(context, prompt), settings),
      label: streamLabel('Generate', prompt),
      verb: 'Generate',
    });
  });

  const rewrite = vscode.commands.registerCommand('streamAssist.rewriteSelection', async (args?: RewriteArgs): Promise<GenerationResult | undefined> => {
    const editor = writableEditor('Rewrite Selection', controller);
    if (!editor) return undefined;
    if (editor.selection.isEmpty) {
      controller.notify('info', 'select the text to rewrite first.');
      return undefined;
    }
    const instruction = await promptFor(services, args?.instruction, {
      step: 'rewrite',
      title: 'Stream Assist: Rewrite Selection',
      placeholder: 'How should the selection change? (Enter to send, Escape to close)',
      historyKey: 'streamAssist.editor.rewriteInstructions',
    });
    if (!instruction) return undefined;
    const document = editor.document;
    const selection = editor.selection;
    const start = document.offsetAt(selection.start);
    const end = document.offsetAt(selection.end);
    const original = document.getText(selection);
    const settings = services.settings.current();
    const context = fileContext(document, start, end, settings.editor.contextCharacters);
    // A selection that ends at the start of a line does not include that line.
    const wholeLines = selection.end.character === 0 && selection.end.line > selection.start.line;
    const review = settings.editor.review === 'diff' ? diffBlock(document, selection.start, selection.end, wholeLines) : undefined;
    return controller.run({
      document,
      start: review?.start ?? start,
      end: review?.end ?? end,
      originalText: review ? document.getText(new vscode.Range(document.positionAt(review.start), document.positionAt(review.end))) : original,
      diff: review?.block,
      insertion: insertionOptions(editor, selection.start, /\r?\n$/.test(original)),
      request: chatRequest(rewriteMessages(context, original, instruction), settings),
      label: streamLabel('Rewrite', instruction),
      verb: 'Rewrite',
    });
  });

  return [generate, rewrite];
}
