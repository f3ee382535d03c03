// The prompt box: a QuickPick that takes free text and offers recent prompts to pick again.
// Typed text always comes first, so Enter sends what was typed, not a filtered history entry.
import * as vscode from 'vscode';

export interface PromptInputOptions {
  title: string;
  placeholder: string;
  recent: readonly string[];
}

export function askForPrompt(options: PromptInputOptions): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<vscode.QuickPickItem>();
  pick.title = options.title;
  pick.placeholder = options.placeholder;
  pick.ignoreFocusOut = true;
  const recentItems: vscode.QuickPickItem[] = options.recent.map((p) => ({ label: p, description: 'recent' }));
  pick.items = recentItems;
  return new Promise<string | undefined>((resolve) => {
    let result: string | undefined;
    const subscriptions = [
      pick.onDidChangeValue((value) => {
        const typed = value.trim();
        pick.items = typed ? [{ label: typed, description: 'new prompt', alwaysShow: true }, ...recentItems.filter((i) => i.label !== typed)] : recentItems;
      }),
      pick.onDidAccept(() => {
        const chosen = pick.activeItems[0]?.label ?? pick.value;
        if (chosen.trim() === '') return;
        result = chosen.trim();
        pick.hide();
      }),
      pick.onDidHide(() => {
        for (const s of subscriptions) s.dispose();
        pick.dispose();
        resolve(result);
      }),
    ];
    pick.show();
  });
}
