// Folds normalized events into the final StreamResult, keeping the Writer-specific fields that
// writer-sdk's own accumulator drops (graph_data, sources, subqueries, stages).

import type { WebSource, GraphData, Stage, StreamErrorInfo, StreamEvent, StreamResult, Termination, ToolCall, Usage, GraphSource, SubQuery } from './types';

const PART_BATCH = 256;

function terminationFor(error: StreamErrorInfo): Termination {
  if (error.kind === 'cancelled') return 'cancelled';
  if (error.kind === 'in-stream') return 'error_event';
  if (error.status !== undefined) return 'http_error';
  return 'incomplete';
}

export class Accumulator {
  // Text pieces are joined every PART_BATCH pieces: the many tiny delta strings then die young
  // instead of being promoted and kept alive as a 50k-node rope (GC cost on long streams).
  private flat = '';
  private parts: string[] = [];
  // Reasoning and refusal are short next to the answer: plain concatenation is fine.
  reasoning = '';
  refusal: string | null = null;
  private readonly web = new Map<string, WebSource>();
  finishReason: string | null = null;
  usage: Usage | null = null;
  graphData: GraphData | null = null;
  sources: GraphSource[] = [];
  subqueries: SubQuery[] = [];
  references: unknown = null;
  title: string | null = null;
  error: StreamErrorInfo | null = null;
  termination: Termination | null = null;
  /** Set by whoever drives the decoder (see StreamDecoder.dataEvents). */
  dataEvents = 0;
  private readonly calls = new Map<number, ToolCall>();
  private readonly stages = new Map<string, Stage>();

  add(e: StreamEvent): void {
    switch (e.type) {
      case 'text':
        if (this.parts.push(e.text) >= PART_BATCH) {
          this.flat += this.parts.join('');
          this.parts.length = 0;
        }
        break;
      case 'reasoning':
        this.reasoning += e.text;
        break;
      case 'refusal':
        this.refusal = (this.refusal ?? '') + e.text;
        break;
      case 'web-sources':
        for (const w of e.sources) if (!this.web.has(w.url)) this.web.set(w.url, w);
        break;
      case 'tool-call': {
        let c = this.calls.get(e.index);
        if (!c) this.calls.set(e.index, (c = { index: e.index, id: null, type: null, name: null, arguments: '' }));
        if (e.id && !c.id) c.id = e.id;
        if (e.callType && !c.type) c.type = e.callType;
        if (e.name && !c.name) c.name = e.name;
        c.arguments += e.argumentsDelta;
        break;
      }
      case 'graph-data': {
        const g = (this.graphData ??= { status: null, sources: null, subqueries: null, references: null });
        const d = e.graphData;
        if (d.status !== undefined && d.status !== null) g.status = d.status;
        if (d.sources && d.sources.length) g.sources = d.sources;
        if (d.subqueries && d.subqueries.length) g.subqueries = d.subqueries;
        if (d.references !== undefined && d.references !== null) g.references = d.references;
        break;
      }
      case 'sources':
        for (const s of e.sources) this.sources.push(s);
        break;
      case 'subqueries':
        for (const s of e.subqueries) this.subqueries.push(s);
        break;
      case 'references':
        this.references = e.references;
        break;
      case 'stage': {
        // Repeated id: treat as a continuation (assumption, PROTOCOL §3.4).
        const prev = this.stages.get(e.stage.id);
        if (!prev) this.stages.set(e.stage.id, { ...e.stage });
        else {
          prev.content += e.stage.content;
          if (e.stage.sources) prev.sources = prev.sources ? [...prev.sources, ...e.stage.sources.filter((s) => !prev.sources?.includes(s))] : e.stage.sources;
        }
        break;
      }
      case 'title':
        if (e.title) this.title = e.title;
        break;
      case 'usage':
        this.usage = e.usage;
        break;
      case 'finish':
        this.finishReason = e.reason;
        break;
      case 'done':
        this.termination = e.termination;
        break;
      case 'error':
        this.error = e.error;
        this.termination = e.termination ?? terminationFor(e.error);
        break;
      default:
        break; // open, retrying: nothing to keep
    }
  }

  /** Text so far. */
  get text(): string {
    if (this.parts.length) {
      this.flat += this.parts.join('');
      this.parts.length = 0;
    }
    return this.flat;
  }

  addAll(events: readonly StreamEvent[]): void {
    for (let i = 0; i < events.length; i++) this.add(events[i]!);
  }

  result(): StreamResult {
    const toolCalls = [...this.calls.values()].sort((a, b) => a.index - b.index).map((c) => {
      const tc: ToolCall = { ...c };
      if (c.arguments) {
        try {
          tc.argumentsJson = JSON.parse(c.arguments);
        } catch {
          tc.argumentsJson = undefined;
        }
      }
      return tc;
    });
    return {
      text: this.text,
      reasoning: this.reasoning,
      refusal: this.refusal,
      webSources: [...this.web.values()],
      finishReason: this.finishReason,
      toolCalls,
      usage: this.usage,
      graphData: this.graphData ? { ...this.graphData } : null,
      sources: [...this.sources],
      subqueries: [...this.subqueries],
      references: this.references,
      stages: [...this.stages.values()].map((s) => ({ ...s })),
      title: this.title,
      error: this.error,
      termination: this.termination,
      dataEvents: this.dataEvents,
    };
  }
}
