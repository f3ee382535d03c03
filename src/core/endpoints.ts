// Which endpoint a request goes to for a provider, and the HTTP request (path + JSON body) for it.

import type { ChatMessage, ConnectionOptions, Endpoint, Provider, StreamErrorInfo, StreamRequest } from './types';
import { makeError } from './errors';

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
    action: 'Set streamAssist.provider to "writer" (and streamAssist.baseUrl to https://api.writer.com or empty) to use them.',
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

function messagesOf(request: StreamRequest): ChatMessage[] {
  if (request.kind === 'chat') return request.messages;
  if (request.kind === 'completions') return [{ role: 'user', content: request.prompt }];
  return [];
}

/** Builds the HTTP request for `request` on `options.provider` (or returns a 'bad-request' error). */
export function buildHttpRequest(request: StreamRequest, options: Pick<ConnectionOptions, 'provider' | 'baseUrl'>): HttpRequestSpec | StreamErrorInfo {
  const endpoint = resolveEndpoint(options.provider, request);
  if (typeof endpoint !== 'string') return endpoint;
  const base = options.baseUrl;
  const body: Record<string, unknown> = {};
  let path: string;
  switch (endpoint) {
    case 'writer.chat': {
      if (request.kind !== 'chat') throw new Error('unreachable');
      path = '/v1/chat';
      body.model = request.model;
      body.messages = request.messages.map((m) => ({ role: m.role, content: m.content }));
      body.stream = true;
      body.stream_options = { include_usage: true };
      put(body, 'temperature', request.temperature);
      put(body, 'max_tokens', request.maxTokens);
      const tools: unknown[] = [];
      if (request.graphIds && request.graphIds.length > 0) tools.push({ type: 'graph', function: { graph_ids: request.graphIds, subqueries: request.subqueries ?? false } });
      // Writer's web_search tool of /v1/chat (the old /v1/tools/web-search is deprecated).
      if (request.webSearch) tools.push({ type: 'web_search', function: { include_domains: request.webSearch.includeDomains ?? [], exclude_domains: request.webSearch.excludeDomains ?? [] } });
      if (tools.length > 0) {
        body.tools = tools;
        body.tool_choice = 'auto';
      }
      break;
    }
    case 'writer.completions': {
      if (request.kind !== 'completions') throw new Error('unreachable');
      path = '/v1/completions';
      body.model = request.model;
      body.prompt = request.prompt;
      body.stream = true;
      put(body, 'temperature', request.temperature);
      put(body, 'max_tokens', request.maxTokens);
      break;
    }
    case 'writer.graph-question': {
      if (request.kind !== 'graph-question') throw new Error('unreachable');
      path = '/v1/graphs/question';
      body.graph_ids = request.graphIds;
      body.question = request.question;
      body.subqueries = request.subqueries ?? false;
      body.stream = true;
      break;
    }
    case 'writer.application': {
      if (request.kind !== 'application') throw new Error('unreachable');
      path = `/v1/applications/${encodeURIComponent(request.applicationId)}`;
      body.inputs = request.inputs;
      body.stream = true;
      break;
    }
    case 'openai.chat': {
      if (request.kind !== 'chat' && request.kind !== 'completions') throw new Error('unreachable');
      path = '/chat/completions';
      body.model = request.model;
      body.messages = messagesOf(request);
      body.stream = true;
      body.stream_options = { include_usage: true };
      put(body, 'temperature', request.temperature);
      put(body, 'max_tokens', request.maxTokens);
      break;
    }
    case 'generic.generate': {
      if (request.kind !== 'chat' && request.kind !== 'completions') throw new Error('unreachable');
      path = '/v1/generate/stream';
      body.prompt = request.kind === 'chat' ? flattenMessages(request.messages) : request.prompt;
      put(body, 'maxTokens', request.maxTokens);
      put(body, 'temperature', request.temperature);
      break;
    }
  }
  return { endpoint, method: 'POST', url: joinUrl(base, path), body };
}
