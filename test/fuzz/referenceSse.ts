// A tiny reference event-stream parser for the fuzz oracle, written from the WHATWG rules
// (html.spec.whatwg.org "parsing an event stream") and PROTOCOL.md §1.1, sharing no code with the
// decoder: whole-body UTF-8 decode (one BOM stripped), lines end at CRLF | CR | LF, `data`
// appends, `event` names, blank line dispatches when a data line was seen, EOF discards the open
// event. It also models the decoder's size bound (DecoderOptions.maxEventChars) and its rule
// that bytes which are not UTF-8 stop the stream after the text before them.

export interface RefEvent {
  /** Event type; '' when absent or empty (the default `message`). */
  type: string;
  data: string;
}

export interface RefParse {
  /** Events dispatched before the end or before the size bound was hit. */
  events: RefEvent[];
  /** Bytes after the last dispatch held a data line: the body ended mid-event. */
  truncated: boolean;
  /** That unterminated event (never dispatched), when `truncated`. */
  trailing?: RefEvent;
  /** A line or an event's data outgrew `maxChars`; `events` are those dispatched before it. */
  oversized: boolean;
  /** The body held a byte sequence that is not UTF-8; only the text before it was parsed. */
  invalidUtf8: boolean;
}

const utf8 = new TextDecoder('utf-8'); // strips one leading BOM, as the spec says

/**
 * Offset of the first byte sequence that is not well-formed UTF-8 (Unicode table 3-7: no
 * overlongs, surrogates or code points above U+10FFFF; a sequence cut by the end counts), or -1.
 */
export function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) n = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= n; k++) {
      const x = b[i + k];
      if (x === undefined || x < (k === 1 ? lo : 0x80) || x > (k === 1 ? hi : 0xbf)) return i;
    }
    i += n + 1;
  }
  return -1;
}

/** The text a decoder may act on: everything before the first invalid sequence. */
export function decodeBody(bytes: Uint8Array): { text: string; complete: boolean } {
  const bad = firstInvalidUtf8(bytes);
  return { text: utf8.decode(bad < 0 ? bytes : bytes.subarray(0, bad)), complete: bad < 0 };
}

export function parseSse(bytes: Uint8Array, maxChars = Number.POSITIVE_INFINITY): RefParse {
  const { text, complete } = decodeBody(bytes);
  return parseSseText(text, maxChars, complete);
}

/** `complete` false: the text stops where invalid bytes began (no end-of-body classification). */
export function parseSseText(text: string, maxChars = Number.POSITIVE_INFINITY, complete = true): RefParse {
  const r: RefParse = { events: [], truncated: false, oversized: false, invalidUtf8: !complete };
  let data = '';
  let dataLines = 0;
  let type = '';
  // Returns false when the bound stops parsing.
  const line = (s: string): boolean => {
    if (s.length > maxChars) return !(r.oversized = true);
    if (s === '') {
      if (dataLines > 0) r.events.push({ type, data });
      data = '';
      dataLines = 0;
      type = '';
      return true;
    }
    if (s.charCodeAt(0) === 0x3a) return true; // comment
    const colon = s.indexOf(':');
    const field = colon < 0 ? s : s.slice(0, colon);
    let value = colon < 0 ? '' : s.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    if (field === 'data') {
      data = dataLines === 0 ? value : `${data}\n${value}`;
      dataLines++;
      if (data.length > maxChars) return !(r.oversized = true);
    } else if (field === 'event') {
      type = value;
    } // id, retry and unknown fields carry no text
    return true;
  };
  let pos = 0;
  for (;;) {
    let cr = text.indexOf('\r', pos);
    let lf = text.indexOf('\n', pos);
    if (cr < 0) cr = Number.POSITIVE_INFINITY;
    if (lf < 0) lf = Number.POSITIVE_INFINITY;
    const end = Math.min(cr, lf);
    if (end === Number.POSITIVE_INFINITY) break;
    if (!line(text.slice(pos, end))) return r;
    pos = end + (end === cr && lf === cr + 1 ? 2 : 1);
  }
  // Unterminated last line: it still counts against the bound (it is buffered), and if it is a
  // data line the body ended mid-event (PROTOCOL §1.3 step 6); its event is discarded either way.
  const rest = text.slice(pos);
  if (!complete) {
    if (rest.length > maxChars) r.oversized = true;
    return r;
  }
  if (rest !== '' && !line(rest)) return r;
  r.truncated = dataLines > 0;
  if (r.truncated) r.trailing = { type, data };
  return r;
}
