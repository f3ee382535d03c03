// Non-streaming list calls for pickers (models, Knowledge Graphs, no-code applications). Same
// transport, timeouts, proxy and retry policy as streams; failures throw StreamError.

import type { ApplicationInfo, ApplicationInputSpec, ConnectionOptions, GraphInfo, ModelInfo, StreamErrorInfo } from './types';
import { StreamError, classifyHttpError, classifyNetworkError, makeError, malformedError, nameFixes, type NetworkContext } from './errors';
import { joinUrl } from './endpoints';
import { requestIdOf, type IncomingHeaders } from './headers';
import { getDispatcher } from './proxy';
import { createRedactor, maskSecrets, secretForms } from './redact';
import { withRetries, type Attempt } from './retry';
import { authHeaders, readText, resolveTimeouts, send } from './transport';
import { isObject, type Json } from './formats/format';

const MAX_PAGES = 50;
const LIST_BODY_LIMIT = 16 * 1024 * 1024;

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

/** GET a JSON document with retries; throws StreamError. */
async function getJson(options: ConnectionOptions, url: string, signal?: AbortSignal): Promise<unknown> {
  const redact = createRedactor(options.apiKey);
  const timeouts = resolveTimeouts(options.timeouts);
  const { dispatcher, proxied } = getDispatcher(options.proxy, timeouts.connectMs);
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    throw new StreamError(makeError('bad-request', `The base URL "${redact(options.baseUrl)}" is not a valid URL.`, { action: 'Fix the base URL.' }));
  }
  const ctx: NetworkContext = { host, timeouts, viaProxy: proxied };
  const ctl = new AbortController();
  signal?.addEventListener('abort', () => ctl.abort(), { once: true });
  const maxRetries = Math.max(0, options.maxRetries ?? 2);
  const started = Date.now();
  const logFailure = (n: number, message: string, status?: number, requestId?: string): void =>
    options.log?.request({ method: 'GET', url: redact(url), ...(status !== undefined ? { status } : {}), ...(requestId ? { requestId } : {}), durationMs: Date.now() - started, events: 0, bytes: 0, retries: n - 1, outcome: 'error', error: message });
  const giveUp = (info: StreamErrorInfo, log?: () => void) => (): never => {
    log?.();
    throw new StreamError(info);
  };
  const attempt = async (n: number): Promise<Attempt<unknown>> => {
    if (ctl.signal.aborted) throw new StreamError(makeError('cancelled', 'The request was cancelled.'));
    let status: number | undefined;
    let requestId: string | undefined;
    try {
      const res = await send({ method: 'GET', url, headers: authHeaders(options.apiKey, 'application/json') }, dispatcher, timeouts, ctl.signal);
      status = res.statusCode;
      requestId = requestIdOf(res.headers as IncomingHeaders);
      const text = await readText(res.body, LIST_BODY_LIMIT);
      if (status < 200 || status >= 300) {
        const info = classifyHttpError(status, res.headers as IncomingHeaders, text, redact);
        const [httpStatus, id] = [status, requestId];
        return { failure: info, giveUp: giveUp(info, () => logFailure(n, info.message, httpStatus, id)) };
      }
      options.log?.request({ method: 'GET', url: redact(url), status, ...(requestId ? { requestId } : {}), durationMs: Date.now() - started, events: 0, bytes: text.length, retries: n - 1, outcome: 'done' });
      try {
        // A server or proxy may echo the key into the list (a name, a description): it would end up
        // in a picker. Its forms contain no JSON-special characters, so masking the text keeps it JSON.
        return { result: JSON.parse(maskSecrets(text, secretForms(options.apiKey))) };
      } catch {
        throw new StreamError(malformedError(`The server answered ${status} but the body is not JSON.`));
      }
    } catch (err) {
      if (err instanceof StreamError) {
        logFailure(n, err.info.message, status, requestId);
        throw err;
      }
      if (ctl.signal.aborted) throw new StreamError(makeError('cancelled', 'The request was cancelled.'));
      const info = classifyNetworkError(err, ctx, redact);
      return { failure: info, giveUp: giveUp(info) };
    }
  };
  // An aborted wait still goes round once more: the next attempt reports the cancel.
  return withRetries(maxRetries, attempt, (_n, _failure, delayMs) => sleep(delayMs, ctl.signal).then(() => true));
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Writer GET /v1/models → {models:[{id,name}]}; OpenAI-compatible GET {base}/models → {data:[{id}]}. */
async function listModelsRaw(options: ConnectionOptions, signal?: AbortSignal): Promise<ModelInfo[]> {
  const url = options.provider === 'writer' ? joinUrl(options.baseUrl, '/v1/models') : options.provider === 'openai' ? joinUrl(options.baseUrl, '/models') : joinUrl(options.baseUrl, '/v1/models');
  const doc = await getJson(options, url, signal);
  const list = isObject(doc) ? (Array.isArray(doc.models) ? doc.models : Array.isArray(doc.data) ? doc.data : []) : Array.isArray(doc) ? doc : [];
  const out: ModelInfo[] = [];
  for (const m of list) {
    if (!isObject(m) || typeof m.id !== 'string') continue;
    const info: ModelInfo = { id: m.id };
    const name = str(m.name);
    if (name) info.name = name;
    // Gateways name the limits differently (OpenRouter/Requesty, LiteLLM, vLLM, Writer); the first that is a positive number wins.
    const top = isObject(m.top_provider) ? m.top_provider : {};
    const context = firstTokenCount(m.context_length, m.context_window, m.max_context_length, m.max_model_len, m.max_input_tokens, top.context_length);
    const output = firstTokenCount(m.max_output_tokens, m.max_completion_tokens, top.max_completion_tokens, m.max_tokens);
    if (context !== undefined) info.contextTokens = context;
    if (output !== undefined) info.maxOutputTokens = output;
    out.push(info);
  }
  return out;
}

function firstTokenCount(...values: unknown[]): number | undefined {
  for (const v of values) if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) return v;
  return undefined;
}

/** Follows Writer's cursor pages (`after=last_id` while `has_more`). */
async function listPaged(options: ConnectionOptions, path: string, extraQuery: string, signal?: AbortSignal): Promise<Json[]> {
  if (options.provider !== 'writer') {
    throw new StreamError(
      makeError('bad-request', 'Knowledge Graphs and no-code agents are Writer features; the current provider cannot list them.', {
        action: 'Set the provider setting to "writer" to use them.',
      }),
    );
  }
  const items: Json[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const q = `?limit=100${extraQuery}${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const doc = await getJson(options, joinUrl(options.baseUrl, path) + q, signal);
    if (!isObject(doc)) break;
    const data = Array.isArray(doc.data) ? doc.data.filter(isObject) : [];
    items.push(...data);
    const last = str(doc.last_id) ?? str(data[data.length - 1]?.id);
    if (doc.has_more !== true || !last || last === after || data.length === 0) break;
    after = last;
  }
  return items;
}

/** Writer GET /v1/graphs, all pages. */
async function listGraphsRaw(options: ConnectionOptions, signal?: AbortSignal): Promise<GraphInfo[]> {
  const items = await listPaged(options, '/v1/graphs', '', signal);
  const out: GraphInfo[] = [];
  for (const g of items) {
    if (typeof g.id !== 'string') continue;
    const info: GraphInfo = { id: g.id, name: str(g.name) ?? g.id };
    if (str(g.description)) info.description = g.description as string;
    if (str(g.created_at)) info.createdAt = g.created_at as string;
    if (isObject(g.file_status)) {
      const fs = g.file_status;
      const n = (v: unknown): number => (typeof v === 'number' ? v : 0);
      info.fileStatus = { in_progress: n(fs.in_progress), completed: n(fs.completed), failed: n(fs.failed), total: n(fs.total) };
    }
    out.push(info);
  }
  return out;
}

function inputSpec(i: Json): ApplicationInputSpec | undefined {
  const name = str(i.name) ?? str(i.id);
  if (!name) return undefined;
  const spec: ApplicationInputSpec = { name, inputType: str(i.input_type) ?? str(i.type) ?? 'text', required: i.required === true };
  if (str(i.description)) spec.description = i.description as string;
  const opts = i.options;
  const list = isObject(opts) && Array.isArray(opts.list) ? opts.list : Array.isArray(opts) ? opts : undefined;
  if (list) spec.options = list.filter((x): x is string => typeof x === 'string');
  return spec;
}

/** Writer GET /v1/applications, all pages; inputs mapped from `{name, input_type, required, description, options:{list}}`. */
async function listApplicationsRaw(options: ConnectionOptions, signal?: AbortSignal): Promise<ApplicationInfo[]> {
  const items = await listPaged(options, '/v1/applications', '', signal);
  const out: ApplicationInfo[] = [];
  for (const a of items) {
    if (typeof a.id !== 'string') continue;
    const info: ApplicationInfo = { id: a.id, name: str(a.name) ?? a.id, inputs: [] };
    if (str(a.type)) info.type = a.type as string;
    if (str(a.status)) info.status = a.status as string;
    if (Array.isArray(a.inputs)) for (const i of a.inputs) if (isObject(i)) {
      const s = inputSpec(i);
      if (s) info.inputs.push(s);
    }
    out.push(info);
  }
  return out;
}

/** Rethrows a StreamError with its action in the host's words (ConnectionOptions.fixNames). */
async function inHostWords<T>(options: ConnectionOptions, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof StreamError) throw new StreamError(nameFixes(err.info, options.fixNames));
    throw err;
  }
}

export const listModels = (options: ConnectionOptions, signal?: AbortSignal): Promise<ModelInfo[]> => inHostWords(options, () => listModelsRaw(options, signal));
export const listGraphs = (options: ConnectionOptions, signal?: AbortSignal): Promise<GraphInfo[]> => inHostWords(options, () => listGraphsRaw(options, signal));
export const listApplications = (options: ConnectionOptions, signal?: AbortSignal): Promise<ApplicationInfo[]> =>
  inHostWords(options, () => listApplicationsRaw(options, signal));
