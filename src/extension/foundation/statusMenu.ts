// The idle status bar item's click: a small menu of the things people reach for.
import * as vscode from 'vscode';
import { STATUS_MENU_COMMAND } from './statusBar';

const ENTRIES: ReadonlyArray<vscode.QuickPickItem & { run: () => Thenable<unknown> }> = [
  { label: '$(comment-discussion) Open Chat', run: () => vscode.commands.executeCommand('streamAssist.openChat') },
  { label: '$(key) Set API Key', run: () => vscode.commands.executeCommand('streamAssist.setApiKey') },
  { label: '$(trash) Clear API Key', run: () => vscode.commands.executeCommand('streamAssist.clearApiKey') },
  { label: '$(output) Show Log', run: () => vscode.commands.executeCommand('streamAssist.showLog') },
  {
    label: '$(gear) Settings',
    run: () => vscode.commands.executeCommand('workbench.action.openSettings', '@ext:stream-assist.stream-assist'),
  },
];

export function registerStatusMenu(): vscode.Disposable {
  return vscode.commands.registerCommand(STATUS_MENU_COMMAND, async () => {
    const picked = await vscode.window.showQuickPick(ENTRIES, { title: 'Stream Assist' });
    await picked?.run();
  });
}
