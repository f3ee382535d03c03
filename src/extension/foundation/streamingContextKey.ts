// `streamAssist.streaming` is true while any job runs: it enables the Alt+Escape cancel
// keybinding and the palette entry for "Cancel Streaming".
import * as vscode from 'vscode';
import type { StreamRegistry } from '../services';

export function bindStreamingContextKey(registry: StreamRegistry): vscode.Disposable {
  let last: boolean | undefined;
  const update = () => {
    const streaming = registry.active().length > 0;
    if (streaming === last) return;
    last = streaming;
    void vscode.commands.executeCommand('setContext', 'streamAssist.streaming', streaming);
  };
  update();
  return registry.onDidChange(update);
}
