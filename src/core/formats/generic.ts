// Generic /v1/generate/stream: `delta` is the new text (the cumulative `text` is ignored; it may
// hold half a surrogate pair mid-stream), `finishReason` on the last event.

import type { WireFormat } from './format';

export const genericGenerate: WireFormat = {
  hasFinishMarker: true,
  decode(p, out, st) {
    const d = p.delta;
    if (typeof d === 'string' && d.length > 0) out.push({ type: 'text', text: d });
    const fr = p.finishReason ?? p.finish_reason;
    if (typeof fr === 'string' && fr) {
      st.finished = true;
      out.push({ type: 'finish', reason: fr });
    }
  },
};
