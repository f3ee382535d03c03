// "Add Selection to Chat": the selection as a fenced block headed by file name and line range.
import * as vscode from 'vscode';
import { fenceFor } from './contextFormat';

function formatAttachment(fileName: string, startLine: number, endLine: number, language: string, code: string): string {
  const fence = fenceFor(code);
  const lines = startLine === endLine ? `line ${startLine}` : `lines ${startLine}-${endLine}`;
  return `\`${fileName}\` ${lines}:\n${fence}${language}\n${code.replace(/\n$/, '')}\n${fence}\n`;
}

export function selectionAttachment(editor: vscode.TextEditor): string | undefined {
  const sel = editor.selection;
  if (sel.isEmpty) return undefined;
  const doc = editor.document;
  // A selection ending at column 0 does not include that line.
  const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line - 1 : sel.end.line;
  const name = doc.isUntitled ? doc.fileName : vscode.workspace.asRelativePath(doc.uri, false);
  return formatAttachment(name, sel.start.line + 1, endLine + 1, doc.languageId === 'plaintext' ? '' : doc.languageId, doc.getText(sel));
}
