// Shows a notification with buttons without waiting for the user, and remembers it, so a
// command can finish (and tests can read what was said and press a button) while it stays up.
import * as vscode from 'vscode';
import type { ShownMessage } from './knowledgeApi';

export interface MessageAction {
  title: string;
  run(): unknown;
}

export class Notifier implements vscode.Disposable {
  private readonly shown = new vscode.EventEmitter<ShownMessage>();
  readonly onDidShow = this.shown.event;
  last: ShownMessage | undefined;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  show(severity: ShownMessage['severity'], text: string, actions: readonly MessageAction[] = []): ShownMessage {
    const full = `Stream Assist: ${text}`;
    const choose = async (title: string) => {
      const action = actions.find((a) => a.title === title);
      if (!action) throw new Error(`No button "${title}" on: ${full}`);
      await action.run();
    };
    const message: ShownMessage = { severity, text: full, actions: actions.map((a) => a.title), choose };
    this.last = message;
    this.shown.fire(message);
    (severity === 'error' ? this.log.warn : this.log.info).call(this.log, `[knowledge] ${full}`);
    const show =
      severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    // Not awaited: the promise only settles when the user clicks or dismisses.
    void show(full, ...message.actions).then(
      (picked) => (picked ? choose(picked) : undefined),
      (err: unknown) => this.log.error(`[knowledge] notification failed: ${String(err)}`),
    ).then(undefined, (err: unknown) => this.log.error(`[knowledge] "${full}" action failed: ${String(err)}`));
    return message;
  }

  dispose(): void {
    this.shown.dispose();
  }
}
