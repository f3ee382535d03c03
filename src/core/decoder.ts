// The pure, synchronous heart of the core: bytes of one response body in, normalized events out.
// No I/O, no timers: the transport, the tests, the fuzzer and the benchmarks all drive this.

import type { Endpoint, StreamErrorInfo, StreamEvent, Termination } from './types';
import { ENDPOINTS } from './endpoints';
import type { DecodeState, WireFormat } from './formats/format';
import { isObject } from './formats/format';
import { SseReader, DEFAULT_MAX_EVENT_CHARS } from './sse';
import { inStreamError, isErrorPayload, makeError, malformedError } from './errors';
import { createRedactor, type Redactor } from './redact';

export interface DecoderOptions {
  /** Longest line / event in characters (default 16 MiB). */
  maxEventChars?: number;
  /** Scrubs secrets from anything taken from the stream into an error. */
  redact?: Redactor;
}

export interface StreamDecoder {
  /** Feed the next bytes; returns the events they completed (appended to `out` if given). */
  push(bytes: Uint8Array, out?: StreamEvent[]): StreamEvent[];
  /** The body ended; returns the final events. Always ends with exactly one `done` or `error` (unless one came earlier). */
  end(out?: StreamEvent[]): StreamEvent[];
  /** Events that carried data so far (`[DONE]` counts). */
  readonly dataEvents: number;
  /** A terminal `done`/`error` event has been produced; further input is ignored. */
  readonly finished: boolean;
}

class Decoder implements StreamDecoder {
  private readonly format: WireFormat;
  private readonly reader: SseReader;
  private readonly state: DecodeState = { finished: false };
  private readonly redact: Redactor;
  private out: StreamEvent[] = [];
  dataEvents = 0;
  finished = false;
  private parsedEvents = 0;

  constructor(endpoint: Endpoint, opts: DecoderOptions) {
    this.format = ENDPOINTS[endpoint].format;
    this.redact = opts.redact ?? createRedactor();
    this.reader = new SseReader(
      {
        event: (data, type) => this.onEvent(data, type),
        oversized: (limit) =>
          this.fail(
            malformedError(
              `The server sent an oversized event (a line or event longer than ${formatSize(limit)} without an end); the stream was stopped.`,
              'Check that the base URL points at a streaming API; the text received so far is kept.',
            ),
            'incomplete',
          ),
        invalidEncoding: () =>
          this.fail(
            malformedError(
              'The server sent bytes that are not valid UTF-8 text; the stream was stopped there.',
              'The text received before them is kept. Try again; if it repeats, the server or a proxy is corrupting the stream.',
            ),
            'incomplete',
          ),
      },
      opts.maxEventChars ?? DEFAULT_MAX_EVENT_CHARS,
    );
  }

  push(bytes: Uint8Array, out: StreamEvent[] = []): StreamEvent[] {
    if (this.finished) return out;
    this.out = out;
    this.reader.push(bytes);
    return out;
  }

  end(out: StreamEvent[] = []): StreamEvent[] {
    if (this.finished) return out;
    this.out = out;
    this.reader.end();
    if (this.finished) return out;
    if (this.reader.truncated && this.reader.unterminated && isDoneSentinel(this.reader.unterminated.data, this.reader.unterminated.type)) {
      // `data: [DONE]` cut off only before its blank line: the end marker itself arrived whole.
      // A finish seen earlier is the stronger proof and names the termination; without one the
      // sentinel counts as it would with its blank line.
      this.dataEvents++;
      this.terminate({ type: 'done', termination: this.format.hasFinishMarker && this.state.finished ? 'eof_after_finish' : 'done_sentinel' });
    } else if (this.reader.truncated) {
      this.fail(malformedError('The connection closed in the middle of an event; the answer is incomplete.', 'Try again; the text received so far is kept.'), 'truncated_mid_event');
    } else if (!this.format.hasFinishMarker) {
      this.terminate({ type: 'done', termination: 'eof_clean' });
    } else if (this.state.finished) {
      this.terminate({ type: 'done', termination: 'eof_after_finish' });
    } else {
      this.fail(
        makeError('network', 'The server closed the stream before the answer was finished.', { action: 'Try again; the text received so far is kept.' }),
        'incomplete',
      );
    }
    return out;
  }

  private onEvent(data: string, type: string | undefined): void {
    if (this.finished) return;
    this.dataEvents++;
    if (type !== undefined && type !== 'message') {
      if (type === 'error') this.fail(inStreamError(data, tryParse(data), this.redact), 'error_event');
      return; // other named events are not ours
    }
    if (isDoneSentinel(data, type)) {
      this.terminate({ type: 'done', termination: 'done_sentinel' });
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      const head = this.redact(data.length > 120 ? `${data.slice(0, 120)}…` : data);
      // After good events the endpoint is clearly right: the event was damaged, so advise a retry.
      const action = this.parsedEvents > 0 ? 'Try again; the text received so far is kept.' : undefined;
      this.fail(malformedError(`The server sent an event that is not valid JSON (${head}).`, action), 'incomplete');
      return;
    }
    this.parsedEvents++;
    if (!isObject(payload)) return;
    const error = isErrorPayload(payload);
    // A failure chunk that still has `choices` (OpenRouter) is decoded first: its text is kept.
    if (error && !Array.isArray(payload.choices)) return this.fail(inStreamError(data, payload, this.redact), 'error_event');
    this.format.decode(payload, this.out, this.state);
    if (error || this.state.failedFinish) {
      const fallback = this.state.failedFinish ? 'The model stopped with an error (finish_reason "error") before the answer was finished.' : undefined;
      this.fail(inStreamError(data, payload, this.redact, fallback), 'error_event');
    }
  }

  private fail(error: StreamErrorInfo, termination: Termination): void {
    this.terminate({ type: 'error', error, termination });
  }

  private terminate(ev: StreamEvent): void {
    if (this.finished) return;
    this.finished = true;
    this.reader.stop();
    this.out.push(ev);
  }
}

/** `[DONE]` is the only non-JSON payload we accept; checked cheaply before trimming. */
function isDoneSentinel(data: string, type: string | undefined): boolean {
  return (type === undefined || type === 'message') && data.length < 16 && data.trim() === '[DONE]';
}

function tryParse(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
}

function formatSize(chars: number): string {
  return chars >= 1024 * 1024 ? `${Math.round((chars / 1024 / 1024) * 10) / 10} MiB` : `${chars} characters`;
}

/** A fresh decoder for one response body of `endpoint`. */
export function createStreamDecoder(endpoint: Endpoint, options: DecoderOptions = {}): StreamDecoder {
  return new Decoder(endpoint, options);
}
