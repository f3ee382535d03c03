// Writer's non-chat streams: text generation (`value`), Knowledge Graph question (flat
// `answer`/`sources`/`subqueries`), no-code application (`delta.title/content/stages`).

import type { GraphSource, Stage, StreamEvent, SubQuery } from '../types';
import type { WireFormat } from './format';
import { isObject } from './format';

export const writerCompletions: WireFormat = {
  hasFinishMarker: false,
  decode(p, out) {
    const v = p.value;
    if (typeof v === 'string' && v.length > 0) out.push({ type: 'text', text: v });
  },
};

function nonNull<T>(list: unknown[]): T[] {
  return list.filter((x) => x !== null && x !== undefined) as T[];
}

export const writerGraphQuestion: WireFormat = {
  hasFinishMarker: false,
  decode(p, out) {
    // The SDK types wrap the chunk as {data: Question}; the wire object is flat. Accept both.
    const q = isObject(p.data) && p.answer === undefined ? p.data : p;
    if (typeof q.answer === 'string' && q.answer.length > 0) out.push({ type: 'text', text: q.answer });
    if (Array.isArray(q.sources)) {
      const sources = nonNull<GraphSource>(q.sources);
      if (sources.length) out.push({ type: 'sources', sources });
    }
    if (Array.isArray(q.subqueries)) {
      const subqueries = nonNull<SubQuery>(q.subqueries);
      if (subqueries.length) out.push({ type: 'subqueries', subqueries });
    }
    if (q.references !== null && q.references !== undefined) out.push({ type: 'references', references: q.references });
  },
};

export const writerApplication: WireFormat = {
  hasFinishMarker: false,
  decode(p, out) {
    const d = isObject(p.delta) ? p.delta : p;
    if (typeof d.title === 'string' && d.title) out.push({ type: 'title', title: d.title });
    if (Array.isArray(d.stages)) {
      for (const s of d.stages) {
        if (!isObject(s) || typeof s.id !== 'string') continue;
        const stage: Stage = {
          id: s.id,
          content: typeof s.content === 'string' ? s.content : '',
          sources: Array.isArray(s.sources) ? (s.sources.filter((x) => typeof x === 'string') as string[]) : null,
        };
        out.push({ type: 'stage', stage });
      }
    }
    if (typeof d.content === 'string' && d.content.length > 0) out.push({ type: 'text', text: d.content });
  },
};

