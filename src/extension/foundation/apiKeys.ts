// API keys live in SecretStorage only (OS keychain / encrypted store), one per provider and
// base-URL origin, so a Requesty key is never sent to a local Ollama or another gateway.
import * as vscode from 'vscode';
import type { Provider } from '../../core/types';
import { originOf } from './endpoint';

const PREFIX = 'streamAssist.apiKey/';

/** Secret name, e.g. `streamAssist.apiKey/writer/https://api.writer.com`. */
function secretName(provider: Provider, baseUrl: string): string {
  return `${PREFIX}${provider}/${originOf(baseUrl)}`;
}

export class ApiKeyStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when any Stream Assist key is stored or removed (also from another window). */
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;
  // Each SecretStorage read is a round trip to the workbench (tens of ms while a webview is busy),
  // which would sit in front of every request; keep the lookups in memory, dropped on any change.
  private readonly cache = new Map<string, Promise<string | undefined>>();

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (!e.key.startsWith(PREFIX)) return;
      this.cache.delete(e.key);
      this.emitter.fire();
    });
  }

  get(provider: Provider, baseUrl: string): Promise<string | undefined> {
    const name = secretName(provider, baseUrl);
    let key = this.cache.get(name);
    if (!key) {
      key = Promise.resolve(this.secrets.get(name)).then((k) => (k ? k : undefined));
      this.cache.set(name, key);
      // A failed read is not remembered.
      key.catch(() => this.cache.delete(name));
    }
    return key;
  }

  async has(provider: Provider, baseUrl: string): Promise<boolean> {
    return (await this.get(provider, baseUrl)) !== undefined;
  }

  /** Stores the trimmed key; refuses an empty one. */
  async set(provider: Provider, baseUrl: string, apiKey: string): Promise<void> {
    const trimmed = apiKey.trim();
    if (!trimmed) throw new Error('The API key is empty.');
    const name = secretName(provider, baseUrl);
    this.cache.delete(name);
    await this.secrets.store(name, trimmed);
    this.cache.delete(name);
  }

  /** Removes the key; resolves false when there was none. */
  async delete(provider: Provider, baseUrl: string): Promise<boolean> {
    const had = await this.has(provider, baseUrl);
    const name = secretName(provider, baseUrl);
    this.cache.delete(name);
    if (had) await this.secrets.delete(name);
    this.cache.delete(name);
    return had;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
