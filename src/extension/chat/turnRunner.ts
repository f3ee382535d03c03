// Drives one answer: reads a StreamHandle's events into the stored assistant message (so the
// transcript on disk grows with the answer) and into the batcher (so the webview follows).
// However the stream ends, what arrived is kept; the status says how it ended.
import type { StreamErrorInfo, StreamEvent, StreamHandle, StreamResult } from '../../core';
import type { ErrorView, MessageView, SourceView, SubqueryView } from '../../shared/webviewProtocol';
import type { DeltaBatcher } from './deltaBatcher';

export interface TurnSink {
  batcher: DeltaBatcher;
  /** The message changed (schedule a throttled save). */
  changed(): void;
}

function errorView(e: StreamErrorInfo): ErrorView {
  return { kind: e.kind, message: e.message, action: e.action, status: e.status, retryable: e.retryable, retryAfterMs: e.retryAfterMs };
}

function sourceViews(list: readonly { file_id: string; snippet: string }[] | null | undefined): SourceView[] {
  return (list ?? []).map((s) => ({ fileId: String(s.file_id ?? ''), snippet: String(s.snippet ?? '') }));
}

function subqueryViews(list: readonly { query: string; answer: string; sources: { file_id: string; snippet: string }[] }[] | null | undefined): SubqueryView[] {
  return (list ?? []).map((q) => ({ query: String(q.query ?? ''), answer: String(q.answer ?? ''), sources: sourceViews(q.sources) }));
}

export class TurnRunner {
  private stopRequested = false;
  /** When the first and the latest reasoning delta arrived (host clock: the webview may be hidden). */
  private thinkingSince: number | undefined;
  private thoughtUntil = 0;

  constructor(
    readonly handle: StreamHandle,
    readonly message: MessageView,
    private readonly sink: TurnSink,
  ) {}

  /** User pressed Stop: close the connection; the answer ends as 'stopped' with its text kept. */
  stop(): void {
    this.stopRequested = true;
    this.handle.abort();
  }

  retryNow(): void {
    this.handle.retryNow();
  }

  async run(): Promise<StreamResult> {
    const { batcher } = this.sink;
    const m = this.message;
    batcher.begin(m.id, m.text.length, m.seq);
    let ended = false;
    try {
      for await (const ev of this.handle.events) {
        if (this.apply(ev)) ended = true;
        this.sink.changed();
      }
    } catch (e) {
      // The core never throws from events; if it does, keep the text and say so.
      if (!ended) this.finish({ status: 'error', error: { kind: 'malformed', message: `The stream failed: ${(e as Error).message}`, action: 'Retry.', retryable: true } });
      ended = true;
    }
    const result = await this.handle.result;
    if (!ended) {
      // Events ended without done/error: fall back on the result.
      if (result.error) this.apply({ type: 'error', error: result.error });
      else this.finish({ status: 'done' });
    }
    m.seq = batcher.end(m.id);
    this.sink.changed();
    return result;
  }

  /** The answer started (or the stream ended): the thinking time is fixed, and the block collapses. */
  private endThinking(at = this.thoughtUntil): void {
    if (this.thinkingSince === undefined || this.message.reasoningMs !== undefined) return;
    this.message.reasoningMs = at - this.thinkingSince;
    this.sink.batcher.set(this.message.id, { reasoningMs: this.message.reasoningMs });
  }

  private finish(fields: { status: MessageView['status']; error?: ErrorView }): void {
    this.endThinking();
    const m = this.message;
    m.status = fields.status;
    m.error = fields.error;
    m.retryAt = undefined;
    this.sink.batcher.set(m.id, { status: fields.status, ...(fields.error ? { error: fields.error } : {}) });
    this.sink.batcher.flush(m.id);
  }

  /** Returns true for the last event (done / error). */
  private apply(ev: StreamEvent): boolean {
    const m = this.message;
    const b = this.sink.batcher;
    switch (ev.type) {
      case 'open':
        if (m.status === 'waiting') {
          m.status = 'streaming';
          m.retryAt = undefined;
          m.error = undefined;
          b.set(m.id, { status: 'streaming' });
          b.flush(m.id);
        }
        return false;
      case 'text':
        this.endThinking(Date.now());
        m.text += ev.text;
        b.append(m.id, ev.text);
        return false;
      case 'reasoning': {
        const now = Date.now();
        this.thinkingSince ??= now;
        this.thoughtUntil = now;
        m.reasoning = (m.reasoning ?? '') + ev.text;
        b.appendReasoning(m.id, ev.text);
        return false;
      }
      case 'refusal':
        this.endThinking(Date.now());
        m.text += ev.text;
        b.append(m.id, ev.text);
        if (!m.refused) {
          m.refused = true;
          b.set(m.id, { refused: true });
        }
        return false;
      case 'tool-call': {
        const calls = (m.toolCalls ??= []);
        while (calls.length <= ev.index) calls.push({ name: '', arguments: '' });
        const c = calls[ev.index]!;
        if (ev.name && !c.name) c.name = ev.name;
        c.arguments += ev.argumentsDelta;
        b.set(m.id, { toolCalls: calls });
        return false;
      }
      case 'graph-data': {
        const g = ev.graphData;
        if (g.sources && g.sources.length) m.sources = sourceViews(g.sources);
        if (g.subqueries && g.subqueries.length) m.subqueries = subqueryViews(g.subqueries);
        b.set(m.id, { sources: m.sources, subqueries: m.subqueries });
        return false;
      }
      case 'web-sources': {
        const known = new Set((m.sources ?? []).map((x) => x.url));
        const fresh = ev.sources.filter((w) => !known.has(w.url)).map((w) => ({ fileId: w.title ?? w.url, snippet: w.snippet ?? '', url: w.url, ...(w.title ? { title: w.title } : {}) }));
        if (fresh.length > 0) {
          m.sources = [...(m.sources ?? []), ...fresh];
          b.set(m.id, { sources: m.sources });
        }
        return false;
      }
      case 'sources':
        m.sources = [...(m.sources ?? []), ...sourceViews(ev.sources)];
        b.set(m.id, { sources: m.sources });
        return false;
      case 'subqueries':
        m.subqueries = [...(m.subqueries ?? []), ...subqueryViews(ev.subqueries)];
        b.set(m.id, { subqueries: m.subqueries });
        return false;
      case 'stage': {
        // A repeated id continues that stage (same rule as the core's accumulator).
        const stages = (m.stages ??= []);
        const s = stages.find((x) => x.id === ev.stage.id);
        if (!s) stages.push({ id: ev.stage.id, content: ev.stage.content, sources: [...(ev.stage.sources ?? [])] });
        else {
          s.content += ev.stage.content;
          for (const src of ev.stage.sources ?? []) if (!s.sources.includes(src)) s.sources.push(src);
        }
        b.set(m.id, { stages });
        return false;
      }
      case 'title':
        if (ev.title) {
          m.title = ev.title;
          b.set(m.id, { title: ev.title });
        }
        return false;
      case 'usage': {
        const u = ev.usage;
        m.usage = { promptTokens: u.prompt_tokens ?? 0, completionTokens: u.completion_tokens ?? 0, totalTokens: u.total_tokens ?? 0 };
        b.set(m.id, { usage: m.usage });
        return false;
      }
      case 'retrying':
        m.status = 'waiting';
        m.retryAt = Date.now() + ev.delayMs;
        m.error = errorView(ev.error);
        b.set(m.id, { status: 'waiting', retryAt: m.retryAt, error: m.error });
        b.flush(m.id);
        return false;
      case 'done':
        this.finish({ status: 'done' });
        return true;
      case 'error':
        if (ev.error.kind === 'cancelled' || this.stopRequested) this.finish({ status: 'stopped' });
        else this.finish({ status: 'error', error: errorView(ev.error) });
        return true;
      default:
        return false; // finish, references: nothing to show
    }
  }
}
