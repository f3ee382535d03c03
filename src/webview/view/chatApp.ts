// The chat view's webview side. The host owns the conversations; this keeps a copy for drawing,
// applies streamed patches in order (dropping duplicates, asking for a sync on a gap) and
// saves its copy with setState so a re-shown view paints at once before the host's sync.
import { PATCHED_FIELDS, type ChatStateView, type HostToWebview, type MessageView, type PatchedFields, type StreamPatch, type WebviewToHost } from '../../shared/webviewProtocol';
import { Announcer } from '../announcer';
import { codeOfButton, fileHintOfButton, type CodeAction } from '../render';
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
  /** Items of a repeated message id (shown, but not the one patches go to). */
  private readonly strays: MessageItem[] = [];
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
    // Paint the last known transcript at once; the host's sync brings it up to date moments later.
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
      case 'context':
        if (this.state) this.state.context = message.context;
        this.composer.setContext(message.context);
        this.save();
        break;
    }
  }

  private flagsFor(msg: MessageView, state: ChatStateView, lastAssistant = lastAssistantId(state)): ItemFlags {
    return { isLastAssistant: lastAssistant === msg.id, busy: state.busy };
  }

  /**
   * Brings the transcript to the host's copy, touching only what differs: items of messages that
   * are still there are kept (and brought up to date in place, see MessageItem.sync), so an
   * unchanged message is not rendered again and keeps what the reader did to it (open details, an
   * edit box, a selection); items of messages that are gone are removed, new ones are created,
   * and nodes move only where the order changed. Another conversation is drawn anew. The host is
   * the source of truth: afterwards the transcript is what a fresh view of `state` shows.
   */
  private applyState(state: ChatStateView): void {
    const sameConversation = this.state?.current.id === state.current.id;
    this.state = state;
    this.header.render(state);
    this.composer.setBusy(state.busy);
    this.composer.setContext(state.context);
    const messages = state.current.messages;
    const ids = new Set(messages.map((m) => m.id));
    for (const item of this.strays.splice(0)) drop(item);
    // Ids the host repeated cannot be matched to items one for one: draw those anew too.
    const rebuild = !sameConversation || ids.size !== messages.length;
    for (const [id, item] of this.items) {
      if (rebuild || !ids.has(id)) {
        drop(item);
        this.items.delete(id);
      }
    }
    const lastAssistant = lastAssistantId(state);
    const nodes: HTMLElement[] = [];
    const seen = new Set<string>();
    for (const m of messages) {
      const flags = this.flagsFor(m, state, lastAssistant);
      let item = seen.has(m.id) ? undefined : this.items.get(m.id);
      if (item && !item.sync(m, flags)) {
        drop(item);
        item = undefined;
      }
      if (!item) {
        item = new MessageItem(m, flags, this.itemContext);
        const previous = this.items.get(m.id);
        if (previous && seen.has(m.id)) this.strays.push(previous); // a repeated id: the last one is the one patched
        this.items.set(m.id, item);
      }
      seen.add(m.id);
      nodes.push(item.el);
    }
    if (rebuild) this.list.replaceChildren(...nodes);
    else this.placeInOrder(nodes);
    this.empty.hidden = nodes.length > 0;
    if (!sameConversation) this.scroll.jumpToLatest();
    else this.scroll.contentChanged();
    this.save();
  }

  /** Makes the list's children exactly `nodes`, moving or inserting only nodes that are out of place. */
  private placeInOrder(nodes: HTMLElement[]): void {
    let cursor = this.list.firstChild;
    for (const node of nodes) {
      if (node === cursor) cursor = cursor.nextSibling;
      else this.list.insertBefore(node, cursor);
    }
    while (cursor) {
      const next: ChildNode | null = cursor.nextSibling;
      cursor.remove();
      cursor = next;
    }
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
    if (p.appendReasoning && p.seq > msg.seq + 1) {
      // Reasoning is appended without an offset: a missed patch would leave a hole in it.
      this.requestSync();
      return;
    }
    if (p.appendReasoning) {
      msg.reasoning = (msg.reasoning ?? '') + p.appendReasoning;
      item.appendReasoning(p.appendReasoning);
    }
    const fresh = p.append.slice(msg.text.length - p.offset);
    if (fresh) {
      msg.text += fresh;
      item.appendText(fresh);
    }
    msg.seq = p.seq;
    const fields = Object.fromEntries(PATCHED_FIELDS.filter((k) => p[k] !== undefined).map((k) => [k, p[k]])) as PatchedFields; // why: the keys and values come from PATCHED_FIELDS of p
    Object.assign(msg, fields);
    const changed = Object.keys(fields).length > 0;
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
      else if (action === 'apply') this.host.post({ type: 'applyCode', code, fileHint: fileHintOfButton(codeButton) });
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

/** Removed first, so that the nodes around it need not move. */
function drop(item: MessageItem): void {
  item.dispose();
  item.el.remove();
}

function lastAssistantId(state: ChatStateView): string | undefined {
  const messages = state.current.messages;
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === 'assistant') return messages[i]!.id;
  return undefined;
}
