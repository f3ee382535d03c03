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

/** Answer text of `delta.content`: a string, or content parts (strings, `text`/`output_text` parts; `thinking` parts are not answer). */
function contentText(content: unknown): string | undefined {
  if (!Array.isArray(content)) return str(content);
  let t = '';
  for (const part of content) {
    if (typeof part === 'string') t += part;
    else if (isObj(part) && typeof part.text === 'string' && [undefined, 'text', 'output_text'].includes(part.type as string | undefined)) t += part.text;
  }
  return str(t);
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
      return { text: isObj(c.delta) ? contentText(c.delta.content) : undefined, finish: str(c.finish_reason) };
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

/** PROTOCOL §1.3 step 4, widened for OpenRouter: an `error` next to `choices` counts when it is an object or text. */
function isErrorPayload(o: Obj): boolean {
  if (o.object === 'error') return true; // vLLM's flat ErrorResponse
  const e = o.error;
  const withChoices = isObj(e) || (typeof e === 'string' && e !== '');
  return (e !== undefined && e !== null && (o.choices === undefined || withChoices)) || (typeof o.tpe === 'string' && Array.isArray(o.errors));
}

const CHAT: ReadonlySet<Endpoint> = new Set(['writer.chat', 'openai.chat']);

/** `data: [DONE]` with only its blank line missing at EOF. */
function isDone(ev: { type: string; data: string } | undefined): boolean {
  return ev !== undefined && (ev.type === '' || ev.type === 'message') && ev.data.length < 16 && ev.data.trim() === '[DONE]';
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
    if (isDone(ev)) return end('done', 'done_sentinel');
    let p: unknown;
    try {
      p = JSON.parse(ev.data);
    } catch {
      return end('error', 'incomplete', 'malformed');
    }
    if (!isObj(p)) continue;
    const failed = isErrorPayload(p);
    if (failed && !Array.isArray(p.choices)) return end('error', 'error_event', 'in-stream');
    // An error chunk with `choices` (OpenRouter) still gives its text; `finish_reason: "error"` fails the chat.
    const piece = reduce(endpoint, p);
    if (piece.text !== undefined) text += piece.text;
    if (piece.finish !== undefined) finishReason = piece.finish;
    if (failed || (CHAT.has(endpoint) && piece.finish === 'error')) return end('error', 'error_event', 'in-stream');
  }
  if (parse.oversized) return end('error', 'incomplete', 'malformed');
  if (parse.invalidUtf8) return end('error', 'incomplete', 'malformed');
  if (parse.truncated && isDone(parse.trailing)) {
    // A finish seen wins over the unterminated sentinel; without one it counts as `[DONE]`.
    dataEvents++;
    return end('done', HAS_FINISH_MARKER[endpoint] && finishReason !== null ? 'eof_after_finish' : 'done_sentinel');
  }
  if (parse.truncated) return end('error', 'truncated_mid_event', 'malformed');
  if (!HAS_FINISH_MARKER[endpoint]) return end('done', 'eof_clean');
  if (finishReason !== null) return end('done', 'eof_after_finish');
  return end('error', 'incomplete', 'network');
}
