// Streams from bodies or text already at hand: whole bodies through decoder + accumulator (tests,
// the fuzzer, benchmarks), and a finished handle for known text (Apply of a whole-file code block).

import type { Endpoint, StreamEvent, StreamHandle, StreamResult } from './types';
import { EventChannel } from './channel';
import { createStreamDecoder, type DecoderOptions } from './decoder';
import { Accumulator } from './accumulate';

/** Decodes `chunks` (in order, as separate reads) and returns the events and the accumulated result. */
export function decodeChunks(endpoint: Endpoint, chunks: Iterable<Uint8Array>, options?: DecoderOptions): { events: StreamEvent[]; result: StreamResult } {
  const dec = createStreamDecoder(endpoint, options);
  const events: StreamEvent[] = [];
  for (const c of chunks) dec.push(c, events);
  dec.end(events);
  const acc = new Accumulator();
  acc.addAll(events);
  acc.dataEvents = dec.dataEvents;
  return { events, result: acc.result() };
}

/** A finished stream for text already at hand (a chat code block applied as it is): one text event, then done. */
export function textHandle(text: string): StreamHandle {
  const events: StreamEvent[] = [{ type: 'text', text }, { type: 'finish', reason: 'stop' }, { type: 'done', termination: 'eof_after_finish' }];
  const channel = new EventChannel();
  channel.pushAll(events);
  channel.close();
  const acc = new Accumulator();
  acc.addAll(events);
  return { events: channel, result: Promise.resolve(acc.result()), abort: () => {}, retryNow: () => {} };
}
