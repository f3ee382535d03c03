// What the VS Code side's features (chat, editor streaming, Knowledge Graph, agents) get from the
// foundation. Features receive a `Services` object in their `register…` function and never
// reach around it (no direct SecretStorage, settings or core transport use in features).
import type * as vscode from 'vscode';
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
  editor: { contextCharacters: number; onCancel: 'keep' | 'revert' };
  knowledgeGraph: { subqueries: boolean };
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

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly settings: SettingsReader;
  readonly client: ApiClient;
  readonly streams: StreamRegistry;
  /** Opens the Set API Key flow (same as the command). */
  promptForApiKey(): Promise<void>;
  /** Key presence for the current settings (e.g. to show a "Set API Key" hint before the first request). */
  readonly apiKeyStatus: ApiKeyStatus;
}
