// Coalesces a stream's many small events into one webview message per ~30 ms per answer,
// each numbered (seq) and positioned (offset) so the webview can apply them in order, drop
// duplicates and notice gaps.
import type { StreamPatch } from '../../shared/webviewProtocol';

type Fields = Omit<StreamPatch, 'messageId' | 'seq' | 'offset' | 'append'>;

interface Pending {
  append: string;
  fields: Fields;
  /** Text length already sent (the next patch's offset). */
  sent: number;
  seq: number;
}

export class DeltaBatcher {
  private readonly pending = new Map<string, Pending>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (patch: StreamPatch) => void,
    private readonly intervalMs = 30,
  ) {}

  /** Starts numbering for an answer whose text (and seq) may already be non-empty. */
  begin(messageId: string, textLength: number, seq: number): void {
    this.pending.set(messageId, { append: '', fields: {}, sent: textLength, seq });
  }

  append(messageId: string, text: string): void {
    const p = this.pending.get(messageId);
    if (!p) return;
    p.append += text;
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
    if (p.append === '' && Object.keys(p.fields).length === 0) return p.seq;
    p.seq++;
    const patch: StreamPatch = { messageId, seq: p.seq, offset: p.sent, append: p.append, ...p.fields };
    p.sent += p.append.length;
    p.append = '';
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
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      for (const id of [...this.pending.keys()]) this.flush(id);
    }, this.intervalMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
