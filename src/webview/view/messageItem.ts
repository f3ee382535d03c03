// One message of the transcript: the markdown body (streamed for answers), what came with it
// (tool calls, research stages, sources, subqueries), and its status, error and actions.
import type { MessageView, SourceView, WebviewToHost } from '../../shared/webviewProtocol';
import { linkCitations, renderOneShot, StreamingMarkdown } from '../render';
import { sentContextChips } from './contextChips';
import { button, h, icon } from './dom';
import { ThinkingBlock } from './thinkingBlock';

export interface ItemContext {
  post(message: WebviewToHost): void;
  /** Content height changed (scroll follower). */
  rendered(): void;
  /** Streamed text for the aria-live announcer. */
  announce(text: string): void;
}

export interface ItemFlags {
  /** The newest answer: Regenerate/Retry apply to it only. */
  isLastAssistant: boolean;
  /** A turn is running in this conversation. */
  busy: boolean;
}

const isFinalStatus = (s: MessageView['status']): boolean => s !== 'streaming' && s !== 'waiting';

/** Everything the header, tool calls, stages, sources and subqueries are drawn from, as one comparable string. */
function extrasKey(m: MessageView): string {
  return JSON.stringify([m.role, m.kind, m.status, m.title, m.toolCalls, m.stages, m.sources, m.subqueries, m.refused, m.context]);
}

/** Everything the footer is drawn from; of the flags only what changes it (busy hides Edit on every question, but touches only the last answer). */
function footerKey(m: MessageView, f: ItemFlags): string {
  const flags = m.role === 'user' ? [!f.busy] : [f.isLastAssistant, f.isLastAssistant && !f.busy];
  return JSON.stringify([m.role, m.kind, m.status, m.error, m.retryAt, m.usage, m.text === '', !!(m.toolCalls?.length || m.stages?.length || m.reasoning), flags]);
}

const roleLabel = { user: 'You', assistant: 'Stream Assist' } as const;
const kindLabel = { chat: '', 'knowledge-graph': 'Knowledge Graph', agent: 'Agent' } as const;

export class MessageItem {
  readonly el: HTMLElement;
  private readonly header: HTMLElement;
  private readonly before: HTMLElement;
  private readonly body: HTMLElement;
  private readonly after: HTMLElement;
  private readonly footer: HTMLElement;
  private readonly markdown: StreamingMarkdown;
  /** Created when the first reasoning arrives (or for a restored answer that has some). */
  private thinking: ThinkingBlock | undefined;
  private countdown: ReturnType<typeof setInterval> | undefined;
  private editing = false;
  /** Whether the body was finished (flushed, citations linked); the message object itself is shared and mutated by the app. */
  private finished = false;
  /** How many sources the finished body's citations were linked to. */
  private linkedSources = 0;
  /** The text the body was given (reset, then appended), to tell a host sync that extends it from one that replaces it. */
  private shownText: string;
  /** What the header and extras, and the footer, were last drawn from (extrasKey, footerKey): the same key draws the same nodes. */
  private shownExtras = '';
  private shownFooter = '';
  /** Details the reader opened or closed (stages, subqueries), kept across re-renders while streaming. */
  private readonly openState = new Map<string, boolean>();
  private msg: MessageView;
  private flags: ItemFlags;

  constructor(
    msg: MessageView,
    flags: ItemFlags,
    private readonly ctx: ItemContext,
  ) {
    this.msg = msg;
    this.flags = flags;
    this.el = h('article', { class: `message ${msg.role}`, 'data-message-id': msg.id, 'aria-label': roleLabel[msg.role] });
    this.header = h('div', { class: 'message-header' });
    this.before = h('div', { class: 'message-before' });
    this.body = h('div', { class: 'message-body markdown-body' });
    this.after = h('div', { class: 'message-after' });
    this.footer = h('div', { class: 'message-footer' });
    this.el.append(this.header, this.before, this.body, this.after, this.footer);
    this.markdown = new StreamingMarkdown(this.body, {
      onRender: () => ctx.rendered(),
      onFrozenText: (t) => ctx.announce(t),
    });
    this.shownText = msg.text;
    this.markdown.reset(msg.text);
    this.redecorate();
    if (this.isFinal()) this.finishBody(false);
  }

  get message(): MessageView {
    return this.msg;
  }

  /** Streamed reasoning arrived (already checked for order by the caller). */
  appendReasoning(text: string): void {
    if (this.thinking) this.thinking.append(text);
    else this.updateThinking();
    this.dropWaitingNote();
  }

  /** Streamed text arrived (already checked for order by the caller). */
  appendText(text: string): void {
    this.shownText += text;
    this.markdown.append(text);
    this.dropWaitingNote();
  }

  private dropWaitingNote(): void {
    const thinking = this.footer.querySelector('.thinking');
    if (thinking) {
      thinking.remove();
      this.shownFooter = ''; // the footer no longer is what its key says
    }
  }

  /** Anything but the text changed (status, error, extras, flags); decorations are drawn again only if what they show changed. */
  update(msg: MessageView, flags: ItemFlags): void {
    this.msg = msg;
    this.flags = flags;
    this.redecorate();
    if (this.isFinal() && !this.finished) {
      this.finishBody();
      this.ctx.announce(this.statusSentence());
    }
    this.ctx.rendered();
  }

  /**
   * Brings the item to the host's copy of its message (a `state` message), doing only what
   * differs: text that extends what the body shows is appended (a streaming body keeps its frozen
   * blocks), other text is rendered anew, decorations are drawn again only if what they show
   * changed. Afterwards the item shows what `new MessageItem(msg, flags)` would, except what the
   * reader changed (details opened or closed, an edit box). Returns false if this item cannot show
   * `msg` (another id or role): the caller creates a new one.
   */
  sync(msg: MessageView, flags: ItemFlags): boolean {
    if (msg.id !== this.msg.id || msg.role !== this.msg.role) return false;
    const final = isFinalStatus(msg.status);
    const sources = msg.sources?.length ?? 0;
    let replaced = false;
    if (this.finished) {
      // A finished body was flushed and its citations linked: drawn anew if anything it shows differs.
      if (!final || msg.text !== this.shownText || sources !== this.linkedSources) {
        this.resetBody(msg.text);
        replaced = true;
      }
    } else if (msg.text !== this.shownText) {
      if (msg.text.startsWith(this.shownText)) this.appendText(msg.text.slice(this.shownText.length));
      else {
        this.resetBody(msg.text);
        replaced = true;
      }
    }
    this.msg = msg;
    this.flags = flags;
    this.redecorate();
    if (final && !this.finished) {
      // An answer that streamed here and ended while its last patch was missed: the end is news;
      // text drawn anew (a restore, a correction) is not, as for a new item.
      this.finishBody(!replaced);
      if (!replaced) this.ctx.announce(this.statusSentence());
    } else if (!final) {
      // Render what arrived now rather than on the next frame, as a new item would.
      this.markdown.flush(false);
    }
    return true;
  }

  dispose(): void {
    this.markdown.dispose();
    this.thinking?.dispose();
    if (this.countdown) clearInterval(this.countdown);
  }

  private isFinal(): boolean {
    return isFinalStatus(this.msg.status);
  }

  private resetBody(text: string): void {
    this.shownText = text;
    this.finished = false;
    this.markdown.reset(text);
  }

  private finishBody(announce = true): void {
    this.finished = true;
    this.thinking?.flush();
    this.markdown.flush(announce);
    this.linkedSources = this.msg.sources?.length ?? 0;
    linkCitations(this.body, this.linkedSources, this.sourceAnchor(''));
  }

  private sourceAnchor(n: string): string {
    return `src-${this.msg.id}-${n}`;
  }

  private statusSentence(): string {
    switch (this.msg.status) {
      case 'stopped':
        return 'Answer stopped.';
      case 'error':
        return `Error: ${this.msg.error?.message ?? 'the answer failed.'}`;
      case 'interrupted':
        return 'Answer interrupted.';
      default:
        return this.msg.refused ? 'The model refused.' : 'Answer complete.';
    }
  }

  /** The thinking block follows the message's reasoning (created on the first, kept in sync after). */
  private updateThinking(): void {
    if (this.thinking) this.thinking.sync(this.msg);
    else if (this.msg.reasoning) {
      this.thinking = new ThinkingBlock(this.msg, () => this.ctx.rendered());
      this.el.insertBefore(this.thinking.el, this.before);
    }
  }

  /** Draws again the decorations whose inputs changed (all of them for a new item). */
  private redecorate(): void {
    this.updateThinking();
    const extras = extrasKey(this.msg);
    if (extras !== this.shownExtras) {
      this.shownExtras = extras;
      this.renderExtras();
    }
    const footer = footerKey(this.msg, this.flags);
    if (footer !== this.shownFooter) {
      this.shownFooter = footer;
      this.renderFooter();
    }
  }

  private renderExtras(): void {
    const m = this.msg;
    // Header: who, which feature, status badge.
    const badge = this.statusBadge();
    const parts = [
      h('span', { class: 'role' }, roleLabel[m.role]),
      m.kind !== 'chat' && m.role === 'assistant' ? h('span', { class: 'kind-label' }, kindLabel[m.kind]) : null,
      m.title ? h('span', { class: 'message-title' }, m.title) : null,
      badge,
      m.refused ? h('span', { class: 'badge refused', title: 'The model declined to answer; its reply is shown as sent.' }, icon('circle-slash'), ' The model refused') : null,
    ];
    this.header.replaceChildren(...parts.filter((p): p is HTMLSpanElement => p !== null));
    this.before.replaceChildren(...this.toolCalls(), ...this.stages());
    this.after.replaceChildren(...(m.context?.length ? [sentContextChips(m.id, m.context, this.ctx.post)] : []), ...this.sources(), ...this.subqueries());
  }

  private statusBadge(): HTMLElement | null {
    const m = this.msg;
    if (m.role !== 'assistant') return null;
    if (m.status === 'streaming') return h('span', { class: 'badge streaming' }, icon('loading codicon-modifier-spin'), ' streaming');
    if (m.status === 'stopped') return h('span', { class: 'badge stopped' }, icon('debug-stop'), ' stopped');
    if (m.status === 'interrupted') return h('span', { class: 'badge stopped' }, icon('debug-disconnect'), ' interrupted');
    if (m.status === 'error') return h('span', { class: 'badge error' }, icon('error'), ' error');
    return null;
  }

  private toolCalls(): HTMLElement[] {
    return (this.msg.toolCalls ?? []).map((t) =>
      h('div', { class: 'tool-call' }, icon('tools'), ` calling tool ${t.name || '…'}`, t.arguments ? h('code', {}, t.arguments) : null),
    );
  }

  private stages(): HTMLElement[] {
    const stages = this.msg.stages ?? [];
    if (stages.length === 0) return [];
    const list = h('div', { class: 'stages' });
    stages.forEach((s, i) => {
      const [firstLine = '', ...rest] = s.content.split('\n');
      const short = firstLine.length > 100;
      const details = this.details(`stage:${s.id}`, 'stage', i === stages.length - 1 && this.msg.status === 'streaming');
      details.append(h('summary', {}, icon('search'), ` ${short ? firstLine.slice(0, 100) + '…' : firstLine}`));
      // The summary already shows the first line; the body holds the rest (and the sources).
      const more = short ? s.content : rest.join('\n').trim();
      if (more) {
        const content = h('div', { class: 'markdown-body' });
        renderOneShot(more, content);
        details.append(content);
      }
      if (s.sources.length) details.append(this.linkList(s.sources));
      list.append(details);
    });
    return [list];
  }

  private details(key: string, cls: string, openByDefault: boolean): HTMLDetailsElement {
    const d = h('details', { class: cls, open: this.openState.get(key) ?? openByDefault });
    // Only a change away from the default is the reader's choice (setting `open` fires 'toggle' too).
    d.addEventListener('toggle', () => {
      if (d.open !== openByDefault || this.openState.has(key)) this.openState.set(key, d.open);
    });
    return d;
  }

  private linkList(urls: string[]): HTMLElement {
    return h(
      'ul',
      { class: 'stage-sources' },
      ...urls.map((u) => h('li', {}, /^https?:\/\//i.test(u) ? h('a', { href: u }, u) : u)),
    );
  }

  private sourceItems(sources: SourceView[], anchor: (n: number) => string | undefined): HTMLElement {
    return h(
      'ol',
      { class: 'sources' },
      ...sources.map((s, i) =>
        h(
          'li',
          { id: anchor(i + 1) },
          // A web page links to itself (clicks go to the host, which opens http/https only); anything else is a name.
          s.url && /^https?:\/\//i.test(s.url)
            ? h('a', { class: 'source-name source-link', href: s.url, title: s.url }, icon('globe'), ` ${s.title || s.url}`)
            : h('span', { class: 'source-name' }, icon('file'), ` ${s.fileId}`),
          s.snippet ? h('div', { class: 'source-snippet' }, s.snippet) : null,
        ),
      ),
    );
  }

  private sources(): HTMLElement[] {
    const sources = this.msg.sources ?? [];
    if (sources.length === 0) return [];
    return [h('section', { class: 'sources-section', 'aria-label': 'Sources' }, h('h4', {}, `Sources (${sources.length})`), this.sourceItems(sources, (n) => this.sourceAnchor(String(n))))];
  }

  private subqueries(): HTMLElement[] {
    const subs = this.msg.subqueries ?? [];
    if (subs.length === 0) return [];
    const section = h('section', { class: 'subqueries', 'aria-label': 'Subqueries' }, h('h4', {}, 'Subqueries'));
    for (const q of subs) {
      const answer = h('div', { class: 'markdown-body' });
      renderOneShot(q.answer, answer);
      const d = this.details(`subquery:${q.query}`, 'subquery', false);
      d.append(h('summary', {}, q.query), answer);
      if (q.sources.length) d.append(this.sourceItems(q.sources, () => undefined));
      section.append(d);
    }
    return [section];
  }

  private renderFooter(): void {
    if (this.countdown) clearInterval(this.countdown);
    this.countdown = undefined;
    const m = this.msg;
    const parts: HTMLElement[] = [];
    if (m.role === 'assistant' && m.status === 'streaming' && m.text === '' && !(m.toolCalls?.length || m.stages?.length || m.reasoning)) {
      parts.push(h('div', { class: 'thinking' }, icon('loading codicon-modifier-spin'), ' Waiting for the answer…'));
    }
    if (m.status === 'waiting') parts.push(this.waitingBox());
    if (m.status === 'error' && m.error) parts.push(this.errorBox());
    if (m.status === 'interrupted') parts.push(h('div', { class: 'note' }, 'The window closed while this answer was streaming; what had arrived is kept.'));
    if (m.usage) {
      parts.push(
        h('div', { class: 'usage', title: 'Token usage reported by the server' }, `${m.usage.promptTokens.toLocaleString()} prompt · ${m.usage.completionTokens.toLocaleString()} completion · ${m.usage.totalTokens.toLocaleString()} total tokens`),
      );
    }
    parts.push(this.actions());
    this.footer.replaceChildren(...parts);
  }

  private waitingBox(): HTMLElement {
    const m = this.msg;
    const text = h('span', {});
    const update = () => {
      const s = Math.max(0, Math.ceil(((m.retryAt ?? Date.now()) - Date.now()) / 1000));
      text.textContent = `${m.error?.kind === 'rate-limit' ? 'Rate limited' : (m.error?.message ?? 'Request failed')}. Retrying in ${s} s…`;
    };
    update();
    this.countdown = setInterval(update, 1000);
    return h(
      'div',
      { class: 'waiting-box', role: 'status' },
      icon('clock'),
      ' ',
      text,
      button('Retry now', { text: true, cls: 'text-button', onClick: () => this.ctx.post({ type: 'retryNow', messageId: m.id }) }),
    );
  }

  private errorBox(): HTMLElement {
    const e = this.msg.error!;
    const box = h('div', { class: 'error-box', role: 'alert' }, icon('error'), h('div', { class: 'error-text' }, h('div', {}, e.message), e.action ? h('div', { class: 'error-action' }, e.action) : null));
    const buttons = h('div', { class: 'error-buttons' });
    if (e.kind === 'auth') buttons.append(button('Set API Key', { icon: 'key', text: true, cls: 'primary-button', onClick: () => this.ctx.post({ type: 'setApiKey' }) }));
    if (e.kind === 'rate-limit' && e.retryAfterMs) {
      const label = h('span', { class: 'countdown' });
      const until = Date.now() + e.retryAfterMs;
      const tick = () => {
        const s = Math.ceil((until - Date.now()) / 1000);
        label.textContent = s > 0 ? `Rate limited: try again in ${s} s.` : 'You can retry now.';
      };
      tick();
      this.countdown = setInterval(tick, 1000);
      buttons.append(label);
    }
    if (this.flags.isLastAssistant) {
      buttons.append(button(e.kind === 'rate-limit' ? 'Retry now' : 'Retry', { icon: 'refresh', text: true, cls: 'primary-button', onClick: () => this.ctx.post({ type: 'retry', messageId: this.msg.id }) }));
    }
    box.append(buttons);
    return box;
  }

  private actions(): HTMLElement {
    const m = this.msg;
    const bar = h('div', { class: 'message-actions' });
    if (m.status === 'streaming' || m.status === 'waiting') return bar;
    bar.append(button('Copy message', { icon: 'copy', onClick: () => this.ctx.post({ type: 'copy', text: this.msg.text }) }));
    if (m.role === 'user' && m.kind === 'chat' && !this.flags.busy) bar.append(button('Edit and resend', { icon: 'edit', onClick: () => this.startEdit() }));
    if (m.role === 'assistant' && this.flags.isLastAssistant && !this.flags.busy) {
      if (m.status === 'stopped' || m.status === 'interrupted') bar.append(button('Retry', { icon: 'refresh', onClick: () => this.ctx.post({ type: 'retry', messageId: m.id }) }));
      else if (m.status === 'done') bar.append(button('Regenerate', { icon: 'refresh', onClick: () => this.ctx.post({ type: 'regenerate' }) }));
    }
    return bar;
  }

  private startEdit(): void {
    if (this.editing) return;
    this.editing = true;
    const area = h('textarea', { class: 'edit-input', 'aria-label': 'Edit message', rows: '4' });
    area.value = this.msg.text;
    const done = () => {
      this.editing = false;
      editor.remove();
      this.body.hidden = false;
    };
    const send = () => {
      const text = area.value.trim();
      if (!text) return;
      done();
      this.ctx.post({ type: 'editResend', messageId: this.msg.id, text });
    };
    area.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        send();
      } else if (ev.key === 'Escape') done();
    });
    const editor = h(
      'div',
      { class: 'edit-box' },
      area,
      h('div', { class: 'edit-buttons' }, button('Send', { text: true, cls: 'primary-button', onClick: send }), button('Cancel', { text: true, cls: 'secondary-button', onClick: done })),
    );
    this.body.hidden = true;
    this.body.after(editor);
    area.focus();
  }
}
