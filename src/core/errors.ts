// Every failure becomes one plain-data StreamErrorInfo: what happened (message), what to do
// (action), plus the server's own fields. Built only from redacted text.

import type { ErrorFix, ErrorKind, StreamErrorInfo } from './types';
import type { IncomingHeaders } from './headers';
import { headerValue, requestIdOf } from './headers';
import { isRetryableStatus, parseRetryAfter } from './retry';
import type { Redactor } from './redact';
import { createRedactor } from './redact';
import { messageOf } from '../shared/text';

/** Thrown by the list functions; `info` is safe to show and log. */
export class StreamError extends Error {
  readonly info: StreamErrorInfo;
  constructor(info: StreamErrorInfo) {
    super(info.message);
    this.name = 'StreamError';
    this.info = info;
  }
}

/** The neutral name of each fix as it appears in actions; distinct phrases, so each is found and replaced exactly. */
export const FIX_NOUNS: Record<ErrorFix, string> = {
  'set-key': 'a valid API key',
  'base-url': 'the base URL',
  provider: 'the provider setting',
  proxy: 'the proxy URL',
  'proxy-auth': 'the proxy authorization header',
  'no-proxy': 'the no-proxy list',
  'strict-ssl': 'the strict TLS check',
  'connect-timeout': 'the connect timeout',
  'response-timeout': 'the response timeout',
  'idle-timeout': 'the idle timeout',
};

const FIXES = Object.keys(FIX_NOUNS) as ErrorFix[];

/** The info with each fix its action names written the host's way (unchanged without names). */
export function nameFixes(info: StreamErrorInfo, names: Partial<Record<ErrorFix, string>> | undefined): StreamErrorInfo {
  if (!names || !info.fix?.length) return info;
  let action = info.action;
  for (const fix of info.fix) {
    const name = names[fix];
    if (name) action = action.split(FIX_NOUNS[fix]).join(name);
  }
  return action === info.action ? info : { ...info, action };
}

const DEFAULT_ACTION: Record<ErrorKind, string> = {
  auth: 'Set a valid API key.',
  'rate-limit': 'Wait a moment and try again, or lower your request rate.',
  billing: "Add credits or check the billing settings of your provider's account, then try again.",
  'bad-request': 'Check the request settings (model, temperature, max tokens) against what the provider accepts.',
  'not-found': 'Check the model, graph or application ID and the base URL.',
  server: 'Try again in a moment; if it keeps failing the provider may be having an outage.',
  network: 'Check your network connection, the base URL and proxy settings (the proxy URL).',
  timeout: 'Check the connection, or raise the connect timeout / the response timeout.',
  stalled: 'Try again; if the server is slow on purpose (e.g. Knowledge Graph retrieval), raise the idle timeout.',
  malformed: 'Check that the provider setting and the base URL point at a streaming API of that kind.',
  'in-stream': 'Try again; the text received so far is kept.',
  cancelled: 'Nothing to do: the request was cancelled.',
};

export function makeError(kind: ErrorKind, message: string, extra: Partial<StreamErrorInfo> = {}): StreamErrorInfo {
  const action = extra.action ?? DEFAULT_ACTION[kind];
  const fix = FIXES.filter((f) => action.includes(FIX_NOUNS[f]));
  return { kind, message, action, retryable: false, ...(fix.length ? { fix } : {}), ...extra };
}

export function cancelledError(): StreamErrorInfo {
  return makeError('cancelled', 'The request was cancelled.');
}

export function malformedError(message: string, action?: string): StreamErrorInfo {
  return makeError('malformed', message, action ? { action } : {});
}

interface Envelope {
  message?: string;
  type?: string;
  key?: string;
  code?: string;
  param?: string;
  provider?: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** `code` may be a string ("context_length_exceeded", LiteLLM's "400") or a number (OpenRouter, vLLM). */
function codeStr(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? String(v) : str(v);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const RAW_CAUSE_CHARS = 300;

/**
 * The upstream provider's own words where a gateway nests them: OpenRouter's `error.metadata.raw`
 * is a string, often the provider's JSON error body, sometimes plain text.
 */
function nestedCause(metadata: unknown): string | undefined {
  if (!isRecord(metadata)) return undefined;
  const raw = metadata.raw;
  let cause: string | undefined;
  if (typeof raw === 'string') {
    const t = raw.trim();
    try {
      cause = parseErrorEnvelope(JSON.parse(t))?.message;
    } catch {
      cause = undefined;
    }
    cause ??= t.startsWith('{') || t.startsWith('[') ? undefined : str(t);
  } else if (isRecord(raw)) cause = parseErrorEnvelope(raw)?.message;
  if (!cause) return undefined;
  return cause.length > RAW_CAUSE_CHARS ? `${cause.slice(0, RAW_CAUSE_CHARS)}…` : cause;
}

/**
 * Reads Writer `{tpe, errors:[{description,key}]}`, OpenAI-style `{error:{message,type,code,param}}`
 * (LiteLLM, vLLM, OpenRouter with `metadata.raw`/`provider_name`), Ollama's `{error:"…"}`, vLLM's
 * flat `{object:"error",message,type,code}` and `{message}` / `{detail}` variants.
 */
export function parseErrorEnvelope(body: unknown): Envelope | undefined {
  if (!isRecord(body)) return undefined;
  const o = body;
  if (Array.isArray(o.errors) || typeof o.tpe === 'string') {
    const first = Array.isArray(o.errors) ? (o.errors[0] as Record<string, unknown> | undefined) : undefined;
    const description = first && typeof first === 'object' ? str(first.description) : undefined;
    return { message: description ?? str(o.message), type: str(o.tpe), key: first && typeof first === 'object' ? str(first.key) : undefined };
  }
  if (o.error !== undefined && o.error !== null) {
    if (typeof o.error === 'string') return { message: o.error, type: str(o.type) };
    if (typeof o.error === 'object') {
      const e = o.error as Record<string, unknown>;
      const env: Envelope = { message: str(e.message) ?? str(o.message), type: str(e.type) ?? str(e.code) };
      withCodeAndParam(env, e);
      const meta = isRecord(e.metadata) ? e.metadata : undefined;
      const provider = meta ? str(meta.provider_name) : undefined;
      if (provider) env.provider = provider;
      const cause = nestedCause(meta);
      if (cause && cause !== env.message) {
        const via = provider ? `${provider}: ` : '';
        env.message = env.message ? `${env.message} (${via}${cause})` : `${via}${cause}`;
      } else if (provider && env.message && !env.message.includes(provider)) env.message = `${env.message} (${provider})`;
      return env;
    }
  }
  const msg = str(o.message) ?? str(o.detail);
  if (!msg) return undefined;
  return withCodeAndParam({ message: msg, type: str(o.type) }, o);
}

function withCodeAndParam(env: Envelope, from: Record<string, unknown>): Envelope {
  const code = codeStr(from.code);
  if (code) env.code = code;
  const param = str(from.param);
  if (param) env.param = param;
  return env;
}

/**
 * True when a JSON payload inside a stream is an error rather than data: a top-level `error`
 * (with `choices` too, as OpenRouter sends a mid-stream failure, it must be an object or text)
 * Writer's `tpe` + `errors`, or vLLM's flat `{object:"error", message, …}`.
 */
export function isErrorPayload(o: Record<string, unknown>): boolean {
  if (o.object === 'error') return true;
  const e = o.error;
  if (e !== undefined && e !== null) {
    if (o.choices === undefined) return true;
    if (isRecord(e) || (typeof e === 'string' && e !== '')) return true;
  }
  return typeof o.tpe === 'string' && Array.isArray(o.errors);
}

function kindForStatus(status: number): ErrorKind {
  if (status === 401 || status === 403 || status === 407) return 'auth';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limit';
  if (status === 402) return 'billing';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server';
  return 'bad-request';
}

function actionForStatus(status: number, kind: ErrorKind): string {
  if (status === 403) return 'The API key lacks permission for this resource; check its access (e.g. graph "All Teams" access) in the provider console.';
  if (status === 413) return 'Send less text (shorter conversation or smaller selection).';
  return DEFAULT_ACTION[kind];
}

function describeBody(status: number, contentType: string | undefined, text: string): string {
  const t = text.trim();
  if (status === 402 && (t === '' || t.startsWith('<'))) return 'The provider refused the request for billing reasons (402 Payment Required): the account may be out of credits or need a payment method.';
  if (t === '') return `The server answered ${status} with an empty body.`;
  if ((contentType ?? '').includes('html') || t.startsWith('<')) {
    const title = /<title[^>]*>([^<]{1,200})<\/title>/i.exec(t)?.[1]?.trim();
    return `The server answered ${status} with an HTML page${title ? ` ("${title}")` : ''}; a proxy or gateway may be in the way.`;
  }
  return `The server answered ${status}: ${t.length > 300 ? `${t.slice(0, 300)}…` : t}`;
}

/** Where a 3xx points, for people: the origin of an absolute Location, else the (redacted) path. */
function redirectTarget(headers: IncomingHeaders, redact: Redactor): string {
  const location = headerValue(headers, 'location')?.trim();
  if (!location) return 'another address (no Location given)';
  try {
    return redact(new URL(location).origin);
  } catch {
    const path = redact(location);
    return `another path on the same server (${path.length > 200 ? `${path.slice(0, 200)}…` : path})`;
  }
}

/** Classifies a non-2xx response from its status, headers and (already read) body text. */
export function classifyHttpError(status: number, headers: IncomingHeaders, bodyText: string, redact: Redactor = createRedactor()): StreamErrorInfo {
  if (status >= 300 && status < 400 && status !== 304) {
    // Redirects are never followed: the request carries the key, and a redirect may point anywhere.
    const where = redirectTarget(headers, redact);
    const info = makeError('bad-request', `The server redirected to ${where} (${status}); Stream Assist does not follow redirects with your key.`, {
      action: 'Update the base URL to the address the API really uses (and set its key there) if you trust it.',
      status,
    });
    const rid = requestIdOf(headers);
    if (rid) info.requestId = redact(rid);
    return info;
  }
  const text = redact(bodyText);
  let env: Envelope | undefined;
  try {
    env = parseErrorEnvelope(JSON.parse(text));
  } catch {
    env = undefined;
  }
  const kind = kindForStatus(status);
  const retryable = isRetryableStatus(status, headers);
  const retryAfterMs = parseRetryAfter(headers);
  const info = makeError(kind, env?.message ?? describeBody(status, headerValue(headers, 'content-type'), text), {
    action: actionForStatus(status, kind),
    status,
    retryable,
  });
  copyEnvelopeFields(info, env);
  const rid = requestIdOf(headers);
  if (rid) info.requestId = redact(rid);
  if (retryAfterMs !== undefined) info.retryAfterMs = retryAfterMs;
  return info;
}

function copyEnvelopeFields(info: StreamErrorInfo, env: Envelope | undefined, redact: Redactor = (t) => t): void {
  if (!env) return;
  if (env.type) info.type = redact(env.type);
  if (env.key) info.key = redact(env.key);
  if (env.code) info.code = redact(env.code);
  if (env.param) info.param = redact(env.param);
  if (env.provider) info.provider = redact(env.provider);
}

/**
 * An error reported inside a 200 stream (`event: error`, an error-shaped JSON payload, or a chunk
 * ending with `finish_reason: "error"`, whose `fallback` message is used when it carries none).
 */
export function inStreamError(data: string, parsed: unknown, redact: Redactor, fallback?: string): StreamErrorInfo {
  const env = parseErrorEnvelope(parsed);
  const raw = redact(data.trim());
  const message = env?.message ? redact(env.message) : fallback ?? (raw ? `The server reported an error: ${raw.slice(0, 300)}` : 'The server reported an error.');
  const info = makeError('in-stream', message);
  copyEnvelopeFields(info, env, redact);
  const t = (env?.type ?? '').toLowerCase();
  info.retryable = t.includes('rate') || t.includes('server') || t.includes('overload') || t.includes('timeout');
  return info;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export interface NetworkContext {
  host: string;
  timeouts: { connectMs: number; responseMs: number; idleMs: number };
  viaProxy: boolean;
}

function codeOf(err: unknown): string {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string' && c !== 'UND_ERR') return c;
    e = (e as { cause?: unknown }).cause;
  }
  return '';
}

function messageWithCauses(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    if (e instanceof Error) parts.push(e.message);
    else if (typeof e === 'string') parts.push(e);
    e = e && typeof e === 'object' ? (e as { cause?: unknown }).cause : undefined;
  }
  return parts.join(': ');
}

const s = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/** Connection, DNS, TLS, proxy and timeout failures (no HTTP status). */
export function classifyNetworkError(err: unknown, ctx: NetworkContext, redact: Redactor): StreamErrorInfo {
  const code = codeOf(err);
  const msg = redact(messageWithCauses(err));
  const host = ctx.host;
  const proxyMatch = /Proxy response \((\d+)\)|Proxy Authentication Required \((\d+)\)/.exec(msg);
  if (proxyMatch) {
    const st = Number(proxyMatch[1] ?? proxyMatch[2]);
    if (st === 407) {
      return makeError('network', 'The proxy requires authentication (407 Proxy Authentication Required).', {
        action: 'Check the proxy user name and password in the proxy URL (http://user:password@host:port) or the proxy authorization header, or ask your IT team.',
        status: 407,
      });
    }
    return makeError('network', `The proxy refused to connect to ${host} (it answered ${st}).`, {
      action: 'Check the proxy URL and the no-proxy list, or whether the proxy allows this host.',
      status: st,
      retryable: st >= 500,
    });
  }
  if (TLS_CODES.has(code)) {
    const self = code.includes('SELF_SIGNED');
    return makeError('network', `The TLS certificate of ${host}${ctx.viaProxy ? ' (or of the proxy)' : ''} is not trusted (${self ? 'self-signed certificate' : code}).`, {
      action: self || code.includes('ISSUER')
        ? 'If a corporate proxy inspects TLS, install its CA certificate (NODE_EXTRA_CA_CERTS or the OS store), or set the strict TLS check to false at your own risk.'
        : 'Check the system clock and the server address; a corporate proxy may need its CA installed or the strict TLS check set to false.',
    });
  }
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return makeError('network', `Could not resolve the host ${host}.`, {
        action: 'Check the base URL for typos and your DNS / network connection (or the proxy URL).',
        retryable: code === 'EAI_AGAIN',
      });
    case 'ECONNREFUSED':
      return makeError('network', `${host} refused the connection.`, {
        action: 'Check the host and port in the base URL and that the server (or proxy) is running.',
        retryable: true,
      });
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
      return makeError('network', `The connection to ${host} was closed unexpectedly.`, {
        action: 'Try again; if it keeps happening, a proxy or firewall may be cutting the connection.',
        retryable: true,
      });
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return makeError('timeout', `Connecting to ${host} timed out after ${s(ctx.timeouts.connectMs)}.`, {
        action: 'Check the network and proxy settings, or raise the connect timeout.',
        retryable: true,
      });
    case 'UND_ERR_HEADERS_TIMEOUT':
      return makeError('timeout', `${host} did not answer within ${s(ctx.timeouts.responseMs)}.`, {
        action: 'Try again, or raise the response timeout.',
        retryable: true,
      });
    case 'UND_ERR_BODY_TIMEOUT':
      return makeError('stalled', `The stream stalled: no data from ${host} for ${s(ctx.timeouts.idleMs)}.`);
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'EPROTO':
      return makeError('network', `TLS handshake with ${host} failed (${code}); the port may not speak HTTPS.`, {
        action: 'Check http:// vs https:// and the port in the base URL.',
      });
    case 'UND_ERR_PRX_TLS':
      return makeError('network', `The TLS connection to the proxy failed: ${msg}`, {
        action: 'Check the proxy URL (http:// vs https://) and the strict TLS check.',
      });
    default:
      return makeError('network', `Network error talking to ${host}: ${msg || code || 'unknown error'}`, { retryable: true });
  }
}

function isErrorInfo(v: unknown): v is StreamErrorInfo {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>; // narrowed field by field
  return typeof o.kind === 'string' && typeof o.message === 'string' && typeof o.action === 'string';
}

/**
 * The one reader of "what failed" for anything a core call rejected with: a StreamErrorInfo, a
 * StreamError (matched by shape, so a copy from another bundle counts), or anything else, which
 * becomes a retryable network error with its own message.
 */
export function errorInfoOf(thrown: unknown): StreamErrorInfo {
  if (isErrorInfo(thrown)) return thrown;
  if (typeof thrown === 'object' && thrown !== null && isErrorInfo((thrown as { info?: unknown }).info)) return (thrown as { info: StreamErrorInfo }).info;
  const message = messageOf(thrown);
  return makeError('network', message || 'The request failed.', { action: 'Check the connection and the base URL, then try again.', retryable: true });
}

/** "message action", for a one-line notification. */
export function errorMessageOf(thrown: unknown): string {
  const info = errorInfoOf(thrown);
  return `${info.message} ${info.action}`.trim();
}
