// The settings reader: validated `streamAssist.*` values, one warning per newly invalid value
// (naming the setting, with "Open Settings"), and an event when they change. Never throws.
import * as vscode from 'vscode';
import type { Notifier, Settings, SettingsReader } from '../services';
import { validateSettings, type SettingKey, type SettingProblem, type ValidatedSettings } from './settingsValidation';
import { messageOf } from '../../shared/text';

const SECTION = 'streamAssist';

export class SettingsService implements SettingsReader, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Settings>();
  readonly onDidChange = this.emitter.event;
  /** Problems already reported and still present: each is shown once, not on every read. */
  private reported = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly notifier: Notifier,
  ) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) this.emitter.fire(this.current());
    });
  }

  /** Re-read on every call: it is cheap and never stale right after `update()` resolves. */
  current(): Settings {
    let result: ValidatedSettings;
    try {
      const config = vscode.workspace.getConfiguration(SECTION);
      result = validateSettings((key: SettingKey) => config.get(key));
    } catch (err) {
      // Defensive: a broken settings file must not break activation or a request.
      this.log.error(`Reading settings failed: ${messageOf(err)}`);
      result = validateSettings(() => undefined);
    }
    this.reportNew(result.problems);
    return result.settings;
  }

  private reportNew(problems: SettingProblem[]): void {
    const now = new Set(problems.map((p) => p.message));
    const fresh = problems.filter((p) => !this.reported.has(p.message));
    this.reported = now;
    if (fresh.length === 0) return;
    const query = fresh.length === 1 ? fresh[0].setting : `@ext:stream-assist.stream-assist`;
    this.notifier.show('warning', fresh.map((p) => p.message).join(' '), [
      { title: 'Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', query) },
    ]);
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
