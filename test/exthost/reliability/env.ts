// Shared plumbing for the reliability suites: the live extension API, settings that are always
// put back, polling, and a process-wide record of unhandled promise rejections.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StreamAssistApi } from '../../../src/extension';
import type { ChatFeature } from '../../../src/extension/chat';

export const EXTENSION_ID = 'stream-assist.stream-assist';
/** The status bar item's text when nothing streams (foundation statusBar.ts). */
export const IDLE_TEXT = '$(sparkle) Stream Assist';
/** Repository root: this file runs from out/test/exthost/reliability/. */
export const ROOT = path.resolve(__dirname, '../../../..');

export interface Live {
  api: StreamAssistApi;
  services: StreamAssistApi['services'];
  chat: ChatFeature;
}

export async function activate(): Promise<Live> {
  const ext = vscode.extensions.getExtension<StreamAssistApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
  const api = await ext.activate();
  // registerChat is typed as the ChatSurface but returns the ChatFeature (controller + provider) behind it.
  return { api, services: api.services, chat: api.chat as ChatFeature };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitFor(what: string, pred: () => boolean, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(20);
  }
}

/** Like waitFor, but answers whether it happened instead of throwing. */
export async function eventually(pred: () => boolean, timeoutMs: number): Promise<boolean> {
  try {
    await waitFor('', pred, timeoutMs);
    return true;
  } catch {
    return false;
  }
}

/** Global settings changed by a suite; `reset()` puts every one back to its default. */
export class SettingsScope {
  private readonly touched = new Set<string>();

  async set(section: string, values: Record<string, unknown>): Promise<void> {
    const config = vscode.workspace.getConfiguration(section);
    for (const [key, value] of Object.entries(values)) {
      this.touched.add(`${section}.${key}`);
      await config.update(key, value, vscode.ConfigurationTarget.Global);
    }
  }

  async reset(): Promise<void> {
    for (const id of this.touched) {
      const dot = id.indexOf('.');
      await vscode.workspace.getConfiguration(id.slice(0, dot)).update(id.slice(dot + 1), undefined, vscode.ConfigurationTarget.Global);
    }
    this.touched.clear();
  }
}

/**
 * Every unhandled rejection in the extension host while installed (VS Code's own handler still runs).
 * Mocha's runner re-emits each one to the other listeners, so they are counted once per promise.
 * Node reports them a little late (~100 ms here): wait before reading.
 */
export class RejectionWatch {
  readonly seen: string[] = [];
  private readonly promises = new WeakSet<Promise<unknown>>();
  private readonly listener = (reason: unknown, promise: Promise<unknown>) => {
    if (this.promises.has(promise)) return;
    this.promises.add(promise);
    this.seen.push(reason instanceof Error ? `${reason.name}: ${reason.message}\n${reason.stack ?? ''}` : String(reason));
  };

  install(): void {
    process.on('unhandledRejection', this.listener);
  }

  dispose(): void {
    process.off('unhandledRejection', this.listener);
  }

  since(mark: number): string[] {
    return this.seen.slice(mark);
  }
}

/** Idle as the user sees it: no registered stream and the status bar item back to its idle text. */
export function isIdle(live: Live): boolean {
  return live.services.streams.active().length === 0 && live.services.statusBar.item.text === IDLE_TEXT;
}
