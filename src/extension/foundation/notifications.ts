// The one way the extension tells the user something outside the chat panel: a notification
// with buttons that does not wait for the user (a command can finish while it stays up), or a
// status bar flash. Every one is logged and fired on `onDidShow`, which is how the extension-host
// tests read what was said and press a button (nothing is recorded here).
import * as vscode from 'vscode';
import type { Notifier, NotificationAction, NotificationSource, NotifyOptions, Severity, ShownNotification, Notifications } from '../services';

const PREFIX = 'Stream Assist';

export class NotificationService implements Notifications, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ShownNotification>();
  readonly onDidShow = this.emitter.event;
  /** Deduplicated texts still on screen. */
  private readonly open = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  for(source: NotificationSource): Notifier {
    return {
      show: (severity, text, actions, options) => this.show(source, severity, text, actions, options),
      flash: (text) => this.flash(source, text),
    };
  }

  show(source: NotificationSource, severity: Severity, text: string, actions: readonly NotificationAction[] = [], options: NotifyOptions = {}): ShownNotification {
    const full = `${PREFIX}${options.label ? ` (${options.label})` : ''}: ${text}`;
    const choose = async (title: string) => {
      const action = actions.find((a) => a.title === title);
      if (!action) throw new Error(`No button "${title}" on: ${full}`);
      await action.run();
    };
    const shown: ShownNotification = { source, severity, text: full, actions: actions.map((a) => a.title), choose };
    if (options.oncePerScreen) {
      if (this.open.has(full)) return shown;
      this.open.add(full);
    }
    this.emitter.fire(shown);
    (severity === 'info' ? this.log.info : this.log.warn).call(this.log, `[${source}] ${full}`);
    const show =
      severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    // Not awaited: the promise only settles when the user clicks or dismisses.
    void show(full, ...shown.actions)
      .then(
        (picked) => {
          this.open.delete(full);
          return picked ? choose(picked) : undefined;
        },
        (err: unknown) => this.log.error(`[${source}] notification failed: ${String(err)}`),
      )
      .then(undefined, (err: unknown) => this.log.error(`[${source}] "${full}" action failed: ${String(err)}`));
    return shown;
  }

  /** A short status bar message (5 s) for outcomes the user caused, e.g. a stop. */
  flash(source: NotificationSource, text: string): ShownNotification {
    const full = `${PREFIX}: ${text}`;
    const shown: ShownNotification = { source, severity: 'status', text: full, actions: [], choose: async () => {} };
    this.emitter.fire(shown);
    this.log.info(`[${source}] ${full}`);
    vscode.window.setStatusBarMessage(`$(info) ${full}`, 5000);
    return shown;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
