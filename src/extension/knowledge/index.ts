import * as vscode from 'vscode';
import type { ChatSurface, Services } from '../services';

// Placeholder until Knowledge Graph questions and agents land (issue 6).
export function registerKnowledge(services: Services, _chat: ChatSurface) {
  const notYet = () => vscode.window.showInformationMessage('Stream Assist: Knowledge Graph questions and agents are not available yet.');
  for (const id of ['streamAssist.askKnowledgeGraph', 'streamAssist.runAgent']) {
    services.context.subscriptions.push(vscode.commands.registerCommand(id, notYet));
  }
  return {};
}
