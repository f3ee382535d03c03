// Insert at Cursor / Replace Selection for code blocks: done by the host in the text editor that
// was active last (focus is in the chat view when the button is clicked, so "active" has moved on).
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

  /** The editor code goes into: the active one, else the last active one still visible. */
  target(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active) return active;
    const last = this.last;
    if (last && vscode.window.visibleTextEditors.includes(last)) return last;
    return vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme !== 'output');
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
