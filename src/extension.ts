// Wiring only: build the foundation services, then plug each feature into them.
import * as vscode from 'vscode';
import { createServices } from './extension/foundation';
import { registerChat } from './extension/chat';
import { registerEditorStreaming } from './extension/editor';
import { registerKnowledge } from './extension/knowledge';
import { registerLanguageModels } from './extension/lm';
import { exportsFor, testApi, type LiveObjects } from './extension/testApi';

function wire(context: vscode.ExtensionContext): LiveObjects {
  const services = createServices(context);
  const chat = registerChat(services);
  const editor = registerEditorStreaming(services);
  const knowledge = registerKnowledge(services, chat);
  const languageModels = registerLanguageModels(services);
  return { context, services, chat, editor, knowledge, languageModels };
}

/** What the extension-host tests reach through the exports (test mode only). */
export type StreamAssistApi = ReturnType<typeof testApi>;

export function activate(context: vscode.ExtensionContext): StreamAssistApi | undefined {
  const live = wire(context);
  return exportsFor(context.extensionMode === vscode.ExtensionMode.Test, () => testApi(live));
}

export function deactivate(): void {}
