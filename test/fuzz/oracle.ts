// The fuzz oracle: what a correct decoder must produce for a body, computed from the reference
// parser's events with the per-endpoint rules of vectors/README.md and PROTOCOL.md §1.3 steps
// 4–6, without any decoder code. Text is the sum of the well-formed events before the first
// terminal one (done sentinel, error event, unparseable JSON, size bound, bytes not UTF-8).
import type { Endpoint, ErrorKind, Termination } from '../../src/core';
import type { RefParse } from './referenceSse';

export interface Expected {
  text: string;
  outcome: 'done' | 'error';
  termination: Termination;
  errorKind?: ErrorKind;
  finishReason: string | null;
  /** Events with data handed to the decoder before it stopped (the terminal one included). */
  dataEvents: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

interface Piece {
  text?: string;
  finish?: string;
}

/** One parsed payload → its text and finish marker, per endpoint (vectors/README.md "text"). */
function reduce(endpoint: Endpoint, p: Obj): Piece {
  switch (endpoint) {
    case 'writer.completions':
      return { text: str(p.value) };
    case 'writer.chat':
    case 'openai.chat': {
      // choices[0]; we never ask for n>1, so a choice numbered other than 0 carries nothing.
      const list = Array.isArray(p.choices) ? p.choices : [];
      const first: unknown = list[0];
      const c = isObj(first) && (first.index === undefined || first.index === 0) ? first : list.find((x): x is Obj => isObj(x) && x.index === 0);
      if (!c) return {};
      return { text: isObj(c.delta) ? str(c.delta.content) : undefined, finish: str(c.finish_reason) };
    }
    case 'writer.graph-question': {
      const q = isObj(p.data) && p.answer === undefined ? p.data : p; // SDK-typed {data: …} wrapper
      return { text: str(q.answer) };
    }
    case 'writer.application': {
      const d = isObj(p.delta) ? p.delta : p;
      return { text: str(d.content) };
    }
    case 'generic.generate':
      return { text: str(p.delta), finish: str(p.finishReason ?? p.finish_reason) };
  }
}

const HAS_FINISH_MARKER: Record<Endpoint, boolean> = {
  'writer.completions': false,
  'writer.graph-question': false,
  'writer.application': false,
  'writer.chat': true,
  'openai.chat': true,
  'generic.generate': true,
};

function isErrorPayload(o: Obj): boolean {
  return (o.error !== undefined && o.error !== null && o.choices === undefined) || (typeof o.tpe === 'string' && Array.isArray(o.errors));
}

export function expectedOutcome(endpoint: Endpoint, parse: RefParse): Expected {
  let text = '';
  let finishReason: string | null = null;
  let dataEvents = 0;
  const end = (outcome: 'done' | 'error', termination: Termination, errorKind?: ErrorKind): Expected => ({ text, outcome, termination, errorKind, finishReason, dataEvents });
  for (const ev of parse.events) {
    dataEvents++;
    if (ev.type !== '' && ev.type !== 'message') {
      if (ev.type === 'error') return end('error', 'error_event', 'in-stream');
      continue; // other named events are not ours
    }
    // `[DONE]` after trimming; a payload padded to 16+ characters is treated as (bad) JSON.
    if (ev.data.length < 16 && ev.data.trim() === '[DONE]') return end('done', 'done_sentinel');
    let p: unknown;
    try {
      p = JSON.parse(ev.data);
    } catch {
      return end('error', 'incomplete', 'malformed');
    }
    if (!isObj(p)) continue;
    if (isErrorPayload(p)) return end('error', 'error_event', 'in-stream');
    const piece = reduce(endpoint, p);
    if (piece.text !== undefined) text += piece.text;
    if (piece.finish !== undefined) finishReason = piece.finish;
  }
  if (parse.oversized) return end('error', 'incomplete', 'malformed');
  if (parse.invalidUtf8) return end('error', 'incomplete', 'malformed');
  if (parse.truncated) return end('error', 'truncated_mid_event', 'malformed');
  if (!HAS_FINISH_MARKER[endpoint]) return end('done', 'eof_clean');
  if (finishReason !== null) return end('done', 'eof_after_finish');
  return end('error', 'incomplete', 'network');
}
