// The line diff behind the editor's inline review, computed while the answer streams. Pure (no
// vscode): unit-tested in Node.
//
// The old block's lines are indexed by their text. Each completed new line is matched greedily
// against the old lines not reached yet: the nearest old line with the same text (one pointer per
// text that only moves forward, so a whole answer costs time linear in its length; nothing is
// recomputed per delta). The old lines skipped to reach a match become removed rows; a new line
// with no match is an added row. A line with no word in it (blank, a lone brace) only matches an
// old line a few lines ahead, so it cannot pull the diff far off.
//
// While streaming, the block shows the rows so far, the line being written, then the old lines
// not reached yet; `nextEdit()` is the one replacement that takes the document from what it shows
// to that, so each batch is a single edit of the part that changed.

export type RowKind = 'same' | 'removed' | 'added';

export interface DiffRow {
  kind: RowKind;
  text: string;
}

/** Replace `length` characters at `offset` (both within the block's text) with `text`. */
export interface BlockEdit {
  offset: number;
  length: number;
  text: string;
}

/** How far ahead (in old lines) a line without a word may match. */
const WEAK_MATCH_WINDOW = 3;

function isWeak(line: string): boolean {
  return !/[\p{L}\p{N}_]{2}/u.test(line);
}

interface Shown {
  rows: number;
  /** The line being written, as shown (without a held-back '\r'). */
  partial: string;
  next: number;
  /** Characters of the shown rows (each with its EOL). */
  rowChars: number;
}

export interface BlockShape {
  /** The document's EOL: rows are shown with it. */
  eol: string;
  /** The block ends with an EOL (false only when it is the end of the document). */
  endsWithEol: boolean;
}

export class StreamingLineDiff {
  readonly rows: DiffRow[] = [];
  private partial = '';
  private next = 0;
  private readonly index = new Map<string, { at: number[]; i: number }>();
  /** oldChars[i]: characters of old lines i.. (each with its EOL). */
  private readonly oldChars: number[];
  private shown: Shown = { rows: 0, partial: '', next: 0, rowChars: 0 };

  constructor(
    readonly oldLines: readonly string[],
    private readonly shape: BlockShape,
  ) {
    oldLines.forEach((line, i) => {
      const entry = this.index.get(line);
      if (entry) entry.at.push(i);
      else this.index.set(line, { at: [i], i: 0 });
    });
    this.oldChars = new Array<number>(oldLines.length + 1);
    this.oldChars[oldLines.length] = 0;
    for (let i = oldLines.length - 1; i >= 0; i--) this.oldChars[i] = this.oldChars[i + 1] + oldLines[i].length + shape.eol.length;
  }

  /** Old lines not reached yet. */
  get pending(): number {
    return this.oldLines.length - this.next;
  }

  push(text: string): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) {
        this.partial += text.slice(start);
        return;
      }
      let line = this.partial + text.slice(start, nl);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.partial = '';
      this.addLine(line);
      start = nl + 1;
    }
  }

  /**
   * The answer is complete: the line being written becomes a row (unless it is empty and
   * `dropEmptyLast`: a whole-line rewrite whose answer ends with a newline), and the old lines
   * not reached are removed.
   */
  end(dropEmptyLast: boolean): void {
    const last = this.partial;
    this.partial = '';
    if (last !== '' || !dropEmptyLast) this.addLine(last.endsWith('\r') ? last.slice(0, -1) : last);
    this.removeUpTo(this.oldLines.length);
  }

  /**
   * The answer stopped early (cancelled, failed): what arrived is kept as added lines, and the old
   * lines not reached yet stay as they are, since the model never got to them.
   */
  stopHere(): void {
    if (this.partial !== '') this.rows.push({ kind: 'added', text: this.partial.replace(/\r$/, '') });
    this.partial = '';
    this.keepPending();
  }

  /** The rows as the document shows them after the last `markShown()`, the shown line being written an added row, old lines not reached as unchanged. */
  shownRows(): RowKind[] {
    const kinds = this.rows.slice(0, this.shown.rows).map((r) => r.kind);
    if (this.shown.partial !== '') kinds.push('added');
    for (let i = this.shown.next; i < this.oldLines.length; i++) kinds.push('same');
    return kinds;
  }

  /** The line being written: its row index and text as shown (undefined when none is shown). */
  writingLine(): { row: number; text: string } | undefined {
    return this.shown.partial === '' ? undefined : { row: this.shown.rows, text: this.shown.partial };
  }

  /** The block's text as it should be now (the document after `nextEdit()` lands). */
  text(): string {
    const { eol } = this.shape;
    const lines = this.rows.map((r) => r.text);
    const partial = this.visiblePartial();
    if (partial !== '') lines.push(partial);
    for (let i = this.next; i < this.oldLines.length; i++) lines.push(this.oldLines[i]);
    return lines.map((l) => l + eol).join('').slice(0, this.shape.endsWithEol ? undefined : -eol.length || undefined);
  }

  /**
   * The one edit from what the document shows to `text()`, in the block's own offsets, or
   * undefined when nothing changed. Call `markShown()` once it landed.
   */
  nextEdit(): { edit: BlockEdit; mark: () => void } | undefined {
    const { eol } = this.shape;
    const s = this.shown;
    const partial = this.visiblePartial();
    let before = s.partial === '' ? '' : s.partial + eol;
    for (let i = s.next; i < this.next; i++) before += this.oldLines[i] + eol;
    let after = '';
    let rowChars = s.rowChars;
    for (let i = s.rows; i < this.rows.length; i++) {
      const line = this.rows[i].text + eol;
      after += line;
      rowChars += line.length;
    }
    if (partial !== '') after += partial + eol;
    const shownLength = s.rowChars + (s.partial === '' ? 0 : s.partial.length + eol.length) + this.oldChars[s.next];
    // What this edit shows, as of now: more text may arrive while it is being written.
    const shown: Shown = { rows: this.rows.length, partial, next: this.next, rowChars };
    const mark = () => {
      this.shown = shown;
    };
    if (before === after) return s.rows === this.rows.length && s.next === this.next && s.partial === partial ? undefined : { edit: { offset: s.rowChars, length: 0, text: '' }, mark };
    // Keep the edit to what differs: most batches only extend the line being written.
    let p = 0;
    const max = Math.min(before.length, after.length);
    while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
    let q = 0;
    while (q < max - p && before.charCodeAt(before.length - 1 - q) === after.charCodeAt(after.length - 1 - q)) q++;
    const edit = { offset: s.rowChars + p, length: before.length - p - q, text: after.slice(p, after.length - q) };
    return { edit: this.shape.endsWithEol ? edit : withoutFinalEol(edit, shownLength, eol), mark };
  }

  private visiblePartial(): string {
    // A '\r' alone would be a line break to the editor; it waits for its '\n'.
    return this.partial.endsWith('\r') ? this.partial.slice(0, -1) : this.partial;
  }

  private addLine(line: string): void {
    const j = this.match(line);
    if (j === undefined) {
      this.rows.push({ kind: 'added', text: line });
      return;
    }
    this.removeUpTo(j);
    this.rows.push({ kind: 'same', text: line });
    this.next = j + 1;
  }

  private match(line: string): number | undefined {
    const entry = this.index.get(line);
    if (!entry) return undefined;
    while (entry.i < entry.at.length && entry.at[entry.i] < this.next) entry.i++;
    const j = entry.at[entry.i];
    if (j === undefined || (isWeak(line) && j - this.next > WEAK_MATCH_WINDOW)) return undefined;
    return j;
  }

  private removeUpTo(j: number): void {
    for (; this.next < j; this.next++) this.rows.push({ kind: 'removed', text: this.oldLines[this.next] });
  }

  private keepPending(): void {
    for (; this.next < this.oldLines.length; this.next++) this.rows.push({ kind: 'same', text: this.oldLines[this.next] });
  }
}

/**
 * The edits above treat every line as ending with an EOL. A block at the end of the document has
 * no EOL after its last line: the same edit on the real text, whose length is one EOL shorter.
 */
function withoutFinalEol(edit: BlockEdit, virtualLength: number, eol: string): BlockEdit {
  const realLength = virtualLength - eol.length;
  const end = edit.offset + edit.length;
  if (end <= realLength) return edit;
  // The edit reaches the virtual final EOL, so its text (if any) ends with one too.
  if (edit.text === '') {
    const from = Math.max(0, edit.offset - eol.length);
    return { offset: from, length: realLength - from, text: '' };
  }
  const from = Math.min(edit.offset, realLength);
  return { offset: from, length: realLength - from, text: (edit.offset > realLength ? eol : '') + edit.text.slice(0, -eol.length) };
}

export interface Hunk {
  /** First and last row (inclusive) of a run of changed rows. */
  first: number;
  last: number;
}

/** Runs of changed rows: what Accept / Reject per change act on. */
export function hunksOf(kinds: readonly RowKind[]): Hunk[] {
  const hunks: Hunk[] = [];
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] === 'same') continue;
    const first = i;
    while (i + 1 < kinds.length && kinds[i + 1] !== 'same') i++;
    hunks.push({ first, last: i });
  }
  return hunks;
}

/** Accepting keeps the added rows and drops the removed ones; rejecting the other way round. */
export function keeps(kind: RowKind, decision: 'accept' | 'reject'): boolean {
  return kind === 'same' || (decision === 'accept' ? kind === 'added' : kind === 'removed');
}
