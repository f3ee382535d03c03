// In-page checks for the renderer tests (run in headless Chromium through the harness bundle).
import { renderOneShot, StreamingMarkdown } from '../../src/webview/render/streamingMarkdown';

export interface StreamArgs {
  chunks: string[];
  seed: number;
  /** Chance that a pending animation frame runs after a chunk. */
  frameProbability: number;
  /** Use the default work budget instead of rendering on every frame. */
  budgeted: boolean;
}

export interface StreamOutcome {
  streamed: string;
  oneShot: string;
  frames: number;
  unsafe: string[];
  frozenTouched: number;
}

function unsafeNodes(root: HTMLElement): string[] {
  const found: string[] = [];
  for (const el of Array.from(root.querySelectorAll('*'))) {
    if (['SCRIPT', 'IMG', 'IFRAME', 'STYLE', 'OBJECT', 'EMBED'].includes(el.tagName)) found.push(el.outerHTML);
    for (const a of Array.from(el.attributes)) if (a.name.startsWith('on') || a.name === 'style') found.push(el.outerHTML);
    const href = el.getAttribute('href');
    if (href && !/^(https?:|#|mailto:)/i.test(href)) found.push(el.outerHTML);
  }
  return found;
}

/** A frame scheduler for StreamingMarkdown whose frames run only when the test runs them. */
function manualFrames(): { scheduler: { frame(cb: () => void): number; cancelFrame(): void }; pending(): boolean; run(): void } {
  let pending: (() => void) | undefined;
  return {
    scheduler: {
      frame: (cb) => {
        pending = cb;
        return 1;
      },
      cancelFrame: () => {
        pending = undefined;
      },
    },
    pending: () => pending !== undefined,
    run: () => {
      const p = pending;
      pending = undefined;
      p?.();
    },
  };
}

/** Streams the chunks with a hand-driven frame scheduler; compares with the one-shot render. */
export function streamInPage(args: StreamArgs): StreamOutcome {
  let s = args.seed >>> 0;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const streamedEl = document.createElement('div');
  const oneShotEl = document.createElement('div');
  const frames = manualFrames();
  const unsafe: string[] = [];
  // Frozen nodes must never be removed: nodes that survived a frame, except the last few
  // (which may be the tail), are watched for removal.
  let survivors = new Set<Node>();
  let frozenTouched = 0;
  const countRemovals = (records: MutationRecord[]) => {
    for (const r of records) for (const n of Array.from(r.removedNodes)) if (survivors.has(n)) frozenTouched++;
  };
  const observer = new MutationObserver(countRemovals);
  observer.observe(streamedEl, { childList: true });
  const sm = new StreamingMarkdown(streamedEl, args.budgeted ? {} : { budgetFactor: Number.POSITIVE_INFINITY, minIntervalMs: 0 }, frames.scheduler);
  let ran = 0;
  for (const c of args.chunks) {
    sm.append(c);
    if (frames.pending() && rand() < args.frameProbability) {
      frames.run();
      ran++;
      countRemovals(observer.takeRecords());
      const kids = Array.from(streamedEl.childNodes);
      survivors = new Set(kids.slice(0, Math.max(0, kids.length - 8)));
      if (ran % 7 === 0) unsafe.push(...unsafeNodes(streamedEl));
    }
  }
  sm.flush();
  countRemovals(observer.takeRecords());
  observer.disconnect();
  unsafe.push(...unsafeNodes(streamedEl));
  renderOneShot(args.chunks.join(''), oneShotEl);
  return { streamed: streamedEl.innerHTML, oneShot: oneShotEl.innerHTML, frames: ran, unsafe, frozenTouched };
}

/** Mid-stream rendering of unfinished constructs. */
export function midStreamShapes(): { fence: string | null; label: string | null; highlighted: number; cells: number; listItems: number } {
  const el = document.createElement('div');
  const sm = new StreamingMarkdown(el);
  sm.append('Intro\n\n```ts\nconst a = 1;\nfunction f(');
  sm.flush();
  const fence = el.querySelector('.code-block pre code.language-ts')?.textContent ?? null;
  const label = el.querySelector('.code-lang')?.textContent ?? null;
  const highlighted = el.querySelectorAll('.hljs-keyword').length;
  sm.reset('| a | b |\n|---|---|\n| 1 |');
  const cells = el.querySelectorAll('table td').length;
  sm.reset('- one\n- two\n  - nested');
  const listItems = el.querySelectorAll('li').length;
  sm.dispose();
  return { fence, label, highlighted, cells, listItems };
}

/** One-shot render of hostile markdown: returns the HTML and what the unsafe-node scan found. */
export function renderHostile(text: string): { html: string; unsafe: string[] } {
  const el = document.createElement('div');
  renderOneShot(text, el);
  return { html: el.innerHTML, unsafe: unsafeNodes(el) };
}

export interface LagOutcome {
  frames: number;
  /** Frames after which some streamed text was not yet on screen. */
  laggingFrames: number;
  equalsOneShot: boolean;
}

export interface CodeLagOutcome extends LagOutcome {
  /** Frames after which the code block held highlighted tokens. */
  highlightedFrames: number;
}

/**
 * Streams `prefix` and then the deltas with the default work budget and a frame after each delta
 * (or, every `fullRenderEvery`-th delta, a full render), calling `afterFrame` with the deltas'
 * text so far and the last delta; then flushes and compares with the one-shot render.
 */
function frameByFrame(args: { prefix?: string; deltas: string[]; fullRenderEvery?: number }, afterFrame: (el: HTMLElement, streamed: string, delta: string) => void): boolean {
  const el = document.createElement('div');
  const other = document.createElement('div');
  const frames = manualFrames();
  const sm = new StreamingMarkdown(el, {}, frames.scheduler);
  if (args.prefix) sm.append(args.prefix);
  let streamed = '';
  for (const [i, d] of args.deltas.entries()) {
    sm.append(d);
    streamed += d;
    if (args.fullRenderEvery && i % args.fullRenderEvery === 0) sm.flush(false);
    else frames.run();
    afterFrame(el, streamed, d);
  }
  sm.flush();
  renderOneShot((args.prefix ?? '') + streamed, other);
  sm.dispose();
  return el.innerHTML === other.innerHTML;
}

/**
 * Counts frames that left streamed text off the screen (the renderer skipped or deferred work).
 * For text whose rendering keeps every non-whitespace character.
 */
export function lagPerFrame(deltas: string[]): LagOutcome {
  const visible = (s: string) => s.replace(/\s+/g, '').length;
  let streamedVisible = 0;
  let laggingFrames = 0;
  const equalsOneShot = frameByFrame({ deltas }, (el, _streamed, delta) => {
    streamedVisible += visible(delta);
    if (visible(el.textContent ?? '') < streamedVisible) laggingFrames++;
  });
  return { frames: deltas.length, laggingFrames, equalsOneShot };
}

/**
 * Like lagPerFrame for an answer that opens a fenced block (`opener`, e.g. "```ts\n") and streams
 * code into it. With `fullRenderEvery: k`, every k-th delta is followed by a full render (flush)
 * instead of a frame, so that full renders land on every kind of chunk boundary whatever the timing.
 */
export function codeLagPerFrame(args: { opener: string; deltas: string[]; fullRenderEvery?: number }): CodeLagOutcome {
  let laggingFrames = 0;
  let highlightedFrames = 0;
  const equalsOneShot = frameByFrame({ prefix: args.opener, deltas: args.deltas, fullRenderEvery: args.fullRenderEvery }, (el, code) => {
    // markdown-it does not show a last line of only spaces yet: neither need the renderer.
    if (el.querySelector('pre > code')?.textContent?.trimEnd() !== code.trimEnd()) laggingFrames++;
    if (el.querySelector('pre > code span[class^="hljs-"]')) highlightedFrames++;
  });
  return { frames: args.deltas.length, laggingFrames, highlightedFrames, equalsOneShot };
}
