// Drives the real decoder over one chunked body and records what came out, plus the structural
// properties that hold for every input: push/end never throw, exactly one terminal event and it
// is last, nothing after it, error events say what happened and what to do.
import { Accumulator, createStreamDecoder, type ErrorKind, type StreamEvent, type Termination } from '../../src/core';

export interface Observed {
  events: StreamEvent[];
  text: string;
  outcome?: 'done' | 'error';
  termination?: Termination;
  errorKind?: ErrorKind;
  errorMessage?: string;
  finishReason: string | null;
  dataEvents: number;
  /** Wall time of push/end calls only. */
  ms: number;
  /** CPU time of the same calls: the hang bound uses it, so a loaded machine does not trip it. */
  cpuMs: number;
  /** Broken structural properties (each one is a failure). */
  broken: string[];
}

export function observe(endpoint: Parameters<typeof createStreamDecoder>[0], chunks: readonly Uint8Array[], maxEventChars: number): Observed {
  const events: StreamEvent[] = [];
  const broken: string[] = [];
  const dec = createStreamDecoder(endpoint, { maxEventChars });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    for (const c of chunks) dec.push(c, events);
    dec.end(events);
  } catch (e) {
    broken.push(`decoder threw: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;

  const terminals = events.filter((e) => e.type === 'done' || e.type === 'error');
  const last = events[events.length - 1];
  if (terminals.length !== 1) broken.push(`${terminals.length} terminal events (want exactly 1)`);
  else if (last !== terminals[0]) broken.push('terminal event is not the last event');
  if (!dec.finished) broken.push('decoder.finished is false after end()');
  try {
    const more = dec.push(new TextEncoder().encode('data: {"value":"late","delta":"late"}\n\n'));
    if (more.length || dec.end().length) broken.push('events after the terminal event');
  } catch (e) {
    broken.push(`push/end after the end threw: ${String(e)}`);
  }

  let text = '';
  let finishReason: string | null = null;
  for (const e of events) {
    if (e.type === 'text') text += e.text;
    else if (e.type === 'finish') finishReason = e.reason;
    else if (e.type === 'open' || e.type === 'retrying') broken.push(`decoder emitted transport event ${e.type}`);
    else if (e.type === 'error' && !(e.error.message && e.error.action)) broken.push('error event without message/action');
  }

  // The accumulator is what the product shows; it must agree with the raw events.
  try {
    const acc = new Accumulator();
    acc.addAll(events);
    acc.dataEvents = dec.dataEvents;
    const r = acc.result();
    if (r.text !== text) broken.push('Accumulator text differs from the text events');
    const want = last?.type === 'done' || last?.type === 'error' ? last.termination : undefined;
    if (want !== undefined && r.termination !== want) broken.push('Accumulator termination differs from the terminal event');
  } catch (e) {
    broken.push(`Accumulator threw: ${String(e)}`);
  }

  const o: Observed = { events, text, finishReason, dataEvents: dec.dataEvents, ms, cpuMs, broken };
  if (last?.type === 'done') {
    o.outcome = 'done';
    o.termination = last.termination;
  } else if (last?.type === 'error') {
    o.outcome = 'error';
    o.termination = last.termination;
    o.errorKind = last.error.kind;
    o.errorMessage = last.error.message;
  }
  return o;
}
