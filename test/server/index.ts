/**
 * Local streaming server: speaks Writer, OpenAI-compatible and the generic streaming API over real HTTP
 * on 127.0.0.1, with scripted answers, configurable speed, injectable faults, byte-exact vector replay
 * and a record of every request. Plain node:http, no vscode import (runs in Node 20 and in the
 * extension host). Compiled to out/test/server/index.js.
 *
 * ─── Starting it ─────────────────────────────────────────────────────────────────────────────────
 *   import { startStreamingServer } from '../server'  (tests under test/), or require() out/test/server/index.js.
 *   const server = await startStreamingServer({ apiKey?: 'k', tokensPerSecond?: 50, port?: 0 });
 *   server.url        'http://127.0.0.1:PORT'  (Writer base URL; OpenAI-compatible base is `${url}/v1`)
 *   server.port
 *   await server.close()   ends every open stream (stalled ones too) and stops listening. Always call it.
 *   tls: true → HTTPS with the self-signed TEST_CERT (tls.ts; SAN 127.0.0.1 and localhost): strict TLS must
 *     refuse it, proxyStrictSSL=false must accept it.
 *   Standalone: `node out/test/server/main.js [--port N] [--api-key K] [--rate N] [--tls]` prints one JSON line
 *   {"url":"http://127.0.0.1:PORT"} on stdout, then serves until SIGINT/SIGTERM.
 *
 *   apiKey: when set, requests without `Authorization: Bearer <apiKey>` get 401 in the endpoint's own
 *     error shape (Writer `{tpe:"fail.auth",errors:[{description,key}]}`; OpenAI `{error:{…,code:"invalid_api_key"}}`
 *     on /v1/chat/completions; `{error:{type,message}}` on /v1/generate/stream). When unset, any key is accepted.
 *   tokensPerSecond: default speed of every stream (0/absent = as fast as the socket allows).
 *   reflectAuth: true → every request behaves as if it carried `#reflect-auth` (below), the 401 of a wrong
 *     key and GET errors included, and the first model's / graph's name in the lists: a hostile/buggy
 *     server that echoes the caller's credentials back.
 *
 * ─── Endpoints ───────────────────────────────────────────────────────────────────────────────────
 *   POST /v1/chat                 Writer chat. `choices[0].delta.content` chunks; finish chunk has
 *                                 finish_reason "stop" and usage; then `data: [DONE]`. With a tool
 *                                 {type:"graph", function:{graph_ids, subqueries}}: `delta.graph_data`
 *                                 status processing → finished, subqueries (if requested) in the 2nd
 *                                 chunk, sources on the finish chunk. Unknown graph id → 404.
 *   POST /v1/completions          Writer text generation: `{"value": …}` events (first is ""), [DONE].
 *   POST /v1/graphs/question      Knowledge Graph question: flat `{question, answer, sources:[]}` events;
 *                                 `subqueries` on the first event when body.subqueries, `sources` on the
 *                                 last; [DONE]. Unknown graph id → 404; empty question → 400.
 *   POST /v1/applications/{id}    No-code agent: 3 `delta.stages` events (one with source URLs), a title
 *                                 event, `delta.content` events, [DONE]. Unknown id → 404; a missing or
 *                                 empty required input (matched by input name) → 400.
 *   POST /v1/chat/completions     (also /chat/completions) OpenAI-compatible: role chunk, content chunks, finish chunk (delta {}),
 *                                 `choices: []` usage chunk if stream_options.include_usage, [DONE].
 *   POST /v1/generate/stream      Generic: `{id, text (cumulative), delta}` events, last one with
 *                                 finishReason "stop", [DONE]. Always streams.
 *   GET  /v1/models               {models:[{id,name}], object:"list", data:[{id,object:"model",…}]}.
 *   GET  /v1/graphs               Paged (order, limit, after, before) → {data, has_more, first_id, last_id};
 *                                 7 graphs (see catalog.ts GRAPHS), so limit=2 needs 4 pages.
 *   GET  /v1/graphs/{id}          One graph, or 404.
 *   GET  /v1/applications         Paged like graphs; 4 apps (catalog.ts APPLICATIONS), each with inputs
 *                                 {name, input_type text|dropdown, required, description?, options?}.
 *                                 The first, "Research Agent", has inputs Topic (text, required),
 *                                 Depth (dropdown quick|standard|deep, required), Notes (text, optional).
 *   GET  /v1/applications/{id}    One application, or 404.
 *   Any other path → 404 in Writer's shape. POSTs without `stream: true` get the non-streaming JSON answer.
 *
 * ─── Choosing behaviour: markers ─────────────────────────────────────────────────────────────────
 *   Written anywhere in the last user message (chat), prompt (completions, generic), question (KG),
 *   an input value (applications), or the model name. Markers never appear in answer text (the KG
 *   `question` field does repeat the question as sent).
 *   #answer=markdown      (chat default) headings, lists, a table, TypeScript/Python/bash fences
 *   #answer=long          ~24 KB of markdown          #answer=50KB / #answer=2MB   that many bytes
 *   #answer=code-fenced   one ```typescript fence     #answer=plain   one plain sentence
 *   #answer=code-fenced:LANG   python | javascript | go | rust | json | typescript
 *   #answer=multiline     3 lines of code, no fence   #answer=empty   no content at all
 *   #answer=tokens:N      exactly N content events (~4 chars each), for benchmarks
 *   #echo=TEXT            stream TEXT back verbatim (everything after `#echo=`, newlines included,
 *                         minus a trailing "\n\nAssistant:" that prompt flattening adds). `#echo=TEXT#/echo`
 *                         stops at `#/echo`, so context the product appends after the instruction is not echoed.
 *   #rate=N               N tokens/s for this request (50 realistic, 2000 fast; 0 = full speed)
 *   #stamp                record the send time of every content delta in requests[i].sentAt
 *   #think=N              chat routes: N reasoning deltas (delta.reasoning_content) before the answer
 *   #vector=NAME          replay test/vectors/NAME.sse byte-exact with the sidecar's status/headers
 *   #chunking=whole|byte|random   #seed=N   how the vector is written (each slice flushed separately)
 *   #retry-after=S        Retry-After seconds for 429 (default 1) and 503 (default none)
 *   #reflect-auth         echo the received Authorization header back: the answer text is REFLECTION + the
 *                         #echo text (if any), and every error message (HTTP fault, 404/400 of a route, 401,
 *                         in-stream error event/data) ends with REFLECTION, where REFLECTION =
 *                         ` [auth: <header> | url: <encodeURIComponent(token)> | b64: <base64(token)>]` and
 *                         token is the header minus "Bearer ". Redaction tests search for all three forms.
 *   #fault=SPEC           one fault, SPEC below
 *   Defaults when no #answer: chat → markdown, completions/generic → one sentence, KG → an answer
 *   with citation markers [1] [2] and 2 sources (answers.ts GRAPH_*), agent → a short markdown list.
 *
 * ─── Fault SPECs (#fault=SPEC or nextScenario({fault: SPEC})) ────────────────────────────────────
 *   429[:N]                     429 + Retry-After + Writer/OpenAI/generic JSON body. With N: fail N
 *                               times, then answer normally (retries of the same request body count).
 *                               Without N: always fails.
 *   STATUS[:json|html|empty][:N]   any status, e.g. 500, 502:html, 503:empty, 401, 403, 404, 400.
 *   reset-before-headers[:N]    socket destroyed (RST) before any response byte.
 *   delay-headers:MS            response headers only after MS (response-timeout tests).
 *   json-body                   200 application/json with the non-streaming body instead of a stream.
 *   redirect[:301|302|303|307|308]  redirect (default 307) to Scenario.location, by default the same path
 *                               on http://localhost:PORT — another origin, same server: requests[i].auth of
 *                               the follow-up request shows whether the key was sent there.
 *   Mid-stream (after N data events, N defaults to 0). Events before the first token count: Writer chat,
 *   completions, KG question and OpenAI start with one empty-content event (so after N events the client
 *   holds N-1 tokens); graph chat with subqueries adds one more; agents send 3 stages + a title first;
 *   generic starts with content.
 *   reset-after:N               drop the TCP connection (no end of the chunked body) right after N events.
 *   stall-after:N               send nothing more, keep the socket open until the client closes it.
 *   truncate-after:N            write half of the next event (no newline) and end the response.
 *   malformed-after:N           an event whose JSON is cut off, then end.
 *   error-event-after:N         `event: error` with an error body in the endpoint's shape, then end.
 *   error-data-after:N          unnamed `data: {"error":{…}}`, then end.
 *   invalid-utf8-after:N        one content event containing bytes FF FE C3, then the stream continues.
 *   oversized-after:N[:MB]      one `data:` line of MB megabytes (default 32) with no newline, written
 *                               lazily; stops as soon as the client closes.
 *   pause-after:N[:MS]          no bytes at all for MS (default 5000), then the stream goes on (idle timeouts).
 *   keepalive-after:N[:MS]      `: keep-alive` comments every 200 ms for MS (default 5000), then goes on.
 *   A mid-stream fault whose N is beyond the answer happens at the end instead (pause/keepalive: never).
 *
 * ─── Programmatic scenarios ──────────────────────────────────────────────────────────────────────
 *   server.nextScenario({ fault: 'reset-after:5', rate: 50, answer: 'long' })   or  nextScenario('#fault=429:2')
 *   server.nextScenario({ vector: 'writer-chat-graph-data', chunking: 'byte' | 'whole' | 'random', seed: 7 })
 *   server.nextScenario({ echo: 'x'.repeat(5e6), tokenChars: 65536 })   a huge echo in 64 KB events (not 4-char tokens)
 *   Queued; each applies to the next streaming POST (or the next request its `match` accepts) and
 *   overrides markers. A scenario with a counted fault (429:2) stays queued until its failures are used.
 *   server.clearScenarios()
 *
 * ─── Proxy ──────────────────────────────────────────────────────────────────────────────────────
 *   const proxy = await startConnectProxy({ auth?: 'user:pass' })   (proxy.ts) real HTTP CONNECT proxy;
 *   proxy.url, proxy.tunnels [{target:'127.0.0.1:PORT', auth:'none'|'valid'|'invalid', status:200|407|502}],
 *   await proxy.close(). Closing either side of a tunnel closes the other (cancel reaches the server).
 *
 * ─── Recording ───────────────────────────────────────────────────────────────────────────────────
 *   server.requests: RequestRecord[]  (records.ts) in arrival order, each with id, method, path, query,
 *     body (parsed JSON), auth ('none'|'present'|'valid'|'invalid'; the key is never stored), headers
 *     (host, user-agent, accept, content-type, x-stainless-retry-count, x-stainless-helper-method), scenario,
 *     status, openedAt, closedAt, eventsSent, bytesSent, outcome ('open'|'complete'|'http-error'|
 *     'client-closed'|'reset'|'truncated'|'server-closed'), sentAt[] (with #stamp).
 *   server.connections: ConnectionRecord[] {id, openedAt, closedAt?, requestIds} — one per TCP/TLS connection
 *     (keep-alive reuses them); requests[i].connectionId links a request to its connection.
 *   Times are server.now(): epoch ms with sub-ms precision (performance.timeOrigin + performance.now()).
 *   await server.waitForRequest(r => r.path === '/v1/chat', timeoutMs = 10000) → RequestRecord; the predicate
 *     sees each record once its body is parsed and its scenario known, before any response byte (so
 *     `r.outcome === 'open'` matches; `r.eventsSent > 5` never will — poll `requests` for that).
 *   await server.waitForClose(record.id, timeoutMs = 10000) → closedAt: when the response ended, or for a
 *     cancel / stall, when the client closed the socket (node's response 'close').
 *   e.g. cancel test: const r = await server.waitForRequest(...); const t0 = server.now(); handle.abort();
 *        assert((await server.waitForClose(r.id)) - t0 < 50).
 *
 * ─── Also exported (so tests compare against what was sent, not copies) ──────────────────────────
 *   answerText(kind, name), tokenize(text), GRAPH_ANSWER, GRAPH_SOURCES, GRAPH_SUBQUERIES, AGENT_STAGES,
 *   AGENT_TITLE, AGENT_CONTENT, GRAPHS, APPLICATIONS, MODELS, vectorNames(), loadVector(name), TEST_CERT.
 *   The streamed text of a request equals answerText(kind, #answer) — or the #echo text — exactly.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_MESSAGES, type Dialect } from './errors';
import { failureBudget, parseFault, sendHttpError, type Fault } from './faults';
import { PENDING, RequestLog, serverNow, type AuthState, type ConnectionRecord, type RequestRecord } from './records';
import { applicationMarkerText, listApplications, runApplication } from './routes/applications';
import { sendError, sendJson, type RouteContext } from './routes/context';
import { genericGenerate, genericMarkerText } from './routes/generic';
import { graphQuestion, graphQuestionMarkerText } from './routes/graph-question';
import { getGraph, listGraphs, listModels } from './routes/lists';
import { openaiChat, openaiChatMarkerText } from './routes/openai-chat';
import { writerChat, writerChatMarkerText } from './routes/writer-chat';
import { writerCompletions, writerCompletionsMarkerText } from './routes/writer-completions';
import { describe, parseMarkers, type Scenario } from './scenario';
import { sleep } from './sse-writer';
import { loadVector, replayVector } from './vectors';
import { APPLICATIONS } from './catalog';
import { TEST_CERT, TEST_KEY } from './tls';

export type { RequestRecord, ConnectionRecord, Outcome, AuthState } from './records';
export type { Scenario, Chunking } from './scenario';
export { answerText, tokenize, THOUGHT, WEB_ANSWER, WEB_SOURCES, GRAPH_ANSWER, GRAPH_SOURCES, GRAPH_SUBQUERIES, AGENT_STAGES, AGENT_TITLE, AGENT_CONTENT } from './answers';
export { GRAPHS, APPLICATIONS, MODELS } from './catalog';
export { vectorNames, loadVector, type VectorSidecar } from './vectors';
export { startConnectProxy, type ConnectProxy, type ProxyTunnel } from './proxy';
export { TEST_CERT } from './tls';

export interface ServerOptions {
  /** Expected bearer key; others get 401. Unset = accept anything. */
  apiKey?: string;
  /** Default token rate for every stream; 0/absent = as fast as the socket allows. */
  tokensPerSecond?: number;
  /** Port to listen on (default: any free port). */
  port?: number;
  /** Serve HTTPS with the self-signed TEST_CERT (127.0.0.1/localhost) instead of HTTP. */
  tls?: boolean;
  /** Every request reflects its Authorization header (as `#reflect-auth`; see the header comment). */
  reflectAuth?: boolean;
}

export interface StreamingServer {
  readonly url: string;
  readonly port: number;
  readonly requests: readonly RequestRecord[];
  /** Every TCP/TLS connection, with open and close times: `connections.filter(c => !c.closedAt)` are still open. */
  readonly connections: readonly ConnectionRecord[];
  nextScenario(scenario: Scenario | string): void;
  clearScenarios(): void;
  waitForRequest(pred: (r: RequestRecord) => boolean, timeoutMs?: number): Promise<RequestRecord>;
  waitForClose(requestId: number, timeoutMs?: number): Promise<number>;
  /** The server's clock (epoch ms, sub-ms precision), for comparing with recorded times. */
  now(): number;
  close(): Promise<void>;
}

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  dialect: Dialect;
  /** Streaming POST endpoints: markers and queued scenarios apply. */
  markerText?: (body: Record<string, unknown>) => string[];
  handle: (ctx: RouteContext) => void | Promise<void>;
}

const ROUTES: Route[] = [
  { method: 'POST', pattern: /^\/v1\/chat$/, dialect: 'writer', markerText: writerChatMarkerText, handle: writerChat },
  { method: 'POST', pattern: /^\/v1\/completions$/, dialect: 'writer', markerText: writerCompletionsMarkerText, handle: writerCompletions },
  { method: 'POST', pattern: /^\/v1\/graphs\/question$/, dialect: 'writer', markerText: graphQuestionMarkerText, handle: graphQuestion },
  { method: 'POST', pattern: /^\/v1\/applications\/(?<id>[^/]+)$/, dialect: 'writer', markerText: applicationMarkerText, handle: runApplication },
  { method: 'POST', pattern: /^(?:\/v1)?\/chat\/completions$/, dialect: 'openai', markerText: openaiChatMarkerText, handle: openaiChat },
  { method: 'POST', pattern: /^\/v1\/generate\/stream$/, dialect: 'generic', markerText: genericMarkerText, handle: genericGenerate },
  { method: 'GET', pattern: /^\/v1\/models$/, dialect: 'writer', handle: listModels },
  { method: 'GET', pattern: /^\/v1\/graphs$/, dialect: 'writer', handle: listGraphs },
  { method: 'GET', pattern: /^\/v1\/graphs\/(?<id>[^/]+)$/, dialect: 'writer', handle: getGraph },
  { method: 'GET', pattern: /^\/v1\/applications$/, dialect: 'writer', handle: listApplications },
  {
    method: 'GET',
    pattern: /^\/v1\/applications\/(?<id>[^/]+)$/,
    dialect: 'writer',
    handle: (ctx) => {
      const app = APPLICATIONS.find((a) => a.id === ctx.params.id);
      if (!app) return sendError(ctx, 'writer', 404, `Application ${ctx.params.id} not found.`);
      sendJson(ctx, 200, app);
    },
  },
];

const RECORDED_HEADERS = ['host', 'user-agent', 'accept', 'content-type', 'x-stainless-retry-count', 'x-stainless-helper-method'];

interface Queued {
  scenario: Scenario;
  failuresServed: number;
}

export async function startStreamingServer(options: ServerOptions = {}): Promise<StreamingServer> {
  const log = new RequestLog();
  let port = 0;
  const queue: Queued[] = [];
  /** Failures already served per "same request" (path + raw body), for counted marker faults. */
  const failureCounts = new Map<string, number>();

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ tpe: 'fail.internal', errors: [{ description: `Test server bug: ${String(err)}`, key: 'fail.internal.generic' }] }));
      } else res.destroy();
    });
  };
  const server: Server = options.tls ? createHttpsServer({ cert: TEST_CERT, key: TEST_KEY }, onRequest) : createServer(onRequest);
  server.keepAliveTimeout = 5000;
  const connectionOf = new WeakMap<Socket, ConnectionRecord>();
  const openSockets = new Set<Socket>();
  server.on(options.tls ? 'secureConnection' : 'connection', (socket: Socket) => {
    const c = log.openConnection();
    connectionOf.set(socket, c);
    openSockets.add(socket);
    socket.once('close', () => {
      c.closedAt = serverNow();
      openSockets.delete(socket);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers: Record<string, string> = {};
    for (const h of RECORDED_HEADERS) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    const record = log.create({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: PENDING,
      auth: authState(req.headers.authorization, options.apiKey),
      headers,
      openedAt: serverNow(),
    });
    res.on('close', () => log.markClosed(record));
    const connection = connectionOf.get(req.socket);
    if (connection) {
      record.connectionId = connection.id;
      connection.requestIds.push(record.id);
    }

    const raw = await readBody(req);
    let body: unknown = undefined;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    record.body = body;
    const objectBody = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

    let route: Route | undefined;
    let match: RegExpExecArray | null = null;
    for (const r of ROUTES) {
      if (r.method !== req.method) continue;
      match = r.pattern.exec(url.pathname);
      if (match) {
        route = r;
        break;
      }
    }
    const dialect: Dialect = route?.dialect ?? (url.pathname === '/v1/chat/completions' ? 'openai' : 'writer');

    const reflection = reflectionOf(req.headers.authorization);
    const always = options.reflectAuth ? reflection : '';
    if (options.apiKey !== undefined && record.auth !== 'valid') {
      log.announce(record);
      record.status = 401;
      record.outcome = 'http-error';
      sendHttpError(res, dialect, 401, 'json', undefined, (record.auth === 'none' ? 'No api key passed in.' : 'Invalid api key.') + always);
      return;
    }
    if (!route) {
      log.announce(record);
      record.status = 404;
      record.outcome = 'http-error';
      sendHttpError(res, dialect, 404, 'json', undefined, `No route for ${req.method} ${url.pathname}.${always}`);
      return;
    }

    // Scenario: markers from the request, overridden by the first queued scenario that applies.
    // Earlier texts win (the user's message over the model name).
    const markers = Object.assign({}, ...(route.markerText?.(objectBody) ?? []).map(parseMarkers).reverse()) as Scenario;
    const queuedAt = queue.findIndex((q) => (q.scenario.match ? q.scenario.match({ method: record.method, path: record.path }) : route?.markerText !== undefined));
    const queued = queuedAt >= 0 ? queue[queuedAt] : undefined;
    const scenario: Scenario = { ...markers, ...(queued?.scenario ?? {}) };
    let fault: Fault | null = null;
    if (scenario.fault) {
      fault = parseFault(scenario.fault);
      if (!fault) {
        if (queued) queue.splice(queuedAt, 1);
        record.scenario = describe(scenario);
        log.announce(record);
        record.status = 400;
        record.outcome = 'http-error';
        sendHttpError(res, dialect, 400, 'json', undefined, `Test server: unknown fault "${scenario.fault}".`);
        return;
      }
    }
    // Counted faults fail `times` times, then let the same request through.
    const budget = fault ? failureBudget(fault) : undefined;
    if (queued) {
      if (budget !== undefined && queued.failuresServed + 1 < budget) queued.failuresServed++;
      else queue.splice(queuedAt, 1);
      if (budget !== undefined && queued.failuresServed >= budget) fault = null;
    } else if (budget !== undefined) {
      const key = `${url.pathname}|${raw}`;
      const served = failureCounts.get(key) ?? 0;
      if (served >= budget) fault = null;
      else failureCounts.set(key, served + 1);
    }
    record.scenario = { ...describe(scenario), ...(scenario.fault && !fault ? { faultSkipped: true } : {}) };
    log.announce(record);
    const reflect = options.reflectAuth || scenario.reflectAuth ? reflection : '';
    if (reflect) scenario.echo = reflect + (scenario.echo ?? '');

    if (fault?.kind === 'http') {
      const retryAfter = fault.status === 429 ? (scenario.retryAfter ?? 1) : fault.status === 503 ? scenario.retryAfter : undefined;
      record.status = fault.status;
      record.outcome = 'http-error';
      const message = fault.status === 429 ? `Rate limit exceeded. Retry after ${retryAfter} seconds.` : undefined;
      sendHttpError(res, dialect, fault.status, fault.body, retryAfter, reflect ? `${message ?? DEFAULT_MESSAGES[fault.status] ?? `HTTP ${fault.status}`}${reflect}` : message);
      return;
    }
    if (fault?.kind === 'reset-before-headers') {
      log.markClosed(record, 'reset');
      req.socket.resetAndDestroy();
      return;
    }
    if (fault?.kind === 'redirect') {
      const location = scenario.location ?? `${options.tls ? 'https' : 'http'}://localhost:${port}${url.pathname}${url.search}`;
      record.status = fault.status;
      record.outcome = 'http-error';
      res.writeHead(fault.status, { location, 'content-length': '0' });
      res.end();
      return;
    }
    if (fault?.kind === 'delay-headers') {
      await sleep(fault.ms);
      if (record.closedAt !== undefined) return;
    }

    if (scenario.vector) {
      const vector = loadVector(scenario.vector);
      if (!vector) {
        record.status = 404;
        record.outcome = 'http-error';
        sendHttpError(res, dialect, 404, 'json', undefined, `Test server: unknown vector "${scenario.vector}".`);
        return;
      }
      await replayVector(res, record, vector, scenario.chunking ?? 'whole', scenario.seed ?? 1, scenario.rate ?? 0);
      return;
    }

    await route.handle({
      req,
      res,
      record,
      log,
      body: objectBody,
      query: record.query,
      params: { ...(match?.groups ?? {}) },
      scenario,
      fault,
      rate: scenario.rate ?? options.tokensPerSecond ?? 0,
      ...(reflect ? { reflect } : {}),
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    get requests() {
      return log.records;
    },
    get connections() {
      return log.connections;
    },
    nextScenario(s) {
      queue.push({ scenario: typeof s === 'string' ? parseMarkers(s) : s, failuresServed: 0 });
    },
    clearScenarios() {
      queue.length = 0;
    },
    waitForRequest: (pred, timeoutMs = 10_000) => log.waitForRequest(pred, timeoutMs),
    waitForClose: (id, timeoutMs = 10_000) => log.waitForClose(id, timeoutMs),
    now: serverNow,
    close() {
      for (const r of log.records) if (r.closedAt === undefined) log.markClosed(r, 'server-closed');
      // Destroy every socket ourselves and wait for each 'close', so connection records are final on return.
      const socketsClosed = [...openSockets].map((sock) => new Promise<void>((resolve) => sock.once('close', () => resolve())));
      for (const sock of openSockets) sock.destroy();
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return Promise.all([serverClosed, ...socketsClosed]).then(() => undefined);
    },
  };
}

/** What `reflectAuth` echoes: the header as received, and its token URL-encoded and base64-encoded. */
function reflectionOf(header: string | undefined): string {
  if (!header) return ' [auth: none]';
  const token = header.replace(/^Bearer\s+/i, '');
  return ` [auth: ${header} | url: ${encodeURIComponent(token)} | b64: ${Buffer.from(token, 'utf8').toString('base64')}]`;
}

function authState(header: string | undefined, expected: string | undefined): AuthState {
  if (!header) return 'none';
  if (expected === undefined) return 'present';
  return header === `Bearer ${expected}` ? 'valid' : 'invalid';
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
