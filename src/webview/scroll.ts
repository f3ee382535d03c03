// Follows the newest text only while the reader is at the bottom; once they scroll up, the
// position is left alone and a "jump to latest" button appears instead.
export class ScrollFollower {
  private pinned = true;

  constructor(
    private readonly scroller: HTMLElement,
    private readonly jumpButton: HTMLElement,
  ) {
    // Content growth never fires 'scroll', so a scroll event means the reader (or our own
    // jump to the bottom) moved: being at the bottom afterwards is what pins.
    scroller.addEventListener('scroll', () => {
      this.pinned = this.atBottom();
      if (this.pinned) this.jumpButton.hidden = true;
    });
    jumpButton.addEventListener('click', () => this.jumpToLatest());
  }

  get isPinned(): boolean {
    return this.pinned;
  }

  private atBottom(): boolean {
    return this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < 24;
  }

  /** Call after content changed. */
  contentChanged(): void {
    if (this.pinned) {
      this.scroller.scrollTop = this.scroller.scrollHeight;
      this.jumpButton.hidden = true;
    } else {
      this.jumpButton.hidden = this.atBottom();
    }
  }

  jumpToLatest(): void {
    this.pinned = true;
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.jumpButton.hidden = true;
  }
}
