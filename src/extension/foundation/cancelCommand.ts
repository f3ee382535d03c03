// `streamAssist.cancel`: one job → cancel it; several → quick pick ("Cancel all" or one job).
// Automation passes `{ all: true }` or `{ id }` and gets no UI. Resolves with how many it cancelled.
import * as vscode from 'vscode';
import type { StreamRegistryService } from './streamRegistry';

export interface CancelArgs {
  all?: boolean;
  id?: number;
}

export function registerCancelCommand(registry: StreamRegistryService): vscode.Disposable {
  return vscode.commands.registerCommand('streamAssist.cancel', async (args?: CancelArgs): Promise<number> => {
    const jobs = registry.active();
    if (jobs.length === 0) return 0;
    if (args?.all) {
      registry.cancelAll();
      return jobs.length;
    }
    if (typeof args?.id === 'number') {
      const job = registry.get(args.id);
      job?.cancel();
      return job ? 1 : 0;
    }
    if (jobs.length === 1) {
      jobs[0].cancel();
      return 1;
    }
    type Item = vscode.QuickPickItem & { id?: number };
    const now = Date.now();
    const items: Item[] = [
      { label: '$(debug-stop) Cancel all', description: `${jobs.length} streams` },
      ...jobs.map((j) => ({
        label: j.label,
        description: `${j.kind} · ${j.tokens} tokens · ${Math.round((now - j.startedAt) / 1000)} s`,
        id: j.id,
      })),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Stream Assist: cancel streaming', placeHolder: 'Which stream to cancel?' });
    if (!picked) return 0;
    if (picked.id === undefined) {
      // Cancel what is running now, including anything that started while the pick was open.
      const count = registry.active().length;
      registry.cancelAll();
      return count;
    }
    const job = registry.get(picked.id);
    job?.cancel();
    return job ? 1 : 0;
  });
}
