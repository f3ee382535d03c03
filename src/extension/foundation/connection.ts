// Pre-flight for every request: settings + key + proxy + timeouts → the core's ConnectionOptions,
// or a plain-data error when the request must not leave (no base URL, no key, plain-http refused).
import type * as vscode from 'vscode';
import type { ConnectionOptions, ErrorFix, StreamErrorInfo } from '../../core/types';
import type { Settings, SettingsReader } from '../services';
import type { ApiKeyStore } from './apiKeys';
import { endpointLabel, isInsecureRemote, isLoopback, originOf } from './endpoint';
import { requestLogFor } from './log';
import type { PlainHttpConsent } from './plainHttpConsent';
import { readProxySettings } from './proxySettings';

/** The core's error actions name what to change neutrally; in VS Code they name the setting or command. */
const VS_CODE_NAMES: Partial<Record<ErrorFix, string>> = {
  'set-key': 'a valid API key with "Stream Assist: Set API Key"',
  'base-url': 'streamAssist.baseUrl',
  provider: 'streamAssist.provider',
  proxy: 'http.proxy',
  'proxy-auth': 'the header in http.proxyAuthorization',
  'no-proxy': 'http.noProxy',
  'strict-ssl': 'http.proxyStrictSSL',
  'connect-timeout': 'streamAssist.timeouts.connectSeconds',
  'response-timeout': 'streamAssist.timeouts.responseSeconds',
  'idle-timeout': 'streamAssist.timeouts.idleSeconds',
};

export interface ConnectionDeps {
  settings: SettingsReader;
  keys: ApiKeyStore;
  channel: vscode.LogOutputChannel;
  consent: PlainHttpConsent;
}

export type Resolved =
  | { ok: true; settings: Settings; options: ConnectionOptions }
  | { ok: false; settings: Settings; error: StreamErrorInfo };

const SET_KEY_ACTION = 'Run "Stream Assist: Set API Key" to add one.';

export async function resolveConnection(deps: ConnectionDeps): Promise<Resolved> {
  const settings = deps.settings.current();
  const { provider, baseUrl } = settings;
  const endpoint = endpointLabel(provider, baseUrl);
  const fail = (error: Omit<StreamErrorInfo, 'retryable'>): Resolved => ({ ok: false, settings, error: { ...error, retryable: false } });

  if (!baseUrl) {
    return fail({
      kind: 'bad-request',
      message: 'No base URL is set for the generic API.',
      action: 'Set streamAssist.baseUrl to the base URL of your API.',
    });
  }
  const apiKey = await deps.keys.get(provider, baseUrl);
  // Local servers (Ollama, vLLM, the test server) usually need no key.
  if (!apiKey && !isLoopback(baseUrl)) {
    return fail({ kind: 'auth', message: `No API key is set for ${endpoint}.`, action: SET_KEY_ACTION });
  }
  if (apiKey && isInsecureRemote(baseUrl) && !(await deps.consent.confirm(originOf(baseUrl), endpoint))) {
    return fail({
      kind: 'cancelled',
      message: `Not sent: you declined to send the API key for ${endpoint} over plain HTTP.`,
      action: 'Use an https:// base URL, or confirm sending over HTTP.',
    });
  }
  const options: ConnectionOptions = {
    fixNames: VS_CODE_NAMES,
    provider,
    baseUrl,
    timeouts: settings.timeouts,
    proxy: readProxySettings(),
    maxRetries: settings.maxRetries,
    log: requestLogFor(deps.channel, apiKey ? [apiKey] : []),
  };
  if (apiKey) options.apiKey = apiKey;
  return { ok: true, settings, options };
}
