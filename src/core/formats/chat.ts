// Chat-completion chunks: Writer /v1/chat and OpenAI-compatible /chat/completions share the
// chunk shape; Writer adds `delta.graph_data`. Only choice index 0 is reduced (we never ask n>1).

import type { GraphData, StreamEvent, Usage } from '../types';
import type { DecodeState, Json, WireFormat } from './format';
import { isObject } from './format';

function firstChoice(choices: unknown[]): Json | undefined {
  const c = choices[0];
  if (isObject(c) && (c.index === undefined || c.index === 0)) return c;
  for (const x of choices) if (isObject(x) && x.index === 0) return x;
  return undefined;
}

function decodeToolCalls(calls: unknown[], out: StreamEvent[]): void {
  for (let i = 0; i < calls.length; i++) {
    const tc = calls[i];
    if (!isObject(tc)) continue;
    const fn = isObject(tc.function) ? tc.function : undefined;
    const ev: Extract<StreamEvent, { type: 'tool-call' }> = {
      type: 'tool-call',
      index: typeof tc.index === 'number' ? tc.index : i,
      argumentsDelta: fn && typeof fn.arguments === 'string' ? fn.arguments : '',
    };
    if (typeof tc.id === 'string' && tc.id) ev.id = tc.id;
    if (typeof tc.type === 'string' && tc.type) ev.callType = tc.type;
    if (fn && typeof fn.name === 'string' && fn.name) ev.name = fn.name;
    out.push(ev);
  }
}

function decodeGraphData(g: Json, out: StreamEvent[]): void {
  let gd: GraphData | undefined;
  if (g.status !== null && g.status !== undefined) (gd ??= {}).status = g.status as string;
  if (Array.isArray(g.sources)) (gd ??= {}).sources = g.sources as GraphData['sources'];
  if (Array.isArray(g.subqueries)) (gd ??= {}).subqueries = g.subqueries as GraphData['subqueries'];
  if (g.references !== null && g.references !== undefined) (gd ??= {}).references = g.references;
  if (gd) out.push({ type: 'graph-data', graphData: gd });
}

function decodeChatChunk(p: Json, out: StreamEvent[], st: DecodeState, graph: boolean): void {
  const choices = p.choices;
  if (Array.isArray(choices) && choices.length > 0) {
    const c = firstChoice(choices);
    if (c) {
      const d = c.delta;
      if (isObject(d)) {
        const content = d.content;
        if (typeof content === 'string' && content.length > 0) out.push({ type: 'text', text: content });
        if (Array.isArray(d.tool_calls)) decodeToolCalls(d.tool_calls, out);
        if (graph && isObject(d.graph_data)) decodeGraphData(d.graph_data, out);
      }
      const fr = c.finish_reason;
      if (typeof fr === 'string' && fr) {
        st.finished = true;
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
