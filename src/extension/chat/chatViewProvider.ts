// The `streamAssist.chat` webview view: HTML, resource roots, and the message channel.
// Incoming messages are validated here; posting while the view is hidden or not yet ready is a
// no-op, because the webview asks for a full sync ('ready') whenever it (re)loads.
import * as vscode from 'vscode';
import type { HostToWebview, WebviewToHost } from '../../shared/webviewProtocol';
import { validateWebviewMessage } from './messageValidation';
import { chatHtml } from './webviewHtml';

export const CHAT_VIEW_ID = 'streamAssist.chat';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly rejections = new vscode.EventEmitter<string>();
  /** A message from the webview failed validation and was ignored (the reason). */
  readonly onDidReject = this.rejections.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly onMessage: (message: WebviewToHost) => void,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    view.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    view.webview.html = chatHtml(view.webview, this.extensionUri);
    this.disposables.push(
      view.webview.onDidReceiveMessage((data: unknown) => this.receive(data)),
      // A hidden view usually loses its page (the reloaded page sends 'ready'); if it kept it,
      // patches posted while hidden were dropped, so send a full sync when it shows again.
      view.onDidChangeVisibility(() => {
        if (view.visible && this.ready) this.onMessage({ type: 'requestSync' });
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
      }),
    );
  }

  /** Validates and dispatches one message from the webview (public for the extension-host tests). */
  receive(data: unknown): void {
    const v = validateWebviewMessage(data);
    if (!v.ok) {
      this.rejections.fire(v.reason);
      this.log.warn(`Chat: ignored a malformed message from the webview: ${v.reason}`);
      return;
    }
    if (v.message.type === 'ready') this.ready = true;
    this.onMessage(v.message);
  }

  get isReady(): boolean {
    return this.ready && this.view !== undefined;
  }

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  post(message: HostToWebview): void {
    if (!this.isReady) return;
    void this.view?.webview.postMessage(message);
  }

  async reveal(preserveFocus = false): Promise<void> {
    if (this.view) this.view.show(preserveFocus);
    else await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.rejections.dispose();
  }
}
