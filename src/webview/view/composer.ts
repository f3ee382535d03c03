// The input: Enter sends, Shift+Enter inserts a new line; the Send button becomes Stop while
// a turn runs. The draft survives reloads through the webview state. Above it, the context chips
// of the next message; typing `@` offers what can be attached.
import type { ComposerContextView, WebviewToHost } from '../../shared/webviewProtocol';
import { ComposerContext } from './contextChips';
import { h, icon } from './dom';
import { MentionList } from './mentionList';

export class Composer {
  readonly el: HTMLElement;
  readonly input: HTMLTextAreaElement;
  private readonly action: HTMLButtonElement;
  private busy = false;
  private readonly context: ComposerContext;
  private readonly mentions: MentionList;

  constructor(
    private readonly post: (m: WebviewToHost) => void,
    private readonly draftChanged: (draft: string) => void,
  ) {
    this.input = h('textarea', { class: 'chat-input', rows: '3', placeholder: 'Ask anything (Enter to send, Shift+Enter for a new line, @ to attach)', 'aria-label': 'Message' });
    this.mentions = new MentionList(this.input, (kind) => this.post({ type: 'attach', kind }));
    this.context = new ComposerContext(post);
    this.input.addEventListener('keydown', (ev) => {
      if (this.mentions.handleKey(ev)) return;
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        if (!this.busy) this.send();
      }
    });
    this.input.addEventListener('input', () => this.draftChanged(this.input.value));
    this.action = h('button', { type: 'button', class: 'send-button' });
    this.action.addEventListener('click', () => (this.busy ? this.post({ type: 'stop' }) : this.send()));
    this.el = h('div', { class: 'composer' }, this.context.el, this.mentions.el, h('div', { class: 'composer-row' }, this.input, this.action));
    this.setBusy(false);
  }

  private send(): void {
    const text = this.input.value;
    if (!text.trim()) return;
    this.post({ type: 'send', text });
    this.input.value = '';
    this.draftChanged('');
    this.input.focus();
  }

  setContext(context: ComposerContextView | undefined): void {
    this.context.render(context);
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    const label = busy ? 'Stop' : 'Send';
    this.action.replaceChildren(icon(busy ? 'debug-stop' : 'send'), h('span', {}, label));
    this.action.title = busy ? 'Stop the answer (keeps what arrived)' : 'Send (Enter)';
    this.action.setAttribute('aria-label', label);
    this.action.classList.toggle('stop', busy);
  }

  insert(text: string): void {
    const v = this.input.value;
    this.input.value = v && !v.endsWith('\n') ? `${v}\n${text}` : v + text;
    this.draftChanged(this.input.value);
    this.focus();
    this.input.setSelectionRange(this.input.value.length, this.input.value.length);
  }

  focus(): void {
    this.input.focus();
  }
}
