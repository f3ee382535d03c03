// Coalesces a stream's text into few document edits: at most one edit starts per interval
// (~30 ms, so ≤ ~33 edits/s however fast tokens arrive), and only one is in flight at a time.
// While a burst is arriving (a local server or a buffering gateway sending thousands of deltas at
// once) the batch is held until the burst pauses, up to MAX_HOLD_MS: an edit sent mid-burst waits
// for the extension host's busy event loop, and the rest then needs a second round trip after the
// stream ends. A model's ordinary pace (a few deltas per step) is never held.
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

/** A burst: at least 32 deltas since the last look, at 4 or more per ms (4,000 deltas/s, far above any model's pace). */
const BURST_DELTAS = 32;
const BURST_PER_MS = 4;
const BURST_STEP_MS = 8;
/** The longest a burst delays text reaching the document (under the ~200 ms that still feels immediate). */
const MAX_HOLD_MS = 150;

// #private members: the minifier shortens their names (see ChatContext).
export class EditBatcher {
  readonly #apply: (text: string) => Promise<ApplyResult>;
  readonly #intervalMs: number;
  readonly #clock: BatcherClock;
  #pending = '';
  #pendingSince = 0;
  #addsSinceLook = 0;
  #lastLook = 0;
  #timer: unknown;
  #inFlight: Promise<void> | undefined;
  #lastStart = -Infinity;
  #finishing = false;
  #stopped = false;
  #idleWaiters: Array<() => void> = [];
  /** Edits applied so far. */
  edits = 0;

  constructor(apply: (text: string) => Promise<ApplyResult>, intervalMs = 30, clock: BatcherClock = realClock) {
    this.#apply = apply;
    this.#intervalMs = intervalMs;
    this.#clock = clock;
  }

  add(text: string): void {
    if (this.#stopped || text === '') return;
    if (this.#pending === '') {
      this.#pendingSince = this.#clock.now();
      if (!this.#inFlight) this.#lastLook = this.#pendingSince;
    }
    this.#pending += text;
    this.#addsSinceLook++;
    this.#schedule();
  }

  /** Writes what is pending without waiting for the interval; resolves once everything is applied (or stopped). */
  finish(): Promise<void> {
    this.#finishing = true;
    if (this.#timer !== undefined) {
      this.#clock.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#schedule();
    return this.idle();
  }

  /** Forgets pending text and applies nothing more (an edit already in flight still lands). */
  stop(): void {
    this.#stopped = true;
    this.#pending = '';
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#settleIfIdle();
  }

  get hasPending(): boolean {
    return this.#pending !== '';
  }

  idle(): Promise<void> {
    if (!this.#inFlight && (this.#pending === '' || this.#stopped)) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #schedule(): void {
    if (this.#stopped || this.#inFlight || this.#timer !== undefined || this.#pending === '') return;
    // Even "now" goes through a timer, so the deltas of one burst land in one edit.
    this.#arm(this.#finishing ? 0 : Math.max(0, this.#lastStart + this.#intervalMs - this.#clock.now()));
  }

  #arm(ms: number): void {
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#run();
    }, ms);
  }

  #run(): void {
    if (this.#stopped || this.#pending === '') return this.#settleIfIdle();
    const now = this.#clock.now();
    const adds = this.#addsSinceLook;
    const burst = adds >= BURST_DELTAS && adds >= BURST_PER_MS * (now - this.#lastLook);
    this.#addsSinceLook = 0;
    this.#lastLook = now;
    if (burst && !this.#finishing && now - this.#pendingSince < MAX_HOLD_MS) return this.#arm(BURST_STEP_MS);
    const text = this.#pending;
    this.#pending = '';
    this.#lastStart = now;
    this.#inFlight = this.#apply(text).then(
      (result) => this.#landed(text, result),
      () => this.#landed(text, 'stop'),
    );
  }

  #landed(text: string, result: ApplyResult): void {
    this.#inFlight = undefined;
    if (result === 'applied') this.edits++;
    else if (result === 'retry' && !this.#stopped) this.#pending = text + this.#pending;
    else this.stop();
    this.#schedule();
    this.#settleIfIdle();
  }

  #settleIfIdle(): void {
    if (this.#inFlight || this.#timer !== undefined || (this.#pending !== '' && !this.#stopped)) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }
}
