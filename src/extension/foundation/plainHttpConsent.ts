// Sending the key over plain http:// to a non-loopback host exposes it to the network path:
// ask once per origin with a modal, and remember a "yes" for this session only.
import * as vscode from 'vscode';

const SEND_OVER_HTTP = 'Send Key over HTTP';
const CHANGE_BASE_URL = 'Change Base URL';

/**
 * The modal's buttons, in order. VS Code focuses the first non-cancel button (Enter picks it) and
 * adds its own "Cancel" (Escape) last, so the safe choice must come first: Enter never sends the key.
 */
const CONSENT_BUTTONS: readonly string[] = [CHANGE_BASE_URL, SEND_OVER_HTTP];

export class PlainHttpConsent {
  private readonly allowed = new Set<string>();

  isAllowed(origin: string): boolean {
    return this.allowed.has(origin);
  }

  async confirm(origin: string, endpoint: string): Promise<boolean> {
    if (this.allowed.has(origin)) return true;
    const choice = await vscode.window.showWarningMessage(
      `Send your ${endpoint} API key over unencrypted HTTP?`,
      {
        modal: true,
        detail: `${origin} is not a local address and does not use HTTPS: anyone on the network path can read the key. Use an https:// base URL if the server supports it. A "yes" lasts until VS Code restarts.`,
      },
      ...CONSENT_BUTTONS,
    );
    if (choice === CHANGE_BASE_URL) void vscode.commands.executeCommand('workbench.action.openSettings', 'streamAssist.baseUrl');
    if (choice !== SEND_OVER_HTTP) return false;
    this.allowed.add(origin);
    return true;
  }
}
