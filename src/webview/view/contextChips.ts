// Context chips: what the next message will carry (the composer's row: the current file as a
// toggle, attachments with their size and a remove button, cuts and refusals shown before
// sending), and what a sent message carried (buttons that open the content as sent).
import type { ComposerContextView, ContextItemView, ContextKind, WebviewToHost } from '../../shared/webviewProtocol';
import { button, h, icon } from './dom';

const KIND_ICONS: Record<ContextKind, string> = {
  currentFile: 'file',
  file: 'file-add',
  open: 'files',
  problems: 'warning',
  git: 'git-compare',
  terminal: 'terminal',
};

function sizeText(chars: number): string {
  return chars < 1000 ? `${chars} chars` : `${(chars / 1000).toFixed(chars < 10_000 ? 1 : 0)}k chars`;
}

/** The chip's visible parts: icon, label, detail, size, and a cut or refused marker. */
function chipParts(item: ContextItemView): (HTMLElement | string)[] {
  const parts: (HTMLElement | string)[] = [icon(KIND_ICONS[item.kind]), h('span', { class: 'context-label' }, item.label)];
  if (item.refused) parts.push(h('span', { class: 'context-note' }, 'not sent'));
  else {
    parts.push(h('span', { class: 'context-size' }, sizeText(item.chars)));
    if (item.cut) parts.push(h('span', { class: 'context-cut' }, icon('scissors'), 'cut'));
  }
  return parts;
}

/** One sentence for the tooltip and the screen reader. */
function chipDescription(item: ContextItemView, off = false): string {
  const what = [item.label, item.detail].filter(Boolean).join(', ');
  if (item.refused) return `${what}: not sent, ${item.refused}`;
  if (off) return `${what}: not sent with this conversation's messages (click to send it)`;
  return `${what}: ${sizeText(item.chars)}${item.cut ? `, ${item.cut}` : ''}`;
}

export class ComposerContext {
  readonly el: HTMLElement;
  private shown = '';

  constructor(private readonly post: (m: WebviewToHost) => void) {
    this.el = h('div', { class: 'context-chips', role: 'group', 'aria-label': 'Context sent with the next message', hidden: true });
  }

  render(ctx: ComposerContextView | undefined): void {
    // The same chips again (a state sync): keep the nodes, and the keyboard focus on them.
    const key = JSON.stringify(ctx ?? null);
    if (key === this.shown) return;
    this.shown = key;
    const chips: HTMLElement[] = [];
    const current = ctx?.currentFile;
    if (ctx && current) {
      const off = ctx.currentFileOff;
      const cls = `context-chip current${off ? ' off' : ''}${current.refused ? ' refused' : ''}${current.cut && !off ? ' cut' : ''}`;
      if (current.refused) chips.push(h('span', { class: cls, title: chipDescription(current), 'aria-label': `Current file ${chipDescription(current)}` }, ...chipParts(current)));
      else {
        const toggle = h('button', { type: 'button', class: cls, 'aria-pressed': String(!off), title: chipDescription(current, off), 'aria-label': `Send the current file ${chipDescription(current, off)}` }, ...chipParts(current));
        toggle.addEventListener('click', () => this.post({ type: 'setCurrentFileContext', on: off }));
        chips.push(toggle);
      }
    }
    for (const item of ctx?.attached ?? []) {
      const cls = `context-chip${item.refused ? ' refused' : ''}${item.cut ? ' cut' : ''}`;
      chips.push(
        h(
          'span',
          { class: cls, title: chipDescription(item), role: 'group', 'aria-label': chipDescription(item) },
          ...chipParts(item),
          button(`Remove ${item.label}`, { icon: 'close', onClick: () => this.post({ type: 'detachContext', id: item.id }) }),
        ),
      );
    }
    if (ctx && ctx.attached.length > 0) {
      const over = ctx.attached.some((i) => i.cut) || (ctx.currentFile && !ctx.currentFileOff && ctx.currentFile.cut);
      chips.push(h('span', { class: `context-budget${over ? ' over' : ''}`, title: 'Characters of context this message will carry, of the per-turn budget (streamAssist.context.budgetChars)' }, `${sizeText(ctx.totalChars)} of ${sizeText(ctx.budgetChars)}`));
    }
    this.el.replaceChildren(...chips);
    this.el.hidden = chips.length === 0;
  }
}

/** The chips under a sent user message: each opens what was sent, read-only. */
export function sentContextChips(messageId: string, items: readonly ContextItemView[], post: (m: WebviewToHost) => void): HTMLElement {
  return h(
    'div',
    { class: 'context-chips sent', role: 'group', 'aria-label': 'Context sent with this message' },
    ...items.map((item) => {
      const b = h('button', { type: 'button', class: `context-chip${item.cut ? ' cut' : ''}`, title: `${chipDescription(item)}. Click to see it as sent.`, 'aria-label': `Open ${chipDescription(item)}, as sent` }, ...chipParts(item));
      b.addEventListener('click', () => post({ type: 'openContext', messageId, itemId: item.id }));
      return b;
    }),
  );
}
