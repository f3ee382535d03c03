// The one message protocol between the chat view's host (extension) and its webview.
// Both sides import only this file from each other. Plain data only: every type here must
// survive structured cloning, and nothing here may ever carry the API key.

/** Error shown under an answer (same shape as the core's StreamErrorInfo, restated so the webview needs no core import). */
export interface ErrorView {
  kind: string;
  /** One sentence: what happened. */
  message: string;
  /** One sentence: what the user can do. */
  action: string;
  status?: number;
  /** Shows "Retry" when true. */
  retryable: boolean;
  retryAfterMs?: number;
}

export interface SourceView {
  /** Shown as the source's name (Writer gives file ids; a URL for agent stages). */
  fileId: string;
  snippet: string;
  /** A web page (web search answers): shown as a link to it (http/https only). */
  url?: string;
  title?: string;
}

export interface SubqueryView {
  query: string;
  answer: string;
  sources: SourceView[];
}

export interface StageView {
  id: string;
  content: string;
  sources: string[];
}

export interface ToolCallView {
  name: string;
  /** Arguments as streamed so far (may be partial JSON). */
  arguments: string;
}

export interface UsageView {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** The answer's life: the badge and buttons under it follow this. */
export type MessageStatus =
  | 'streaming' // still arriving; Stop is shown
  | 'waiting' // rate limited / retrying before the first byte; countdown + "Retry now"
  | 'done'
  | 'stopped' // the user stopped it; partial text kept
  | 'error' // partial text kept, error + Retry under it
  | 'interrupted'; // the window closed mid-stream; partial text kept

export type TurnKind = 'chat' | 'knowledge-graph' | 'agent';

export interface MessageView {
  id: string;
  role: 'user' | 'assistant';
  /** Markdown source; for a streaming answer, what has arrived so far. */
  text: string;
  status: MessageStatus;
  /** Which feature produced the turn (KG answers and agents render sources/stages). */
  kind: TurnKind;
  /** Number of stream batches already contained in `text` (for ordering deltas after a sync). */
  seq: number;
  error?: ErrorView;
  /** Epoch ms at which an automatic retry fires (status 'waiting'). */
  retryAt?: number;
  usage?: UsageView;
  toolCalls?: ToolCallView[];
  sources?: SourceView[];
  subqueries?: SubqueryView[];
  stages?: StageView[];
  title?: string;
  model?: string;
  /** The model's thinking before the answer (reasoning models): shown in a collapsible block, never sent back to the model. */
  reasoning?: string;
  /** How long the model thought: first reasoning delta to the first answer text (or the last reasoning delta). */
  reasoningMs?: number;
  /** The model declined (`delta.refusal`): `text` is its refusal, shown with a marker. */
  refused?: boolean;
  /** A user message: the context it carried, as sent (the host keeps the content; `openContext` shows it). */
  context?: ContextItemView[];
}

export interface ConversationSummary {
  id: string;
  title: string;
  updatedAt: number;
}

export interface GraphRef {
  id: string;
  name: string;
}

export interface ConversationView {
  id: string;
  title: string;
  /** Writer Knowledge Graphs attached to the conversation: its turns use Writer's graph tool; shown as removable chips. */
  graphs?: GraphRef[];
  /** Writer's web_search tool on for this conversation's turns (Writer only, like graphs). */
  webSearch?: boolean;
  /** Editable per conversation; sent as the system message. */
  systemPrompt: string;
  model: string;
  temperature: number;
  messages: MessageView[];
}

// ---- context attachments (the composer's chips; what a user message carried) ----------

/** The active editor's file (sent with each turn unless switched off) or one of the @-mentions. */
export type ContextKind = 'currentFile' | MentionKind;
/** What `@` offers in the composer, in this order. */
export const MENTION_KINDS = ['file', 'open', 'problems', 'git', 'terminal'] as const;
export type MentionKind = (typeof MENTION_KINDS)[number];

/** One attachment as a chip: in the composer before sending, on the user message after. Its content stays on the host. */
export interface ContextItemView {
  id: string;
  kind: ContextKind;
  /** A workspace-relative path, "Open editors (3)", "Problems (2)", "Git changes", "Terminal". */
  label: string;
  /** What part: "lines 40-120", "selection", "whole file", "staged + unstaged". */
  detail?: string;
  /** Characters it adds to the message as it will be (or was) sent, after any cut. */
  chars: number;
  /** Cut to fit (the file cap or the turn's budget), and how much: the chip shows it before sending. */
  cut?: string;
  /** Not sent, and why (secret pattern, excluded, binary, too large with nothing left): shown struck through. */
  refused?: string;
}

/** The composer's context row: what the next message will carry. */
export interface ComposerContextView {
  /** The active editor's file, if there is one that may be sent (or a refused chip saying why not). */
  currentFile?: ContextItemView;
  /** The user switched the current file off for this conversation (one click on its chip). */
  currentFileOff: boolean;
  attached: ContextItemView[];
  /** The per-turn budget (characters) and what the next message would use of it. */
  budgetChars: number;
  totalChars: number;
}

/** Everything the webview needs to draw itself; sent on ready, on switch and on any structural change. */
export interface ChatStateView {
  conversations: ConversationSummary[];
  current: ConversationView;
  /** Model ids for the picker; always contains the conversation's model. */
  models: string[];
  /** True while a turn of the current conversation is running (Send becomes Stop). */
  busy: boolean;
  /** Knowledge Graphs and web search are Writer features: their buttons show only for Writer. */
  canAttachGraphs: boolean;
  /** The composer's context chips (absent until the host has looked at the editors). */
  context?: ComposerContextView;
}

/** The fields of a message a patch may replace (small values and lists, sent whole when they change). */
export const PATCHED_FIELDS = ['status', 'error', 'retryAt', 'usage', 'toolCalls', 'sources', 'subqueries', 'stages', 'title', 'reasoningMs', 'refused'] as const;
export type PatchedFields = Partial<Pick<MessageView, (typeof PATCHED_FIELDS)[number]>>;

/** Incremental change to one streaming answer: one message per host batch (~30 ms). */
export interface StreamPatch extends PatchedFields {
  messageId: string;
  /** 1, 2, 3… per message; the webview applies patches in order and drops ones it already has. */
  seq: number;
  /** Offset in the answer's text where `append` starts (lets the webview detect gaps and overlaps). */
  offset: number;
  append: string;
  /** Reasoning text that follows what the previous patches carried (patches apply in seq order). */
  appendReasoning?: string;
}

export type HostToWebview =
  | { type: 'state'; state: ChatStateView }
  | { type: 'patch'; patch: StreamPatch }
  | { type: 'models'; models: string[] }
  /** Text to put in the input (Add Selection to Chat). */
  | { type: 'insertDraft'; text: string }
  | { type: 'focusInput' }
  /** The composer's chips changed (active editor, selection, attach/detach, budget). */
  | { type: 'context'; context: ComposerContextView };

export type InsertMode = 'insert' | 'replace';

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'retry'; messageId: string }
  | { type: 'retryNow'; messageId: string }
  | { type: 'regenerate' }
  | { type: 'editResend'; messageId: string; text: string }
  | { type: 'newConversation' }
  | { type: 'switchConversation'; id: string }
  | { type: 'renameConversation'; id: string; title: string }
  | { type: 'deleteConversation'; id: string }
  | { type: 'setModel'; model: string }
  | { type: 'setTemperature'; temperature: number }
  | { type: 'setSystemPrompt'; systemPrompt: string }
  | { type: 'copy'; text: string }
  | { type: 'insertCode'; code: string; mode: InsertMode }
  /** Apply a code block to its file as a reviewable inline diff; `fileHint` is the path the block names (fence info or the line before it), '' if none. */
  | { type: 'applyCode'; code: string; fileHint: string }
  | { type: 'openLink'; href: string }
  | { type: 'setApiKey' }
  | { type: 'attachGraphs' }
  | { type: 'detachGraph'; id: string }
  | { type: 'setWebSearch'; on: boolean }
  | { type: 'requestSync' }
  /** The user chose an @-mention: the host gathers it (a quick pick for `file`) and answers with `context`. */
  | { type: 'attach'; kind: MentionKind }
  | { type: 'detachContext'; id: string }
  | { type: 'setCurrentFileContext'; on: boolean }
  /** Show what a sent message carried (a read-only document with the content as sent). */
  | { type: 'openContext'; messageId: string; itemId: string };
