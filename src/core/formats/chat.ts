// Chat-completion chunks: Writer /v1/chat and OpenAI-compatible /chat/completions share the
// chunk shape; Writer adds `delta.graph_data`. Only choice index 0 is reduced: we never ask for
// n>1, so other choices are ignored on purpose (a chunk holding only choice 1 yields nothing).

import type { GraphData, StreamEvent, Usage, WebSource } from '../types';
import type { DecodeState, Json, ToolCallSlots, WireFormat } from './format';
import { isObject } from './format';

function firstChoice(choices: unknown[]): Json | undefined {
  const c = choices[0];
  if (isObject(c) && (c.index === undefined || c.index === 0)) return c;
  for (const x of choices) if (isObject(x) && x.index === 0) return x;
  return undefined;
}

/**
 * Which call a fragment belongs to, as an ordinal in order of arrival (what `ToolCall.index` means).
 * The wire `index` alone is not enough: some gateways reuse index 0 for every parallel call (a new
 * `id` there starts a new call), and Gemini's OpenAI layer sends no `index` at all (a fragment then
 * continues the last call unless it carries a new `id`). Two calls' arguments are never joined.
 */
function callOrdinal(slots: ToolCallSlots, wireIndex: number | undefined, id: string | undefined): number {
  const start = (): number => {
    const slot = { ordinal: slots.next++, id };
    if (wireIndex !== undefined) slots.byWireIndex.set(wireIndex, slot);
    slots.last = slot;
    return slot.ordinal;
  };
  const slot = wireIndex !== undefined ? slots.byWireIndex.get(wireIndex) : slots.last;
  if (!slot || (id !== undefined && slot.id !== undefined && id !== slot.id)) return start();
  if (id !== undefined) slot.id = id;
  slots.last = slot;
  return slot.ordinal;
}

function decodeToolCalls(calls: unknown[], out: StreamEvent[], st: DecodeState): void {
  const slots = (st.toolCalls ??= { byWireIndex: new Map(), last: undefined, next: 0 });
  for (let i = 0; i < calls.length; i++) {
    const tc = calls[i];
    if (!isObject(tc)) continue;
    const fn = isObject(tc.function) ? tc.function : undefined;
    const id = typeof tc.id === 'string' && tc.id ? tc.id : undefined;
    const wireIndex = typeof tc.index === 'number' ? tc.index : undefined;
    const ev: Extract<StreamEvent, { type: 'tool-call' }> = {
      type: 'tool-call',
      index: callOrdinal(slots, wireIndex, id),
      argumentsDelta: fn && typeof fn.arguments === 'string' ? fn.arguments : '',
    };
    if (id) ev.id = id;
    if (typeof tc.type === 'string' && tc.type) ev.callType = tc.type;
    if (fn && typeof fn.name === 'string' && fn.name) ev.name = fn.name;
    out.push(ev);
  }
}

/** Text of a `thinking` content part: Mistral sends `thinking` as a string or as an array of text parts. */
function thinkingText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (!Array.isArray(v)) return '';
  let t = '';
  for (const p of v) if (isObject(p) && typeof p.text === 'string') t += p.text;
  return t;
}

/** `delta.content` as an array of content parts (Mistral magistral): text parts are answer, thinking parts reasoning. */
function decodeContentParts(parts: unknown[], out: StreamEvent[]): void {
  for (const p of parts) {
    if (typeof p === 'string') {
      if (p) out.push({ type: 'text', text: p });
      continue;
    }
    if (!isObject(p)) continue;
    if (p.type === 'thinking' || p.type === 'reasoning') {
      const t = thinkingText(p.thinking ?? p.text);
      if (t) out.push({ type: 'reasoning', text: t });
    } else if (typeof p.text === 'string' && p.text && (p.type === undefined || p.type === 'text' || p.type === 'output_text')) {
      out.push({ type: 'text', text: p.text });
    }
  }
}

/**
 * Reasoning under the names gateways use. OpenRouter sends the same text twice (`reasoning` and
 * `reasoning_details`), so the first field that has text wins; encrypted details carry none.
 */
function reasoningOf(d: Json): string {
  if (typeof d.reasoning_content === 'string' && d.reasoning_content) return d.reasoning_content;
  if (typeof d.reasoning === 'string' && d.reasoning) return d.reasoning;
  if (Array.isArray(d.reasoning_details)) {
    let t = '';
    for (const r of d.reasoning_details) {
      if (!isObject(r)) continue;
      if (typeof r.text === 'string') t += r.text;
      else if (typeof r.summary === 'string') t += r.summary;
    }
    return t;
  }
  return '';
}

function decodeGraphData(g: Json, out: StreamEvent[]): void {
  let gd: GraphData | undefined;
  if (g.status !== null && g.status !== undefined) (gd ??= {}).status = g.status as string;
  if (Array.isArray(g.sources)) (gd ??= {}).sources = g.sources as GraphData['sources'];
  if (Array.isArray(g.subqueries)) (gd ??= {}).subqueries = g.subqueries as GraphData['subqueries'];
  if (g.references !== null && g.references !== undefined) (gd ??= {}).references = g.references;
  if (gd) out.push({ type: 'graph-data', graphData: gd });
}

/** Usable http(s) pages from a list of web results; anything else (no url, another scheme, not an object) is skipped. */
function webSourcesOf(list: unknown): WebSource[] {
  if (!Array.isArray(list)) return [];
  const out: WebSource[] = [];
  for (const item of list) {
    if (!isObject(item) || typeof item.url !== 'string' || !/^https?:\/\//i.test(item.url.trim())) continue;
    const source: WebSource = { url: item.url.trim() };
    if (typeof item.title === 'string' && item.title) source.title = item.title;
    const snippet = [item.snippet, item.text, item.raw_content].find((v): v is string => typeof v === 'string' && v.length > 0);
    if (snippet) source.snippet = snippet.length > 500 ? `${snippet.slice(0, 499)}…` : snippet;
    out.push(source);
  }
  return out;
}

/**
 * Writer's web_search tool: sources may arrive as `web_search_data.sources` (on the delta, or the
 * deprecated `message` mirror) or as `graph_data.references.web`; whichever comes is read.
 */
function decodeWebSources(c: Json, d: Json | undefined, out: StreamEvent[]): void {
  const lists: unknown[] = [];
  for (const holder of [d, isObject(c.message) ? c.message : undefined]) {
    if (!holder) continue;
    if (isObject(holder.web_search_data)) lists.push(holder.web_search_data.sources);
    if (isObject(holder.graph_data) && isObject(holder.graph_data.references)) lists.push(holder.graph_data.references.web);
  }
  const sources = lists.flatMap(webSourcesOf);
  if (sources.length > 0) out.push({ type: 'web-sources', sources });
}

function decodeChatChunk(p: Json, out: StreamEvent[], st: DecodeState, graph: boolean): void {
  const choices = p.choices;
  if (Array.isArray(choices) && choices.length > 0) {
    const c = firstChoice(choices);
    if (c) {
      const d = c.delta;
      if (isObject(d)) {
        const reasoning = reasoningOf(d);
        if (reasoning) out.push({ type: 'reasoning', text: reasoning });
        const content = d.content;
        if (typeof content === 'string') {
          if (content.length > 0) out.push({ type: 'text', text: content });
        } else if (Array.isArray(content)) decodeContentParts(content, out);
        if (typeof d.refusal === 'string' && d.refusal) out.push({ type: 'refusal', text: d.refusal });
        if (Array.isArray(d.tool_calls)) decodeToolCalls(d.tool_calls, out, st);
        if (graph && isObject(d.graph_data)) decodeGraphData(d.graph_data, out);
      }
      if (graph) decodeWebSources(c, isObject(d) ? d : undefined, out);
      const fr = c.finish_reason;
      if (typeof fr === 'string' && fr) {
        st.finished = true;
        // vLLM, Mistral and OpenRouter end a failed generation this way: an error, never success.
        if (fr === 'error') st.failedFinish = true;
        out.push({ type: 'finish', reason: fr });
      }
    }
  }
  const usage = p.usage;
  if (isObject(usage)) out.push({ type: 'usage', usage: usage as Usage });
}

export const writerChat: WireFormat = {
  hasFinishMarker: true,
  decode: (p, out, st) => decodeChatChunk(p, out, st, true),
};

export const openaiChat: WireFormat = {
  hasFinishMarker: true,
  decode: (p, out, st) => decodeChatChunk(p, out, st, false),
};
