// startStream: request → retries (before the first byte of a 2xx only) → SSE decoding → events
// and an accumulated result. Events are produced in batches, one per network read, straight from
// undici's 'data' callback: no await per event, no await per read.

import type { ConnectionOptions, StreamErrorInfo, StreamEvent, StreamHandle, StreamRequest, StreamResult, Termination } from './types';
import { Accumulator } from './accumulate';
import { EventChannel } from './channel';
import { createStreamDecoder } from './decoder';
import { buildHttpRequest } from './endpoints';
import { cancelledError, classifyHttpError, classifyNetworkError, makeError, malformedError, nameFixes, parseErrorEnvelope, type NetworkContext } from './errors';
import { headerValue, requestIdOf, type IncomingHeaders } from './headers';
import { getDispatcher } from './proxy';
import { createRedactor, maskSecrets, secretForms, StreamingMasker, type Redactor } from './redact';
import { withRetries, type Attempt } from './retry';
import { authHeaders, readText, resolveTimeouts, send, type ResponseData } from './transport';

/** After `[DONE]` or an in-stream error we still drain a little so the socket can be reused. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;
const DRAIN_LIMIT_MS = 2_000;

class StreamRun {
  readonly channel = new EventChannel();
  readonly acc = new Accumulator();
  readonly controller = new AbortController();
  readonly result: Promise<StreamResult>;
  private ended = false;
  private wake: (() => void) | undefined;
  private readonly redact: Redactor;
  /** A server may echo the key into the answer itself: events are scrubbed of its forms before anyone sees them. */
  private readonly secrets: string[];
  private readonly textMasker: StreamingMasker;
  /** The kind of streamed piece the masker is holding a tail of. */
  private pieceType: 'text' | 'reasoning' | 'refusal' = 'text';
  private readonly started = Date.now();
  private status: number | undefined;
  private requestId: string | undefined;
  private ttfb: number | undefined;
  private bytes = 0;
  private retries = 0;
  private url = '';

  constructor(
    private readonly request: StreamRequest,
    private readonly options: ConnectionOptions,
    signal: AbortSignal | undefined,
  ) {
    this.redact = createRedactor(options.apiKey);
    this.secrets = secretForms(options.apiKey);
    this.textMasker = new StreamingMasker(this.secrets);
    const onAbort = (): void => this.abort();
    if (signal?.aborted) this.abort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    this.result = this.run()
      .catch((err: unknown) => {
        // A bug, not a network condition; still never reject `result`.
        this.emit({ type: 'error', error: makeError('network', `Internal error: ${this.redact(String(err))}`) });
      })
      .then(() => {
        // A caller may reuse one long-lived signal for many streams: don't pile up listeners.
        signal?.removeEventListener('abort', onAbort);
        this.logSummary();
        return this.acc.result();
      });
  }

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  abort(): void {
    if (this.ended) return;
    this.controller.abort();
    this.emit({ type: 'error', error: cancelledError(), termination: 'cancelled' });
    this.wake?.();
  }

  retryNow(): void {
    this.wake?.();
  }

  private emit(event: StreamEvent): void {
    if (this.ended) return;
    let e = event;
    if (this.secrets.length) {
      if (e.type === 'text' || e.type === 'reasoning' || e.type === 'refusal') {
        // One masker for the streamed pieces; it is flushed when the kind of piece changes, so a
        // held tail of the reasoning never arrives after the answer has started.
        if (e.type !== this.pieceType) {
          this.flushPieces();
          this.pieceType = e.type;
        }
        const text = this.textMasker.push(e.text);
        if (!text) return;
        e = { ...e, text };
      } else {
        if (e.type === 'done' || e.type === 'error') this.flushPieces();
        // Rare, small events (stages, titles, sources, usage, errors): scrub their strings whole.
        const json = JSON.stringify(e);
        if (this.secrets.some((f) => json.includes(f))) e = JSON.parse(maskSecrets(json, this.secrets)) as StreamEvent;
      }
    }
    this.deliver(e);
  }

  /** What the masker still held (the last characters of a piece) goes out as is, not through it again. */
  private flushPieces(): void {
    const rest = this.textMasker.end();
    if (rest) this.deliver({ type: this.pieceType, text: rest });
  }

  private deliver(e: StreamEvent): void {
    // Errors inside or after a response carry its request id (support tickets need it).
    if (e.type === 'error' && this.requestId && !e.error.requestId) e.error.requestId = this.requestId;
    // Actions in the host's words ("streamAssist.baseUrl", "--base-url"), once, before anyone sees the error.
    if (e.type === 'error' || e.type === 'retrying') e = { ...e, error: nameFixes(e.error, this.options.fixNames) };
    this.acc.add(e);
    this.channel.push(e);
    if (e.type === 'done' || e.type === 'error') {
      this.ended = true;
      this.channel.close();
    }
  }

  private emitAll(events: StreamEvent[]): void {
    for (let i = 0; i < events.length && !this.ended; i++) this.emit(events[i]!);
  }

  private fail(error: StreamErrorInfo, termination: Termination): void {
    this.emit({ type: 'error', error, termination });
  }

  private async run(): Promise<void> {
    if (this.ended) return;
    const spec = buildHttpRequest(this.request, this.options);
    if (!('url' in spec)) return this.fail(spec, 'incomplete');
    this.url = this.redact(spec.url);
    let host: string;
    try {
      const u = new URL(spec.url);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
      host = u.host;
    } catch {
      return this.fail(makeError('bad-request', `The base URL "${this.redact(this.options.baseUrl)}" is not a valid http(s) URL.`, { action: 'Fix the base URL.' }), 'incomplete');
    }
    const timeouts = resolveTimeouts(this.options.timeouts);
    const { dispatcher, proxied } = getDispatcher(this.options.proxy, timeouts.connectMs);
    const ctx: NetworkContext = { host, timeouts, viaProxy: proxied };
    const headers = { ...authHeaders(this.options.apiKey, 'text/event-stream'), 'content-type': 'application/json' };
    const body = JSON.stringify(spec.body);
    this.options.log?.trace?.(`POST ${this.url} ${this.redact(body)}`);
    const maxRetries = Math.max(0, this.options.maxRetries ?? 2);

    type Next = () => void | Promise<void>;
    const failed = (info: StreamErrorInfo, termination: Termination): Attempt<Next> => ({ failure: info, giveUp: () => () => this.fail(info, termination) });
    const attempt = async (n: number): Promise<Attempt<Next>> => {
      const sentAt = Date.now();
      this.requestId = undefined;
      let res: ResponseData;
      try {
        res = await send({ method: 'POST', url: spec.url, headers, body }, dispatcher, timeouts, this.controller.signal);
      } catch (err) {
        if (this.aborted) return { result: () => undefined };
        return failed(classifyNetworkError(err, ctx, this.redact), 'incomplete');
      }
      if (this.aborted) {
        res.body.destroy();
        return { result: () => undefined };
      }
      this.status = res.statusCode;
      this.requestId = requestIdOf(res.headers as IncomingHeaders);
      this.ttfb = Date.now() - sentAt;
      if (res.statusCode < 200 || res.statusCode >= 300) {
        const text = await readText(res.body, 64 * 1024).catch(() => '');
        if (this.aborted) return { result: () => undefined };
        this.options.log?.trace?.(`HTTP ${res.statusCode} body: ${this.redact(text)}`);
        return failed(classifyHttpError(res.statusCode, res.headers as IncomingHeaders, text, this.redact), 'http_error');
      }
      const notStream = await this.rejectNonStream(res);
      if (notStream) return { result: () => this.fail(notStream, 'incomplete') };
      this.emit({ type: 'open', status: res.statusCode, ...(this.requestId ? { requestId: this.requestId } : {}), attempt: n });
      return { result: () => this.pump(res, spec.endpoint, ctx) };
    };
    const next = await withRetries(maxRetries, attempt, (n, info, delayMs) => this.waitToRetry(n, info, delayMs));
    return next();
  }

  /** A 2xx that is clearly not an event stream (JSON document, HTML page) → 'malformed'. */
  private async rejectNonStream(res: ResponseData): Promise<StreamErrorInfo | undefined> {
    const ct = (headerValue(res.headers as IncomingHeaders, 'content-type') ?? '').toLowerCase();
    if (ct.includes('text/event-stream') || !(ct.includes('json') || ct.includes('html'))) return undefined;
    const text = await readText(res.body, 64 * 1024).catch(() => '');
    this.options.log?.trace?.(`HTTP ${res.statusCode} (${ct}) instead of a stream: ${this.redact(text)}`);
    const extra: Partial<StreamErrorInfo> = { status: res.statusCode, ...(this.requestId ? { requestId: this.requestId } : {}) };
    if (ct.includes('html')) return malformedError(`The server answered ${res.statusCode} with an HTML page instead of an event stream; a proxy or login page may be in the way.`);
    let env;
    try {
      env = parseErrorEnvelope(JSON.parse(text));
    } catch {
      env = undefined;
    }
    const info = malformedError(
      env?.message
        ? `The server answered with a JSON document instead of an event stream: ${this.redact(env.message)}`
        : 'The server answered with a JSON document instead of an event stream.',
    );
    Object.assign(info, extra);
    if (env?.type) info.type = env.type;
    if (env?.key) info.key = env.key;
    return info;
  }

  /** Emits `retrying`, waits (skippable with retryNow, cut short by abort). Returns false if aborted. */
  private waitToRetry(attempt: number, error: StreamErrorInfo, delayMs: number): Promise<boolean> {
    this.retries++;
    this.emit({ type: 'retrying', attempt: attempt + 1, delayMs, error });
    return new Promise<boolean>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve(!this.aborted);
      };
      const timer = setTimeout(done, delayMs);
      this.wake = done;
    });
  }

  private pump(res: ResponseData, endpoint: Parameters<typeof createStreamDecoder>[0], ctx: NetworkContext): Promise<void> {
    const body = res.body;
    const dec = createStreamDecoder(endpoint, { maxEventChars: this.options.maxEventChars, redact: this.redact });
    const batch: StreamEvent[] = [];
    return new Promise<void>((resolve) => {
      let settled = false;
      let drained = 0;
      const settle = (): void => {
        if (settled) return;
        settled = true;
        resolve();
      };
      const afterTerminal = (): void => {
        // Keep reading (and ignoring) a little so keep-alive can reuse the socket, then give up.
        const t = setTimeout(() => body.destroy(), DRAIN_LIMIT_MS);
        t.unref?.();
        body.once('close', () => clearTimeout(t));
        settle();
      };
      const finishBody = (): void => {
        if (settled) return;
        batch.length = 0;
        dec.end(batch);
        this.acc.dataEvents = dec.dataEvents;
        this.emitAll(batch);
        settle();
      };
      body.on('data', (chunk: Buffer) => {
        this.bytes += chunk.length;
        if (settled || this.ended) {
          drained += chunk.length;
          if (drained > DRAIN_LIMIT_BYTES) body.destroy();
          return;
        }
        batch.length = 0;
        dec.push(chunk, batch);
        this.acc.dataEvents = dec.dataEvents;
        this.emitAll(batch);
        if (dec.finished || this.ended) afterTerminal();
      });
      body.on('end', finishBody);
      body.on('error', (err: unknown) => {
        if (settled || this.ended || this.aborted) return settle();
        const info = classifyNetworkError(err, ctx, this.redact);
        info.retryable = false; // the answer had started: never retried automatically
        this.acc.dataEvents = dec.dataEvents;
        this.fail(info, 'incomplete');
        settle();
      });
      body.on('close', () => {
        if (this.aborted || this.ended) return settle();
        finishBody();
      });
    });
  }

  private logSummary(): void {
    const log = this.options.log;
    if (!log) return;
    const r = this.acc;
    const outcome = r.error ? (r.error.kind === 'cancelled' ? 'cancelled' : 'error') : 'done';
    try {
      log.request({
        method: 'POST',
        url: this.url,
        ...(this.status !== undefined ? { status: this.status } : {}),
        ...(this.requestId ? { requestId: this.requestId } : {}),
        ...(this.ttfb !== undefined ? { timeToFirstByteMs: this.ttfb } : {}),
        durationMs: Date.now() - this.started,
        events: r.dataEvents,
        bytes: this.bytes,
        retries: this.retries,
        outcome,
        ...(r.error && outcome === 'error' ? { error: `${r.error.kind}: ${r.error.message}` } : {}),
      });
    } catch {
      // A failing logger must not break the stream.
    }
  }
}

/**
 * Starts one streaming request. `events` yields `open`, content events and exactly one final
 * `done` or `error`; `result` resolves with the accumulated result however the stream ends.
 * `retrying.attempt` / `open.attempt` are 1-based attempt numbers.
 */
export function startStream(request: StreamRequest, options: ConnectionOptions, signal?: AbortSignal): StreamHandle {
  const run = new StreamRun(request, options, signal);
  return {
    events: run.channel,
    result: run.result,
    abort: () => run.abort(),
    retryNow: () => run.retryNow(),
  };
}

