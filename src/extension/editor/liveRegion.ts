// A region of a document kept right through every change: the stream's own edits grow it, other
// edits before it move it, edits touching it are reported (the stream stops; a revert then covers
// the touched text too). Lives as long as a stream writes or a revert may still need it.
import * as vscode from 'vscode';
import { applyOwnEdit, trackChanges, type Region } from './regionTracker';
import { writeRange, type WriteResult } from './documentWriter';

interface OwnEdit {
  version: number;
  offset: number;
  length: number;
  text: string;
}

export class LiveRegion implements vscode.Disposable {
  /** See TrackOptions.endIsInside: true while a stream writes at the end. */
  endIsInside = true;
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
      return await writeRange(this.document, start, end, text, undoStopBefore);
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
