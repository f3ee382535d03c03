// Runs editor generations: starts each stream through the foundation's client (so it shows in
// the status bar and can be cancelled there), keeps the set of running streams (decorations,
// Escape context key, tests), remembers finished ones for Revert, and tells the user how a
// stream ended (error with Retry, empty answer, stopped because they typed into it).
import * as vscode from 'vscode';
import { textHandle } from '../../core';
import type { StreamErrorInfo, StreamRequest } from '../../core/types';
import type { NotificationAction, Notifier, Services } from '../services';
import { StreamDecorations } from './decorations';
import { EditorStream, type StopReason, type StreamOutcome } from './editorStream';
import { DiffReview, DiffWriter, type DiffBlock } from './inlineDiff';
import { InsertionText, type InsertionOptions } from './insertionText';
import { LiveRegion } from './liveRegion';
import { RevertHistory } from './revert';
import { ReviewRegistry } from './reviews';

export interface GenerationSpec {
  document: vscode.TextDocument;
  /** Offsets of the text the generation replaces (equal for Generate at Cursor). */
  start: number;
  end: number;
  /** What revert restores; the text in [start, end) except on Retry, where it is the text before the first attempt. */
  originalText: string;
  insertion: InsertionOptions;
  /** What to ask; a string is an answer already at hand (a whole-file code block): no request is made. */
  request: StreamRequest | string;
  /** Status bar / cancel pick label. */
  label: string;
  verb: Verb;
  /** Review mode: [start, end) are these whole lines, and the answer streams in as an inline diff. */
  diff?: DiffBlock;
}

type Verb = 'Generate' | 'Rewrite' | 'Apply';
const COMMAND_NAMES: Record<Verb, string> = { Generate: 'Generate at Cursor', Rewrite: 'Rewrite Selection', Apply: 'Apply Code Block' };
const PROGRESS: Record<Verb, string> = { Generate: 'generating…', Rewrite: 'rewriting…', Apply: 'applying…' };

/** What a command resolves with (plain data, for automation and tests). */
export interface GenerationResult {
  outcome: StreamOutcome;
  stopReason?: StopReason;
  error?: StreamErrorInfo;
  /** Document edits the stream made. */
  edits: number;
  /** Of those, edits made through a WorkspaceEdit because no editor showed the document (each its own undo step). */
  workspaceEdits: number;
  /** The region's text at the end. */
  text: string;
  /** An inline diff is waiting for Accept / Reject (review mode). */
  reviewing: boolean;
  /** Milliseconds from the request to its last event, and from then until the last edit landed. */
  streamMs?: number;
  tailMs?: number;
}

export class EditorStreamController implements vscode.Disposable {
  private readonly running = new Set<EditorStream>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Running streams started or ended, or a region moved. */
  readonly onDidChange = this.changed.event;
  readonly decorations = new StreamDecorations();
  readonly history = new RevertHistory();
  readonly reviews: ReviewRegistry;
  /** Milliseconds between edits; the tests keep the default. */
  intervalMs = 30;

  private readonly notifier: Notifier;

  constructor(private readonly services: Services) {
    this.notifier = services.notifications.for('editor');
    this.reviews = new ReviewRegistry(this.decorations, this.notifier);
  }

  active(): EditorStream[] {
    return [...this.running];
  }

  /** Cancels the streams whose region holds the active editor's cursor (Escape); returns how many. */
  cancelAtCursor(): number {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return 0;
    const offset = editor.document.offsetAt(editor.selection.active);
    const hit = this.active().filter((s) => s.document === editor.document && s.spec.region.contains(offset));
    for (const s of hit) s.cancel();
    return hit.length;
  }

  regions(): EditorStream['spec']['region'][] {
    return this.active().map((s) => s.spec.region);
  }

  async run(spec: GenerationSpec): Promise<GenerationResult> {
    const region = new LiveRegion(spec.document, { start: spec.start, end: spec.end });
    const diff = spec.diff && new DiffWriter(region, spec.diff);
    // The diff writes inside its lines, never at the end: typing on the next line is outside it.
    if (diff) region.endIsInside = false;
    const stream = new EditorStream(
      {
        region,
        originalText: spec.originalText,
        text: new InsertionText(spec.insertion),
        progressLabel: PROGRESS[spec.verb],
        start: () => {
          const request = spec.request;
          if (typeof request === 'string') return Promise.resolve(textHandle(request));
          return this.services.client.start(request, { label: spec.label, kind: 'editor', handlesErrors: true });
        },
        diff,
      },
      {
        show: (r) => this.decorations.show(r),
        refresh: (r) => this.decorations.refresh(r.document),
        hide: (r) => this.decorations.hide(r),
        onCancel: () => this.services.settings.current().editor.onCancel,
        intervalMs: this.intervalMs,
      },
    );
    this.running.add(stream);
    this.history.add(stream);
    const moved = region.onDidChange(() => this.changed.fire());
    this.changed.fire();
    const outcome = await stream.done;
    moved.dispose();
    this.running.delete(stream);
    this.changed.fire();
    // Nothing written, or reverted on cancel: nothing left to revert.
    if (!stream.written) this.history.forget(stream);
    const text = spec.document.isClosed ? '' : region.text();
    const reviewing = diff !== undefined && spec.diff !== undefined && this.startReview(stream, diff, spec.diff);
    if (!this.history.has(stream)) region.dispose();
    const { started, streamEnded, settled } = stream.timing;
    const streamMs = streamEnded === undefined ? undefined : streamEnded - started;
    const tailMs = streamEnded === undefined || settled === undefined ? undefined : settled - streamEnded;
    this.services.log.info(
      `editor: "${spec.label}" ${outcome}${stream.stopReason ? ` (${stream.stopReason})` : ''}, ${stream.edits} edits, stream ${streamMs?.toFixed(0)} ms, last edit +${tailMs?.toFixed(0)} ms`,
    );
    this.report(stream, spec, reviewing);
    return { outcome, stopReason: stream.stopReason, error: stream.error, edits: stream.edits, workspaceEdits: region.workspaceEdits, text, reviewing, streamMs, tailMs };
  }

  /** What streamed stays as a proposal (also when cancelled or failed); rejecting it leaves nothing to revert. */
  private startReview(stream: EditorStream, diff: DiffWriter, block: DiffBlock): boolean {
    if (!stream.written || stream.document.isClosed) return false;
    const rows = diff.shownRows();
    if (!rows.some((k) => k !== 'same')) {
      this.history.forget(stream);
      this.notifier.flash('the answer is the same as the text: nothing to change.');
      return false;
    }
    const review = new DiffReview(stream.spec.region, rows, block);
    review.onDidEnd((how) => {
      if (how === 'rejected') this.history.forget(stream);
    });
    this.reviews.add(review);
    return true;
  }

  /** Revert Last Generation: the latest one in the active editor's document, else the latest anywhere. */
  async revertLast(): Promise<boolean> {
    const stream = this.history.latest(vscode.window.activeTextEditor?.document);
    if (!stream) {
      this.notifier.show('info', 'there is no generation to revert.');
      return false;
    }
    const ok = await this.history.revert(stream);
    if (!ok) this.notifier.show('error', 'could not restore the original text (the document is closed or read-only).');
    return ok;
  }

  private report(stream: EditorStream, spec: GenerationSpec, reviewing: boolean): void {
    const what = COMMAND_NAMES[spec.verb];
    const retry = async () => {
      if (spec.document.isClosed) return;
      // An inline diff starts again from the original lines.
      if (spec.diff) {
        this.reviews.reviews().find((r) => r.region === stream.spec.region)?.finish('closed');
        if (!(await stream.restoreOriginal(true))) return;
      }
      this.history.forget(stream);
      // Same request into the same place: the partial text is replaced, revert still restores the original.
      const { start, end } = stream.spec.region.region;
      void this.run({ ...spec, start, end });
    };
    switch (stream.outcome) {
      case 'error': {
        const e = stream.error!;
        const kept = reviewing ? ' What arrived so far is kept as a proposed change to accept or reject.' : stream.written ? ' The text written so far was kept.' : '';
        const retryAction: NotificationAction = { title: 'Retry', run: retry };
        const actions = e.kind === 'auth' ? [{ title: 'Set API Key', run: () => this.services.promptForApiKey() }, retryAction] : [retryAction];
        this.notifier.show('error', `${what} stopped: ${e.message} ${e.action}${kept}`, actions);
        break;
      }
      case 'empty':
        this.notifier.show('warning', `${what}: the model returned no text.`, [{ title: 'Retry', run: retry }]);
        break;
      case 'stopped':
        if (stream.stopReason === 'typed') this.notifier.flash('stopped writing because you edited the text being written.');
        else if (stream.stopReason === 'read-only') this.notifier.show('error', 'this document cannot be edited (read-only); nothing more was written.');
        break;
    }
  }

  /** For the commands' own messages (no editor to write into, nothing selected). */
  notify(severity: 'info' | 'warning', text: string): void {
    this.notifier.show(severity, text);
  }

  dispose(): void {
    for (const s of this.running) s.stop('closed');
    this.reviews.dispose();
    this.decorations.dispose();
    this.history.dispose();
    this.changed.dispose();
  }
}
