// Plumbing for the reliability suites on top of ../fixture: the repository root, a process-wide
// record of unhandled promise rejections, and "idle" as the user sees it.
import * as path from 'node:path';
import { IDLE_TEXT, type Live } from '../fixture';

/** Repository root: this file runs from out/test/exthost/reliability/. */
export const ROOT = path.resolve(__dirname, '../../../..');

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
