// Delta → screen latency: matches each streamed delta (server send time) with the first webview
// observation whose visible non-whitespace character count covers it. Works for text whose
// rendering keeps every non-whitespace character (plain paragraphs), which is what the
// latency runs stream.
import type { ProbePatch, ProbeSample } from './webview-probe';

export interface DeltaLatency {
  /** Index of the delta in the answer. */
  i: number;
  /** Server send time − first send time, ms (x axis of the chart). */
  at: number;
  /** In the DOM (MutationObserver) − sent, ms. */
  dom: number;
  /** Next animation frame after that − sent, ms (≈ painted). */
  paint: number;
}

const nonWs = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 32 && c !== 160) n++;
  }
  return n;
};

/**
 * @param offsetMs page clock − server clock (subtracted from page times).
 * Deltas adding no visible character (whitespace) are skipped; deltas never seen are counted in `missing`.
 */
export function deltaLatencies(tokens: readonly string[], sentAt: readonly number[], samples: readonly ProbeSample[], offsetMs: number): { latencies: DeltaLatency[]; missing: number } {
  const latencies: DeltaLatency[] = [];
  let missing = 0;
  let cum = 0;
  let j = 0;
  let seen = 0; // running max of the observed count up to sample j
  const t0 = sentAt[0] ?? 0;
  for (let i = 0; i < tokens.length && i < sentAt.length; i++) {
    const add = nonWs(tokens[i]!);
    if (add === 0) continue;
    cum += add;
    while (j < samples.length && seen < cum) {
      seen = Math.max(seen, samples[j]!.n);
      if (seen < cum) j++;
    }
    if (j >= samples.length) {
      missing++;
      continue;
    }
    const s = samples[j]!;
    latencies.push({ i, at: sentAt[i]! - t0, dom: s.t - offsetMs - sentAt[i]!, paint: (s.paint || s.t) - offsetMs - sentAt[i]! });
  }
  return { latencies, missing };
}

/** Plain paragraphs (no markdown syntax), about `chars` long: every non-whitespace character renders as text. */
export function plainParagraphs(chars: number): string {
  const words = ['stream', 'delta', 'render', 'frame', 'answer', 'token', 'latency', 'socket', 'screen', 'chat', 'panel', 'budget', 'paint', 'event', 'host', 'quick', 'steady', 'fluid'];
  const out: string[] = [];
  let size = 0;
  let k = 7;
  while (size < chars) {
    const para: string[] = [];
    for (let w = 0; w < 60; w++) {
      k = (k * 1103515245 + 12345) % 2147483648; // deterministic
      para.push(words[k % words.length]!);
    }
    const p = `${para.join(' ')}.`;
    out.push(p[0]!.toUpperCase() + p.slice(1));
    size += p.length + 2;
  }
  return out.join('\n\n');
}

/** Server send → the host's patch carrying that delta reaches the webview (batching + VS Code's transport), per delta. */
export function arrivalLatencies(tokens: readonly string[], sentAt: readonly number[], patches: readonly ProbePatch[], offsetMs: number): Array<[at: number, ms: number]> {
  const out: Array<[number, number]> = [];
  const t0 = sentAt[0] ?? 0;
  let end = 0;
  let j = 0;
  for (let i = 0; i < tokens.length && i < sentAt.length; i++) {
    end += tokens[i]!.length;
    if (nonWs(tokens[i]!) === 0) continue; // same deltas as deltaLatencies
    while (j < patches.length && patches[j]!.end < end) j++;
    if (j >= patches.length) break;
    out.push([sentAt[i]! - t0, patches[j]!.t - offsetMs - sentAt[i]!]);
  }
  return out;
}
