// Writer text generation, POST /v1/completions: `{"value": "<fragment>"}` events, first one empty, then [DONE].
import { answerTokens } from '../answers';
import type { Frame } from '../sse-writer';
import { respond, sendError, type RouteContext } from './context';

export function writerCompletionsMarkerText(body: Record<string, unknown>): string[] {
  return [String(body.prompt ?? ''), String(body.model ?? '')];
}

export async function writerCompletions(ctx: RouteContext): Promise<void> {
  if (typeof ctx.body.prompt !== 'string') return sendError(ctx, 'writer', 400, 'prompt is required.');
  const tokens = answerTokens('completion', ctx.scenario);
  const frame = (value: string): string => `data: {"value":${JSON.stringify(value)}}\n\n`;
  function* frames(): Generator<Frame> {
    yield { text: frame('') };
    for (const t of tokens) yield { text: frame(t), delta: true };
    yield { text: 'data: [DONE]\n\n' };
  }
  await respond(ctx, { dialect: 'writer', frames: frames(), contentFrame: frame }, () => ({
    choices: [{ text: tokens.join(''), log_probs: null }],
    model: String(ctx.body.model ?? 'palmyra-x5'),
  }));
}
