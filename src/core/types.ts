// The streaming core's public contract. Everything above the core (extension, CLI, tests,
// benchmarks) depends only on these types and on `startStream` / the list functions.
// No `vscode` import anywhere under src/core.

export type Provider = 'writer' | 'openai' | 'generic';

/** Which wire format a stream speaks; decides the path and the decoder. */
export type Endpoint =
  | 'writer.chat' // POST /v1/chat
  | 'writer.completions' // POST /v1/completions
  | 'writer.graph-question' // POST /v1/graphs/question
  | 'writer.application' // POST /v1/applications/{id}
  | 'openai.chat' // POST {base}/chat/completions (base usually ends in /v1)
  | 'generic.generate'; // POST /v1/generate/stream

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Assistant turns that called tools (sent back as `tool_calls` so the model sees its own calls). */
  toolCalls?: ChatToolCall[];
  /** Tool turns: the call this message answers (`tool_call_id`). */
  toolCallId?: string;
}

export interface ChatToolCall {
  id: string;
  name: string;
  /** JSON text, as the model sent it. */
  arguments: string;
}

/** A function the model may call (OpenAI-compatible and Writer `{type:"function"}` tools). */
export interface FunctionTool {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters?: Record<string, unknown>;
}

export type StreamRequest =
  | {
      kind: 'chat';
      model: string;
      messages: ChatMessage[];
      temperature?: number;
      maxTokens?: number;
      /** Writer only: attach Knowledge Graphs through Writer's `graph` tool. */
      graphIds?: string[];
      subqueries?: boolean;
      /** Writer only: ground the answer with Writer's `web_search` tool. */
      webSearch?: WebSearchOptions;
      /** Functions the model may call; calls arrive as 'tool-call' events (not served by the generic API). */
      tools?: FunctionTool[];
      /** 'required': the model must call one of `tools`. Default 'auto'. */
      toolChoice?: 'auto' | 'required';
    }
  | { kind: 'completions'; model: string; prompt: string; temperature?: number; maxTokens?: number }
  | { kind: 'graph-question'; graphIds: string[]; question: string; subqueries?: boolean }
  | { kind: 'application'; applicationId: string; inputs: ApplicationInput[] };

export interface WebSearchOptions {
  includeDomains?: string[];
  excludeDomains?: string[];
}

export interface ApplicationInput {
  id: string;
  value: string[];
}

export interface Timeouts {
  /** TCP + TLS connect. */
  connectMs: number;
  /** From request sent to response headers. */
  responseMs: number;
  /** Longest silence between two body reads before the stream counts as stalled. */
  idleMs: number;
}

export interface ProxyOptions {
  /** Explicit proxy URL (VS Code `http.proxy`); when absent, HTTP(S)_PROXY from the environment. */
  url?: string;
  /** Hosts that bypass the proxy (VS Code `http.noProxy`); merged with NO_PROXY. */
  noProxy?: string[];
  /** Verify TLS certificates (VS Code `http.proxyStrictSSL`). Default true. */
  strictSSL?: boolean;
  /** Proxy-Authorization header value sent to the proxy (VS Code `http.proxyAuthorization`); wins over credentials in the URL. */
  authorization?: string;
}

/**
 * Something the user can change to fix a failure. The core's `action` names each neutrally
 * ("the base URL"); a host passes its own names (a VS Code setting, a CLI flag) in
 * `ConnectionOptions.fixNames` and gets actions in its own words.
 */
export type ErrorFix =
  | 'set-key'
  | 'base-url'
  | 'provider'
  | 'proxy'
  | 'proxy-auth'
  | 'no-proxy'
  | 'strict-ssl'
  | 'connect-timeout'
  | 'response-timeout'
  | 'idle-timeout';

export interface ConnectionOptions {
  /** How this host names what an error's action tells the user to change; the neutral nouns otherwise. */
  fixNames?: Partial<Record<ErrorFix, string>>;
  provider: Provider;
  /** e.g. https://api.writer.com, https://router.requesty.ai/v1, http://127.0.0.1:PORT */
  baseUrl: string;
  apiKey?: string;
  timeouts?: Partial<Timeouts>;
  proxy?: ProxyOptions;
  /** Retries before the first event (connection errors, 408, 409, 429, 5xx). Default 2. */
  maxRetries?: number;
  /** Longest SSE line / event (in characters) before the stream fails as 'malformed'. Default 16 MiB. (added) */
  maxEventChars?: number;
  /** Where per-request facts go (never the key, never bodies unless trace). */
  log?: RequestLog;
}

/** One line per finished request, plus trace hooks; implemented by the extension's LogOutputChannel and the CLI. */
export interface RequestLog {
  request(summary: RequestSummary): void;
  trace?(message: string): void;
}

export interface RequestSummary {
  method: string;
  /** URL with any secret redacted. */
  url: string;
  status?: number;
  requestId?: string;
  timeToFirstByteMs?: number;
  durationMs: number;
  events: number;
  bytes: number;
  retries: number;
  outcome: 'done' | 'cancelled' | 'error';
  error?: string;
}

// ---- normalized events -------------------------------------------------------------

export interface GraphSource {
  file_id: string;
  snippet: string;
}

export interface SubQuery {
  query: string;
  answer: string;
  sources: GraphSource[];
}

export interface Stage {
  id: string;
  content: string;
  sources: string[] | null;
}

/** A web page a web-search-grounded answer used (Writer `web_search_data` / `graph_data.references.web`). */
export interface WebSource {
  url: string;
  title?: string;
  snippet?: string;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  [extra: string]: unknown;
}

export interface GraphData {
  status?: string | null;
  sources?: GraphSource[] | null;
  subqueries?: SubQuery[] | null;
  references?: unknown;
}

export type Termination =
  | 'done_sentinel'
  | 'eof_after_finish'
  | 'eof_clean'
  | 'truncated_mid_event'
  | 'error_event'
  | 'http_error'
  | 'incomplete'
  | 'cancelled';

export type StreamEvent =
  /** Response headers arrived with a 2xx. */
  | { type: 'open'; status: number; requestId?: string; attempt: number }
  | { type: 'text'; text: string }
  /** The model's thinking before (or between) answer text: `reasoning_content`, `reasoning`, `reasoning_details[]`, `thinking` content parts. Never part of `text`. */
  | { type: 'reasoning'; text: string }
  /** `delta.refusal`: the model declined; the text is shown as the answer with a refusal marker. */
  | { type: 'refusal'; text: string }
  /** Web search results the answer is grounded on (appended, deduplicated by URL in the result). */
  | { type: 'web-sources'; sources: WebSource[] }
  | { type: 'tool-call'; index: number; id?: string; name?: string; argumentsDelta: string; /** e.g. "function" (added) */ callType?: string }
  /** Writer chat `delta.graph_data` (only non-null members). */
  | { type: 'graph-data'; graphData: GraphData }
  /** Knowledge Graph question: sources/subqueries to append. */
  | { type: 'sources'; sources: GraphSource[] }
  | { type: 'subqueries'; subqueries: SubQuery[] }
  | { type: 'references'; references: unknown }
  | { type: 'stage'; stage: Stage }
  | { type: 'title'; title: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; reason: string }
  /** Before the first event only: waiting `delayMs` before attempt `attempt`. `retryNow()` on the handle skips the wait. */
  | { type: 'retrying'; attempt: number; delayMs: number; error: StreamErrorInfo }
  /** Always last (exactly one of done / error). */
  | { type: 'done'; termination: Termination }
  /** `termination` (added): how the stream ended, e.g. 'truncated_mid_event'; derived from the kind when absent. */
  | { type: 'error'; error: StreamErrorInfo; termination?: Termination };

// ---- errors ------------------------------------------------------------------------

export type ErrorKind =
  | 'auth' // 401/403: set your API key
  | 'rate-limit' // 429
  | 'billing' // 402: out of credits / payment required
  | 'bad-request' // 400/413/422 etc., server's own message
  | 'not-found' // 404: model, graph, application
  | 'server' // 5xx
  | 'network' // DNS, refused, reset, TLS, proxy
  | 'timeout' // connect or response-headers timeout
  | 'stalled' // idle timeout mid-body
  | 'malformed' // unparseable stream, oversized line, JSON where a stream was expected, truncated
  | 'in-stream' // error event inside a 200 stream
  | 'cancelled'; // caller aborted

/** Plain-data description of an error: safe to log, serialise and post to a webview (never contains the key). */
export interface StreamErrorInfo {
  kind: ErrorKind;
  /** One sentence: what happened. */
  message: string;
  /** One sentence: what the user can do. */
  action: string;
  status?: number;
  /** Writer `tpe` or OpenAI `error.type`. */
  type?: string;
  /** OpenAI-style `error.code` (e.g. "context_length_exceeded"). */
  code?: string;
  /** OpenAI-style `error.param`: which request field was wrong. */
  param?: string;
  /** The upstream provider a gateway reported (OpenRouter `error.metadata.provider_name`). */
  provider?: string;
  key?: string;
  requestId?: string;
  retryable: boolean;
  retryAfterMs?: number;
  /** What `action` tells the user to change, machine-readable (hosts add buttons for them). */
  fix?: ErrorFix[];
}

// ---- accumulated result ------------------------------------------------------------

export interface ToolCall {
  /** Order in which the call started (0, 1, …); not the wire `index`, which gateways reuse or omit. */
  index: number;
  id: string | null;
  type: string | null;
  name: string | null;
  arguments: string;
  /** `arguments` parsed as JSON, or undefined when it does not parse. */
  argumentsJson?: unknown;
}

export interface StreamResult {
  text: string;
  /** Accumulated reasoning ('' when none); shown apart from the answer, never sent back to the model. */
  reasoning: string;
  /** Accumulated `delta.refusal` text, or null when the model did not refuse. */
  refusal: string | null;
  /** Web search sources, in arrival order, one per URL. */
  webSources: WebSource[];
  finishReason: string | null;
  toolCalls: ToolCall[];
  usage: Usage | null;
  /** Writer chat graph tool. */
  graphData: GraphData | null;
  /** Knowledge Graph question. */
  sources: GraphSource[];
  subqueries: SubQuery[];
  references: unknown;
  /** No-code application. */
  stages: Stage[];
  title: string | null;
  error: StreamErrorInfo | null;
  termination: Termination | null;
  /** Events carrying data (the [DONE] event counts). */
  dataEvents: number;
}

/** A running stream. Iterate `events` (single consumer) or just await `result`. */
export interface StreamHandle {
  readonly events: AsyncIterable<StreamEvent>;
  /** Resolves when the stream ends, however it ends (never rejects). */
  readonly result: Promise<StreamResult>;
  /** Close the connection now; the stream ends with an error of kind 'cancelled'. */
  abort(): void;
  /** Skip the wait of a pending retry. */
  retryNow(): void;
}

// ---- non-streaming lists (pickers) -------------------------------------------------

export interface ModelInfo {
  id: string;
  name?: string;
  /** Context window in tokens, when the list says (`context_length`, `context_window`, …). */
  contextTokens?: number;
  /** Longest answer in tokens, when the list says (`max_output_tokens`, `top_provider.max_completion_tokens`, …). */
  maxOutputTokens?: number;
}

export interface GraphInfo {
  id: string;
  name: string;
  description?: string;
  createdAt?: string;
  fileStatus?: { in_progress: number; completed: number; failed: number; total: number };
}

export interface ApplicationInputSpec {
  name: string;
  /** e.g. 'text', 'file', 'dropdown', 'media' */
  inputType: string;
  required: boolean;
  description?: string;
  options?: string[];
}

export interface ApplicationInfo {
  id: string;
  name: string;
  type?: string;
  status?: string;
  inputs: ApplicationInputSpec[];
}
