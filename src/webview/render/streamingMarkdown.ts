// Renders a growing markdown answer in time linear in its length.
// The text is split into a frozen prefix (top-level blocks that can no longer change, rendered
// once and never touched again) and a tail (the last, still-growing block), which is re-parsed
// and re-rendered at most once per animation frame. A work budget keeps the total tail work a
// constant multiple of the text length even when one block grows very large; renders are also
// paced by their own measured cost. Text that only extends the last paragraph with characters no
// inline rule reacts to is appended to its text node on the next frame, with no parse at all, so a
// growing paragraph shows every token at once without spending the budget (see appendToParagraph).
// Likewise new lines of an open code block are appended as plain text when no render is due, and
// highlighted by the next full render (see appendToCode).
// A tail holding a very long line (a model dumping megabytes on one line) is not parsed at all while
// it streams: it is appended as plain text, a bounded amount per frame (see longLines.ts).
import { lineStart, splitTail } from './blockSplitter';
import { md } from './markdown';
import { renderHtmlToFragment } from './fragment';
import { normalizeText, TextNormalizer } from './textNormalizer';
import { appendPlain, createPlain, hasLongLine, MAX_MARKDOWN_LINE, PLAIN_FRAME_CHARS, renderBounded, STREAM_PLAIN_LINE } from './longLines';

const SPLIT_CLASS = 'sa-frozen-split';
/** Characters that markdown-it renders as themselves inside a paragraph line (no ':', '@': linkify; no ';': entities; no newline). */
const INERT_TEXT = /^[\p{L}\p{N} ,?'"().-]*$/u;
/** A '.' followed by a non-space could be a link to linkify ("example.com"); a sentence's full stop is not. */
const DOT_IN_WORD = /\.\S/u;
/** The last word already shown: new text may only extend it if it is inert too (not `\`, `&amp`, `[a]`, …). */
const LAST_WORD = /\S*$/u;
/** Blank lines: a paragraph before them is complete; the next line starts a new block. */
const PARAGRAPH_BREAKS = /[ \t]*\n(?:[ \t]*\n)+/g;
/** A line that, after a blank line, is a paragraph of exactly its text: starts with a letter, only inert characters. */
function startsParagraph(line: string): boolean {
  return /^\p{L}/u.test(line) && INERT_TEXT.test(line) && !DOT_IN_WORD.test(line);
}

/** Most new code text appended unparsed in one frame (more waits for a render, which bounds layout work). */
const MAX_CODE_APPEND = 16 * 1024;

/** After a render that took c ms, the next waits at least PACE × c ms (renders take ≤ 1/(1+PACE) of the thread). */
const PACE = 3;

export interface StreamingOptions {
  /** Called after the DOM changed (the view keeps the scroll position pinned). */
  onRender?: () => void;
  /** Called with the text of blocks as they freeze (for the screen-reader announcer). */
  onFrozenText?: (text: string) => void;
  /** Tail re-renders may process at most budgetFactor × text length characters in total (plus the staleness refreshes). */
  budgetFactor?: number;
  /** Longest time the visible tail may lag behind the text while the budget is exhausted. */
  maxStalenessMs?: number;
  /** Shortest time between two tail renders (default 0: the next animation frame; renders are paced by their cost). */
  minIntervalMs?: number;
}

type Scheduler = { frame(cb: () => void): number; cancelFrame(id: number): void };
const browserScheduler: Scheduler = {
  frame: (cb) => requestAnimationFrame(cb),
  cancelFrame: (id) => cancelAnimationFrame(id),
};

/** Renders markdown once, the way the streamed DOM must end up. */
export function renderOneShot(text: string, container: HTMLElement): void {
  container.replaceChildren(renderBounded(normalizeText(text)));
}

export class StreamingMarkdown {
  private raw = '';
  /** raw[0..stableOffset) is rendered into frozen nodes. */
  private stableOffset = 0;
  private tailNodes: Node[] = [];
  /** Set while the tail holds a very long line: it is shown as this growing plain text until the final render. */
  private plainTail: HTMLElement | undefined;
  private renderedLength = 0;
  /** When the tail ends with a paragraph ending in text: that text node, and how much of raw it shows (trailing whitespace excluded). */
  private paragraphText: Text | undefined;
  private shownTo = 0;
  /** When the tail ends with an unclosed fenced code block: its <code>, fence, and how much of raw it shows. */
  private openCode: { code: Element; fence: RegExp; shownTo: number } | undefined;
  private frameId: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private tailWork = 0;
  private quiet = false;
  private lastTailRender = 0;
  /** How long the last tail render took (ms), for pacing. */
  private lastRenderCost = 0;
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
    this.minIntervalMs = options.minIntervalMs ?? 0;
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
    this.plainTail = undefined;
    this.paragraphText = undefined;
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
    // Plain-text frames are cheap and bounded (PLAIN_FRAME_CHARS): no budget, no interval.
    if (this.plainTail) return this.renderFrame(false);
    if (this.appendToParagraph()) return;
    const tailLength = this.raw.length - this.stableOffset;
    const withinBudget = this.tailWork + tailLength <= this.budgetFactor * this.raw.length + 2048;
    const waited = performance.now() - this.lastTailRender;
    const interval = Math.max(this.minIntervalMs, PACE * this.lastRenderCost);
    if (withinBudget && waited >= interval) {
      this.renderFrame(false);
      return;
    }
    // No full render now: a growing code block still shows its new text (highlighted later).
    if (this.appendToCode()) return;
    if (waited >= this.maxStalenessMs) {
      this.renderFrame(false);
      return;
    }
    // Too soon or over budget: come back when a render is allowed (a timer, then the next frame),
    // rather than polling every frame, which would make the browser run a frame each time.
    const wait = (withinBudget ? interval : this.maxStalenessMs) - waited;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, Math.max(1, wait));
  }

  private renderFrame(final: boolean): void {
    if (this.renderedLength === this.raw.length && !final) return;
    if (!final && this.renderPlainTail()) return;
    const started = performance.now();
    this.renderMarkdownTail(final);
    this.lastTailRender = performance.now();
    this.lastRenderCost = this.lastTailRender - started;
  }

  private renderMarkdownTail(final: boolean): void {
    const tail = this.raw.slice(this.stableOffset);
    if (final && hasLongLine(tail, MAX_MARKDOWN_LINE)) {
      this.renderFinalBounded(tail);
      return;
    }
    const split = splitTail(tail);
    const cut = split.finalCount > 0 ? split.blocks[split.finalCount]!.tokenStart : 0;
    this.tailWork += tail.length;
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
    this.noteParagraphTail();
    this.noteOpenCode(tail, split);
    this.options.onRender?.();
  }

  /** Remembers the tail's last text node if the tail ends with a top-level paragraph ending in text. */
  private noteParagraphTail(): void {
    this.paragraphText = undefined;
    const elements = this.tailNodes.filter((n): n is Element => n.nodeType === Node.ELEMENT_NODE);
    // Only the last line can grow, and it belongs to the last block: earlier blocks of the tail are unaffected.
    const block = elements[elements.length - 1];
    const last = block?.lastChild;
    if (!block || block.tagName !== 'P' || !last || last.nodeType !== Node.TEXT_NODE) return;
    this.paragraphText = last as Text;
    // markdown-it trims the paragraph's trailing whitespace: those characters are not shown yet.
    this.shownTo = this.raw.trimEnd().length;
  }

  /**
   * Remembers the tail's code element if the tail ends with a fenced code block that is still open
   * (no closing fence yet, opener at the start of its line and complete): markdown-it shows such
   * a block's lines verbatim, so text appended to it shows as itself until a closing fence.
   */
  private noteOpenCode(tail: string, split: ReturnType<typeof splitTail>): void {
    this.openCode = undefined;
    const block = split.blocks[split.blocks.length - 1];
    const token = block ? split.tokens[block.tokenStart] : undefined;
    if (!block || !token || token.type !== 'fence') return;
    const opener = lineStart(tail, block.startLine);
    const openerComplete = tail.indexOf('\n', opener) >= 0;
    // The content is the lines as written, except that a last line of only spaces is not shown yet.
    const written = tail.slice(lineStart(tail, block.startLine + 1));
    if (!openerComplete || !tail.startsWith(token.markup, opener) || !written.startsWith(token.content) || written.slice(token.content.length).trim()) return;
    const elements = this.tailNodes.filter((n): n is Element => n.nodeType === Node.ELEMENT_NODE);
    const code = elements[elements.length - 1]?.querySelector('pre > code');
    if (!code) return;
    const c = token.markup[0] === '~' ? '~' : '`';
    const shownTo = this.raw.length - (written.length - token.content.length);
    this.openCode = { code, fence: new RegExp(`^ {0,3}${c}{${token.markup.length},}[ \\t]*$`, 'm'), shownTo };
  }

  /** New text inside an open code block, none of whose lines could close it: appended as plain text. */
  private appendToCode(): boolean {
    const open = this.openCode;
    if (!open) return false;
    const pending = this.raw.slice(open.shownTo);
    if (!pending || pending.length > MAX_CODE_APPEND) return false;
    if (open.fence.test(this.raw.slice(this.raw.lastIndexOf('\n', open.shownTo - 1) + 1))) return false;
    open.code.appendChild(document.createTextNode(pending));
    open.shownTo = this.raw.length;
    this.renderedLength = this.raw.length;
    this.options.onRender?.();
    return true;
  }

  /**
   * New text that only extends the last paragraph with inert characters renders as exactly that
   * text: append it to the paragraph's text node (the next full render replaces the tail anyway,
   * and the final render is a full one, so the end result is the one-shot render). Each blank line
   * followed by such text starts a new paragraph the same way (see startParagraph); whitespace
   * after the text, which a paragraph does not show, waits for the text that follows it.
   */
  private appendToParagraph(): boolean {
    if (!this.paragraphText || this.shownTo < this.stableOffset) return false;
    const pending = this.raw.slice(this.shownTo);
    // [offset in raw, text shown] per paragraph: the current one, then one per blank line.
    const pieces: Array<[number, string]> = [];
    let from = 0;
    for (const m of pending.matchAll(PARAGRAPH_BREAKS)) {
      pieces.push([this.shownTo + from, pending.slice(from, m.index)]);
      from = m.index + m[0].length;
    }
    pieces.push([this.shownTo + from, pending.slice(from).trimEnd()]);
    const [first, ...next] = pieces as [[number, string], ...Array<[number, string]>];
    if (!this.extendsParagraph(first[1]) || !next.every(([, text], i) => text === '' ? i === next.length - 1 : startsParagraph(text))) return false;
    this.paragraphText.appendData(first[1]);
    this.shownTo += first[1].length;
    for (const [lineStart, text] of next) if (text) this.startParagraph(lineStart, text);
    this.renderedLength = this.raw.length;
    this.options.onRender?.();
    return true;
  }

  /** Whether `text` (no trailing whitespace), right after raw[..shownTo), only extends the last paragraph's text. */
  private extendsParagraph(text: string): boolean {
    if (!text) return true;
    if (!INERT_TEXT.test(text)) return false;
    const before = this.raw.slice(Math.max(this.stableOffset, this.shownTo - 64), this.shownTo);
    const word = LAST_WORD.exec(before)?.[0] ?? '';
    if (!INERT_TEXT.test(word) || DOT_IN_WORD.test(word + text)) return false;
    // A line without a letter could still become a block marker ("1" + ") x", "#" + " x"); one with a letter cannot.
    const lineStart = Math.max(this.stableOffset, this.raw.lastIndexOf('\n', this.shownTo - 1) + 1);
    return /\p{L}/u.test(this.raw.slice(lineStart, this.shownTo));
  }

  /**
   * After a blank line, a line that startsParagraph(text) is a new paragraph of exactly that text,
   * and nothing after a blank line can reach back into a paragraph: the tail so far is final as
   * shown (splitTail would freeze it the same way). Freeze it and start the paragraph, no parse.
   */
  private startParagraph(lineStart: number, text: string): void {
    if (!this.quiet) this.options.onFrozenText?.(this.tailNodes.map((n) => n.textContent ?? '').join(''));
    this.stableOffset = lineStart;
    const paragraph = document.createElement('p');
    this.paragraphText = paragraph.appendChild(document.createTextNode(text));
    // markdown-it ends every block with a newline: keep the DOM identical to a parse.
    this.tailNodes = [paragraph, document.createTextNode('\n')];
    this.container.append(...this.tailNodes);
    this.shownTo = lineStart + text.length;
  }

  /** While the tail holds a very long line, appends the new text to a plain paragraph (no parse, no sanitise). */
  private renderPlainTail(): boolean {
    if (!this.plainTail) {
      const tail = this.raw.slice(this.stableOffset);
      if (!hasLongLine(tail, STREAM_PLAIN_LINE)) return false;
      this.removeTail();
      this.plainTail = createPlain(tail.slice(0, PLAIN_FRAME_CHARS));
      this.tailNodes = [this.plainTail];
      this.container.appendChild(this.plainTail);
      this.renderedLength = this.stableOffset + Math.min(tail.length, PLAIN_FRAME_CHARS);
    } else {
      const upTo = Math.min(this.raw.length, this.renderedLength + PLAIN_FRAME_CHARS);
      appendPlain(this.plainTail, this.raw.slice(this.renderedLength, upTo));
      this.renderedLength = upTo;
    }
    // Laying out new text costs ~0.1 ms per KB: at most PLAIN_FRAME_CHARS per frame, the rest next frame.
    if (this.renderedLength < this.raw.length) this.schedule();
    this.lastTailRender = performance.now();
    this.options.onRender?.();
    return true;
  }

  /** The final render of a tail with a very long line: the same bounded rendering as renderOneShot. */
  private renderFinalBounded(tail: string): void {
    if (this.plainTail && !tail.includes('\n')) {
      // The tail is that one line: the plain blocks shown already are exactly what renderBounded
      // would build, so keep them rather than lay out megabytes of text again.
      appendPlain(this.plainTail, this.raw.slice(this.renderedLength));
      if (!this.quiet) this.options.onFrozenText?.(tail);
    } else {
      const fragment = renderBounded(tail);
      this.removeTail();
      if (!this.quiet) this.options.onFrozenText?.(fragment.textContent ?? '');
      this.tailNodes = Array.from(fragment.childNodes);
      this.container.appendChild(fragment);
    }
    this.renderedLength = this.raw.length;
    this.options.onRender?.();
  }

  private removeTail(): void {
    for (const n of this.tailNodes) n.parentNode?.removeChild(n);
    this.tailNodes = [];
    this.paragraphText = undefined;
    this.openCode = undefined;
    this.plainTail = undefined;
  }
}
