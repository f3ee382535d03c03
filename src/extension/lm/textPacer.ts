// Paces text parts for VS Code's Language Model API. The extension host forwards a provider's
// parts in batches: it waits until 30 ms pass without a new part (or 30 parts pile up), so text
// reported every 20 ms (a 50 tokens/s model) would reach the caller only every 30 parts, about
// 600 ms apart. Reporting at most once per GAP_MS, with what arrived in between, lets each part
// go out ~30 ms after it is reported. No vscode import: unit-tested in plain Node.

/** Just over VS Code's 30 ms batching pause. */
export const GAP_MS = 35;

export class TextPacer {
  private pending = '';
  private lastReportAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly report: (text: string) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The first text after a quiet spell goes out at once; later text waits for the gap. */
  push(text: string): void {
    if (text === '') return;
    this.pending += text;
    const wait = this.lastReportAt + GAP_MS - this.now();
    if (wait <= 0) this.flush();
    // Timers may fire up to a millisecond early (whole-millisecond loop clock): round up, plus one.
    else this.timer ??= setTimeout(() => this.flush(), Math.ceil(wait) + 1);
  }

  /** Reports what is pending now (end of stream, before an error or tool calls). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.lastReportAt = this.now();
    this.report(text);
  }
}
