// The composer's `@` completion: typing `@` at the start of a word opens a listbox of what can be
// attached (filtered by what follows the `@`); arrow keys move, Enter or Tab chooses, Escape
// closes. Focus stays in the input (aria-activedescendant names the highlighted option); choosing
// removes the typed `@word` and asks the host to attach.
import { MENTION_KINDS, type MentionKind } from '../../shared/webviewProtocol';
import { h, icon } from './dom';

const MENTIONS: Record<MentionKind, { icon: string; description: string }> = {
  file: { icon: 'file-add', description: 'a workspace file (search by name)' },
  open: { icon: 'files', description: 'every open editor' },
  problems: { icon: 'warning', description: 'problems of the current file (or the workspace)' },
  git: { icon: 'git-compare', description: 'Git changes, staged and unstaged' },
  terminal: { icon: 'terminal', description: 'the last command in the active terminal' },
};

const LIST_ID = 'mention-list';

/** The `@word` that ends at `caret`, if the `@` starts a word: its start and the word typed after it. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | undefined {
  const m = /(^|\s)@([a-z]*)$/i.exec(text.slice(0, caret));
  if (!m) return undefined;
  return { start: caret - m[2]!.length - 1, query: m[2]!.toLowerCase() };
}

export class MentionList {
  readonly el: HTMLElement;
  private options: MentionKind[] = [];
  private active = 0;
  private start = 0;

  constructor(
    private readonly input: HTMLTextAreaElement,
    private readonly choose: (kind: MentionKind) => void,
  ) {
    this.el = h('div', { id: LIST_ID, class: 'mention-list', role: 'listbox', 'aria-label': 'Attach to the message', hidden: true });
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-haspopup', 'listbox');
    input.setAttribute('aria-controls', LIST_ID);
    input.setAttribute('aria-expanded', 'false');
    input.addEventListener('input', () => this.update());
    input.addEventListener('click', () => this.update());
    input.addEventListener('keyup', (ev) => ['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(ev.key) && this.update());
    input.addEventListener('blur', () => this.close());
    // A click on an option must not take the focus from the input first (blur would close the list).
    this.el.addEventListener('mousedown', (ev) => ev.preventDefault());
  }

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  /** Re-reads the word at the caret: opens, filters or closes the list. */
  update(): void {
    const at = this.input.selectionStart === this.input.selectionEnd ? mentionAt(this.input.value, this.input.selectionStart) : undefined;
    const options = at ? MENTION_KINDS.filter((k) => k.startsWith(at.query)) : [];
    if (!at || options.length === 0) return this.close();
    const kept = this.options[this.active];
    this.options = options;
    this.active = kept && options.includes(kept) ? options.indexOf(kept) : 0;
    this.start = at.start;
    this.render();
  }

  /** Handles a keydown while the list is open; true when the key was the list's (the composer must not act on it). */
  handleKey(ev: KeyboardEvent): boolean {
    if (!this.isOpen || ev.isComposing) return false;
    switch (ev.key) {
      case 'ArrowDown':
        this.move(1);
        break;
      case 'ArrowUp':
        this.move(-1);
        break;
      case 'Enter':
      case 'Tab':
        if (ev.shiftKey) return false;
        this.pick(this.options[this.active]!);
        break;
      case 'Escape':
        this.close();
        break;
      default:
        return false;
    }
    ev.preventDefault();
    ev.stopPropagation();
    return true;
  }

  private move(by: number): void {
    this.active = (this.active + by + this.options.length) % this.options.length;
    this.render();
  }

  private pick(kind: MentionKind): void {
    const v = this.input.value;
    const end = this.input.selectionStart;
    this.input.value = v.slice(0, this.start) + v.slice(end);
    this.input.setSelectionRange(this.start, this.start);
    this.input.dispatchEvent(new Event('input'));
    this.close();
    this.choose(kind);
  }

  private render(): void {
    this.el.replaceChildren(
      ...this.options.map((kind, i) => {
        const option = h(
          'div',
          { id: `mention-${kind}`, class: `mention-option${i === this.active ? ' active' : ''}`, role: 'option', 'aria-selected': String(i === this.active) },
          icon(MENTIONS[kind].icon),
          h('span', { class: 'mention-name' }, `@${kind}`),
          h('span', { class: 'mention-description' }, MENTIONS[kind].description),
        );
        option.addEventListener('click', () => this.pick(kind));
        return option;
      }),
    );
    this.el.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.input.setAttribute('aria-activedescendant', `mention-${this.options[this.active]!}`);
  }

  close(): void {
    if (this.el.hidden) return;
    this.el.hidden = true;
    this.el.replaceChildren();
    this.options = [];
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }
}
