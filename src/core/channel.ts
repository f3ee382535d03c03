// Single-consumer async queue of events. The producer pushes whole batches synchronously (one per
// network read), the consumer awaits one event at a time from the buffer; nothing waits on the
// consumer, so `result` completes even if nobody iterates.

import type { StreamEvent, StreamHandle } from './types';

export class EventChannel implements AsyncIterable<StreamEvent> {
  private buf: StreamEvent[] = [];
  private head = 0;
  private closed = false;
  private taken = false;
  private detached = false;
  private waiter: ((r: IteratorResult<StreamEvent>) => void) | undefined;

  push(e: StreamEvent): void {
    if (this.closed || this.detached) return;
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w({ value: e, done: false });
    } else this.buf.push(e);
  }

  pushAll(events: readonly StreamEvent[]): void {
    for (let i = 0; i < events.length; i++) this.push(events[i]!);
  }

  close(): void {
    this.closed = true;
    const w = this.waiter;
    if (w && this.head >= this.buf.length) {
      this.waiter = undefined;
      w({ value: undefined, done: true });
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    if (this.taken) throw new Error('StreamHandle.events supports a single consumer');
    this.taken = true;
    return {
      next: (): Promise<IteratorResult<StreamEvent>> => {
        if (this.head < this.buf.length) {
          const value = this.buf[this.head++]!;
          // Drop consumed entries now and then so a long stream does not keep them alive.
          if (this.head >= 1024 && this.head * 2 >= this.buf.length) {
            this.buf = this.buf.slice(this.head);
            this.head = 0;
          }
          return Promise.resolve({ value, done: false });
        }
        if (this.closed || this.detached) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiter = resolve));
      },
      return: (): Promise<IteratorResult<StreamEvent>> => {
        // Consumer left early: stop buffering (the stream itself keeps going to `result`).
        this.detached = true;
        this.buf = [];
        this.head = 0;
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

/**
 * The one way to watch a stream besides its consumer: returns a handle with the same
 * result/abort/retryNow whose `events` pass on every event after `observer` saw it. Events are
 * read at once, so the observer sees them even when the consumer only awaits `result`, and a late
 * consumer still gets them all. A throwing observer never breaks the stream the user is reading.
 */
export function observeEvents(handle: StreamHandle, observer: (event: StreamEvent) => void): StreamHandle {
  const channel = new EventChannel();
  void (async () => {
    try {
      for await (const event of handle.events) {
        try {
          observer(event);
        } catch {
          // An observer bug is not the stream's failure.
        }
        channel.push(event);
      }
    } catch {
      // The core never throws from `events`; if it did, `result` still carries the outcome.
    } finally {
      channel.close();
    }
  })();
  return { events: channel, result: handle.result, abort: () => handle.abort(), retryNow: () => handle.retryNow() };
}
