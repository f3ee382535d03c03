// createServices: the foundation every feature plugs into (settings, keys, ApiClient, stream
// registry + status bar, log). Activation stays cheap: no network, the core loads on first use.
import * as vscode from 'vscode';
import type { ApiKeyStatus, Services } from '../services';
import { registerApiKeyCommands, promptForApiKey } from './apiKeyCommands';
import { ApiKeyStore } from './apiKeys';
import { registerCancelCommand } from './cancelCommand';
import { closeCoreConnections, FoundationApiClient } from './client';
import { createLogChannel } from './log';
import { NotificationService } from './notifications';
import { PlainHttpConsent } from './plainHttpConsent';
import { QuickInputService } from './quickInput';
import { SettingsService } from './settings';
import { StatusBar } from './statusBar';
import { registerStatusMenu } from './statusMenu';
import { bindStreamingContextKey } from './streamingContextKey';
import { StreamRegistryService } from './streamRegistry';

export type { SetApiKeyArgs, SetApiKeyResult, KeyCheck } from './apiKeyCommands';
export type { CancelArgs } from './cancelCommand';

/** Services plus the foundation's concrete objects (extension-host tests reach them through the exports). */
export interface FoundationServices extends Services {
  readonly settings: SettingsService;
  readonly streams: StreamRegistryService;
  readonly client: FoundationApiClient;
  readonly apiKeys: ApiKeyStore;
  readonly statusBar: StatusBar;
  readonly notifications: NotificationService;
  /** How long activation took; `activateMs` is filled in just after activate() returns. */
  readonly activation: ActivationTimes;
}

export interface ActivationTimes {
  /** createServices() alone. */
  createServicesMs: number;
  /** From createServices() to activate() having returned (features registered too). */
  activateMs?: number;
}

export function createServices(context: vscode.ExtensionContext): FoundationServices {
  const started = performance.now();
  const log = createLogChannel();
  const notifications = new NotificationService(log);
  const quickInput = new QuickInputService(context.globalState);
  const settings = new SettingsService(log, notifications.for('settings'));
  const apiKeys = new ApiKeyStore(context.secrets);
  const streams = new StreamRegistryService();
  const consent = new PlainHttpConsent();
  let prompt: () => Promise<void> = async () => {};
  const client = new FoundationApiClient({
    settings,
    keys: apiKeys,
    channel: log,
    consent,
    registry: streams,
    notifier: notifications.for('client'),
    promptForApiKey: () => prompt(),
  });
  const keyDeps = { settings, keys: apiKeys, client, notifier: notifications.for('keys') };
  prompt = async () => {
    await promptForApiKey(keyDeps);
  };
  const statusBar = new StatusBar(streams, settings, apiKeys);
  const apiKeyStatus: ApiKeyStatus = {
    isSet: () => {
      const s = settings.current();
      return apiKeys.has(s.provider, s.baseUrl);
    },
    onDidChange: apiKeys.onDidChange,
  };

  // Disposed in this order: streams are cancelled before connections close and the log goes last.
  context.subscriptions.push(
    settings,
    apiKeys,
    streams,
    statusBar,
    ...registerApiKeyCommands(keyDeps),
    registerCancelCommand(streams),
    registerStatusMenu(),
    bindStreamingContextKey(streams),
    notifications,
    quickInput,
    vscode.commands.registerCommand('streamAssist.showLog', () => log.show(true)),
    { dispose: closeCoreConnections },
    log,
  );

  const activation: ActivationTimes = { createServicesMs: performance.now() - started };
  // A microtask runs once activate() (which builds the features on these services) has returned.
  void Promise.resolve().then(() => {
    activation.activateMs = performance.now() - started;
    log.info(`activated in ${activation.activateMs.toFixed(1)} ms (foundation services ${activation.createServicesMs.toFixed(1)} ms)`);
  });

  return {
    extension: { extensionUri: context.extensionUri, globalStorageUri: context.globalStorageUri, globalState: context.globalState, subscriptions: context.subscriptions },
    log,
    quickInput,
    settings,
    client,
    streams,
    apiKeys,
    apiKeyStatus,
    statusBar,
    notifications,
    activation,
    promptForApiKey: () => prompt(),
  };
}
