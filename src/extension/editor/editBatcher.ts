// Coalesces a stream's text into few document edits: at most one edit starts per interval
// (~30 ms, so ≤ ~33 edits/s however fast tokens arrive), and only one is in flight at a time.
// Pure: the edit itself and the clock are injected, so the timing is unit-testable.

/** What applying one batch did: written; not written but worth retrying (the document changed under it); or give up. */
export type ApplyResult = 'applied' | 'retry' | 'stop';

export interface BatcherClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: BatcherClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class EditBatcher {
  private pending = '';
  private timer: unknown;
  private inFlight: Promise<void> | undefined;
  private lastStart = -Infinity;
  private finishing = false;
  private stopped = false;
  private idleWaiters: Array<() => void> = [];
  /** Edits applied so far. */
  edits = 0;

  constructor(
    private readonly apply: (text: string) => Promise<ApplyResult>,
    private readonly intervalMs = 30,
    private readonly clock: BatcherClock = realClock,
  ) {}

  add(text: string): void {
    if (this.stopped || text === '') return;
    this.pending += text;
    this.schedule();
  }

  /** Writes what is pending without waiting for the interval; resolves once everything is applied (or stopped). */
  finish(): Promise<void> {
    this.finishing = true;
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.schedule();
    return this.idle();
  }

  /** Forgets pending text and applies nothing more (an edit already in flight still lands). */
  stop(): void {
    this.stopped = true;
    this.pending = '';
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.settleIfIdle();
  }

  get hasPending(): boolean {
    return this.pending !== '';
  }

  idle(): Promise<void> {
    if (!this.inFlight && (this.pending === '' || this.stopped)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.stopped || this.inFlight || this.timer !== undefined || this.pending === '') return;
    // Even "now" goes through a timer, so the deltas of one burst land in one edit.
    const wait = this.finishing ? 0 : Math.max(0, this.lastStart + this.intervalMs - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.run();
    }, wait);
  }

  private run(): void {
    if (this.stopped || this.pending === '') return this.settleIfIdle();
    const text = this.pending;
    this.pending = '';
    this.lastStart = this.clock.now();
    this.inFlight = this.apply(text).then(
      (result) => this.landed(text, result),
      () => this.landed(text, 'stop'),
    );
  }

  private landed(text: string, result: ApplyResult): void {
    this.inFlight = undefined;
    if (result === 'applied') this.edits++;
    else if (result === 'retry' && !this.stopped) this.pending = text + this.pending;
    else this.stop();
    this.schedule();
    this.settleIfIdle();
  }

  private settleIfIdle(): void {
    if (this.inFlight || this.timer !== undefined || (this.pending !== '' && !this.stopped)) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
