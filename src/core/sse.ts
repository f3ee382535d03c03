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
    const text = this.decoder.decode(bytes, { stream: true });
    if (text.length === 0) return;
    this.trackLine(text);
    if (this.stopped) return;
    this.parser.feed(text);
  }

  end(): void {
    if (this.stopped) return;
    const rest = this.decoder.decode();
    if (rest) {
      this.trackLine(rest);
      if (this.stopped) return;
      this.parser.feed(rest);
    }
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
