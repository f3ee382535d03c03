// Bytes → SSE events. A streaming TextDecoder keeps multi-byte characters that are split across
// reads intact; eventsource-parser handles CR/LF/CRLF (also split across reads), comments and
// fields. We add two things it lacks: a bound on line length even for lines it would silently
// skip, and telling whether the stream ended inside an unterminated event.

import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';

export const DEFAULT_MAX_EVENT_CHARS = 16 * 1024 * 1024;

export interface SseSink {
  /** One dispatched event with a data field. */
  event(data: string, eventType: string | undefined): void;
  /** A line or event outgrew the limit; the reader stops. */
  oversized(limit: number): void;
  /** The body held bytes that are not UTF-8; the reader stops after the text before them. */
  invalidEncoding(): void;
}

export class SseReader {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  private readonly parser: EventSourceParser;
  private lineChars = 0;
  private stopped = false;
  private ending = false;
  /** Set by end(): an event was still open when the body ended (it is discarded). */
  truncated = false;

  constructor(
    private readonly sink: SseSink,
    private readonly maxChars: number = DEFAULT_MAX_EVENT_CHARS,
  ) {
    this.parser = createParser({
      maxBufferSize: maxChars,
      onEvent: (m: EventSourceMessage) => {
        if (this.ending) this.truncated = true;
        else if (!this.stopped) sink.event(m.data, m.event);
      },
      onError: (e) => {
        if ((e as { type?: string }).type === 'max-buffer-size-exceeded') this.overflow();
      },
    });
  }

  /** Stop parsing (after a terminal event); later bytes are ignored. */
  stop(): void {
    this.stopped = true;
  }

  push(bytes: Uint8Array): void {
    if (this.stopped) return;
    this.feedText(this.decoder.decode(bytes, { stream: true }), bytes);
  }

  // The decoder is not fatal so the text before a bad byte still reaches the parser; a U+FFFD it
  // produced (rather than one the server actually encoded) means the body is not UTF-8.
  private feedText(text: string, bytes: Uint8Array | undefined): void {
    if (text.length === 0) return;
    const bad = text.indexOf('\uFFFD');
    const invalid = bad !== -1 && !(bytes && encodesReplacementChar(bytes));
    const valid = invalid ? text.slice(0, bad) : text;
    if (valid.length > 0) {
      this.trackLine(valid);
      if (this.stopped) return;
      this.parser.feed(valid);
    }
    if (invalid && !this.stopped) {
      this.stopped = true;
      this.sink.invalidEncoding();
    }
  }

  end(): void {
    if (this.stopped) return;
    this.feedText(this.decoder.decode(), undefined);
    if (this.stopped) return;
    // A blank line now would dispatch whatever event is still open; per spec that event is
    // discarded, but seeing it tells us the body was cut mid-event.
    this.ending = true;
    this.parser.feed('\n\n');
    this.stopped = true;
  }

  // Counts characters since the last line break, so an endless line fails early even when the
  // parser is skipping it rather than buffering it.
  private trackLine(text: string): void {
    // Last line break; look for '\r' only after the last '\n' (a full lastIndexOf scan per read
    // would cost a pass over every LF-only body).
    let last = text.lastIndexOf('\n');
    for (let cr = text.indexOf('\r', last + 1); cr !== -1; cr = text.indexOf('\r', cr + 1)) last = cr;
    this.lineChars = last < 0 ? this.lineChars + text.length : text.length - last - 1;
    if (this.lineChars > this.maxChars) this.overflow();
  }

  private overflow(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.sink.oversized(this.maxChars);
  }
}

/** True when the bytes carry an encoded U+FFFD (EF BF BD), or its tail split from the previous read. */
function encodesReplacementChar(bytes: Uint8Array): boolean {
  if (bytes[0] === 0xbd || (bytes[0] === 0xbf && bytes[1] === 0xbd)) return true;
  for (let i = bytes.indexOf(0xef); i !== -1 && i + 2 < bytes.length; i = bytes.indexOf(0xef, i + 1)) {
    if (bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) return true;
  }
  return false;
}
