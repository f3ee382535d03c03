// OpenAI-compatible chat completions, POST /v1/chat/completions: role chunk, content chunks, a finish
// chunk with an empty delta, a `choices: []` usage chunk when `stream_options.include_usage`, then [DONE].
import { answerTokens, thinkingTokens } from '../answers';
import type { Frame } from '../sse-writer';
import { lastUserText, promptTokens, randomId, respond, sendError, type RouteContext } from './context';

export function openaiChatMarkerText(body: Record<string, unknown>): string[] {
  return [lastUserText(body.messages), String(body.model ?? '')];
}

export async function openaiChat(ctx: RouteContext): Promise<void> {
  if (!Array.isArray(ctx.body.messages) || ctx.body.messages.length === 0) return sendError(ctx, 'openai', 400, "'messages' must contain at least one message.");
  const tokens = answerTokens('chat', ctx.scenario);
  const id = `chatcmpl-${randomId().replace(/-/g, '').slice(0, 24)}`;
  const model = String(ctx.body.model ?? 'openai/gpt-4o-mini');
  const created = Math.floor(Date.now() / 1000);
  const options = ctx.body.stream_options as { include_usage?: unknown } | undefined;
  const prompt = promptTokens(lastUserText(ctx.body.messages));
  const usage = { prompt_tokens: prompt, completion_tokens: tokens.length, total_tokens: prompt + tokens.length };
  const head = `data: {"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"system_fingerprint":"fp_local","choices":`;
  const chunk = (choice: Record<string, unknown>): string => `${head}[${JSON.stringify({ index: 0, logprobs: null, finish_reason: null, ...choice })}]}\n\n`;
  const [prefix, suffix] = chunk({ delta: { content: '\u0000' } }).split('"\\u0000"');

  function* frames(): Generator<Frame> {
    yield { text: chunk({ delta: { role: 'assistant', content: '', refusal: null } }) };
    for (const t of thinkingTokens(ctx.scenario.think ?? 0)) yield { text: chunk({ delta: { content: null, reasoning_content: t } }) };
    for (const t of tokens) yield { text: prefix + JSON.stringify(t) + suffix, delta: true };
    yield { text: chunk({ delta: {}, finish_reason: 'stop' }) };
    if (options?.include_usage === true) yield { text: `${head}[],"usage":${JSON.stringify(usage)}}\n\n` };
    yield { text: 'data: [DONE]\n\n' };
  }
  await respond(ctx, { dialect: 'openai', frames: frames(), contentFrame: (t) => chunk({ delta: { content: t } }) }, () => ({
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: tokens.join(''), refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage,
  }));
}
