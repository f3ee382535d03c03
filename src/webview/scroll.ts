// Follows the newest text only while the reader is at the bottom; once they scroll up, the
// position is left alone and a "jump to latest" button appears instead.
// Nothing here reads layout (scrollHeight) after a render, which would force a synchronous layout
// of the whole transcript on every frame: a sentinel after the messages is the scroll anchor
// (CSS overflow-anchor keeps it in view as text is added above it), and an IntersectionObserver,
// which the browser answers after its own layout, tells whether it is on screen.
export class ScrollFollower {
  private pinned = true;
  private sentinelVisible = true;
  private lastScrollTop = 0;
  private readonly sentinel: HTMLElement;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly jumpButton: HTMLElement,
  ) {
    this.sentinel = document.createElement('div');
    this.sentinel.className = 'scroll-anchor';
    this.sentinel.setAttribute('aria-hidden', 'true');
    scroller.appendChild(this.sentinel);
    // Content growth never fires 'scroll' and anchoring only scrolls down, so moving up is the
    // reader: only then is layout read (it is clean at scroll time, before the frame's renders).
    scroller.addEventListener('scroll', () => {
      const top = scroller.scrollTop;
      if (top < this.lastScrollTop - 1) {
        this.pinned = this.atBottom();
        this.jumpButton.hidden = this.pinned;
      }
      this.lastScrollTop = top;
    });
    new IntersectionObserver((entries) => this.onIntersection(entries[entries.length - 1]!), {
      root: scroller,
      rootMargin: '0px 0px 24px 0px',
    }).observe(this.sentinel);
    jumpButton.addEventListener('click', () => this.jumpToLatest());
  }

  get isPinned(): boolean {
    return this.pinned;
  }

  private atBottom(): boolean {
    return this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < 24;
  }

  private onIntersection(entry: IntersectionObserverEntry): void {
    this.sentinelVisible = entry.isIntersecting;
    if (entry.isIntersecting) {
      // At the bottom (the reader scrolled back down, or we did): follow again.
      this.pinned = true;
      this.jumpButton.hidden = true;
    } else if (this.pinned) {
      // Content grew past the bottom while following and anchoring did not keep up (e.g. at
      // scrollTop 0, where browsers do not anchor): layout is clean here, so this is cheap.
      this.scrollToEnd();
    } else {
      this.jumpButton.hidden = false;
    }
  }

  /** Call after content changed. */
  contentChanged(): void {
    // Keep the sentinel last (messages are appended to the list before it, but a rebuild may move nodes).
    if (this.scroller.lastElementChild !== this.sentinel) this.scroller.appendChild(this.sentinel);
    if (this.pinned) this.jumpButton.hidden = true;
    else if (!this.sentinelVisible) this.jumpButton.hidden = false;
  }

  jumpToLatest(): void {
    this.pinned = true;
    this.jumpButton.hidden = true;
    this.scrollToEnd();
  }

  private scrollToEnd(): void {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }
}
