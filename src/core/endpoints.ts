// Which endpoint a request goes to for a provider, and the HTTP request (path + JSON body) for it.

import type { ChatMessage, ConnectionOptions, Endpoint, FunctionTool, Provider, StreamErrorInfo, StreamRequest } from './types';
import { makeError } from './errors';
import type { WireFormat } from './formats/format';
import { openaiChat, writerChat } from './formats/chat';
import { genericGenerate } from './formats/generic';
import { writerApplication, writerCompletions, writerGraphQuestion } from './formats/writer';

export interface HttpRequestSpec {
  endpoint: Endpoint;
  method: 'POST';
  url: string;
  body: Record<string, unknown>;
}

/** The one provider-name table: "the OpenAI-compatible provider" (the extension adds " API" where it names an endpoint). */
export const PROVIDER_NAMES: Record<Provider, string> = { writer: 'Writer', openai: 'OpenAI-compatible', generic: 'generic' };

function writerOnly(feature: string, provider: Provider): StreamErrorInfo {
  return makeError('bad-request', `${feature} are a Writer feature; the ${PROVIDER_NAMES[provider]} provider cannot serve them.`, {
    action: 'Set the provider setting to "writer" (and the base URL to https://api.writer.com or empty) to use them.',
  });
}

/** Picks the endpoint, or explains why the provider cannot serve this request. */
function resolveEndpoint(provider: Provider, request: StreamRequest): Endpoint | StreamErrorInfo {
  switch (request.kind) {
    case 'chat':
      if (provider === 'writer') return 'writer.chat';
      if (request.graphIds && request.graphIds.length > 0) return writerOnly('Knowledge Graphs', provider);
      if (request.webSearch) return writerOnly('Web search answers', provider);
      return provider === 'openai' ? 'openai.chat' : 'generic.generate';
    case 'completions':
      return provider === 'writer' ? 'writer.completions' : provider === 'openai' ? 'openai.chat' : 'generic.generate';
    case 'graph-question':
      return provider === 'writer' ? 'writer.graph-question' : writerOnly('Knowledge Graph questions', provider);
    case 'application':
      return provider === 'writer' ? 'writer.application' : writerOnly('No-code agents (applications)', provider);
  }
}

/** base + path, tolerating a trailing slash and a base that already ends in /v1. */
export function joinUrl(baseUrl: string, path: string): string {
  let base = baseUrl.replace(/\/+$/, '');
  if (path.startsWith('/v1/') && /\/v1$/.test(base)) base = base.slice(0, -3);
  return base + path;
}

/** Flattens a conversation into one prompt for APIs that take only a prompt. */
function flattenMessages(messages: ChatMessage[]): string {
  if (messages.length === 1 && messages[0]!.role === 'user') return messages[0]!.content;
  const label: Record<ChatMessage['role'], string> = { system: 'System', user: 'User', assistant: 'Assistant', tool: 'Tool' };
  return `${messages.map((m) => `${label[m.role]}: ${m.content}`).join('\n\n')}\n\nAssistant:`;
}

function put(body: Record<string, unknown>, key: string, v: unknown): void {
  if (v !== undefined) body[key] = v;
}


type RequestOf<K extends StreamRequest['kind']> = Extract<StreamRequest, { kind: K }>;

/** One endpoint: the requests it serves, its path and JSON body for one of them, and the wire format of its stream. */
interface EndpointSpec<K extends StreamRequest['kind']> {
  kinds: readonly K[];
  format: WireFormat;
  // A method (not a property) so that a spec for some kinds fits the table's common type.
  build(request: RequestOf<K>): { path: string; body: Record<string, unknown> };
}

/** Messages as both chat APIs take them: `tool_calls` on assistant turns, `tool_call_id` on tool turns. */
function wireMessages(messages: ChatMessage[]): Record<string, unknown>[] {
  return messages.map((m) => {
    const wire: Record<string, unknown> = { role: m.role, content: m.content };
    if (m.toolCalls && m.toolCalls.length > 0) wire.tool_calls = m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
    if (m.toolCallId !== undefined) wire.tool_call_id = m.toolCallId;
    return wire;
  });
}

function functionTools(tools: FunctionTool[] | undefined): Record<string, unknown>[] {
  return (tools ?? []).map((t) => {
    const fn: Record<string, unknown> = { name: t.name };
    put(fn, 'description', t.description);
    fn.parameters = t.parameters ?? { type: 'object', properties: {} };
    return { type: 'function', function: fn };
  });
}

const chatBody = (r: { model: string; temperature?: number; maxTokens?: number }, messages: Record<string, unknown>[]): Record<string, unknown> => {
  const body: Record<string, unknown> = { model: r.model, messages, stream: true, stream_options: { include_usage: true } };
  put(body, 'temperature', r.temperature);
  put(body, 'max_tokens', r.maxTokens);
  return body;
};

/** Adds `tools` + `tool_choice` when there are any. */
function putTools(body: Record<string, unknown>, tools: unknown[], choice: 'auto' | 'required' | undefined): void {
  if (tools.length === 0) return;
  body.tools = tools;
  body.tool_choice = choice ?? 'auto';
}

/** The one endpoint table: resolveEndpoint picks the row, buildHttpRequest and the decoder read it. */
export const ENDPOINTS: { [E in Endpoint]: EndpointSpec<StreamRequest['kind']> } = {
  'writer.chat': {
    kinds: ['chat'],
    format: writerChat,
    build(r: RequestOf<'chat'>) {
      const body = chatBody(r, wireMessages(r.messages));
      const tools: unknown[] = functionTools(r.tools);
      if (r.graphIds && r.graphIds.length > 0) tools.push({ type: 'graph', function: { graph_ids: r.graphIds, subqueries: r.subqueries ?? false } });
      // Writer's web_search tool of /v1/chat (the old /v1/tools/web-search is deprecated).
      if (r.webSearch) tools.push({ type: 'web_search', function: { include_domains: r.webSearch.includeDomains ?? [], exclude_domains: r.webSearch.excludeDomains ?? [] } });
      putTools(body, tools, r.toolChoice);
      return { path: '/v1/chat', body };
    },
  },
  'writer.completions': {
    kinds: ['completions'],
    format: writerCompletions,
    build(r: RequestOf<'completions'>) {
      const body: Record<string, unknown> = { model: r.model, prompt: r.prompt, stream: true };
      put(body, 'temperature', r.temperature);
      put(body, 'max_tokens', r.maxTokens);
      return { path: '/v1/completions', body };
    },
  },
  'writer.graph-question': {
    kinds: ['graph-question'],
    format: writerGraphQuestion,
    build: (r: RequestOf<'graph-question'>) => ({ path: '/v1/graphs/question', body: { graph_ids: r.graphIds, question: r.question, subqueries: r.subqueries ?? false, stream: true } }),
  },
  'writer.application': {
    kinds: ['application'],
    format: writerApplication,
    build: (r: RequestOf<'application'>) => ({ path: `/v1/applications/${encodeURIComponent(r.applicationId)}`, body: { inputs: r.inputs, stream: true } }),
  },
  'openai.chat': {
    kinds: ['chat', 'completions'],
    format: openaiChat,
    build(r: RequestOf<'chat' | 'completions'>) {
      if (r.kind !== 'chat') return { path: '/chat/completions', body: chatBody(r, [{ role: 'user', content: r.prompt }]) };
      const body = chatBody(r, wireMessages(r.messages));
      putTools(body, functionTools(r.tools), r.toolChoice);
      return { path: '/chat/completions', body };
    },
  },
  'generic.generate': {
    kinds: ['chat', 'completions'],
    format: genericGenerate,
    build(r: RequestOf<'chat' | 'completions'>) {
      const body: Record<string, unknown> = { prompt: r.kind === 'chat' ? flattenMessages(r.messages) : r.prompt };
      put(body, 'maxTokens', r.maxTokens);
      put(body, 'temperature', r.temperature);
      return { path: '/v1/generate/stream', body };
    },
  },
};

/** Builds the HTTP request for `request` on `options.provider` (or returns a 'bad-request' error). */
export function buildHttpRequest(request: StreamRequest, options: Pick<ConnectionOptions, 'provider' | 'baseUrl'>): HttpRequestSpec | StreamErrorInfo {
  const endpoint = resolveEndpoint(options.provider, request);
  if (typeof endpoint !== 'string') return endpoint;
  const spec = ENDPOINTS[endpoint];
  if (!spec.kinds.includes(request.kind)) return makeError('bad-request', `The ${endpoint} endpoint cannot serve a ${request.kind} request.`, { action: 'Report this: it is a bug in Stream Assist.' });
  const { path, body } = spec.build(request);
  return { endpoint, method: 'POST', url: joinUrl(options.baseUrl, path), body };
}
