// What registerKnowledge returns: the graph picker for the chat panel, and a read-only view of
// what the commands did, so extension-host tests assert on real outcomes instead of guessing.
import type * as vscode from 'vscode';
import type { GraphInfo, StreamEvent, StreamRequest, StreamResult } from '../../core';
import type { Feature } from './knowledgeMessages';

export type CommandName = 'askKnowledgeGraph' | 'runAgent';

/**
 * done / error / cancelled: a stream ran and ended that way.
 * dismissed: the user closed a picker or input box (nothing shown).
 * refused: the command stopped before streaming and said why (`message`).
 */
export type OutcomeStatus = 'done' | 'error' | 'cancelled' | 'dismissed' | 'refused';

export interface KnowledgeOutcome {
  command: CommandName;
  status: OutcomeStatus;
  /** What was sent (never contains the key). */
  request?: StreamRequest;
  result?: StreamResult;
  /** The notification shown for this outcome, if any. */
  message?: ShownMessage;
}

export interface ShownMessage {
  severity: 'info' | 'warning' | 'error';
  /** Full text as shown, including the "Stream Assist: " prefix. */
  text: string;
  /** Button titles, in order. */
  actions: string[];
  /** Runs a button's action exactly as a click would. */
  choose(action: string): Promise<void>;
}

/** The picker or input box currently open, so tests can drive the real widget. */
export interface ActivePrompt {
  kind: 'quickPick' | 'inputBox';
  /** e.g. 'graphs', 'question', 'application', 'input:topic'. */
  step: string;
  widget: vscode.QuickPick<vscode.QuickPickItem> | vscode.InputBox;
  /** Same handler as pressing Enter. */
  accept(): void;
}

export interface StreamEventNote {
  feature: Feature;
  event: StreamEvent;
}

export interface KnowledgeApi {
  /**
   * Graph picker for graph-grounded chat (issue 6 item 2): all pages, multi-select, searchable,
   * last choice pre-selected and remembered. Undefined when dismissed, not Writer, none exist
   * or loading failed (the user was told why).
   */
  pickGraphs(options?: { title?: string; preselect?: readonly string[] }): Promise<GraphInfo[] | undefined>;
  readonly testing: {
    readonly last: KnowledgeOutcome | undefined;
    readonly lastMessage: ShownMessage | undefined;
    readonly activePrompt: ActivePrompt | undefined;
    readonly onDidFinish: vscode.Event<KnowledgeOutcome>;
    readonly onDidShowMessage: vscode.Event<ShownMessage>;
    readonly onDidShowPrompt: vscode.Event<ActivePrompt>;
    readonly onDidReceive: vscode.Event<StreamEventNote>;
    /** Same as the progress notification's Cancel button for every running answer. */
    cancelRunning(): void;
  };
}
