// The chat view's webview side. The host owns the conversations; this keeps a copy for drawing,
// applies streamed patches in order (dropping duplicates, asking for a sync on a gap) and
// saves its copy with setState so a re-shown view paints at once before the host's sync.
import type { ChatStateView, HostToWebview, MessageView, StreamPatch, WebviewToHost } from '../../shared/webviewProtocol';
import { Announcer } from '../announcer';
import { codeOfButton, type CodeAction } from '../render';
import { ScrollFollower } from '../scroll';
import { Composer } from './composer';
import { button, h } from './dom';
import { Header } from './header';
import { MessageItem, type ItemContext, type ItemFlags } from './messageItem';

export interface PersistedState {
  state?: ChatStateView;
  draft?: string;
}

export interface Host {
  post(message: WebviewToHost): void;
  getState(): PersistedState | undefined;
  setState(state: PersistedState): void;
}

export class ChatApp {
  private state: ChatStateView | undefined;
  private draft = '';
  private readonly items = new Map<string, MessageItem>();
  private readonly header: Header;
  private readonly composer: Composer;
  private readonly list: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly scroll: ScrollFollower;
  private readonly announcer: Announcer;
  private readonly itemContext: ItemContext;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private syncRequested = false;

  constructor(
    root: HTMLElement,
    private readonly host: Host,
  ) {
    const post = (m: WebviewToHost) => host.post(m);
    this.header = new Header(post);
    this.composer = new Composer(post, (d) => {
      this.draft = d;
      this.save();
    });
    this.list = h('div', { class: 'messages', role: 'list', 'aria-label': 'Conversation' });
    this.empty = h('div', { class: 'empty-state' }, h('p', {}, 'Ask a question to start. Select code in an editor and run "Add Selection to Chat" to include it.'));
    const scroller = h('main', { class: 'transcript', tabindex: '0', 'aria-label': 'Transcript' }, this.empty, this.list);
    const jump = button('Jump to latest', { icon: 'arrow-down', text: true, cls: 'jump-button', onClick: () => undefined });
    jump.hidden = true;
    const live = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.scroll = new ScrollFollower(scroller, jump);
    this.announcer = new Announcer(live);
    this.itemContext = {
      post,
      rendered: () => this.scroll.contentChanged(),
      announce: (t) => this.announcer.add(t),
    };
    root.replaceChildren(this.header.el, scroller, jump, this.composer.el, live);
    root.addEventListener('click', (ev) => this.onClick(ev));

    const saved = host.getState();
    if (saved?.draft) {
      this.draft = saved.draft;
      this.composer.input.value = saved.draft;
    }
    // Paint the last known transcript at once; the host's sync replaces it moments later.
    if (saved?.state) this.applyState(saved.state);
  }

  receive(message: HostToWebview): void {
    switch (message.type) {
      case 'state':
        this.syncRequested = false;
        this.applyState(message.state);
        break;
      case 'patch':
        this.applyPatch(message.patch);
        break;
      case 'models':
        if (this.state) {
          this.state.models = message.models;
          this.header.setModels(message.models, this.state.current.model);
        }
        break;
      case 'insertDraft':
        this.composer.insert(message.text);
        break;
      case 'focusInput':
        this.composer.focus();
        break;
    }
  }

  private flagsFor(msg: MessageView, state: ChatStateView): ItemFlags {
    const last = [...state.current.messages].reverse().find((m) => m.role === 'assistant');
    return { isLastAssistant: last?.id === msg.id, busy: state.busy };
  }

  private applyState(state: ChatStateView): void {
    const sameConversation = this.state?.current.id === state.current.id;
    this.state = state;
    this.header.render(state);
    this.composer.setBusy(state.busy);
    // Rebuild the transcript from the host's copy: the host is the source of truth, and a
    // rebuild (linear in the transcript) can neither duplicate nor drop text.
    for (const item of this.items.values()) item.dispose();
    this.items.clear();
    const nodes = state.current.messages.map((m) => {
      const item = new MessageItem(m, this.flagsFor(m, state), this.itemContext);
      this.items.set(m.id, item);
      return item.el;
    });
    this.list.replaceChildren(...nodes);
    this.empty.hidden = nodes.length > 0;
    if (!sameConversation) this.scroll.jumpToLatest();
    else this.scroll.contentChanged();
    this.save();
  }

  private applyPatch(p: StreamPatch): void {
    const state = this.state;
    const msg = state?.current.messages.find((m) => m.id === p.messageId);
    const item = this.items.get(p.messageId);
    if (!state || !msg || !item) return; // another conversation's stream: not shown
    if (p.seq <= msg.seq) return; // duplicate
    if (p.offset > msg.text.length) {
      // A patch went missing (e.g. posted while the view was hidden): ask for the full text.
      this.requestSync();
      return;
    }
    const fresh = p.append.slice(msg.text.length - p.offset);
    if (fresh) {
      msg.text += fresh;
      item.appendText(fresh);
    }
    msg.seq = p.seq;
    let changed = false;
    for (const key of ['status', 'error', 'retryAt', 'usage', 'toolCalls', 'sources', 'subqueries', 'stages', 'title'] as const) {
      if (p[key] !== undefined) {
        (msg as unknown as Record<string, unknown>)[key] = p[key]; // why: same-named optional fields copied across
        changed = true;
      }
    }
    if (p.status !== undefined && p.status !== 'streaming' && p.status !== 'waiting') {
      state.busy = state.current.messages.some((m) => m.status === 'streaming' || m.status === 'waiting');
      this.composer.setBusy(state.busy);
      // Flags (Regenerate, Edit) of every message depend on busy.
      for (const m of state.current.messages) this.items.get(m.id)?.update(m, this.flagsFor(m, state));
    } else if (changed) {
      item.update(msg, this.flagsFor(msg, state));
    }
    this.save();
  }

  private requestSync(): void {
    if (this.syncRequested) return;
    this.syncRequested = true;
    this.host.post({ type: 'requestSync' });
  }

  /** Throttled: the transcript is saved at most twice a second while streaming. */
  private save(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.host.setState({ state: this.state, draft: this.draft });
    }, 500);
  }

  private onClick(ev: MouseEvent): void {
    const target = ev.target instanceof Element ? ev.target : null;
    if (!target) return;
    const codeButton = target.closest<HTMLElement>('[data-code-action]');
    if (codeButton) {
      const code = codeOfButton(codeButton);
      const action = codeButton.dataset.codeAction as CodeAction; // why: only decorateCodeBlocks sets it
      if (code === undefined) return;
      if (action === 'copy') this.host.post({ type: 'copy', text: code });
      else this.host.post({ type: 'insertCode', code, mode: action });
      return;
    }
    const link = target.closest('a');
    if (link) {
      ev.preventDefault();
      const href = link.getAttribute('href') ?? '';
      if (href.startsWith('#')) document.getElementById(href.slice(1))?.scrollIntoView({ block: 'nearest' });
      else if (href) this.host.post({ type: 'openLink', href });
    }
  }
}
