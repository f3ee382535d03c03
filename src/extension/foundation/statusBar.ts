// The always-visible status bar item: idle it names the provider and opens a small menu; while
// anything streams it spins, says what is streaming with live tokens/s, and a click cancels.
import * as vscode from 'vscode';
import type { SettingsReader } from '../services';
import type { ApiKeyStore } from './apiKeys';
import { endpointLabel, isLoopback } from './endpoint';
import type { RegisteredJob, StreamRegistryService } from './streamRegistry';
import { truncate } from '../../shared/text';

export const STATUS_MENU_COMMAND = 'streamAssist.statusBarMenu';
const IDLE_TEXT = '$(sparkle) Stream Assist';
/** Refresh period while streaming: at most 4 updates a second. */
const TICK_MS = 250;
const LABEL_MAX = 32;


/** " · attempt 2 in 3 s" while the only job waits to retry (429/5xx before the answer started). */
function retryText(jobs: readonly RegisteredJob[], now: number): string {
  const retry = jobs.length === 1 ? jobs[0].retry : undefined;
  if (!retry) return '';
  return retry.at > now ? ` · attempt ${retry.attempt} in ${Math.ceil((retry.at - now) / 1000)} s` : ` · attempt ${retry.attempt}`;
}

function rateText(jobs: readonly RegisteredJob[], now: number): string {
  const rates = jobs.map((j) => j.tokensPerSecond(now)).filter((r): r is number => r !== undefined);
  return rates.length ? ` · ${Math.round(rates.reduce((a, b) => a + b, 0))} tok/s` : '';
}

export class StatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private timer: NodeJS.Timeout | undefined;
  private keyState: 'set' | 'missing' | 'not needed' | 'unknown' = 'unknown';
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly registry: StreamRegistryService,
    private readonly settings: SettingsReader,
    private readonly keys: ApiKeyStore,
  ) {
    this.item = vscode.window.createStatusBarItem('streamAssist.status', vscode.StatusBarAlignment.Right, 1000);
    this.item.name = 'Stream Assist';
    this.disposables.push(
      this.item,
      registry.onDidChange(() => this.render()),
      settings.onDidChange(() => this.refreshKeyState()),
      keys.onDidChange(() => this.refreshKeyState()),
    );
    this.render();
    this.item.show();
    this.refreshKeyState();
  }

  /** What the item shows right now (tests read it). */
  get state(): 'idle' | 'streaming' {
    return this.registry.active().length ? 'streaming' : 'idle';
  }

  private refreshKeyState(): void {
    const s = this.settings.current();
    void this.keys.has(s.provider, s.baseUrl).then(
      (has) => {
        this.keyState = has ? 'set' : isLoopback(s.baseUrl) ? 'not needed' : 'missing';
        this.render();
      },
      () => undefined,
    );
  }

  private render(): void {
    const jobs = this.registry.active();
    if (jobs.length === 0) {
      this.stopTimer();
      const s = this.settings.current();
      this.item.text = IDLE_TEXT;
      this.item.tooltip = new vscode.MarkdownString(
        `**Stream Assist**\n\n${endpointLabel(s.provider, s.baseUrl)}, model \`${s.model}\`\n\nAPI key: ${this.keyState}\n\nClick for actions.`,
      );
      this.item.command = { title: 'Stream Assist actions', command: STATUS_MENU_COMMAND };
      this.item.accessibilityInformation = { label: 'Stream Assist: idle. Open actions.' };
      return;
    }
    this.startTimer();
    const now = Date.now();
    const what = jobs.length === 1 ? truncate(jobs[0].label, LABEL_MAX) : `${jobs.length} streams`;
    this.setIfChanged(`$(loading~spin) ${what}${retryText(jobs, now) || rateText(jobs, now)}`);
    const lines = jobs.map((j) => `- ${j.label} (${j.tokens} tokens, ${Math.round((now - j.startedAt) / 1000)} s)`);
    this.item.tooltip = `Streaming:\n${lines.join('\n')}\n\nClick to cancel (Alt+Escape)`;
    this.item.command = { title: 'Cancel streaming', command: 'streamAssist.cancel' };
    this.item.accessibilityInformation = { label: `Stream Assist: streaming ${what}. Activate to cancel.` };
  }

  private setIfChanged(text: string): void {
    if (this.item.text !== text) this.item.text = text;
  }

  private startTimer(): void {
    this.timer ??= setInterval(() => this.render(), TICK_MS);
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stopTimer();
    for (const d of this.disposables) d.dispose();
  }
}
