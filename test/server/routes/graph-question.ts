// Writer Knowledge Graph question, POST /v1/graphs/question: flat `{question, answer, sources}` events;
// subqueries (when asked) on the first event, sources on the last, then [DONE]. Unknown graph → 404.
import { answerTokens, GRAPH_SOURCES, GRAPH_SUBQUERIES } from '../answers';
import { GRAPHS } from '../catalog';
import type { Frame } from '../sse-writer';
import { respond, sendError, type RouteContext } from './context';

export function graphQuestionMarkerText(body: Record<string, unknown>): string[] {
  return [String(body.question ?? '')];
}

export async function graphQuestion(ctx: RouteContext): Promise<void> {
  const ids = ctx.body.graph_ids;
  if (!Array.isArray(ids) || ids.length === 0) return sendError(ctx, 'writer', 400, 'graph_ids must contain at least one graph id.');
  const unknown = ids.find((id) => !GRAPHS.some((g) => g.id === id));
  if (unknown !== undefined) return sendError(ctx, 'writer', 404, `Graph ${String(unknown)} not found.`);
  const question = typeof ctx.body.question === 'string' ? ctx.body.question : '';
  if (!question.trim()) return sendError(ctx, 'writer', 400, 'question must not be empty.');

  const withSubqueries = ctx.body.subqueries === true;
  const tokens = answerTokens('graph', ctx.scenario);
  const q = JSON.stringify(question);
  const frame = (answer: string, extra = ''): string => `data: {"question":${q},"answer":${JSON.stringify(answer)},"sources":[]${extra}}\n\n`;
  function* frames(): Generator<Frame> {
    yield { text: withSubqueries ? frame('', `,"subqueries":${JSON.stringify(GRAPH_SUBQUERIES)}`) : frame('') };
    for (const t of tokens) yield { text: frame(t), delta: true };
    yield { text: `data: ${JSON.stringify({ question, answer: '', sources: GRAPH_SOURCES })}\n\n` };
    yield { text: 'data: [DONE]\n\n' };
  }
  await respond(ctx, { dialect: 'writer', frames: frames(), contentFrame: (t) => frame(t) }, () => ({
    question,
    answer: tokens.join(''),
    sources: GRAPH_SOURCES,
    ...(withSubqueries ? { subqueries: GRAPH_SUBQUERIES } : {}),
  }));
}
