// What both commands need from the editor they write into: a clear message when there is none
// or it cannot be edited, the context around the cursor/selection, and the document's text
// conventions (EOL, tabs or spaces).
import * as path from 'path';
import * as vscode from 'vscode';
import { contextWindow, type FileContext } from './editorRequest';
import type { InsertionOptions } from './insertionText';
import { insertionPlacement } from './insertionPlacement';

/** Schemes whose documents are never writable even though no file system says so. */
const READ_ONLY_SCHEMES = new Set(['output', 'git', 'vscode-scm', 'debug']);

/** An editor to write into, or undefined after telling the user why there is none. */
export function writableEditor(command: string, notify: (level: 'info' | 'warning', message: string) => unknown): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    notify('info', `Stream Assist: open a file and put the cursor where the text should go, then run ${command}.`);
    return undefined;
  }
  const scheme = editor.document.uri.scheme;
  if (READ_ONLY_SCHEMES.has(scheme) || vscode.workspace.fs.isWritableFileSystem(scheme) === false) {
    notify('warning', `Stream Assist: ${command} cannot write here: this document is read-only.`);
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
