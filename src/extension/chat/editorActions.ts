// The text editor the chat acts on, and Insert at Cursor / Replace Selection for code blocks in it.
// Focus is in the chat view when a button is clicked or a message is sent, so "active" has moved
// on: the one tracker of the last active editor, for the code blocks and the current-file context.
import * as vscode from 'vscode';
import type { InsertMode } from '../../shared/webviewProtocol';
import type { Notifier } from '../services';

export class EditorActions implements vscode.Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly sub: vscode.Disposable;

  constructor(private readonly notifier: Notifier) {
    this.sub = vscode.window.onDidChangeActiveTextEditor((e) => {
      if (e) this.last = e;
    });
  }

  /** The active editor, else the last active one still visible (the chat's current file). */
  lastActive(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active) return active;
    const last = this.last;
    return last && vscode.window.visibleTextEditors.includes(last) ? last : undefined;
  }

  /** The editor code goes into: the last active one, else any visible one that is not an output channel. */
  target(): vscode.TextEditor | undefined {
    return this.lastActive() ?? vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme !== 'output');
  }

  async insertCode(code: string, mode: InsertMode): Promise<boolean> {
    const editor = this.target();
    if (!editor) {
      this.notifier.show('warning', 'open a file to insert the code into.');
      return false;
    }
    const ok = await editor.edit((b) => {
      for (const sel of editor.selections) {
        if (mode === 'replace') b.replace(sel, code);
        else b.insert(sel.active, code);
      }
    });
    if (ok) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    return ok;
  }

  dispose(): void {
    this.sub.dispose();
  }
}
