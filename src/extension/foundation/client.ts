// The ApiClient features use: pre-flight (key, base URL, plain-http consent), then the core's
// startStream with the current connection options; every stream is registered (status bar,
// cancel) and, unless the caller shows errors itself, failures become notifications.
import * as vscode from 'vscode';
import type { ApplicationInfo, GraphInfo, ModelInfo, StreamErrorInfo, StreamHandle, StreamRequest } from '../../core/types';
import type { ApiClient, Notifier, StartOptions } from '../services';
import { resolveConnection, type ConnectionDeps } from './connection';
import { failedHandle } from './failedHandle';
import type { StreamRegistryService } from './streamRegistry';
import { messageOf } from '../../shared/text';

/** The core is loaded on first use, not at activation (it pulls in undici). */
type Core = typeof import('../../core');
let corePromise: Promise<Core> | undefined;
function loadCore(): Promise<Core> {
  corePromise ??= import('../../core');
  return corePromise;
}

/** Closes the core's keep-alive connections if it was ever loaded (on deactivation). */
export function closeCoreConnections(): void {
  void corePromise?.then((core) => core.closeDispatchers()).catch(() => undefined);
}

export interface ClientDeps extends ConnectionDeps {
  registry: StreamRegistryService;
  notifier: Notifier;
  promptForApiKey(): Promise<void>;
}


export class FoundationApiClient implements ApiClient {
  constructor(private readonly deps: ClientDeps) {}

  async start(request: StreamRequest, options: StartOptions): Promise<StreamHandle> {
    const fail = (error: StreamErrorInfo) => {
      if (!options.handlesErrors) this.report(error, options.label);
      return failedHandle(error);
    };
    const resolved = await resolveConnection(this.deps);
    if (!resolved.ok) return fail(resolved.error);

    let handle: StreamHandle;
    try {
      handle = (await loadCore()).startStream(request, resolved.options);
    } catch (err) {
      // startStream should not throw; if it does (e.g. a request the provider cannot serve), say so like any error.
      return fail({ kind: 'bad-request', message: messageOf(err), action: 'Check the request and the provider settings.', retryable: false });
    }
    const tracked = this.deps.registry.track(handle, options.label, options.kind);
    if (!options.handlesErrors) {
      void tracked.handle.result.then((r) => {
        if (r.error) this.report(r.error, options.label);
      });
    }
    return tracked.handle;
  }

  /** A stream error for a caller that does not show it itself; cancel is silent, the same failure of several streams shows once. */
  private report(error: StreamErrorInfo, label: string): void {
    if (error.kind === 'cancelled') return;
    const isAuth = error.kind === 'auth' || error.status === 401 || error.status === 403;
    // For auth errors the button is the action; otherwise say what the user can do.
    const text = isAuth ? error.message : `${error.message} ${error.action}`.trim();
    const action = isAuth
      ? { title: 'Set API Key', run: () => this.deps.promptForApiKey() }
      : { title: 'Show Log', run: () => vscode.commands.executeCommand('streamAssist.showLog') };
    this.deps.notifier.show('error', text, [action], { label, oncePerScreen: true });
  }

  listModels(): Promise<ModelInfo[]> {
    return this.list((core, options) => core.listModels(options));
  }

  listGraphs(): Promise<GraphInfo[]> {
    return this.list((core, options) => core.listGraphs(options));
  }

  listApplications(): Promise<ApplicationInfo[]> {
    return this.list((core, options) => core.listApplications(options));
  }

  /** Rejects with the core's StreamError (pre-flight failures too: no key, …); read it with the core's errorInfoOf(). */
  private async list<T>(call: (core: Core, options: Parameters<Core['listModels']>[0]) => Promise<T>): Promise<T> {
    const resolved = await resolveConnection(this.deps);
    const core = await loadCore();
    if (!resolved.ok) throw new core.StreamError(resolved.error);
    return call(core, resolved.options);
  }
}
