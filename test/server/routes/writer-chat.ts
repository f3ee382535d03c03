// Writer chat, POST /v1/chat: `choices[0].delta.content` chunks; with the `graph` tool also `graph_data`
// (status processing → finished, subqueries when asked, sources on the finish chunk); with the `web_search` tool
// `web_search_data.sources` on the finish chunk; usage on the finish chunk, [DONE].
import { answerTokens, GRAPH_SOURCES, GRAPH_SUBQUERIES, thinkingTokens, WEB_SOURCES } from '../answers';
import { GRAPHS } from '../catalog';
import type { Frame } from '../sse-writer';
import { lastUserText, promptTokens, randomId, respond, sendError, type RouteContext } from './context';

interface GraphTool {
  type: 'graph';
  function?: { graph_ids?: unknown; subqueries?: unknown };
}

export function writerChatMarkerText(body: Record<string, unknown>): string[] {
  return [lastUserText(body.messages), String(body.model ?? '')];
}

export async function writerChat(ctx: RouteContext): Promise<void> {
  const tools = Array.isArray(ctx.body.tools) ? (ctx.body.tools as Array<{ type?: unknown }>) : [];
  const graphTool = tools.find((t): t is GraphTool => t?.type === 'graph');
  const graphIds = graphTool && Array.isArray(graphTool.function?.graph_ids) ? (graphTool.function.graph_ids as unknown[]) : [];
  const unknown = graphIds.find((id) => !GRAPHS.some((g) => g.id === id));
  if (unknown !== undefined) return sendError(ctx, 'writer', 404, `Graph ${String(unknown)} not found.`);
  if (!Array.isArray(ctx.body.messages) || ctx.body.messages.length === 0) return sendError(ctx, 'writer', 400, 'messages must contain at least one message.');

  const withGraph = graphTool !== undefined;
  const withSubqueries = withGraph && graphTool.function?.subqueries === true;
  const webTool = tools.find((t) => t?.type === 'web_search') as { function?: { include_domains?: unknown; exclude_domains?: unknown } } | undefined;
  if (webTool && !(Array.isArray(webTool.function?.include_domains) && Array.isArray(webTool.function?.exclude_domains))) {
    return sendError(ctx, 'writer', 400, 'web_search tool: function.include_domains and function.exclude_domains must be arrays.');
  }
  const withWeb = webTool !== undefined;
  const tokens = answerTokens(withGraph ? 'graph' : withWeb ? 'web' : 'chat', ctx.scenario);
  const id = randomId();
  const model = String(ctx.body.model ?? 'palmyra-x5');
  const created = Math.floor(Date.now() / 1000);
  const usage = {
    prompt_tokens: promptTokens(lastUserText(ctx.body.messages)),
    completion_tokens: tokens.length,
    total_tokens: promptTokens(lastUserText(ctx.body.messages)) + tokens.length,
    prompt_token_details: null,
    completion_tokens_details: null,
  };

  const nullGraph = withGraph ? { sources: null, status: null, subqueries: null } : null;
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}): string =>
    `data: ${JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, finish_reason: finish, delta: { role: 'assistant', tool_calls: null, graph_data: nullGraph, llm_data: null, image_data: null, refusal: null, ...delta }, logprobs: null }],
      created,
      model,
      usage: null,
      system_fingerprint: 'v1',
      service_tier: null,
      ...extra,
    })}\n\n`;
  // Content chunks are by far the most frequent: build them from a fixed prefix and suffix.
  const [prefix, suffix] = chunk({ content: '\u0000' }, null).split('"\\u0000"');

  function* frames(): Generator<Frame> {
    yield { text: chunk({ content: '', graph_data: withGraph ? { sources: null, status: 'processing', subqueries: null } : null }, null) };
    if (withSubqueries) yield { text: chunk({ content: null, graph_data: { sources: null, status: 'processing', subqueries: GRAPH_SUBQUERIES } }, null) };
    // Writer sends no reasoning today; `#think` here lets the chat benchmark time a reasoning answer on the route it drives.
    for (const t of thinkingTokens(ctx.scenario.think ?? 0)) yield { text: chunk({ content: null, reasoning_content: t }, null) };
    for (const t of tokens) yield { text: prefix + JSON.stringify(t) + suffix, delta: true };
    // Web search: the pages used come as web_search_data on the finish chunk.
    const web = withWeb ? { web_search_data: { sources: WEB_SOURCES } } : {};
    yield { text: chunk({ content: '', graph_data: withGraph ? { sources: GRAPH_SOURCES, status: 'finished', subqueries: null } : null, ...web }, 'stop', { usage }) };
    yield { text: 'data: [DONE]\n\n' };
  }

  await respond(ctx, { dialect: 'writer', frames: frames(), contentFrame: (text) => chunk({ content: text }, null) }, () => ({
    id,
    object: 'chat.completion',
    choices: [
      {
        index: 0,
        finish_reason: 'stop',
        message: {
          role: 'assistant',
          content: tokens.join(''),
          refusal: null,
          tool_calls: null,
          graph_data: withGraph ? { sources: GRAPH_SOURCES, status: 'finished', subqueries: withSubqueries ? GRAPH_SUBQUERIES : null } : null,
        },
        logprobs: null,
      },
    ],
    created,
    model,
    usage,
    system_fingerprint: 'v1',
    service_tier: null,
  }));
}
