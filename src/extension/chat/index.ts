// The chat feature: the `streamAssist.chat` webview view, its commands, and the ChatSurface the
// Knowledge Graph and agent features stream their turns into.
import * as vscode from 'vscode';
import { PROVIDER_NAMES, type Provider } from '../../core';
import type { ChatSurface, Services } from '../services';
import { ChatController } from './chatController';
import { CHAT_VIEW_ID, ChatViewProvider } from './chatViewProvider';
import { ConversationStore } from './conversationStore';
import { EditorActions } from './editorActions';
import { ChatContext } from './chatContext';
import { selectionAttachment } from './selectionAttachment';

/** What registerChat returns: the ChatSurface, plus the live objects for the extension-host tests. */
export interface ChatFeature extends ChatSurface {
  readonly controller: ChatController;
  readonly provider: ChatViewProvider;
}

/** What Ask the Web says when the provider cannot search (it names what to change). */
export function webNeedsWriter(provider: Provider): string {
  return `Web search answers are a Writer feature, but Stream Assist is set to the ${PROVIDER_NAMES[provider]} provider. Set "streamAssist.provider" to "writer" (and set a Writer API key) to use them.`;
}

export function registerChat(services: Services): ChatFeature {
  const { extension } = services;
  const notifier = services.notifications.for('chat');
  const store = new ConversationStore(
    extension.globalStorageUri.fsPath,
    () => {
      const s = services.settings.current();
      return { systemPrompt: s.systemPrompt, model: s.model, temperature: s.temperature };
    },
    services.log,
  );
  const editor = new EditorActions(notifier);
  // The provider and the controller need each other: the controller is created right after.
  let controller: ChatController | undefined;
  const provider = new ChatViewProvider(extension.extensionUri, services.log, (m) => controller?.handle(m));
  const context = new ChatContext(services, store, editor);
  controller = new ChatController(services, store, provider, editor, context);
  const ctl = controller;

  const reveal = async () => {
    await provider.reveal();
    provider.post({ type: 'focusInput' });
  };

  extension.subscriptions.push(
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, provider),
    provider,
    editor,
    context,
    ctl,
    services.settings.onDidChange(() => {
      ctl.refreshModels();
      ctl.postState();
    }),
    vscode.commands.registerCommand('streamAssist.openChat', reveal),
    vscode.commands.registerCommand('streamAssist.newChat', async () => {
      ctl.newConversation();
      await reveal();
    }),
    // Returns the answer's result (or why nothing was asked), so tests and other commands can follow it.
    vscode.commands.registerCommand('streamAssist.askWeb', async (args?: { question?: string }) => {
      const { provider } = services.settings.current();
      if (provider !== 'writer') {
        const error = webNeedsWriter(provider);
        notifier.show('warning', error, [{ title: 'Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'streamAssist.provider') }]);
        return { error };
      }
      const question =
        typeof args?.question === 'string'
          ? args.question
          : await vscode.window.showInputBox({ title: 'Stream Assist: Ask the Web', prompt: 'The answer uses Writer web search and cites the pages it used.', placeHolder: 'What changed in the latest Node.js LTS?', ignoreFocusOut: true });
      if (!question?.trim()) return undefined;
      await reveal();
      return ctl.askWeb(question.trim());
    }),
    vscode.commands.registerCommand('streamAssist.addSelectionToChat', async () => {
      const ed = vscode.window.activeTextEditor;
      const text = ed && selectionAttachment(ed);
      if (!text) {
        notifier.show('info', 'select some code first, then add it to the chat.');
        return;
      }
      await provider.reveal();
      ctl.insertDraft(text);
    }),
  );

  const feature: ChatFeature = {
    controller: ctl,
    provider,
    reveal,
    streamExternalTurn: (turn) => ctl.streamExternalTurn(turn),
  };
  return feature;
}
