// GET /v1/models (Writer's `models` and OpenAI's `data` in one body) and GET /v1/graphs (paged).
import { GRAPHS, MODELS, page } from '../catalog';
import { sendError, sendJson, type RouteContext } from './context';

/** With `reflectAuth`, the first item's name carries the received Authorization header (a server echoing the key). */
const reflected = <T extends { name: string }>(items: readonly T[], reflect: string | undefined): T[] =>
  reflect ? items.map((item, i) => (i === 0 ? { ...item, name: item.name + reflect } : item)) : [...items];

export function listModels(ctx: RouteContext): void {
  sendJson(ctx, 200, {
    models: reflected(MODELS, ctx.reflect),
    object: 'list',
    data: MODELS.map((m) => ({ id: m.id, object: 'model', created: 1760000000, owned_by: m.id.includes('/') ? m.id.split('/')[0] : 'writer', ...(m.context_length ? { context_length: m.context_length, top_provider: m.top_provider } : {}) })),
  });
}

export function listGraphs(ctx: RouteContext): void {
  const result = page(reflected(GRAPHS, ctx.reflect), ctx.query);
  if (!result) return sendError(ctx, 'writer', 400, 'Unknown cursor.');
  sendJson(ctx, 200, result);
}

export function getGraph(ctx: RouteContext): void {
  const graph = GRAPHS.find((g) => g.id === ctx.params.id);
  if (!graph) return sendError(ctx, 'writer', 404, `Graph ${ctx.params.id} not found.`);
  sendJson(ctx, 200, graph);
}
