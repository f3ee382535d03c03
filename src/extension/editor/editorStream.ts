// One stream written into one document region, from request to the last edit. The region's
// text is replaced by the first batch (nothing for Generate, the selection for Rewrite, the
// partial text for Retry); later batches append at its end. Stops on its own when the user
// types into the region, closes the document, or the document refuses edits.
import * as vscode from 'vscode';
import type { StreamErrorInfo, StreamHandle } from '../../core/types';
import type { DecoratedRegion } from './decorations';
import type { DiffWriter, LineDecorations } from './inlineDiff';
import { EditBatcher, type ApplyResult } from './editBatcher';
import type { InsertionText } from './insertionText';
import type { LiveRegion } from './liveRegion';
import { messageOf } from '../../shared/text';

export type StreamOutcome = 'done' | 'empty' | 'cancelled' | 'error' | 'stopped';
/** Why the stream stopped itself: the user typed into the region; the document closed; it is read-only; Revert Last Generation. */
export type StopReason = 'typed' | 'closed' | 'read-only' | 'revert';

export interface EditorStreamSpec {
  region: LiveRegion;
  /** What the region held before this generation (revert restores it). */
  originalText: string;
  text: InsertionText;
  /** Shown after the region while writing, e.g. "generating…". */
  progressLabel: string;
  start(): Promise<StreamHandle>;
  /** Review mode: old lines stay and the answer is written among them as an inline diff. */
  diff?: DiffWriter;
}

export interface EditorStreamDeps {
  show(region: DecoratedRegion): void;
  refresh(region: DecoratedRegion): void;
  hide(region: DecoratedRegion): void;
  onCancel(): 'keep' | 'revert';
  /** Milliseconds between edits (tests and the benchmark may change it). */
  intervalMs?: number;
}

/** Consecutive refused edits (document unchanged) after which it counts as read-only. */
const MAX_REFUSALS = 3;

export class EditorStream implements DecoratedRegion {
  outcome: StreamOutcome | undefined;
  error: StreamErrorInfo | undefined;
  stopReason: StopReason | undefined;
  /** The region holds generated text (the first batch landed). */
  written = false;
  /** Some answer text came through the clean-up (a diff has something to show). */
  private received = false;
  private handle: StreamHandle | undefined;
  private readonly batcher: EditBatcher;
  private refusals = 0;
  readonly done: Promise<StreamOutcome>;
  /** performance.now() marks: request started, last event received, last edit landed (log and benchmark). */
  readonly timing: { started: number; streamEnded?: number; settled?: number } = { started: performance.now() };

  constructor(
    readonly spec: EditorStreamSpec,
    private readonly deps: EditorStreamDeps,
  ) {
    this.batcher = new EditBatcher((text) => this.apply(text), deps.intervalMs ?? 30);
    this.done = this.run();
  }

  get document(): vscode.TextDocument {
    return this.spec.region.document;
  }

  get range(): vscode.Range {
    // In review mode the highlight and the progress label follow the line being written.
    return this.spec.diff ? this.spec.diff.decorations(this.document).writing : this.spec.region.range;
  }

  lines(): LineDecorations | undefined {
    return this.spec.diff?.decorations(this.document).lines;
  }

  get progressLabel(): string {
    return this.spec.progressLabel;
  }

  /** Edits applied so far. */
  get edits(): number {
    return this.batcher.edits;
  }

  get running(): boolean {
    return this.outcome === undefined;
  }

  /** Stops writing now and closes the request; what is already in the document stays. */
  stop(reason: StopReason): void {
    if (this.outcome !== undefined || this.stopReason !== undefined) return;
    this.stopReason = reason;
    this.batcher.stop();
    this.handle?.abort();
  }

  /** Same as the status bar's cancel: closes the request; the cancel setting decides keep or revert. */
  cancel(): void {
    if (this.outcome === undefined) this.handle?.abort();
  }

  /** Puts the original text back (the stream must be over). */
  async restoreOriginal(undoStopBefore: boolean): Promise<boolean> {
    if (!this.written) return true;
    const region = this.spec.region;
    for (let attempt = 0; attempt < 10; attempt++) {
      if (this.document.isClosed) return false;
      const { start, end } = region.region;
      const r = await region.write(start, end, this.spec.originalText, undoStopBefore);
      if (r === 'applied') {
        this.written = false;
        return true;
      }
      if (r === 'failed' || r === 'ignored') return false;
    }
    return false;
  }

  private async run(): Promise<StreamOutcome> {
    const region = this.spec.region;
    const doc = this.document;
    const subscriptions = [
      region.onDidTouch(() => this.stop('typed')),
      vscode.workspace.onDidCloseTextDocument((d) => d === doc && this.stop('closed')),
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        if (e.closed.some((t) => isTabOf(t, doc.uri)) && !vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => isTabOf(t, doc.uri)))) this.stop('closed');
      }),
      region.onDidChange(() => this.deps.refresh(this)),
    ];
    this.deps.show(this);
    try {
      const handle = await this.spec.start();
      this.handle = handle;
      if (this.stopReason) handle.abort();
      for await (const event of handle.events) {
        if (event.type !== 'text' || this.stopReason) continue;
        const text = this.spec.text.push(event.text);
        if (text) this.received = true;
        this.spec.diff?.push(text);
        this.batcher.add(text);
      }
      const result = await handle.result;
      this.timing.streamEnded = performance.now();
      this.outcome = await this.settle(result.error);
      this.timing.settled = performance.now();
    } catch (err) {
      // The core promises not to throw; if anything does, keep what was written and say so.
      this.error = { kind: 'malformed', message: messageOf(err), action: 'Try again.', retryable: true };
      this.batcher.stop();
      this.outcome = 'error';
    } finally {
      for (const s of subscriptions) s.dispose();
      region.endIsInside = false;
      this.deps.hide(this);
    }
    return this.outcome;
  }

  private async settle(error: StreamErrorInfo | null): Promise<StreamOutcome> {
    if (this.stopReason) {
      this.batcher.stop();
      await this.batcher.idle();
      return 'stopped';
    }
    if (error?.kind === 'cancelled') {
      // Keep everything that arrived (held-back text too); revert below if the setting says so.
      await this.writeRest(false);
      if (this.deps.onCancel() === 'revert') await this.restoreOriginal(false);
      return 'cancelled';
    }
    if (error) {
      // Partial text stays: write everything that arrived (held-back text too), then report.
      this.error = error;
      await this.writeRest(false);
      return 'error';
    }
    await this.writeRest(true);
    if (this.stopReason) return 'stopped';
    return this.written ? 'done' : 'empty';
  }

  /** Writes what is still held back; `complete`: the answer arrived whole (a diff then removes the old lines not reached). */
  private async writeRest(complete: boolean): Promise<void> {
    const rest = this.spec.text.end();
    // No answer at all leaves the old lines alone (outcome 'empty'), even for a whole-line rewrite.
    const diff = rest || this.received ? this.spec.diff : undefined;
    diff?.push(rest);
    diff?.end(complete);
    this.batcher.add(rest);
    await this.batcher.finish();
    if (diff && !this.stopReason) await this.apply('');
  }

  private async apply(text: string): Promise<ApplyResult> {
    if (this.stopReason) return 'stop';
    if (this.document.isClosed) {
      this.stop('closed');
      return 'stop';
    }
    const region = this.spec.region;
    const { start, end } = region.region;
    const first = !this.written;
    const diff = this.spec.diff;
    // The first batch replaces the region (and opens the undo step); later ones append.
    const r = diff ? await diff.write(first) : await region.write(first ? start : end, end, text, first);
    if (r === 'nothing') return 'applied';
    if (r === 'applied') {
      this.written = true;
      this.refusals = 0;
      this.deps.refresh(this);
      return 'applied';
    }
    if (r === 'conflict') return 'retry';
    if (r === 'ignored' || ++this.refusals >= MAX_REFUSALS) {
      this.stop('read-only');
      return 'stop';
    }
    return 'retry';
  }
}

function isTabOf(tab: vscode.Tab, uri: vscode.Uri): boolean {
  const input = tab.input;
  if (input instanceof vscode.TabInputText) return input.uri.toString() === uri.toString();
  if (input instanceof vscode.TabInputTextDiff) return input.modified.toString() === uri.toString();
  return false;
}
