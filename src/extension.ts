// Wiring only: build the foundation services, then plug each feature into them.
import type * as vscode from 'vscode';
import { createServices } from './extension/foundation';
import { registerChat } from './extension/chat';
import { registerEditorStreaming } from './extension/editor';
import { registerKnowledge } from './extension/knowledge';

export function activate(context: vscode.ExtensionContext) {
  const services = createServices(context);
  const chat = registerChat(services);
  const editor = registerEditorStreaming(services);
  const knowledge = registerKnowledge(services, chat);
  // Returned as the extension's exports: the extension-host tests reach the live objects through it.
  return { services, chat, editor, knowledge };
}

export type StreamAssistApi = ReturnType<typeof activate>;

export function deactivate(): void {}
