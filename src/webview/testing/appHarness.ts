// Browser entry for the chat webview tests (not shipped): mounts the real ChatApp with a fake
// VS Code host that records posted messages and keeps setState's value.
import type { HostToWebview, WebviewToHost } from '../../shared/webviewProtocol';
import { renderOneShot } from '../render/streamingMarkdown';
import { ChatApp, type PersistedState } from '../view/chatApp';

interface Mounted {
  app: ChatApp;
  posted: WebviewToHost[];
  saved: { value: PersistedState | undefined };
}

let current: Mounted | undefined;

function mount(initial?: PersistedState): void {
  const root = document.getElementById('app') ?? document.body.appendChild(Object.assign(document.createElement('div'), { id: 'app' }));
  const posted: WebviewToHost[] = [];
  const saved = { value: initial };
  const app = new ChatApp(root, {
    post: (m) => posted.push(m),
    getState: () => saved.value,
    setState: (s) => {
      saved.value = JSON.parse(JSON.stringify(s)) as PersistedState; // why: what VS Code stores is a structured clone
    },
  });
  current = { app, posted, saved };
}

declare global {
  interface Window {
    chatHarness: {
      mount(initial?: PersistedState): void;
      receive(m: HostToWebview): void;
      posted(): WebviewToHost[];
      saved(): PersistedState | undefined;
      /** Waits for pending frames and timers (renders are throttled). */
      settle(ms?: number): Promise<void>;
      oneShotHtml(text: string): string;
      bodyHtml(messageId: string): string;
    };
  }
}

window.chatHarness = {
  mount,
  receive: (m) => current!.app.receive(m),
  posted: () => current!.posted,
  saved: () => current!.saved.value,
  settle: (ms = 400) => new Promise((r) => setTimeout(r, ms)),
  oneShotHtml: (text) => {
    const el = document.createElement('div');
    renderOneShot(text, el);
    return el.innerHTML;
  },
  bodyHtml: (id) => document.querySelector(`article[data-message-id="${id}"] .message-body`)?.innerHTML ?? '',
};
