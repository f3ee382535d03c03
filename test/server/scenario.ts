// A scenario says how to answer one request: which answer, how fast, and which fault.
// It comes from `#markers` in the prompt (so the real product can trigger it) or from
// `server.nextScenario(...)` (so tests need not touch prompts). Same fields either way.

/** How a vector's bytes are written: all at once, a byte per write, random slices, or one SSE event per write. */
export type Chunking = 'whole' | 'byte' | 'random' | 'event';

export interface Scenario {
  /** Fault, in marker syntax without `#fault=`, e.g. '429:2', '503:html', 'reset-after:5'. See index.ts. */
  fault?: string;
  /** Tokens (events) per second; 0 or absent = as fast as the socket allows. */
  rate?: number;
  /** Named answer: markdown, long, 50KB, code-fenced, plain, multiline, tokens:N, … See answers.ts. */
  answer?: string;
  /** Exact text to stream back (split into ~4-character tokens). */
  echo?: string;
  /** Replay test/vectors/NAME.sse with its sidecar status and headers. */
  vector?: string;
  chunking?: Chunking;
  /** Seed for random chunking (default 1). */
  seed?: number;
  /** Chat routes: N reasoning deltas (`delta.reasoning_content`, as DeepSeek/vLLM send) before the answer. */
  think?: number;
  /** Record the send time of every content delta in `requests[i].sentAt`. */
  stamp?: boolean;
  /** Programmatic only: split the `echo` text into events of this many characters (default: ~4-character tokens). */
  tokenChars?: number;
  /** Echo the received Authorization header back (answer text and error messages): redaction tests. */
  reflectAuth?: boolean;
  /** Seconds for Retry-After on 429/503 faults (default 1). */
  retryAfter?: number;
  /** Where the `redirect` fault points (default: the same path on http://localhost:PORT, a different origin). */
  location?: string;
  /** Only for `nextScenario`: which requests it applies to (default: the streaming POST endpoints). */
  match?: (req: { method: string; path: string }) => boolean;
}

/** `#name=value` or bare `#name`; value runs to the next whitespace (except `#echo=`, which takes the rest of the text). */
const MARKER = /#(fault|rate|answer|vector|chunking|seed|stamp|retry-after|reflect-auth|think)(?:=([^\s#]*))?/g;

export function parseMarkers(text: string): Scenario {
  const s: Scenario = {};
  const echoAt = text.indexOf('#echo=');
  const scanned = echoAt >= 0 ? text.slice(0, echoAt) : text;
  // A prompt flattened from a conversation ends with "\n\nAssistant:" (core flattenMessages): not part of the echo.
  if (echoAt >= 0) {
    const rest = text.slice(echoAt + '#echo='.length);
    // `#/echo` ends the echoed text early (context the product appends after the instruction is dropped).
    const end = rest.indexOf('#/echo');
    s.echo = end >= 0 ? rest.slice(0, end) : rest.replace(/\n\nAssistant:$/, '');
  }
  for (const m of scanned.matchAll(MARKER)) {
    const value = m[2] ?? '';
    switch (m[1]) {
      case 'fault':
        s.fault = value;
        break;
      case 'rate':
        s.rate = Number(value) || 0;
        break;
      case 'answer':
        s.answer = value;
        break;
      case 'vector':
        s.vector = value;
        break;
      case 'chunking':
        if (value === 'whole' || value === 'byte' || value === 'random' || value === 'event') s.chunking = value;
        break;
      case 'seed':
        s.seed = Number(value) || 1;
        break;
      case 'stamp':
        s.stamp = true;
        break;
      case 'think':
        s.think = Math.max(0, Number(value) || 0);
        break;
      case 'reflect-auth':
        s.reflectAuth = true;
        break;
      case 'retry-after':
        s.retryAfter = Number(value);
        break;
    }
  }
  return s;
}

/** Scenario fields without the match function, for the request record. */
export function describe(s: Scenario): Record<string, unknown> {
  const { match: _match, ...rest } = s;
  return rest;
}
