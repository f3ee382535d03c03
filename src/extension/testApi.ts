// What `activate()` hands out as the extension's exports. Any installed extension can read them
// (`vscode.extensions.getExtension(id).exports`), so the live objects, which reach the API key
// store and SecretStorage, go out only when VS Code runs our own tests (ExtensionMode.Test),
// together with recorders built only then from the same events the product fires. Nothing here
// records in production. No vscode runtime import: the policy is unit-tested in plain Node.
import type * as vscode from 'vscode';
import type { ChatFeature } from './chat';
import type { registerEditorStreaming } from './editor';
import type { FoundationServices } from './foundation';
import type { KnowledgeFeature, KnowledgeOutcome } from './knowledge';
import type { LanguageModelFeature } from './lm';
import type { NotificationSource, ShownNotification } from './services';

/** The test API in the test host; nothing in Production or Development mode (`build` is not even called). */
export function exportsFor<T>(isTestMode: boolean, build: () => T): T | undefined {
  return isTestMode ? build() : undefined;
}

export interface LiveObjects {
  context: vscode.ExtensionContext;
  services: FoundationServices;
  chat: ChatFeature;
  editor: ReturnType<typeof registerEditorStreaming>;
  knowledge: KnowledgeFeature;
  languageModels: LanguageModelFeature;
}

/** Recorders start at activation, so what was said before a test looked (a settings warning) is there too. */
export function testApi(live: LiveObjects) {
  const { services, chat, knowledge, context } = live;
  const shown: ShownNotification[] = [];
  const rejected: string[] = [];
  let lastOutcome: KnowledgeOutcome | undefined;
  context.subscriptions.push(
    services.notifications.onDidShow((n) => shown.push(n)),
    chat.provider.onDidReject((reason) => rejected.push(reason)),
    knowledge.turns.onDidFinish((o) => (lastOutcome = o)),
  );
  const texts = (source?: NotificationSource) => shown.filter((n) => source === undefined || n.source === source).map((n) => n.text);
  const onDidShowFrom =
    (source: NotificationSource): vscode.Event<ShownNotification> =>
    (listener, thisArgs, disposables) =>
      services.notifications.onDidShow((n) => n.source === source && listener.call(thisArgs, n), undefined, disposables);
  return {
    ...live,
    /** Every notification and status bar flash since activation, oldest first. */
    notifications: {
      all: shown,
      texts,
      last: (source?: NotificationSource) => texts(source).at(-1),
    },
    /** Reasons of the webview messages that failed validation, oldest first. */
    rejectedWebviewMessages: rejected,
    knowledge: {
      ...knowledge,
      testing: {
        get last() {
          return lastOutcome;
        },
        get lastMessage() {
          return shown.filter((n) => n.source === 'knowledge').at(-1);
        },
        get activePrompt() {
          return services.quickInput.active;
        },
        onDidFinish: knowledge.turns.onDidFinish,
        onDidShowMessage: onDidShowFrom('knowledge'),
        onDidShowPrompt: services.quickInput.onDidShow,
        onDidReceive: knowledge.turns.onDidReceive,
        /** Same as the progress notification's Cancel button for every running answer. */
        cancelRunning: () => knowledge.turns.cancelRunning(),
      },
    },
  };
}
