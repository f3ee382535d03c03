// A stream that never reached the network (no key, no base URL, plain-http send refused):
// it ends at once with one error event, so callers handle it exactly like a failed request.
import type { StreamErrorInfo, StreamEvent, StreamHandle, StreamResult } from '../../core/types';

/** A result with nothing received: no text, no metadata, no error (`over` sets fields). */
export function emptyStreamResult(over: Partial<StreamResult> = {}): StreamResult {
  return {
    text: '',
    reasoning: '',
    refusal: null,
    webSources: [],
    finishReason: null,
    toolCalls: [],
    usage: null,
    graphData: null,
    sources: [],
    subqueries: [],
    references: null,
    stages: [],
    title: null,
    error: null,
    termination: null,
    dataEvents: 0,
    ...over,
  };
}

export function failedHandle(error: StreamErrorInfo): StreamHandle {
  const result = emptyStreamResult({ error });
  const events: StreamEvent[] = [{ type: 'error', error }];
  return {
    events: (async function* () {
      yield* events;
    })(),
    result: Promise.resolve(result),
    abort() {},
    retryNow() {},
  };
}

