// The inline review of Rewrite Selection and Generate at Cursor (`streamAssist.editor.review` =
// `diff`). While the answer streams, `DiffWriter` keeps the old lines in the document and writes
// the new ones among them (one edit per batch, from lineDiff.ts), green for added and red for
// removed. When it ends, a `DiffReview` owns the block: Accept / Reject for each change (CodeLens)
// and for all of it (Ctrl/Cmd+Enter, Ctrl/Cmd+Backspace while the cursor is in it).
//
// The rows are the block's lines in order, so a user edit inside one line keeps the review (it
// acts on the document's lines as they are); an edit that adds or removes lines inside the block
// ends the review and says so, leaving the file as it is (Revert Last Generation still restores
// the original).
import * as vscode from 'vscode';
import { hunksOf, keeps, StreamingLineDiff, type BlockShape, type Hunk, type RowKind } from './lineDiff';
import type { LiveRegion, WriteResult } from './liveRegion';

/** The whole lines a generation rewrites, and what of them the answer does not replace. */
export interface DiffBlock extends BlockShape {
  oldLines: string[];
  /** Text of the first line before the selection (or cursor): the new block starts with it. */
  prefix: string;
  /** Text of the last line after the selection (or cursor): the new block ends with it. */
  suffix: string;
  /** A whole-line selection: the answer's final newline is the block's own, not an empty line. */
  dropEmptyLast: boolean;
}

export interface LineDecorations {
  added: vscode.Range[];
  removed: vscode.Range[];
}

/** Whole-line ranges for runs of added and removed rows starting at `firstLine`. */
function lineRanges(kinds: readonly RowKind[], firstLine: number): LineDecorations {
  const out: LineDecorations = { added: [], removed: [] };
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i];
    if (kind === 'same') continue;
    let j = i;
    while (j + 1 < kinds.length && kinds[j + 1] === kind) j++;
    out[kind].push(new vscode.Range(firstLine + i, 0, firstLine + j, 0));
    i = j;
  }
  return out;
}

/** Feeds the answer into the line diff and writes what changed into the block. */
export class DiffWriter {
  private readonly diff: StreamingLineDiff;

  constructor(
    private readonly region: LiveRegion,
    private readonly block: DiffBlock,
  ) {
    this.diff = new StreamingLineDiff(block.oldLines, block);
    this.diff.push(block.prefix);
  }

  push(text: string): void {
    this.diff.push(text);
  }

  /** The answer is complete (`true`) or stopped early (`false`: old lines not reached stay). */
  end(complete: boolean): void {
    if (complete) {
      this.diff.push(this.block.suffix);
      this.diff.end(this.block.dropEmptyLast);
    } else {
      this.diff.stopHere();
    }
  }

  /** Writes the change since the last write; retried on a conflict, since the edit is recomputed from the diff's state. */
  async write(undoStopBefore: boolean): Promise<WriteResult | 'nothing'> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const next = this.diff.nextEdit();
      if (!next) return 'nothing';
      const { offset, length, text } = next.edit;
      if (length === 0 && text === '') {
        next.mark();
        return 'nothing';
      }
      const at = this.region.region.start + offset;
      const r = await this.region.write(at, at + length, text, undoStopBefore);
      if (r === 'applied') next.mark();
      if (r !== 'conflict') return r;
    }
    return 'conflict';
  }

  /** The rows the document shows now (what a review starts from). */
  shownRows(): RowKind[] {
    return this.diff.shownRows();
  }

  decorations(document: vscode.TextDocument): { lines: LineDecorations; writing: vscode.Range } {
    const first = document.positionAt(this.region.region.start).line;
    const kinds = this.diff.shownRows();
    const lines = lineRanges(kinds, first);
    const w = this.diff.writingLine();
    const line = first + (w ? w.row : kinds.length - this.diff.pending);
    const at = new vscode.Position(Math.min(line, document.lineCount - 1), 0);
    return { lines, writing: w ? new vscode.Range(at, at.translate(0, w.text.length)) : new vscode.Range(at, at) };
  }
}

export type ReviewEnd = 'accepted' | 'rejected' | 'edited' | 'closed';

/** A finished generation waiting for Accept / Reject; the region is the generation's own. */
export class DiffReview {
  private ended: ReviewEnd | undefined;
  private readonly subscriptions: vscode.Disposable[];
  private readonly endedEmitter = new vscode.EventEmitter<ReviewEnd>();
  private readonly changedEmitter = new vscode.EventEmitter<void>();
  readonly onDidEnd = this.endedEmitter.event;
  /** Rows changed (a hunk resolved) or the block moved. */
  readonly onDidChange = this.changedEmitter.event;

  constructor(
    readonly region: LiveRegion,
    private kinds: RowKind[],
    private readonly shape: BlockShape,
  ) {
    this.subscriptions = [
      region.onDidTouch(() => {
        if (this.lineCount() !== this.kinds.length) this.finish('edited');
        else this.changedEmitter.fire();
      }),
      region.onDidChange(() => this.changedEmitter.fire()),
      vscode.workspace.onDidCloseTextDocument((d) => d === region.document && this.finish('closed')),
    ];
  }

  get document(): vscode.TextDocument {
    return this.region.document;
  }

  get open(): boolean {
    return this.ended === undefined;
  }

  /** As a decorated region: no highlight or label of its own, only its lines. */
  get range(): vscode.Range {
    const at = this.document.positionAt(this.region.region.start);
    return new vscode.Range(at, at);
  }

  readonly progressLabel = '';

  lines(): LineDecorations {
    return lineRanges(this.kinds, this.firstLine);
  }

  get firstLine(): number {
    return this.document.positionAt(this.region.region.start).line;
  }

  rows(): readonly RowKind[] {
    return this.kinds;
  }

  hunks(): Hunk[] {
    return hunksOf(this.kinds);
  }

  contains(offset: number): boolean {
    return this.region.contains(offset);
  }

  /** Accept or reject one change (a hunk index) or all of them; resolves with whether the document took it. */
  async resolve(decision: 'accept' | 'reject', hunkIndex?: number): Promise<boolean> {
    if (!this.open) return false;
    if (this.lineCount() !== this.kinds.length) {
      this.finish('edited');
      return false;
    }
    const hunk = hunkIndex === undefined ? undefined : this.hunks()[hunkIndex];
    if (hunkIndex !== undefined && !hunk) return false;
    const inHunk = (i: number) => !hunk || (i >= hunk.first && i <= hunk.last);
    const lines = this.currentLines();
    const resolvedKinds: RowKind[] = [];
    const resolvedLines: string[] = [];
    this.kinds.forEach((kind, i) => {
      if (inHunk(i) && !keeps(kind, decision)) return;
      resolvedKinds.push(inHunk(i) ? 'same' : kind);
      resolvedLines.push(lines[i]);
    });
    // From the first line's start: text typed at the very start of the block lies before the region but is in its line.
    const lineStart = () => this.document.offsetAt(new vscode.Position(this.firstLine, 0));
    const text = this.join(resolvedLines);
    // Accepting all: first the original lines, then the result as its own undo step, so one undo
    // gives back the file as it was before the generation, whatever undo stops streaming left.
    if (!hunk && decision === 'accept') {
      const original = this.join(this.kinds.map((k, i) => ({ k, l: lines[i] })).filter((r) => keeps(r.k, 'reject')).map((r) => r.l));
      const start = lineStart();
      if ((await this.region.write(start, this.region.region.end, original, false)) !== 'applied' && this.region.text() !== original) return false;
    }
    const written = await this.writeMinimal(lineStart(), this.region.region.end, text);
    if (!written) return false;
    this.kinds = resolvedKinds;
    this.changedEmitter.fire();
    if (!this.kinds.includes('added') && !this.kinds.includes('removed')) this.finish(hunk ? 'accepted' : decision === 'accept' ? 'accepted' : 'rejected');
    return true;
  }

  finish(how: ReviewEnd): void {
    if (this.ended) return;
    this.ended = how;
    for (const s of this.subscriptions) s.dispose();
    this.endedEmitter.fire(how);
  }

  dispose(): void {
    this.finish('closed');
    this.endedEmitter.dispose();
    this.changedEmitter.dispose();
  }

  private lineCount(): number {
    const range = this.region.range;
    const lastLine = this.shape.endsWithEol ? range.end.line - 1 : range.end.line;
    return lastLine - range.start.line + 1;
  }

  private currentLines(): string[] {
    const first = this.firstLine;
    return this.kinds.map((_, i) => this.document.lineAt(first + i).text);
  }

  private join(lines: string[]): string {
    const { eol, endsWithEol } = this.shape;
    const text = lines.map((l) => l + eol).join('');
    return endsWithEol ? text : text.slice(0, text.length - eol.length);
  }

  /** Replaces the block with `text`, writing only the part that differs (the cursor and scroll stay put). */
  private async writeMinimal(start: number, end: number, text: string): Promise<boolean> {
    const old = this.document.getText(new vscode.Range(this.document.positionAt(start), this.document.positionAt(end)));
    let p = 0;
    const max = Math.min(old.length, text.length);
    while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
    let q = 0;
    while (q < max - p && old.charCodeAt(old.length - 1 - q) === text.charCodeAt(text.length - 1 - q)) q++;
    if (p === old.length && p === text.length) return true;
    return (await this.region.write(start + p, end - q, text.slice(p, text.length - q), true)) === 'applied';
  }
}
