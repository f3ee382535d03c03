// What the Knowledge Graph and agent commands resolve with (plain data, for automation and tests),
// the graph picker the chat panel uses, and what the two commands share (built once in registerKnowledge).
import type * as vscode from 'vscode';
import type { GraphInfo, StreamEvent, StreamRequest, StreamResult } from '../../core';
import type { ShownNotification, ChatSurface, Notifier, Services } from '../services';
import type { Feature } from './knowledgeMessages';
import type { LastGraphs } from './graphPicker';
import type { KnowledgeTurns } from './knowledgeTurns';

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
  message?: ShownNotification;
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
}

export interface KnowledgeDeps {
  services: Services;
  chat: ChatSurface;
  notifier: Notifier;
  lastGraphs: LastGraphs;
  turns: KnowledgeTurns;
}
