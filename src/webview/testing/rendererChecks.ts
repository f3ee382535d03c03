// In-page checks for the renderer tests (run in headless Chromium through the harness bundle).
import { renderOneShot, StreamingMarkdown } from '../render/streamingMarkdown';

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

/** Streams the chunks with a hand-driven frame scheduler; compares with the one-shot render. */
export function streamInPage(args: StreamArgs): StreamOutcome {
  let s = args.seed >>> 0;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const streamedEl = document.createElement('div');
  const oneShotEl = document.createElement('div');
  let pending: (() => void) | undefined;
  const scheduler = {
    frame: (cb: () => void) => {
      pending = cb;
      return 1;
    },
    cancelFrame: () => {
      pending = undefined;
    },
  };
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
  const sm = new StreamingMarkdown(streamedEl, args.budgeted ? {} : { budgetFactor: Number.POSITIVE_INFINITY, minIntervalMs: 0 }, scheduler);
  let frames = 0;
  for (const c of args.chunks) {
    sm.append(c);
    if (pending && rand() < args.frameProbability) {
      const p = pending;
      pending = undefined;
      p();
      frames++;
      countRemovals(observer.takeRecords());
      const kids = Array.from(streamedEl.childNodes);
      survivors = new Set(kids.slice(0, Math.max(0, kids.length - 8)));
      if (frames % 7 === 0) unsafe.push(...unsafeNodes(streamedEl));
    }
  }
  sm.flush();
  countRemovals(observer.takeRecords());
  observer.disconnect();
  unsafe.push(...unsafeNodes(streamedEl));
  renderOneShot(args.chunks.join(''), oneShotEl);
  return { streamed: streamedEl.innerHTML, oneShot: oneShotEl.innerHTML, frames, unsafe, frozenTouched };
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
  /** Frames after which some streamed non-whitespace character was not yet in the DOM. */
  laggingFrames: number;
  equalsOneShot: boolean;
}

/**
 * Streams the deltas with the default work budget and a frame after each one; counts frames that
 * left streamed text off the screen (the renderer skipped or deferred work). For text whose
 * rendering keeps every non-whitespace character.
 */
export function lagPerFrame(deltas: string[]): LagOutcome {
  const el = document.createElement('div');
  const other = document.createElement('div');
  let pending: (() => void) | undefined;
  const sm = new StreamingMarkdown(el, {}, { frame: (cb) => ((pending = cb), 1), cancelFrame: () => (pending = undefined) });
  const visible = (s: string) => s.replace(/\s+/g, '').length;
  let streamed = 0;
  let frames = 0;
  let laggingFrames = 0;
  for (const d of deltas) {
    sm.append(d);
    streamed += visible(d);
    const p = pending;
    pending = undefined;
    p?.();
    frames++;
    if (visible(el.textContent ?? '') < streamed) laggingFrames++;
  }
  sm.flush();
  renderOneShot(deltas.join(''), other);
  sm.dispose();
  return { frames, laggingFrames, equalsOneShot: el.innerHTML === other.innerHTML };
}

export interface CodeLagOutcome {
  frames: number;
  /** Frames after which the open code block did not show all of its streamed code. */
  laggingFrames: number;
  /** Frames after which the code block held highlighted tokens. */
  highlightedFrames: number;
  equalsOneShot: boolean;
}

/**
 * Like lagPerFrame for an answer that opens a fenced block (`opener`, e.g. "```ts\n") and streams
 * code into it. With `fullRenderEvery: k`, every k-th delta is followed by a full render (flush)
 * instead of a frame, so that full renders land on every kind of chunk boundary whatever the timing.
 */
export function codeLagPerFrame(args: { opener: string; deltas: string[]; fullRenderEvery?: number }): CodeLagOutcome {
  const el = document.createElement('div');
  const other = document.createElement('div');
  let pending: (() => void) | undefined;
  const sm = new StreamingMarkdown(el, {}, { frame: (cb) => ((pending = cb), 1), cancelFrame: () => (pending = undefined) });
  sm.append(args.opener);
  let code = '';
  let frames = 0;
  let laggingFrames = 0;
  let highlightedFrames = 0;
  for (const [i, d] of args.deltas.entries()) {
    sm.append(d);
    code += d;
    const p = pending;
    pending = undefined;
    if (args.fullRenderEvery && i % args.fullRenderEvery === 0) sm.flush(false);
    else p?.();
    frames++;
    // markdown-it does not show a last line of only spaces yet: neither need the renderer.
    if (el.querySelector('pre > code')?.textContent?.trimEnd() !== code.trimEnd()) laggingFrames++;
    if (el.querySelector('pre > code span[class^="hljs-"]')) highlightedFrames++;
  }
  sm.flush();
  renderOneShot(args.opener + args.deltas.join(''), other);
  sm.dispose();
  return { frames, laggingFrames, highlightedFrames, equalsOneShot: el.innerHTML === other.innerHTML };
}
