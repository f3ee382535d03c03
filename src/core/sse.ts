// Bytes → SSE events. A streaming TextDecoder keeps multi-byte characters that are split across
// reads intact; eventsource-parser handles CR/LF/CRLF (also split across reads), comments and
// fields. We add what it lacks: a strict UTF-8 check, an exact bound on every line (even lines it
// would silently skip) and on each event's data, and telling whether the stream ended inside an
// unterminated event.

import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import { Utf8Validator } from './utf8';

export const DEFAULT_MAX_EVENT_CHARS = 16 * 1024 * 1024;

const LF = 10;

export interface SseSink {
  /** One dispatched event with a data field. */
  event(data: string, eventType: string | undefined): void;
  /** A line or event outgrew the limit; the reader stops. */
  oversized(limit: number): void;
  /** The body held bytes that are not UTF-8; the reader stops after the text before them. */
  invalidEncoding(): void;
}

export class SseReader {
  // Strips the one leading BOM the spec allows; the parser must not strip a second (see constructor).
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });
  private readonly utf8 = new Utf8Validator();
  private readonly parser: EventSourceParser;
  private readonly bound: LineBound;
  private stopped = false;
  private ending = false;
  /** Set by end(): an event was still open when the body ended (it is discarded). */
  truncated = false;
  /** That unterminated event, for the one judgement the decoder makes on it (a trailing `[DONE]`). */
  unterminated: { data: string; type: string | undefined } | undefined;

  constructor(
    private readonly sink: SseSink,
    private readonly maxChars: number = DEFAULT_MAX_EVENT_CHARS,
  ) {
    this.bound = new LineBound(maxChars);
    this.parser = createParser({
      // LineBound alone decides, exactly. The parser counts its partial line (prefix included) plus
      // the event's data, which depends on read boundaries; both parts are ≤ maxChars once LineBound
      // passed them, so 2× + slack only keeps it as a backstop.
      maxBufferSize: 2 * maxChars + 64,
      onEvent: (m: EventSourceMessage) => {
        if (this.ending) {
          this.truncated = true;
          this.unterminated = { data: m.data, type: m.event };
        } else if (!this.stopped) sink.event(m.data, m.event);
      },
      onError: (e) => {
        if ((e as { type?: string }).type === 'max-buffer-size-exceeded') this.overflow();
      },
    });
    // eventsource-parser strips a leading U+FEFF from its first chunk, but the TextDecoder already
    // stripped the one BOM the spec allows. A leading blank line dispatches nothing and ends the
    // parser's BOM check, so a second BOM stays part of the first line (spec).
    this.parser.feed('\n');
  }

  /** Stop parsing (after a terminal event); later bytes are ignored. */
  stop(): void {
    this.stopped = true;
  }

  push(bytes: Uint8Array): void {
    if (this.stopped) return;
    const bad = this.utf8.check(bytes);
    if (bad < 0) {
      this.feedText(this.decoder.decode(bytes, { stream: true }));
      return;
    }
    // Only the text before the bad sequence; the decoder is never flushed, so a sequence that began
    // in an earlier read (and is held by the decoder) is dropped rather than turned into U+FFFD.
    if (bad > 0) this.feedText(this.decoder.decode(bytes.subarray(0, bad), { stream: true }));
    this.invalid();
  }

  end(): void {
    if (this.stopped) return;
    // A sequence cut by the end of the body is not UTF-8 either.
    if (!this.utf8.complete) return this.invalid();
    this.feedText(this.decoder.decode());
    if (this.stopped) return;
    // A blank line now would dispatch whatever event is still open; per spec that event is
    // discarded, but seeing it tells us the body was cut mid-event. It also ends (and bounds) an
    // unterminated last line.
    this.ending = true;
    this.feedText('\n\n');
    this.stopped = true;
  }

  private feedText(text: string): void {
    if (text.length === 0 || this.stopped) return;
    const over = this.bound.scan(text);
    if (over < 0) {
      this.parser.feed(text);
      return;
    }
    // Events completed before the over-limit line are still delivered, then the stream stops.
    if (over > 0) this.parser.feed(text.slice(0, over));
    this.overflow();
  }

  private invalid(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.sink.invalidEncoding();
  }

  private overflow(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.sink.oversized(this.maxChars);
  }
}

/**
 * The size rule, exact and independent of read boundaries: no line (terminator excluded, counted
 * while it is still arriving) and no event's data (data lines joined by '\n', counted when each
 * line ends) may exceed `max` characters. Mirrors the parser's line and field splitting.
 */
class LineBound {
  /** Characters of the unfinished line so far. */
  private lineLen = 0;
  /** Its first (up to 6) characters, to tell a `data` line once it ends in a later read. */
  private head = '';
  private dataLen = 0;
  private dataLines = 0;
  /** The last read ended with CR: a leading LF in the next read completes a CRLF, not a blank line. */
  private afterCR = false;

  constructor(private readonly max: number) {}

  /** Accounts for `t`; returns -1, or where the first over-limit line starts in `t` (0 if earlier). */
  scan(t: string): number {
    const max = this.max;
    const n = t.length;
    let pos = 0;
    if (this.afterCR) {
      this.afterCR = false;
      if (t.charCodeAt(0) === LF) pos = 1;
    }
    // Nearest CR and LF, re-searched only once passed (a rescan per line would be quadratic).
    let lf = t.indexOf('\n', pos);
    let cr = t.indexOf('\r', pos);
    while (pos < n) {
      if (lf !== -1 && lf < pos) lf = t.indexOf('\n', pos);
      if (cr !== -1 && cr < pos) cr = t.indexOf('\r', pos);
      const end = cr === -1 ? lf : lf === -1 || cr < lf ? cr : lf;
      if (end === -1) break;
      const carried = this.lineLen;
      const len = carried + end - pos;
      if (len > max) return carried > 0 ? 0 : pos;
      if (len === 0) {
        this.dataLen = 0;
        this.dataLines = 0;
      } else {
        const value = carried === 0 ? dataValueLength(t, pos, len) : dataValueLength(this.head + t.slice(pos, pos + 6), 0, len);
        if (value >= 0) {
          this.dataLen = this.dataLines === 0 ? value : this.dataLen + 1 + value;
          this.dataLines++;
          if (this.dataLen > max) return carried > 0 ? 0 : pos;
        }
        this.lineLen = 0;
        this.head = '';
      }
      pos = end + 1;
      if (end === cr) {
        if (pos === n) this.afterCR = true;
        else if (t.charCodeAt(pos) === LF) pos++;
      }
    }
    if (pos < n) {
      const carried = this.lineLen;
      if (this.head.length < 6) this.head += t.slice(pos, pos + 6 - this.head.length);
      this.lineLen = carried + n - pos;
      if (this.lineLen > max) return carried > 0 ? 0 : pos;
    }
    return -1;
  }
}

/** Length of the value if `s[i…]` starts a `data` field line of `len` characters, else -1. */
function dataValueLength(s: string, i: number, len: number): number {
  if (len < 4 || s.charCodeAt(i) !== 100 || s.charCodeAt(i + 1) !== 97 || s.charCodeAt(i + 2) !== 116 || s.charCodeAt(i + 3) !== 97) return -1;
  if (len === 4) return 0; // `data` without a colon: an empty value
  if (s.charCodeAt(i + 4) !== 58) return -1;
  return len > 5 && s.charCodeAt(i + 5) === 32 ? len - 6 : len - 5;
}
