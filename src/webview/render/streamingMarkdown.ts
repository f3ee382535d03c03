// Renders a growing markdown answer in time linear in its length.
// The text is split into a frozen prefix (top-level blocks that can no longer change, rendered
// once and never touched again) and a tail (the last, still-growing block), which is re-parsed
// and re-rendered at most once per animation frame. A work budget keeps the total tail work a
// constant multiple of the text length even when one block grows very large.
import { splitTail } from './blockSplitter';
import { md } from './markdown';
import { renderHtmlToFragment } from './fragment';
import { normalizeText, TextNormalizer } from './textNormalizer';

const SPLIT_CLASS = 'sa-frozen-split';

export interface StreamingOptions {
  /** Called after the DOM changed (the view keeps the scroll position pinned). */
  onRender?: () => void;
  /** Called with the text of blocks as they freeze (for the screen-reader announcer). */
  onFrozenText?: (text: string) => void;
  /** Tail re-renders may process at most budgetFactor × text length characters in total (plus the staleness refreshes). */
  budgetFactor?: number;
  /** Longest time the visible tail may lag behind the text while the budget is exhausted. */
  maxStalenessMs?: number;
  /** Shortest time between two tail renders (20 updates a second read as fluid; each costs a sanitise pass). */
  minIntervalMs?: number;
}

type Scheduler = { frame(cb: () => void): number; cancelFrame(id: number): void };
const browserScheduler: Scheduler = {
  frame: (cb) => requestAnimationFrame(cb),
  cancelFrame: (id) => cancelAnimationFrame(id),
};

/** Renders markdown once, the way the streamed DOM must end up. */
export function renderOneShot(text: string, container: HTMLElement): void {
  container.replaceChildren(renderHtmlToFragment(md.render(normalizeText(text))));
}

export class StreamingMarkdown {
  private raw = '';
  /** raw[0..stableOffset) is rendered into frozen nodes. */
  private stableOffset = 0;
  private tailNodes: Node[] = [];
  private renderedLength = 0;
  private frameId: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private tailWork = 0;
  private quiet = false;
  private lastTailRender = 0;
  private readonly normalizer = new TextNormalizer();
  private readonly budgetFactor: number;
  private readonly maxStalenessMs: number;
  private readonly minIntervalMs: number;

  constructor(
    readonly container: HTMLElement,
    private readonly options: StreamingOptions = {},
    private readonly scheduler: Scheduler = browserScheduler,
  ) {
    this.budgetFactor = options.budgetFactor ?? 1;
    this.maxStalenessMs = options.maxStalenessMs ?? 250;
    this.minIntervalMs = options.minIntervalMs ?? 50;
  }

  get text(): string {
    return this.raw;
  }

  append(delta: string): void {
    const s = this.normalizer.push(delta);
    if (!s) return;
    this.raw += s;
    this.schedule();
  }

  /** Renders everything now; afterwards the DOM equals renderOneShot(text). `announce: false` for restored text. */
  flush(announce = true): void {
    this.cancelScheduled();
    this.quiet = !announce;
    this.renderFrame(true);
    this.quiet = false;
  }

  /** Replaces the content with `text`, rendered at once (used when restoring or syncing). */
  reset(text: string): void {
    this.cancelScheduled();
    this.normalizer.reset();
    this.raw = normalizeText(text);
    this.stableOffset = 0;
    this.tailNodes = [];
    this.renderedLength = -1;
    this.tailWork = 0;
    this.container.replaceChildren();
    // Restored text is not news: only text that streams in afterwards is announced.
    this.quiet = true;
    this.renderFrame(true);
    this.quiet = false;
  }

  dispose(): void {
    this.cancelScheduled();
  }

  private schedule(): void {
    if (this.frameId === undefined && this.timer === undefined) this.frameId = this.scheduler.frame(() => this.onFrame());
  }

  private cancelScheduled(): void {
    if (this.frameId !== undefined) this.scheduler.cancelFrame(this.frameId);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.frameId = undefined;
    this.timer = undefined;
  }

  private onFrame(): void {
    this.frameId = undefined;
    const tailLength = this.raw.length - this.stableOffset;
    const withinBudget = this.tailWork + tailLength <= this.budgetFactor * this.raw.length + 2048;
    const waited = performance.now() - this.lastTailRender;
    if ((withinBudget && waited >= this.minIntervalMs) || waited >= this.maxStalenessMs) {
      this.renderFrame(false);
      return;
    }
    // Too soon or over budget: come back when a render is allowed (a timer, then the next frame),
    // rather than polling every frame, which would make the browser run a frame each time.
    const wait = (withinBudget ? this.minIntervalMs : this.maxStalenessMs) - waited;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, Math.max(1, wait));
  }

  private renderFrame(final: boolean): void {
    if (this.renderedLength === this.raw.length && !final) return;
    const tail = this.raw.slice(this.stableOffset);
    this.tailWork += tail.length;
    this.lastTailRender = performance.now();
    const split = splitTail(tail);
    const cut = split.finalCount > 0 ? split.blocks[split.finalCount]!.tokenStart : 0;
    const frozenHtml = cut > 0 ? md.renderer.render(split.tokens.slice(0, cut), md.options, {}) : '';
    const tailHtml = md.renderer.render(cut > 0 ? split.tokens.slice(cut) : split.tokens, md.options, {});
    // One sanitise pass for both parts (it dominates the cost of a frame); the marker, which
    // markdown-it cannot produce, shows where the frozen blocks end.
    const fragment = renderHtmlToFragment(cut > 0 ? `${frozenHtml}<hr class="${SPLIT_CLASS}">${tailHtml}` : tailHtml);
    this.removeTail();
    if (cut > 0) {
      const marker = Array.from(fragment.children).find((el) => el.className === SPLIT_CLASS);
      const frozen = document.createDocumentFragment();
      while (fragment.firstChild && fragment.firstChild !== marker) frozen.appendChild(fragment.firstChild);
      marker?.remove();
      if (!this.quiet) this.options.onFrozenText?.(frozen.textContent ?? '');
      this.container.appendChild(frozen);
      this.stableOffset += split.keepFrom;
    }
    // The remaining tail (one block, or one still-open construct) is replaced on the next frame;
    // on the final render it is complete, so it is announced too.
    if (final && !this.quiet) this.options.onFrozenText?.(fragment.textContent ?? '');
    this.tailNodes = Array.from(fragment.childNodes);
    this.container.appendChild(fragment);
    this.renderedLength = this.raw.length;
    this.options.onRender?.();
  }

  private removeTail(): void {
    for (const n of this.tailNodes) n.parentNode?.removeChild(n);
    this.tailNodes = [];
  }
}
