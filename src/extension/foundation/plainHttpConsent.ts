// Sending the key over plain http:// to a non-loopback host exposes it to the network path:
// ask once per origin with a modal, and remember a "yes" for this session only.
import * as vscode from 'vscode';

export class PlainHttpConsent {
  private readonly allowed = new Set<string>();

  isAllowed(origin: string): boolean {
    return this.allowed.has(origin);
  }

  async confirm(origin: string, endpoint: string): Promise<boolean> {
    if (this.allowed.has(origin)) return true;
    const send = 'Send Key over HTTP';
    const choice = await vscode.window.showWarningMessage(
      `Send your ${endpoint} API key over unencrypted HTTP?`,
      {
        modal: true,
        detail: `${origin} is not a local address and does not use HTTPS: anyone on the network path can read the key. Use an https:// base URL if the server supports it. A "yes" lasts until VS Code restarts.`,
      },
      send,
    );
    if (choice !== send) return false;
    this.allowed.add(origin);
    return true;
  }
}
