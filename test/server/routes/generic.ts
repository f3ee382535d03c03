// Generic POST /v1/generate/stream (always streams; `stream` is implied by the path): `{id, text (cumulative), delta}` events, `finishReason` on the last, [DONE].
// The cumulative `text` makes every event grow: keep generic answers below a few hundred KB.
import { answerTokens } from '../answers';
import type { Frame } from '../sse-writer';
import { randomId, respond, sendError, type RouteContext } from './context';

export function genericMarkerText(body: Record<string, unknown>): string[] {
  return [String(body.prompt ?? ''), String(body.model ?? '')];
}

export async function genericGenerate(ctx: RouteContext): Promise<void> {
  if (typeof ctx.body.prompt !== 'string') return sendError(ctx, 'generic', 400, 'prompt is required.');
  const tokens = answerTokens('generic', ctx.scenario);
  const id = `gen_${randomId().slice(0, 8)}`;
  let text = '';
  const frame = (delta: string, finish?: string): string => {
    text += delta;
    return `data: ${JSON.stringify({ id, text, delta, ...(finish ? { finishReason: finish } : {}) })}\n\n`;
  };
  function* frames(): Generator<Frame> {
    for (const t of tokens) yield { text: frame(t), delta: true };
    yield { text: frame('', 'stop') };
    yield { text: 'data: [DONE]\n\n' };
  }
  await respond(ctx, { dialect: 'generic', frames: frames(), contentFrame: (t) => `data: ${JSON.stringify({ id, text: text + t, delta: t })}\n\n` }, () => ({ id, text: tokens.join(''), finishReason: 'stop' }), true);
}
