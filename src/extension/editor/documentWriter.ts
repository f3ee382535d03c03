// Writes one batch into a document. Through a visible editor showing it when there is one (only
// TextEditor.edit controls undo stops, so all batches can form one undo step), otherwise through
// a WorkspaceEdit, so writing goes on while the user looks at another editor. Both are
// version-checked by VS Code: if the document changed since the offsets were computed the edit
// is refused ('conflict') and the caller recomputes and retries.
import * as vscode from 'vscode';

/**
 * applied: written. conflict: refused because the document changed meanwhile (recompute, retry).
 * failed: refused, document unchanged (e.g. the editor was closing). ignored: accepted but nothing
 * changed — a read-only editor; retrying is pointless.
 */
export type WriteResult = 'applied' | 'conflict' | 'failed' | 'ignored';

/** Edits that had to go through a WorkspaceEdit (no visible editor): each is its own undo step. */
export const writeStats = { viaWorkspaceEdit: 0 };

function editorFor(document: vscode.TextDocument): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (active?.document === document) return active;
  return vscode.window.visibleTextEditors.find((e) => e.document === document);
}

export async function writeRange(document: vscode.TextDocument, start: number, end: number, text: string, undoStopBefore: boolean): Promise<WriteResult> {
  const version = document.version;
  const range = new vscode.Range(document.positionAt(start), document.positionAt(end));
  let ok: boolean | undefined;
  const editor = editorFor(document);
  if (editor) {
    try {
      ok = await editor.edit(
        // insert (not replace) for an empty range: it moves the cursor and decorations sitting there along.
        (b) => (range.isEmpty ? b.insert(range.start, text) : b.replace(range, text)),
        { undoStopBefore, undoStopAfter: false },
      );
    } catch {
      ok = undefined; // the editor closed meanwhile: fall back to a WorkspaceEdit
    }
  }
  if (ok === undefined && document.version === version && !document.isClosed) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, text);
    ok = await vscode.workspace.applyEdit(edit);
    if (ok) writeStats.viaWorkspaceEdit++;
  }
  if (ok && document.version === version) {
    // The document update arrives before the edit's reply (same channel); this only guards against surprises.
    for (let i = 0; i < 20 && document.version === version; i++) await new Promise((r) => setTimeout(r, 10));
  }
  if (document.version === version) return ok ? 'ignored' : 'failed';
  return ok ? 'applied' : 'conflict';
}
