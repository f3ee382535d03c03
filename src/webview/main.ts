// Webview entry: connects the chat UI to the VS Code webview API. No vscode or node imports here.
import '../../media/chat.css';
import type { HostToWebview } from '../shared/webviewProtocol';
import { ChatApp, type PersistedState } from './view/chatApp';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('app');
if (root) {
  const app = new ChatApp(root, {
    post: (m) => vscode.postMessage(m),
    getState: () => (vscode.getState() ?? undefined) as PersistedState | undefined, // why: we are the only writer of this state
    setState: (s) => vscode.setState(s),
  });
  window.addEventListener('message', (ev: MessageEvent<unknown>) => {
    const data = ev.data;
    // Messages come from our host only, but a malformed one must not break the view.
    if (typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string') app.receive(data as HostToWebview);
  });
  vscode.postMessage({ type: 'ready' });
}
