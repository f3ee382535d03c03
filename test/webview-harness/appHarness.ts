// Browser entry for the chat webview tests (not shipped): mounts the real ChatApp with a fake
// VS Code host that records posted messages and keeps setState's value.
import type { HostToWebview, WebviewToHost } from '../../src/shared/webviewProtocol';
import { renderOneShot } from '../../src/webview/render/streamingMarkdown';
import { ChatApp, type PersistedState } from '../../src/webview/view/chatApp';

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
      /** The transcript's DOM (the message list), to compare an updated view with a fresh one. */
      listHtml(): string;
      /** Tags every message node (a JS property, not in the DOM); keptIds() names the tagged ones still shown. */
      markNodes(): number;
      keptIds(): string[];
      /** Receives a message and times it: the synchronous handling, and until the next frame has run. */
      timeReceive(m: HostToWebview): Promise<{ ms: number; framedMs: number }>;
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
  listHtml: () => document.querySelector('.messages')?.innerHTML ?? '',
  markNodes: () => {
    const nodes = Array.from(document.querySelectorAll<HTMLElement>('.messages > article.message'));
    for (const n of nodes) (n as Marked).harnessMark = n.dataset.messageId;
    return nodes.length;
  },
  keptIds: () =>
    Array.from(document.querySelectorAll<HTMLElement>('.messages > article.message'))
      .filter((n) => (n as Marked).harnessMark === n.dataset.messageId)
      .map((n) => n.dataset.messageId!),
  timeReceive: async (m) => {
    const t0 = performance.now();
    current!.app.receive(m);
    const ms = performance.now() - t0;
    // The frame after it (style, layout, paint of what changed), then a task so it has run.
    await new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return { ms, framedMs: performance.now() - t0 };
  },
};

type Marked = HTMLElement & { harnessMark?: string };
