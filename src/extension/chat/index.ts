import * as vscode from 'vscode';
import type { ChatSurface, Services } from '../services';

// Placeholder until the chat panel lands (issue 4).
export function registerChat(services: Services): ChatSurface {
  const notYet = () => vscode.window.showInformationMessage('Stream Assist: the chat panel is not available yet.');
  for (const id of ['streamAssist.openChat', 'streamAssist.newChat', 'streamAssist.addSelectionToChat']) {
    services.context.subscriptions.push(vscode.commands.registerCommand(id, notYet));
  }
  return {
    reveal: async () => {},
    streamExternalTurn: (turn) => turn.handle.result,
  };
}
