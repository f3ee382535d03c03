// What the VS Code side's features (chat, editor streaming, Knowledge Graph, agents) get from the
// foundation. Features receive a `Services` object in their `register…` function and never
// reach around it (no direct SecretStorage, settings or core transport use in features).
import type * as vscode from 'vscode';
import type { QuickInputService } from './foundation/quickInput';
import type {
  ApplicationInfo,
  GraphInfo,
  ModelInfo,
  Provider,
  StreamHandle,
  StreamRequest,
  StreamResult,
  Timeouts,
} from '../core';

/** Validated settings. Invalid values have already been reported (naming the setting) and replaced by defaults. */
export interface Settings {
  provider: Provider;
  /** Resolved: the configured value or the provider's default; no trailing slash. */
  baseUrl: string;
  model: string;
  temperature: number;
  maxTokens: number;
  systemPrompt: string;
  timeouts: Timeouts;
  maxRetries: number;
  editor: { contextCharacters: number; onCancel: 'keep' | 'revert'; review: 'diff' | 'direct' };
  knowledgeGraph: { subqueries: boolean };
  /** Chat context attachments: the current file's cap, the per-turn budget (characters) and extra exclude globs. */
  context: { currentFileChars: number; budgetChars: number; exclude: string[] };
}

export interface SettingsReader {
  current(): Settings;
  readonly onDidChange: vscode.Event<Settings>;
}

export type JobKind = 'chat' | 'editor' | 'knowledge-graph' | 'agent';

export interface StartOptions {
  /** What the status bar and the cancel quick pick call this stream, e.g. "Chat: How do I…". */
  label: string;
  kind: JobKind;
  /**
   * When true the caller shows errors itself (the chat panel renders them inline);
   * otherwise the client shows a notification, with "Set API Key" for auth errors.
   */
  handlesErrors?: boolean;
}

/**
 * Starts streams with the current settings, key, proxy and timeouts, registers each one with the
 * stream registry (status bar, cancel) and logs it. A missing key or a refused plain-http
 * confirmation never throws: the returned handle ends at once with an error event.
 */
export interface ApiClient {
  start(request: StreamRequest, options: StartOptions): Promise<StreamHandle>;
  listModels(): Promise<ModelInfo[]>;
  listGraphs(): Promise<GraphInfo[]>;
  listApplications(): Promise<ApplicationInfo[]>;
}

export interface StreamJob {
  readonly id: number;
  readonly label: string;
  readonly kind: JobKind;
  readonly startedAt: number;
  /** Approximate tokens received so far (for tokens/s). */
  readonly tokens: number;
  cancel(): void;
}

export interface StreamRegistry {
  /** Running jobs, oldest first. */
  active(): readonly StreamJob[];
  cancelAll(): void;
  readonly onDidChange: vscode.Event<void>;
}

/** A turn that did not start from the chat input (Knowledge Graph answer, agent run), shown in the chat panel. */
export interface ExternalTurn {
  kind: 'knowledge-graph' | 'agent';
  /** What the user asked, shown as the user message. */
  prompt: string;
  handle: StreamHandle;
  /** Starts the same request again (Retry button). */
  retry: () => Promise<StreamHandle>;
}

export interface ChatSurface {
  reveal(): Promise<void>;
  /** Shows the turn in the current conversation and streams into it; resolves with the stream's result. */
  streamExternalTurn(turn: ExternalTurn): Promise<StreamResult>;
}

/** Whether the current provider + base URL has a key; never the key itself. */
export interface ApiKeyStatus {
  /** True when a key is stored for the current provider and base-URL origin (loopback servers may need none). */
  isSet(): Promise<boolean>;
  /** Fires when any Stream Assist key is stored or removed (this window or another). */
  readonly onDidChange: vscode.Event<void>;
}

export type Severity = 'info' | 'warning' | 'error';
/** Which part of the extension spoke (tests filter on it; the log line is tagged with it). */
export type NotificationSource = 'client' | 'settings' | 'keys' | 'chat' | 'editor' | 'knowledge';

export interface NotificationAction {
  title: string;
  run(): unknown;
}

export interface NotifyOptions {
  /** Shown after the product name: "Stream Assist (Chat: How do I…): …". */
  label?: string;
  /** The same text already on screen is not shown again (one failure reported by several streams). */
  oncePerScreen?: boolean;
}

export interface ShownNotification {
  source: NotificationSource;
  /** 'status': a status bar flash, not a notification. */
  severity: Severity | 'status';
  /** Full text as shown, including the "Stream Assist: " prefix. */
  text: string;
  /** Button titles, in order. */
  actions: string[];
  /** Runs a button's action exactly as a click would. */
  choose(action: string): Promise<void>;
}

/** A notifier bound to one source; what features hold. */
export interface Notifier {
  show(severity: Severity, text: string, actions?: readonly NotificationAction[], options?: NotifyOptions): ShownNotification;
  flash(text: string): ShownNotification;
}

export interface Notifications {
  for(source: NotificationSource): Notifier;
  readonly onDidShow: vscode.Event<ShownNotification>;
}

export type {
  ActivePrompt,
  ChoicePromptOptions,
  HistoryPromptOptions,
  ListPromptOptions,
  ListPromptResult,
  TextPromptOptions,
} from './foundation/quickInput';

/** What features get of the ExtensionContext: not the whole object (it reaches SecretStorage). */
export interface ExtensionPlace {
  readonly extensionUri: vscode.Uri;
  readonly globalStorageUri: vscode.Uri;
  readonly globalState: vscode.Memento;
  /** Disposed on deactivation, last registered first. */
  readonly subscriptions: { push(...items: vscode.Disposable[]): unknown };
}

export interface Services {
  readonly extension: ExtensionPlace;
  readonly log: vscode.LogOutputChannel;
  readonly settings: SettingsReader;
  readonly notifications: Notifications;
  /** Pickers and input boxes (one kit, drivable by the tests). */
  readonly quickInput: QuickInputService;
  readonly client: ApiClient;
  readonly streams: StreamRegistry;
  /** Opens the Set API Key flow (same as the command). */
  promptForApiKey(): Promise<void>;
  /** Key presence for the current settings (e.g. to show a "Set API Key" hint before the first request). */
  readonly apiKeyStatus: ApiKeyStatus;
}
