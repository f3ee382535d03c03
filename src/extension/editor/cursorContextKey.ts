// Context keys that say the active editor's cursor is in one of our regions:
// `streamAssist.cursorInStreamRegion` (inside or at the end of a region being written) enables
// Escape as the cancel key only there, and `streamAssist.cursorInReview` (inside an inline diff
// waiting for Accept / Reject) enables Ctrl/Cmd+Enter and Ctrl/Cmd+Backspace only there, so those
// keys keep their usual meaning everywhere else.
import * as vscode from 'vscode';

export interface RegionSource {
  regions(): Iterable<{ document: vscode.TextDocument; contains(offset: number): boolean }>;
  readonly onDidChange: vscode.Event<void>;
}

export interface CursorInRegionKey extends vscode.Disposable {
  /** The value last set. */
  readonly value: boolean;
}

export function bindCursorInRegionKey(key: 'streamAssist.cursorInStreamRegion' | 'streamAssist.cursorInReview', source: RegionSource): CursorInRegionKey {
  let last: boolean | undefined;
  const update = () => {
    const editor = vscode.window.activeTextEditor;
    let inside = false;
    if (editor) {
      const offset = editor.document.offsetAt(editor.selection.active);
      for (const r of source.regions()) if (r.document === editor.document && r.contains(offset)) inside = true;
    }
    if (inside === last) return;
    last = inside;
    void vscode.commands.executeCommand('setContext', key, inside);
  };
  update();
  const subscriptions = vscode.Disposable.from(
    source.onDidChange(update),
    vscode.window.onDidChangeTextEditorSelection(update),
    vscode.window.onDidChangeActiveTextEditor(update),
  );
  return {
    get value() {
      return last === true;
    },
    dispose: () => subscriptions.dispose(),
  };
}
