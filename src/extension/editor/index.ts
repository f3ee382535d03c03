import * as vscode from 'vscode';
import type { Services } from '../services';

// Placeholder until editor streaming lands (issue 5).
export function registerEditorStreaming(services: Services) {
  const notYet = () => vscode.window.showInformationMessage('Stream Assist: streaming into the editor is not available yet.');
  for (const id of ['streamAssist.generateAtCursor', 'streamAssist.rewriteSelection', 'streamAssist.revertLastGeneration']) {
    services.context.subscriptions.push(vscode.commands.registerCommand(id, notYet));
  }
  return {};
}
