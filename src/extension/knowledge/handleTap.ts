// Lets the command watch a stream's events (progress notification, test hooks) while the chat
// panel stays the single consumer of `events`. Pure (no vscode): unit-tested with a fake handle.
import type { StreamEvent, StreamHandle } from '../../core';

/**
 * Returns a handle with the same result/abort/retryNow whose `events` replay what `onEvent`
 * saw. The original events are read at once, so the observer sees them even when the consumer
 * only awaits `result`, and the consumer sees every event even if it starts iterating late.
 */
export function tapHandle(handle: StreamHandle, onEvent: (event: StreamEvent) => void): StreamHandle {
  const queue: StreamEvent[] = [];
  let head = 0;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  void (async () => {
    try {
      for await (const event of handle.events) {
        try {
          onEvent(event);
        } catch {
          // An observer bug must not break the stream the user is reading.
        }
        queue.push(event);
        notify();
      }
    } catch {
      // The core never throws from `events`; if it did, `result` still carries the outcome.
    } finally {
      ended = true;
      notify();
    }
  })();

  let taken = false;
  const events: AsyncIterable<StreamEvent> = {
    [Symbol.asyncIterator]() {
      if (taken) throw new Error('StreamHandle.events has a single consumer.');
      taken = true;
      return (async function* () {
        for (;;) {
          if (head < queue.length) {
            const event = queue[head]!;
            queue[head++] = undefined as unknown as StreamEvent; // release for GC; never read again
            yield event;
            continue;
          }
          if (ended) return;
          await new Promise<void>((resolve) => (wake = resolve));
        }
      })();
    },
  };

  return {
    events,
    result: handle.result,
    abort: () => handle.abort(),
    retryNow: () => handle.retryNow(),
  };
}
