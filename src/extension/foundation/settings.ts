// The settings reader: validated `streamAssist.*` values, one warning per newly invalid value
// (naming the setting, with "Open Settings"), and an event when they change. Never throws.
import * as vscode from 'vscode';
import type { Settings, SettingsReader } from '../services';
import { validateSettings, type SettingKey, type SettingProblem, type ValidatedSettings } from './settingsValidation';
import { messageOf } from '../../shared/text';

const SECTION = 'streamAssist';

export class SettingsService implements SettingsReader, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Settings>();
  readonly onDidChange = this.emitter.event;
  /** Every warning shown, oldest first (tests and diagnostics read this). */
  readonly warnings: string[] = [];
  /** Problems already reported and still present: each is shown once, not on every read. */
  private reported = new Set<string>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) this.emitter.fire(this.current());
    });
  }

  get lastWarning(): string | undefined {
    return this.warnings[this.warnings.length - 1];
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
    const text = `Stream Assist: ${fresh.map((p) => p.message).join(' ')}`;
    this.warnings.push(text);
    this.log.warn(text);
    const query = fresh.length === 1 ? fresh[0].setting : `@ext:stream-assist.stream-assist`;
    void vscode.window.showWarningMessage(text, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', query);
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
