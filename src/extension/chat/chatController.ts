// The chat's host side: owns the conversations (the source of truth), starts and stops turns,
// and answers the webview's validated requests. The webview only ever draws what is sent here.
import * as vscode from 'vscode';
import type { ChatMessage, StreamHandle, StreamRequest, StreamResult } from '../../core';
import type { ChatStateView, ConversationView, HostToWebview, StreamPatch, WebviewToHost } from '../../shared/webviewProtocol';
import type { ExternalTurn, Services } from '../services';
import { assistantMessage, isRunningStatus, titleFrom, userMessage, type Conversation } from './conversationModel';
import type { ConversationStore } from './conversationStore';
import { DeltaBatcher } from './deltaBatcher';
import type { EditorActions } from './editorActions';
import type { ChatContext } from './chatContext';
import { latestContext, messageWithContext, viewOf } from './contextFormat';
import { TurnRunner } from './turnRunner';
import { messageOf } from '../../shared/text';

export interface ViewPort {
  post(message: HostToWebview): void;
  readonly isReady: boolean;
  reveal(preserveFocus?: boolean): Promise<void>;
}

interface Running {
  runner: TurnRunner;
  conversationId: string;
}

const DEFAULT_TITLE = 'New conversation';
/** Registered by the Knowledge Graph feature (src/extension/knowledge); a string here keeps the features independent. */
const PICK_GRAPHS_COMMAND = 'streamAssist.pickKnowledgeGraphs';
/** Registered by the editor feature (src/extension/editor/applyCode.ts). */
const APPLY_CODE_COMMAND = 'streamAssist.applyCodeBlock';

export class ChatController implements vscode.Disposable {
  private readonly running = new Map<string, Running>();
  /** Retry for Knowledge Graph / agent turns (their request is not ours to rebuild); lost on reload. */
  private readonly externalRetry = new Map<string, () => Promise<StreamHandle>>();
  private readonly batcher: DeltaBatcher;
  private models: string[] | undefined;
  private modelsLoading: Promise<void> | undefined;
  private pendingDrafts: string[] = [];
  private readonly turnEnded = new vscode.EventEmitter<{ conversationId: string; messageId: string; result: StreamResult }>();
  /** Fires when an answer has ended, however it ended (tests and the Knowledge Graph feature wait on it). */
  readonly onDidEndTurn = this.turnEnded.event;
  private readonly contextSub: vscode.Disposable;
  /** The chips the webview was last sent (in a state or a context message). */
  private postedContext = '';

  constructor(
    private readonly services: Services,
    readonly store: ConversationStore,
    private readonly view: ViewPort,
    private readonly editor: EditorActions,
    private readonly context: ChatContext,
  ) {
    this.batcher = new DeltaBatcher((p) => this.postPatch(p));
    this.contextSub = context.onDidChange(() => {
      if (!this.view.isReady) return;
      const view = context.view(this.store.current());
      // Selection changes fire often while the chips stay the same: post only what differs.
      const key = JSON.stringify(view);
      if (key === this.postedContext) return;
      this.postedContext = key;
      this.view.post({ type: 'context', context: view });
    });
  }

  // ---- state sent to the webview ------------------------------------------------------

  private isBusy(conversationId: string): boolean {
    for (const r of this.running.values()) if (r.conversationId === conversationId) return true;
    return false;
  }

  state(): ChatStateView {
    const c = this.store.current();
    const current: ConversationView = {
      id: c.id,
      title: c.title,
      systemPrompt: c.systemPrompt,
      model: c.model,
      temperature: c.temperature,
      graphs: c.graphs,
      webSearch: c.webSearch,
      // The live seq of a streaming answer tells the webview which patches its text already contains.
      messages: c.messages.map((m) => ({ ...m, seq: this.batcher.seqOf(m.id) ?? m.seq })),
    };
    const models = this.models ?? [];
    return {
      conversations: this.store.list(),
      current,
      models: models.includes(c.model) ? models : [c.model, ...models],
      busy: this.isBusy(c.id) || c.messages.some(isRunningStatus),
      canAttachGraphs: this.services.settings.current().provider === 'writer',
      context: this.context.view(c),
    };
  }

  /**
   * Deletes a conversation after a modal "Delete conversation 'X'?" (Delete / Cancel). The webview
   * always asks; `{ confirm: false }` is for automation (tests), like the commands' argument objects.
   * Returns whether it was deleted.
   */
  async deleteConversation(id: string, options: { confirm?: boolean } = {}): Promise<boolean> {
    const conv = this.store.get(id);
    if (!conv) return false;
    if (options.confirm !== false && !(await this.confirmDelete(conv.title))) return false;
    this.stop(id);
    this.store.delete(id);
    this.postState();
    return true;
  }

  /** Replaceable so tests can answer the modal (the extension host cannot click it). */
  confirmDelete = async (title: string): Promise<boolean> => {
    const choice = await vscode.window.showWarningMessage(`Delete conversation '${title}'?`, { modal: true, detail: 'Its messages cannot be restored.' }, 'Delete');
    return choice === 'Delete';
  };

  postState(): void {
    const state = this.state();
    this.postedContext = JSON.stringify(state.context);
    this.view.post({ type: 'state', state });
  }

  private postPatch(patch: StreamPatch): void {
    const r = this.running.get(patch.messageId);
    // Only the shown conversation's answers go to the webview; switching sends a full state.
    if (r && r.conversationId !== this.store.current().id) return;
    this.view.post({ type: 'patch', patch });
  }

  // ---- webview messages -----------------------------------------------------------------

  handle(m: WebviewToHost): void {
    void this.dispatch(m).catch((e: unknown) => this.services.log.error(`Chat: ${m.type} failed: ${messageOf(e)}`));
  }

  private async dispatch(m: WebviewToHost): Promise<void> {
    const conv = this.store.current();
    switch (m.type) {
      case 'ready':
      case 'requestSync':
        this.postState();
        for (const d of this.pendingDrafts.splice(0)) this.view.post({ type: 'insertDraft', text: d });
        void this.loadModels();
        return;
      case 'send':
        if (this.isBusy(conv.id)) return this.ignored('send while an answer is streaming');
        if (!m.text.trim()) return;
        await this.ask(conv, m.text);
        return;
      case 'stop':
        this.stop(conv.id);
        return;
      case 'retry':
        await this.retry(conv, m.messageId);
        return;
      case 'retryNow':
        this.running.get(m.messageId)?.runner.retryNow();
        return;
      case 'regenerate': {
        const last = [...conv.messages].reverse().find((x) => x.role === 'assistant');
        if (last) await this.retry(conv, last.id);
        return;
      }
      case 'editResend': {
        if (this.isBusy(conv.id)) return this.ignored('edit while an answer is streaming');
        const i = conv.messages.findIndex((x) => x.id === m.messageId && x.role === 'user');
        if (i < 0 || !m.text.trim()) return this.ignored('edit of an unknown message');
        conv.messages.splice(i);
        await this.ask(conv, m.text);
        return;
      }
      case 'newConversation':
        this.newConversation();
        return;
      case 'switchConversation':
        if (this.store.setCurrent(m.id)) this.postState();
        return;
      case 'renameConversation':
        this.store.rename(m.id, m.title.trim().slice(0, 200) || DEFAULT_TITLE);
        this.postState();
        return;
      case 'deleteConversation':
        await this.deleteConversation(m.id);
        return;
      case 'setModel':
        conv.model = m.model;
        this.store.touched(conv);
        return;
      case 'setTemperature':
        conv.temperature = m.temperature;
        this.store.touched(conv);
        return;
      case 'setSystemPrompt':
        conv.systemPrompt = m.systemPrompt;
        this.store.touched(conv);
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(m.text);
        return;
      case 'insertCode':
        await this.editor.insertCode(m.code, m.mode);
        return;
      case 'applyCode':
        await vscode.commands.executeCommand(APPLY_CODE_COMMAND, { code: m.code, fileHint: m.fileHint, activeUri: this.editor.target()?.document.uri.toString() ?? '' });
        return;
      case 'openLink':
        await this.openLink(m.href);
        return;
      case 'setApiKey':
        await this.services.promptForApiKey();
        return;
      case 'attachGraphs':
        await this.attachGraphs(conv);
        return;
      case 'setWebSearch':
        conv.webSearch = m.on;
        this.store.touched(conv);
        this.postState();
        return;
      case 'attach':
        await this.context.attach(m.kind, conv);
        return;
      case 'detachContext':
        this.context.detach(m.id);
        return;
      case 'setCurrentFileContext':
        this.context.setCurrentFileOff(conv, !m.on);
        return;
      case 'openContext':
        if (!(await this.context.openSent(conv, m.messageId, m.itemId))) this.ignored('openContext of an unknown item');
        return;
      case 'detachGraph':
        conv.graphs = (conv.graphs ?? []).filter((g) => g.id !== m.id);
        this.store.touched(conv);
        this.postState();
        return;
    }
  }

  /** The Knowledge Graph feature owns the picker; it resolves with the chosen graphs or undefined. */
  private async attachGraphs(conv: Conversation): Promise<void> {
    const picked = await vscode.commands.executeCommand<{ id: string; name: string }[] | undefined>(PICK_GRAPHS_COMMAND, {
      title: 'Attach Knowledge Graphs to this conversation',
      preselect: (conv.graphs ?? []).map((g) => g.id),
    });
    if (!picked) return;
    conv.graphs = picked.map((g) => ({ id: String(g.id), name: String(g.name ?? g.id) }));
    this.store.touched(conv);
    this.postState();
  }

  private ignored(what: string): void {
    this.services.log.info(`Chat: ignored ${what}.`);
  }

  private async openLink(href: string): Promise<void> {
    let uri: vscode.Uri;
    try {
      uri = vscode.Uri.parse(href, true);
    } catch {
      return this.ignored('an unparseable link');
    }
    // Only web links leave the chat; anything else (command:, file:, vscode:) is refused.
    if (uri.scheme !== 'http' && uri.scheme !== 'https') return this.ignored(`a link with scheme "${uri.scheme}"`);
    await vscode.env.openExternal(uri);
  }

  // ---- conversations ----------------------------------------------------------------------

  newConversation(): Conversation {
    const cur = this.store.current();
    // An empty conversation is reused rather than piling up blank ones.
    const c = cur.messages.length === 0 ? cur : this.store.create();
    this.postState();
    this.view.post({ type: 'focusInput' });
    return c;
  }

  /** Text for the input box (Add Selection to Chat); delivered once the view is ready. */
  insertDraft(text: string): void {
    if (this.view.isReady) this.view.post({ type: 'insertDraft', text });
    else this.pendingDrafts.push(text);
  }

  private async loadModels(): Promise<void> {
    this.modelsLoading ??= (async () => {
      const configured = this.services.settings.current().model;
      let ids: string[] = [];
      try {
        ids = (await this.services.client.listModels()).map((x) => x.id).filter((x) => typeof x === 'string' && x.length > 0);
      } catch (e) {
        this.services.log.info(`Chat: model list unavailable (${messageOf(e)}); using the configured model.`);
      }
      this.models = ids.includes(configured) ? ids : [configured, ...ids];
      this.view.post({ type: 'models', models: this.models });
    })();
    return this.modelsLoading;
  }

  /** Settings changed (provider, base URL, key): the model list may differ. */
  refreshModels(): void {
    this.modelsLoading = undefined;
    if (this.view.isReady) void this.loadModels();
  }

  // ---- turns ------------------------------------------------------------------------------

  private history(conv: Conversation, upTo: string): ChatMessage[] {
    const out: ChatMessage[] = [];
    if (conv.systemPrompt.trim()) out.push({ role: 'system', content: conv.systemPrompt });
    const end = conv.messages.findIndex((m) => m.id === upTo);
    const shown = end < 0 ? conv.messages : conv.messages.slice(0, end);
    // A file sent with several messages goes once, with the latest of them.
    const contexts = latestContext(shown.map((m) => (m.role === 'user' ? conv.sentContext?.[m.id] : undefined)));
    for (const [i, m] of shown.entries()) {
      if (m.role === 'user') out.push({ role: 'user', content: messageWithContext(m.text, contexts[i]) });
      else if (m.text.trim()) out.push({ role: 'assistant', content: m.text });
    }
    return out;
  }

  /** Ask the Web: a new conversation with Writer web search on, the question asked in it. */
  async askWeb(question: string): Promise<StreamResult> {
    const conv = this.newConversation();
    conv.webSearch = true;
    return this.ask(conv, question);
  }

  /** Adds the user's message and streams the answer. */
  async ask(conv: Conversation, text: string): Promise<StreamResult> {
    if (conv.title === DEFAULT_TITLE && !conv.messages.some((x) => x.role === 'user')) conv.title = titleFrom(text);
    const message = userMessage(text);
    const sent = this.context.takeForSend(conv);
    if (sent.length) {
      message.context = sent.map(viewOf);
      // Entries of messages no longer in the conversation (edited and resent) go.
      const kept = Object.entries(conv.sentContext ?? {}).filter(([id]) => conv.messages.some((x) => x.id === id));
      conv.sentContext = Object.fromEntries([...kept, [message.id, sent]]);
    }
    conv.messages.push(message);
    return this.startChatTurn(conv);
  }

  private async startChatTurn(conv: Conversation): Promise<StreamResult> {
    const answer = assistantMessage('chat', conv.model);
    conv.messages.push(answer);
    const s = this.services.settings.current();
    const graphIds = s.provider === 'writer' ? (conv.graphs ?? []).map((g) => g.id) : [];
    const webSearch = s.provider === 'writer' && conv.webSearch === true;
    const request: StreamRequest = {
      kind: 'chat',
      model: conv.model,
      messages: this.history(conv, answer.id),
      temperature: conv.temperature,
      maxTokens: s.maxTokens,
      // Attached graphs go through Writer's graph tool; their sources stream back as graph_data.
      ...(graphIds.length ? { graphIds, subqueries: s.knowledgeGraph.subqueries } : {}),
      // Writer's web_search tool; the pages used stream back as web sources (numbered citations).
      ...(webSearch ? { webSearch: {} } : {}),
    };
    const lastUser = [...conv.messages].reverse().find((x) => x.role === 'user')?.text ?? '';
    const label = `Chat: ${titleFrom(lastUser)}`;
    this.store.touched(conv, true);
    this.postState();
    let handle: StreamHandle;
    try {
      handle = await this.services.client.start(request, { label, kind: 'chat', handlesErrors: true });
    } catch (e) {
      // The client promises never to throw; if it does, the answer still ends visibly.
      answer.status = 'error';
      answer.error = { kind: 'network', message: `The request could not start: ${messageOf(e)}`, action: 'Check the Stream Assist log, then retry.', retryable: true };
      this.store.touched(conv, true);
      this.postState();
      throw e;
    }
    return this.runTurn(conv, answer.id, handle);
  }

  private async runTurn(conv: Conversation, messageId: string, handle: StreamHandle): Promise<StreamResult> {
    const message = conv.messages.find((x) => x.id === messageId)!;
    const runner = new TurnRunner(handle, message, { batcher: this.batcher, changed: () => this.store.touched(conv) });
    this.running.set(messageId, { runner, conversationId: conv.id });
    let result: StreamResult;
    try {
      result = await runner.run();
    } finally {
      this.running.delete(messageId);
      this.store.touched(conv, true);
    }
    this.turnEnded.fire({ conversationId: conv.id, messageId, result });
    return result;
  }

  private async retry(conv: Conversation, messageId: string): Promise<void> {
    const i = conv.messages.findIndex((x) => x.id === messageId);
    const msg = conv.messages[i];
    const lastAssistant = [...conv.messages].reverse().find((x) => x.role === 'assistant');
    if (!msg || msg !== lastAssistant || isRunningStatus(msg) || this.running.has(messageId)) return this.ignored('retry of a message that is not the last finished answer');
    conv.messages.splice(i, 1);
    const external = this.externalRetry.get(messageId);
    this.externalRetry.delete(messageId);
    if (msg.kind !== 'chat') {
      if (!external) {
        conv.messages.splice(i, 0, msg);
        this.services.notifications.for('chat').show('info', 'this answer cannot be retried after a reload; ask again from the command palette.');
        return;
      }
      await this.startExternal(conv, msg.kind, external, await external());
      return;
    }
    await this.startChatTurn(conv);
  }

  stop(conversationId: string): void {
    for (const r of this.running.values()) if (r.conversationId === conversationId) r.runner.stop();
  }

  // ---- external turns (Knowledge Graph, agents) ---------------------------------------------

  async streamExternalTurn(turn: ExternalTurn): Promise<StreamResult> {
    const conv = this.store.current();
    if (conv.title === DEFAULT_TITLE && !conv.messages.some((x) => x.role === 'user')) conv.title = titleFrom(turn.prompt);
    conv.messages.push(userMessage(turn.prompt, turn.kind));
    void this.view.reveal(true);
    return this.startExternal(conv, turn.kind, turn.retry, turn.handle);
  }

  private startExternal(conv: Conversation, kind: ExternalTurn['kind'], retry: () => Promise<StreamHandle>, handle: StreamHandle): Promise<StreamResult> {
    const answer = assistantMessage(kind);
    conv.messages.push(answer);
    this.externalRetry.set(answer.id, retry);
    this.store.touched(conv, true);
    this.postState();
    return this.runTurn(conv, answer.id, handle);
  }

  dispose(): void {
    for (const r of this.running.values()) r.runner.stop();
    this.batcher.dispose();
    this.contextSub.dispose();
    this.turnEnded.dispose();
    this.store.dispose();
  }
}
