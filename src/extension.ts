// Wiring only: build the foundation services, then plug each feature into them.
import * as vscode from 'vscode';
import { createServices } from './extension/foundation';
import { registerChat } from './extension/chat';
import { registerEditorStreaming } from './extension/editor';
import { registerKnowledge } from './extension/knowledge';
import { registerLanguageModels } from './extension/lm';
import { exportsFor } from './extension/exportsPolicy';

function wire(context: vscode.ExtensionContext) {
  const services = createServices(context);
  const chat = registerChat(services);
  const editor = registerEditorStreaming(services);
  const knowledge = registerKnowledge(services, chat);
  const languageModels = registerLanguageModels(services);
  return { services, chat, editor, knowledge, languageModels };
}

/** The live objects the extension-host tests reach through the exports (test mode only). */
export type StreamAssistApi = ReturnType<typeof wire>;

export function activate(context: vscode.ExtensionContext): StreamAssistApi | undefined {
  return exportsFor(context.extensionMode === vscode.ExtensionMode.Test, wire(context));
}

export function deactivate(): void {}
