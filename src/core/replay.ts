// Convenience for tests, the fuzzer and benchmarks: run whole bodies through decoder + accumulator.

import type { Endpoint, StreamEvent, StreamResult } from './types';
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
