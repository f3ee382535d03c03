// Screen-reader announcements of streamed text: an aria-live="polite" region updated at most
// every couple of seconds with the text that arrived meanwhile, never once per token.
import { oneLine, truncate } from '../shared/text';

export class Announcer {
  private pending = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  private last = 0;

  constructor(
    private readonly region: HTMLElement,
    private readonly intervalMs = 2000,
  ) {}

  /** Queue streamed text (e.g. a finished paragraph). */
  add(text: string): void {
    const t = oneLine(text);
    if (!t) return;
    this.pending = this.pending ? `${this.pending} ${t}` : t;
    if (this.timer) return;
    const wait = Math.max(0, this.last + this.intervalMs - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Announce something now (status changes: "Answer complete", "Stopped"). */
  say(text: string): void {
    this.flush();
    this.write(text);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.pending) return;
    // Long bursts are cut so the reader is not buried; the full text stays in the transcript.
    this.write(truncate(this.pending, 601));
    this.pending = '';
  }

  private write(text: string): void {
    this.last = Date.now();
    this.region.textContent = text;
  }
}
