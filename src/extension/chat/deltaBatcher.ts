// Coalesces a stream's many small events into one webview message per ~16 ms per answer,
// each numbered (seq) and positioned (offset) so the webview can apply them in order, drop
// duplicates and notice gaps. Leading edge: text arriving after a quiet interval (the first text of
// an answer, or a slow model's next token) goes out at once (after the current task, so the events
// of one socket read still travel together); only text following closely behind waits for the timer.
import type { PatchedFields as Fields, StreamPatch } from '../../shared/webviewProtocol';

interface Pending {
  append: string;
  reasoning: string;
  fields: Fields;
  /** Text length already sent (the next patch's offset). */
  sent: number;
  seq: number;
}

export class DeltaBatcher {
  private readonly pending = new Map<string, Pending>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private immediate = false;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly send: (patch: StreamPatch) => void,
    private readonly intervalMs = 16,
  ) {}

  /** Starts numbering for an answer whose text (and seq) may already be non-empty. */
  begin(messageId: string, textLength: number, seq: number): void {
    this.pending.set(messageId, { append: '', reasoning: '', fields: {}, sent: textLength, seq });
  }

  append(messageId: string, text: string): void {
    const p = this.pending.get(messageId);
    if (!p) return;
    p.append += text;
    this.schedule();
  }

  /** Reasoning text, batched in the same frames as the answer text. */
  appendReasoning(messageId: string, text: string): void {
    const p = this.pending.get(messageId);
    if (!p) return;
    p.reasoning += text;
    this.schedule();
  }

  set(messageId: string, fields: Fields): void {
    const p = this.pending.get(messageId);
    if (!p) return;
    Object.assign(p.fields, fields);
    this.schedule();
  }

  /** Sends what is pending for one answer now (status changes go out without delay). Returns its seq. */
  flush(messageId: string): number {
    const p = this.pending.get(messageId);
    if (!p) return 0;
    if (p.append === '' && p.reasoning === '' && Object.keys(p.fields).length === 0) return p.seq;
    p.seq++;
    const patch: StreamPatch = { messageId, seq: p.seq, offset: p.sent, append: p.append, ...(p.reasoning ? { appendReasoning: p.reasoning } : {}), ...p.fields };
    p.sent += p.append.length;
    p.append = '';
    p.reasoning = '';
    p.fields = {};
    this.send(patch);
    return p.seq;
  }

  /** Last seq for the answer (what a state sync reports). */
  seqOf(messageId: string): number | undefined {
    return this.pending.get(messageId)?.seq;
  }

  end(messageId: string): number {
    const seq = this.flush(messageId);
    this.pending.delete(messageId);
    return seq;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.immediate) return;
    const wait = this.lastFlush + this.intervalMs - performance.now();
    if (wait <= 0) {
      this.immediate = true;
      setImmediate(() => {
        this.immediate = false;
        this.flushAll();
      });
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushAll();
    }, wait);
  }

  private flushAll(): void {
    this.lastFlush = performance.now();
    for (const id of [...this.pending.keys()]) this.flush(id);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
