// A region of a document kept right through every change: the stream's own edits grow it, other
// edits before it move it, edits touching it are reported (the stream stops; a revert then covers
// the touched text too). Lives as long as a stream writes or a revert may still need it.
//
// Writing a batch: through a visible editor showing the document when there is one (only
// TextEditor.edit controls undo stops, so all batches can form one undo step), otherwise through
// a WorkspaceEdit, so writing goes on while the user looks at another editor. Both are
// version-checked by VS Code: if the document changed since the offsets were computed the edit
// is refused ('conflict') and the caller recomputes and retries.
import * as vscode from 'vscode';
import { applyOwnEdit, trackChanges, type Region } from './regionTracker';

/**
 * applied: written. conflict: refused because the document changed meanwhile (recompute, retry).
 * failed: refused, document unchanged (e.g. the editor was closing). ignored: accepted but nothing
 * changed — a read-only editor; retrying is pointless.
 */
export type WriteResult = 'applied' | 'conflict' | 'failed' | 'ignored';


function editorFor(document: vscode.TextDocument): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (active?.document === document) return active;
  return vscode.window.visibleTextEditors.find((e) => e.document === document);
}

/** `via` says how it was written; a WorkspaceEdit (no visible editor) is its own undo step. */
async function writeRange(document: vscode.TextDocument, start: number, end: number, text: string, undoStopBefore: boolean, via: { workspaceEdit: boolean }): Promise<WriteResult> {
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
    via.workspaceEdit = ok;
  }
  if (ok && document.version === version) {
    // The document update arrives before the edit's reply (same channel); this only guards against surprises.
    for (let i = 0; i < 20 && document.version === version; i++) await new Promise((r) => setTimeout(r, 10));
  }
  if (document.version === version) return ok ? 'ignored' : 'failed';
  return ok ? 'applied' : 'conflict';
}

interface OwnEdit {
  version: number;
  offset: number;
  length: number;
  text: string;
}

export class LiveRegion implements vscode.Disposable {
  /** See TrackOptions.endIsInside: true while a stream writes at the end. */
  endIsInside = true;
  /** Writes that went through a WorkspaceEdit because no editor showed the document (each its own undo step). */
  workspaceEdits = 0;
  private own: OwnEdit | undefined;
  private readonly touched = new vscode.EventEmitter<void>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  /** Someone else's edit touched the region. */
  readonly onDidTouch = this.touched.event;
  /** The region moved or changed size. */
  readonly onDidChange = this.changed.event;

  constructor(
    readonly document: vscode.TextDocument,
    public region: Region,
  ) {
    this.subscription = vscode.workspace.onDidChangeTextDocument((e) => this.onDocumentChange(e));
  }

  get range(): vscode.Range {
    return new vscode.Range(this.document.positionAt(this.region.start), this.document.positionAt(this.region.end));
  }

  text(): string {
    return this.document.getText(this.range);
  }

  contains(offset: number): boolean {
    return offset >= this.region.start && offset <= this.region.end;
  }

  /** Replaces [start, end) — which must lie within or at the end of the region — and records the edit as ours. */
  async write(start: number, end: number, text: string, undoStopBefore: boolean): Promise<WriteResult> {
    this.own = { version: this.document.version, offset: start, length: end - start, text };
    try {
      const via = { workspaceEdit: false };
      const result = await writeRange(this.document, start, end, text, undoStopBefore, via);
      if (via.workspaceEdit) this.workspaceEdits++;
      return result;
    } finally {
      this.own = undefined;
    }
  }

  private onDocumentChange(e: vscode.TextDocumentChangeEvent): void {
    if (e.document !== this.document || e.contentChanges.length === 0) return;
    const own = this.own;
    const first = e.contentChanges[0];
    if (
      own &&
      e.document.version === own.version + 1 &&
      e.contentChanges.length === 1 &&
      first.rangeOffset === own.offset &&
      first.rangeLength === own.length &&
      first.text === own.text
    ) {
      this.own = undefined;
      this.region = applyOwnEdit(this.region, { offset: own.offset, length: own.length, textLength: own.text.length });
      this.changed.fire();
      return;
    }
    const changes = e.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, textLength: c.text.length }));
    const { region, impact } = trackChanges(this.region, changes, { endIsInside: this.endIsInside });
    const moved = region.start !== this.region.start || region.end !== this.region.end;
    this.region = region;
    if (impact === 'inside') this.touched.fire();
    if (moved) this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.touched.dispose();
    this.changed.dispose();
  }
}
