// Writer no-code applications: GET /v1/applications (paged, with declared inputs) and
// POST /v1/applications/{id}: research stages first, then the title, then the content, then [DONE].
import { AGENT_STAGES, AGENT_TITLE, answerTokens } from '../answers';
import { APPLICATIONS, page } from '../catalog';
import type { Frame } from '../sse-writer';
import { respond, sendError, sendJson, type RouteContext } from './context';

interface InputValue {
  id?: unknown;
  value?: unknown;
}

export function applicationMarkerText(body: Record<string, unknown>): string[] {
  const inputs = Array.isArray(body.inputs) ? (body.inputs as InputValue[]) : [];
  return inputs.flatMap((i) => (Array.isArray(i?.value) ? i.value.map(String) : []));
}

export function listApplications(ctx: RouteContext): void {
  const result = page(APPLICATIONS, ctx.query);
  if (!result) return sendError(ctx, 'writer', 400, 'Unknown cursor.');
  sendJson(ctx, 200, result);
}

export async function runApplication(ctx: RouteContext): Promise<void> {
  const app = APPLICATIONS.find((a) => a.id === ctx.params.id);
  if (!app) return sendError(ctx, 'writer', 404, `Application ${ctx.params.id} not found.`);
  const inputs = Array.isArray(ctx.body.inputs) ? (ctx.body.inputs as InputValue[]) : [];
  for (const spec of app.inputs.filter((i) => i.required)) {
    const given = inputs.find((i) => i?.id === spec.name);
    const values = Array.isArray(given?.value) ? given.value.filter((v) => typeof v === 'string' && v.trim() !== '') : [];
    if (values.length === 0) return sendError(ctx, 'writer', 400, `Missing required input: ${spec.name}.`);
  }

  const tokens = answerTokens('application', ctx.scenario);
  const frame = (delta: Record<string, unknown>): string => `data: ${JSON.stringify({ delta: { title: null, content: null, stages: null, ...delta } })}\n\n`;
  function* frames(): Generator<Frame> {
    for (const stage of AGENT_STAGES) yield { text: frame({ stages: [stage] }) };
    yield { text: frame({ title: AGENT_TITLE, content: '' }) };
    for (const t of tokens) yield { text: frame({ content: t }), delta: true };
    yield { text: 'data: [DONE]\n\n' };
  }
  await respond(ctx, { dialect: 'writer', frames: frames(), contentFrame: (t) => frame({ content: t }) }, () => ({
    title: AGENT_TITLE,
    suggestion: tokens.join(''),
  }));
}
