// Runs one Knowledge Graph question or agent run as a chat-panel turn, with a cancellable
// progress notification alongside, and turns the result into an outcome and, on failure, a
// message with Retry. The chat panel renders the turn; this file never touches its UI.
import * as vscode from 'vscode';
import type { StreamHandle, StreamRequest, StreamResult } from '../../core';
import { observeEvents } from '../../core/channel';
import type { ChatSurface, NotificationAction, Notifier, Services } from '../services';
import type { CommandName, KnowledgeOutcome, StreamEventNote } from './knowledgeApi';
import { streamFailed, type FailureContext, type Feature } from './knowledgeMessages';
import { ProgressText } from './progressText';

export interface TurnSpec {
  command: CommandName;
  feature: Feature;
  /** The user message the chat panel shows. */
  prompt: string;
  /** Status bar / cancel picker label. */
  label: string;
  /** Progress notification title. */
  progressTitle: string;
  request: StreamRequest;
  failure: Omit<FailureContext, 'partialChars'>;
  /** Extra button when Writer answers 404 (e.g. "Pick Graphs"). */
  onNotFound?: NotificationAction;
}

export class KnowledgeTurns implements vscode.Disposable {
  private readonly finished = new vscode.EventEmitter<KnowledgeOutcome>();
  private readonly received = new vscode.EventEmitter<StreamEventNote>();
  readonly onDidFinish = this.finished.event;
  readonly onDidReceive = this.received.event;
  private readonly running = new Set<StreamHandle>();

  constructor(
    private readonly services: Services,
    private readonly chat: ChatSurface,
    private readonly notifier: Notifier,
  ) {}

  /** Resolves with the outcome of the first attempt (a Retry from the chat panel reports separately). */
  async run(spec: TurnSpec): Promise<KnowledgeOutcome> {
    let first: Promise<KnowledgeOutcome> | undefined;
    const turn: TurnState = { attempts: 0 };
    const start = async (): Promise<StreamHandle> => {
      const attempt = await this.startAttempt(spec, turn);
      first ??= attempt.outcome;
      return attempt.handle;
    };
    const handle = await start();
    try {
      await this.chat.streamExternalTurn({ kind: spec.feature, prompt: spec.prompt, handle, retry: start });
    } catch (err) {
      // The answer still streams (the tap reads it) and its outcome is still reported below.
      this.services.log.error(`[knowledge] chat panel could not show the turn: ${String(err)}`);
    }
    return first!;
  }

  /** Aborts every running answer, as the progress notification's Cancel button does. */
  cancelRunning(): void {
    for (const h of this.running) h.abort();
  }

  private async startAttempt(spec: TurnSpec, turn: TurnState): Promise<{ handle: StreamHandle; outcome: Promise<KnowledgeOutcome> }> {
    const attempt = ++turn.attempts;
    const raw = await this.services.client.start(spec.request, { label: spec.label, kind: spec.feature, handlesErrors: true });
    const progress = new ProgressText(spec.feature);
    let report: ((message: string) => void) | undefined;
    const handle = observeEvents(raw, (event) => {
      progress.update(event);
      report?.(progress.text());
      this.received.fire({ feature: spec.feature, event });
    });
    this.running.add(handle);
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: spec.progressTitle, cancellable: true },
      (p, token) => {
        const sub = token.onCancellationRequested(() => handle.abort());
        report = throttle((message) => p.report({ message }), 250);
        report(progress.text());
        return handle.result.finally(() => sub.dispose());
      },
    );
    const outcome = handle.result.then((result) => {
      this.running.delete(handle);
      return this.settle(spec, result, () => turn.attempts > attempt);
    });
    return { handle, outcome };
  }

  /** `superseded`: the chat panel has retried this turn since (its own Retry button). */
  private settle(spec: TurnSpec, result: StreamResult, superseded: () => boolean): KnowledgeOutcome {
    const error = result.error;
    const partialChars = result.text.length;
    let outcome: KnowledgeOutcome;
    if (!error) {
      outcome = { command: spec.command, status: 'done', request: spec.request, result };
    } else if (error.kind === 'cancelled') {
      vscode.window.setStatusBarMessage(
        partialChars > 0 ? 'Stream Assist: stopped. The partial answer is kept in the chat.' : 'Stream Assist: stopped.',
        5000,
      );
      outcome = { command: spec.command, status: 'cancelled', request: spec.request, result };
    } else {
      const actions: NotificationAction[] = [];
      if (error.kind === 'auth') actions.push({ title: 'Set API Key', run: () => this.services.promptForApiKey() });
      if (error.kind === 'not-found' && spec.onNotFound) actions.push(spec.onNotFound);
      // A new turn with the same request; the chat panel's own Retry re-runs this turn in place.
      // A notification cannot be closed from code, so a stale one just shows the chat instead.
      actions.push({ title: 'Retry', run: () => (superseded() ? this.chat.reveal() : this.run(spec)) });
      const message = this.notifier.show('error', streamFailed(spec.feature, error, { ...spec.failure, partialChars }), actions);
      outcome = { command: spec.command, status: 'error', request: spec.request, result, message };
    }
    return this.record(outcome);
  }

  record(outcome: KnowledgeOutcome): KnowledgeOutcome {
    this.finished.fire(outcome);
    return outcome;
  }

  dispose(): void {
    this.cancelRunning();
    this.finished.dispose();
    this.received.dispose();
  }
}

interface TurnState {
  /** Attempts started for this turn: the first, plus each Retry from the chat panel. */
  attempts: number;
}

/** At most one call per `ms`, always delivering the latest value. */
function throttle(fn: (value: string) => void, ms: number): (value: string) => void {
  let lastAt = 0;
  let pending: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (value) => {
    const wait = lastAt + ms - Date.now();
    if (wait <= 0) {
      lastAt = Date.now();
      fn(value);
      return;
    }
    pending = value;
    timer ??= setTimeout(() => {
      timer = undefined;
      lastAt = Date.now();
      if (pending !== undefined) fn(pending);
      pending = undefined;
    }, wait);
  };
}
