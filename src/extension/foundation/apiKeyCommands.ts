// "Set API Key" / "Clear API Key" for the current provider and base URL. Interactive: a password
// box, then an offer to check the key against the provider's model list. Automation passes
// `{ apiKey, verify? }` and gets a result object instead of UI.
import * as vscode from 'vscode';
import type { ApiClient, Notifier, SettingsReader } from '../services';
import type { ApiKeyStore } from './apiKeys';
import { endpointLabel } from './endpoint';
import { errorMessageOf } from '../../core';

export interface SetApiKeyArgs {
  apiKey: string;
  /** Check the key against the provider's model list before resolving. */
  verify?: boolean;
}

export type KeyCheck = { ok: true; models: number } | { ok: false; message: string };

export interface SetApiKeyResult {
  stored: boolean;
  /** Why nothing was stored (empty key, input cancelled). */
  reason?: string;
  check?: KeyCheck;
}

export interface KeyCommandDeps {
  settings: SettingsReader;
  keys: ApiKeyStore;
  client: ApiClient;
  notifier: Notifier;
}

async function checkKey(client: ApiClient): Promise<KeyCheck> {
  try {
    const models = await client.listModels();
    return { ok: true, models: models.length };
  } catch (err) {
    return { ok: false, message: errorMessageOf(err) };
  }
}

/** The interactive flow (also `Services.promptForApiKey`). */
const NO_BASE_URL = 'set streamAssist.baseUrl first: the key is stored for that address.';

export async function promptForApiKey(deps: KeyCommandDeps): Promise<SetApiKeyResult> {
  const { provider, baseUrl } = deps.settings.current();
  if (!baseUrl) {
    deps.notifier.show('error', NO_BASE_URL, [
      { title: 'Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'streamAssist.baseUrl') },
    ]);
    return { stored: false, reason: 'no base URL' };
  }
  const endpoint = endpointLabel(provider, baseUrl);
  const value = await vscode.window.showInputBox({
    title: `Stream Assist: API key for ${endpoint}`,
    prompt: 'Stored in VS Code\'s secret storage (your OS keychain), never in settings. Used only for this provider and address.',
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'Paste your API key',
    validateInput: (v) => (v.trim() ? undefined : 'Enter an API key: it cannot be empty.'),
  });
  if (value === undefined) return { stored: false, reason: 'cancelled' };
  if (!value.trim()) return { stored: false, reason: 'empty' };
  await deps.keys.set(provider, baseUrl, value);

  const choice = await vscode.window.showInformationMessage(`Stream Assist: API key saved for ${endpoint}.`, 'Check Key');
  if (choice !== 'Check Key') return { stored: true };
  const check = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Stream Assist: checking the key with ${endpoint}…` },
    () => checkKey(deps.client),
  );
  if (check.ok) {
    deps.notifier.show('info', `the key works. ${endpoint} lists ${check.models} model${check.models === 1 ? '' : 's'}.`);
  } else {
    deps.notifier.show('error', `the key check failed: ${check.message}`, [{ title: 'Set API Key', run: () => promptForApiKey(deps) }]);
  }
  return { stored: true, check };
}

function isSetArgs(value: unknown): value is SetApiKeyArgs {
  return typeof value === 'object' && value !== null && typeof (value as { apiKey?: unknown }).apiKey === 'string';
}

export function registerApiKeyCommands(deps: KeyCommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('streamAssist.setApiKey', async (args?: unknown): Promise<SetApiKeyResult> => {
      if (!isSetArgs(args)) return promptForApiKey(deps);
      if (!args.apiKey.trim()) return { stored: false, reason: 'empty' };
      const { provider, baseUrl } = deps.settings.current();
      if (!baseUrl) return { stored: false, reason: 'no base URL' };
      await deps.keys.set(provider, baseUrl, args.apiKey);
      return args.verify ? { stored: true, check: await checkKey(deps.client) } : { stored: true };
    }),
    vscode.commands.registerCommand('streamAssist.clearApiKey', async (args?: { silent?: boolean }): Promise<boolean> => {
      const { provider, baseUrl } = deps.settings.current();
      const endpoint = endpointLabel(provider, baseUrl);
      const removed = await deps.keys.delete(provider, baseUrl);
      if (!args?.silent) {
        deps.notifier.show('info', removed ? `API key for ${endpoint} removed.` : `no API key was stored for ${endpoint}.`);
      }
      return removed;
    }),
  ];
}
