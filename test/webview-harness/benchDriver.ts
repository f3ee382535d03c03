// In-page driver for bench/render.bench.ts: feeds deltas to a renderer the way the host does
// (batches arriving as separate tasks) and times every task the renderer runs.
import { md } from '../../src/webview/render/markdown';
import { renderHtmlToFragment } from '../../src/webview/render/fragment';
import { renderOneShot, StreamingMarkdown } from '../../src/webview/render/streamingMarkdown';

/** What a typical chat UI does: re-parse and re-render the whole answer on every frame. */
export class NaiveMarkdown {
  private raw = '';
  private frameId: number | undefined;
  constructor(
    readonly container: HTMLElement,
    private readonly onFrame: () => void = () => undefined,
  ) {}
  append(delta: string): void {
    this.raw += delta;
    this.frameId ??= requestAnimationFrame(() => {
      this.frameId = undefined;
      this.render();
      this.onFrame();
    });
  }
  flush(): void {
    if (this.frameId !== undefined) cancelAnimationFrame(this.frameId);
    this.frameId = undefined;
    this.render();
  }
  private render(): void {
    this.container.replaceChildren(renderHtmlToFragment(md.render(this.raw)));
  }
}

export interface BenchRun {
  /** Sum of the time spent in our tasks (delta handlers + frame callbacks + final flush). */
  taskMs: number;
  /** Longest single task of ours. */
  longestTaskMs: number;
  frames: number;
  wallMs: number;
  html: string;
}

export function benchStream(args: { renderer: 'streaming' | 'naive' | 'none'; deltas: string[]; batchSize: number; intervalMs: number }): Promise<BenchRun> {
  const container = document.getElementById('root')!;
  container.replaceChildren();
  let taskMs = 0;
  let longest = 0;
  let frames = 0;
  const timed = (fn: () => void) => {
    const t0 = performance.now();
    fn();
    const d = performance.now() - t0;
    taskMs += d;
    if (d > longest) longest = d;
  };
  // Frame callbacks are timed by wrapping requestAnimationFrame for the renderer.
  const raf = window.requestAnimationFrame.bind(window);
  const scheduler = {
    frame: (cb: () => void) =>
      raf(() => {
        frames++;
        timed(cb);
      }),
    cancelFrame: (id: number) => cancelAnimationFrame(id),
  };
  const streaming = args.renderer === 'streaming' ? new StreamingMarkdown(container, {}, scheduler) : undefined;
  const naive = args.renderer === 'naive' ? new NaiveMarkdown(container, () => frames++) : undefined;
  // 'none' only receives the deltas: the cost of delivery itself, subtracted by the benchmark.
  let received = '';
  const sink = streaming ?? naive ?? { append: (d: string) => void (received += d), flush: () => void (container.textContent = String(received.length)) };
  if (naive) {
    window.requestAnimationFrame = (cb) =>
      raf((t) => {
        timed(() => cb(t));
      });
  }
  const start = performance.now();
  return new Promise((resolve) => {
    let i = 0;
    const step = () => {
      timed(() => {
        const end = Math.min(args.deltas.length, i + args.batchSize);
        for (; i < end; i++) sink.append(args.deltas[i]!);
      });
      if (i < args.deltas.length) setTimeout(step, args.intervalMs);
      else {
        timed(() => sink.flush());
        window.requestAnimationFrame = raf;
        const wallMs = performance.now() - start;
        // Two more frames: the final layout and paint count, as for the one-shot.
        raf(() => raf(() => resolve({ taskMs, longestTaskMs: longest, frames, wallMs, html: container.innerHTML })));
      }
    };
    setTimeout(step, args.intervalMs);
  });
}

/** One-shot render, then two frames so its layout and paint are part of the measured work too. */
export async function benchOneShot(text: string): Promise<{ ms: number; html: string }> {
  const container = document.getElementById('root')!;
  container.replaceChildren();
  await new Promise((r) => requestAnimationFrame(r));
  const t0 = performance.now();
  renderOneShot(text, container);
  const ms = performance.now() - t0;
  await new Promise((r) => requestAnimationFrame(r));
  await new Promise((r) => requestAnimationFrame(r));
  return { ms, html: container.innerHTML };
}
