// API keys live in SecretStorage only (OS keychain / encrypted store), one per provider and
// base-URL origin, so a Requesty key is never sent to a local Ollama or another gateway.
import * as vscode from 'vscode';
import type { Provider } from '../../core/types';
import { originOf } from './endpoint';

const PREFIX = 'streamAssist.apiKey/';

/** Secret name, e.g. `streamAssist.apiKey/writer/https://api.writer.com`. */
export function secretName(provider: Provider, baseUrl: string): string {
  return `${PREFIX}${provider}/${originOf(baseUrl)}`;
}

export class ApiKeyStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when any Stream Assist key is stored or removed (also from another window). */
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(PREFIX)) this.emitter.fire();
    });
  }

  async get(provider: Provider, baseUrl: string): Promise<string | undefined> {
    const key = await this.secrets.get(secretName(provider, baseUrl));
    return key ? key : undefined;
  }

  async has(provider: Provider, baseUrl: string): Promise<boolean> {
    return (await this.get(provider, baseUrl)) !== undefined;
  }

  /** Stores the trimmed key; refuses an empty one. */
  async set(provider: Provider, baseUrl: string, apiKey: string): Promise<void> {
    const trimmed = apiKey.trim();
    if (!trimmed) throw new Error('The API key is empty.');
    await this.secrets.store(secretName(provider, baseUrl), trimmed);
  }

  /** Removes the key; resolves false when there was none. */
  async delete(provider: Provider, baseUrl: string): Promise<boolean> {
    const had = await this.has(provider, baseUrl);
    if (had) await this.secrets.delete(secretName(provider, baseUrl));
    return had;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
