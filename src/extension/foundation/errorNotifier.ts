// Stream errors for callers that do not show them themselves: a notification, with
// "Set API Key" for auth errors (no key, 401, 403) and "Show Log" otherwise. Cancel is silent.
import * as vscode from 'vscode';
import type { StreamErrorInfo } from '../../core/types';

export class ErrorNotifier {
  /** Every notification text shown, oldest first (tests read this). */
  readonly shown: string[] = [];
  /** Texts still on screen: the same error from several streams shows once. */
  private readonly open = new Set<string>();

  constructor(private readonly promptForApiKey: () => Promise<void>) {}

  get last(): string | undefined {
    return this.shown[this.shown.length - 1];
  }

  report(error: StreamErrorInfo, label?: string): void {
    if (error.kind === 'cancelled') return;
    const isAuth = error.kind === 'auth' || error.status === 401 || error.status === 403;
    const where = label ? ` (${label})` : '';
    // For auth errors the button is the action; otherwise say what the user can do.
    const text = `Stream Assist${where}: ${error.message}${isAuth ? '' : ` ${error.action}`}`.trim();
    if (this.open.has(text)) return;
    this.open.add(text);
    this.shown.push(text);
    const button = isAuth ? 'Set API Key' : 'Show Log';
    void vscode.window.showErrorMessage(text, button).then((choice) => {
      this.open.delete(text);
      if (choice === 'Set API Key') void this.promptForApiKey();
      else if (choice === 'Show Log') void vscode.commands.executeCommand('streamAssist.showLog');
    });
  }
}
