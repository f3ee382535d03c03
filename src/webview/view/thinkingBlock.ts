// The "Thinking…" block above an answer from a reasoning model: the model's thinking streams into
// it through its own linear-time markdown renderer, open while the model thinks; when the answer
// starts it collapses to "Thought for 12 s" (unless the reader opened or closed it themselves).
import type { MessageView } from '../../shared/webviewProtocol';
import { StreamingMarkdown } from '../render';
import { h, icon } from './dom';

function thoughtFor(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 1) return 'Thought for less than a second';
  return s < 60 ? `Thought for ${s} s` : `Thought for ${Math.floor(s / 60)} min ${s % 60} s`;
}

export class ThinkingBlock {
  readonly el: HTMLDetailsElement;
  private readonly summary: HTMLElement;
  private readonly markdown: StreamingMarkdown;
  private shown: string;
  /** The reader toggled it: their choice wins over the automatic collapse. */
  private readerChose = false;
  /** What this block last set `open` to (a 'toggle' to anything else is the reader's). */
  private wanted = false;
  private collapsed = false;

  constructor(msg: MessageView, onRender: () => void) {
    this.summary = h('summary', {});
    const body = h('div', { class: 'reasoning-body markdown-body' });
    this.el = h('details', { class: 'reasoning' }, this.summary, body);
    this.el.addEventListener('toggle', () => {
      if (this.el.open !== this.wanted) this.readerChose = true;
    });
    this.markdown = new StreamingMarkdown(body, { onRender });
    this.shown = msg.reasoning ?? '';
    this.markdown.reset(this.shown);
    this.update(msg);
  }

  append(text: string): void {
    this.shown += text;
    this.markdown.append(text);
  }

  /** Brings the block to `msg` (a host sync): extends the text when it can, else renders it anew. */
  sync(msg: MessageView): void {
    const text = msg.reasoning ?? '';
    if (text !== this.shown) {
      if (text.startsWith(this.shown)) this.append(text.slice(this.shown.length));
      else {
        this.shown = text;
        this.markdown.reset(text);
      }
    }
    this.update(msg);
  }

  /** Summary and open state: "Thinking…" and open while the model thinks, collapsed with its duration after. */
  update(msg: MessageView): void {
    const thinking = msg.reasoningMs === undefined && (msg.status === 'streaming' || msg.status === 'waiting');
    const label = thinking ? 'Thinking…' : msg.reasoningMs === undefined ? 'Thoughts' : thoughtFor(msg.reasoningMs);
    this.summary.replaceChildren(icon(thinking ? 'loading codicon-modifier-spin' : 'lightbulb'), ` ${label}`);
    if (this.readerChose) return;
    if (thinking) this.setOpen(true);
    else if (!this.collapsed) {
      this.collapsed = true;
      this.setOpen(false);
    }
  }

  flush(): void {
    this.markdown.flush(false);
  }

  dispose(): void {
    this.markdown.dispose();
  }

  private setOpen(open: boolean): void {
    this.wanted = open;
    this.el.open = open;
  }
}
