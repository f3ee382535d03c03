// Command-line parsing for the CLI: flags → a request and connection options, or a usage error.
import type { ApplicationInput, ConnectionOptions, Provider, StreamRequest } from '../core';

export const USAGE = `Usage: stream-assist [options] PROMPT

  --provider writer|openai|generic          API kind (default writer)
  --endpoint chat|completions|graph-question|application   (default chat)
  --base-url URL                            e.g. https://api.writer.com, https://router.requesty.ai/v1
  --model M                                 (default palmyra-x5; openai: openai/gpt-4o-mini)
  --system TEXT                             system message for chat
  --graph-id ID                             Knowledge Graph (repeatable); with chat: graph-grounded chat
  --subqueries                              ask Knowledge Graphs for subqueries
  --application-id ID                       no-code application for --endpoint application
  --input name=value                        application input (repeatable; repeat a name for several values)
  --api-key-env VAR                         environment variable holding the key
                                            (default WRITER_API_KEY / OPENAI_API_KEY / API_KEY)
  --max-retries N                           retries before the first event (default 2)
  --idle-timeout-ms N                       stall timeout between body bytes
  --temperature T  --max-tokens N
  --json                                    one normalized event per line (reasoning and refusal
                                            included), then the result
  --verbose                                 one request summary line on stderr
  PROMPT                                    the prompt / question; "-" reads it from stdin

Without --json the answer goes to stdout; the model's reasoning ("Thinking…", lines marked "│ ")
and progress go to stderr.

Exit status: 0 success, 1 error, 2 usage error, 3 the model refused (its refusal is on stdout),
130 interrupted (Ctrl-C).`;

export interface CliOptions {
  request: StreamRequest;
  connection: ConnectionOptions;
  json: boolean;
  verbose: boolean;
  /** The prompt must be read from stdin first. */
  promptFromStdin: boolean;
  /** Environment variable the key was read from (named in auth errors). */
  keyEnv: string;
}

export class UsageError extends Error {}

const ENDPOINTS = ['chat', 'completions', 'graph-question', 'application'] as const;
type EndpointFlag = (typeof ENDPOINTS)[number];

const DEFAULT_KEY_ENV: Record<Provider, string> = { writer: 'WRITER_API_KEY', openai: 'OPENAI_API_KEY', generic: 'API_KEY' };

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv, stdinPrompt?: string): CliOptions {
  const single = new Map<string, string>();
  const graphIds: string[] = [];
  const inputs: ApplicationInput[] = [];
  const positional: string[] = [];
  let json = false;
  let verbose = false;
  let subqueries = false;
  const withValue = new Set(['--provider', '--endpoint', '--base-url', '--model', '--system', '--application-id', '--api-key-env', '--max-retries', '--idle-timeout-ms', '--temperature', '--max-tokens']);

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const takeValue = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value.`);
      return v;
    };
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    } else if (name === '--json') json = true;
    else if (name === '--verbose') verbose = true;
    else if (name === '--subqueries') subqueries = true;
    else if (name === '--help' || name === '-h') throw new UsageError('');
    else if (name === '--graph-id') graphIds.push(takeValue());
    else if (name === '--input') {
      const pair = takeValue();
      const at = pair.indexOf('=');
      if (at <= 0) throw new UsageError(`--input expects name=value, got "${pair}".`);
      const id = pair.slice(0, at);
      const existing = inputs.find((x) => x.id === id);
      if (existing) existing.value.push(pair.slice(at + 1));
      else inputs.push({ id, value: [pair.slice(at + 1)] });
    } else if (withValue.has(name)) single.set(name, takeValue());
    else if (arg.startsWith('--')) throw new UsageError(`Unknown option ${name}.`);
    else positional.push(arg);
  }

  const provider = (single.get('--provider') ?? 'writer') as Provider;
  if (!['writer', 'openai', 'generic'].includes(provider)) throw new UsageError(`--provider must be writer, openai or generic.`);
  const endpoint = (single.get('--endpoint') ?? 'chat') as EndpointFlag;
  if (!ENDPOINTS.includes(endpoint)) throw new UsageError(`--endpoint must be one of ${ENDPOINTS.join(', ')}.`);
  const baseUrl = single.get('--base-url');
  if (!baseUrl) throw new UsageError('--base-url is required.');
  const promptFromStdin = positional.length === 1 && positional[0] === '-';
  const prompt = promptFromStdin ? (stdinPrompt ?? '') : positional.join(' ');
  if (!prompt && endpoint !== 'application' && !promptFromStdin) throw new UsageError('A PROMPT is required.');

  const model = single.get('--model') ?? (provider === 'openai' ? 'openai/gpt-4o-mini' : 'palmyra-x5');
  const temperature = numberFlag(single, '--temperature');
  const maxTokens = numberFlag(single, '--max-tokens');
  let request: StreamRequest;
  switch (endpoint) {
    case 'chat': {
      const system = single.get('--system');
      request = {
        kind: 'chat',
        model,
        messages: [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user', content: prompt }],
        ...(temperature !== undefined ? { temperature } : {}),
        ...(maxTokens !== undefined ? { maxTokens } : {}),
        ...(graphIds.length ? { graphIds, subqueries } : {}),
      };
      break;
    }
    case 'completions':
      request = { kind: 'completions', model, prompt, ...(temperature !== undefined ? { temperature } : {}), ...(maxTokens !== undefined ? { maxTokens } : {}) };
      break;
    case 'graph-question':
      if (!graphIds.length) throw new UsageError('--endpoint graph-question needs at least one --graph-id.');
      request = { kind: 'graph-question', graphIds, question: prompt, subqueries };
      break;
    case 'application': {
      const applicationId = single.get('--application-id');
      if (!applicationId) throw new UsageError('--endpoint application needs --application-id.');
      request = { kind: 'application', applicationId, inputs };
      break;
    }
  }

  const keyEnv = single.get('--api-key-env') ?? DEFAULT_KEY_ENV[provider];
  const apiKey = env[keyEnv];
  const maxRetries = numberFlag(single, '--max-retries');
  const idleMs = numberFlag(single, '--idle-timeout-ms');
  const connection: ConnectionOptions = {
    // Error actions name the CLI's flags and variables; the proxy comes from HTTPS_PROXY / NO_PROXY here.
    fixNames: {
      'set-key': `a valid API key in $${keyEnv} (or pick another variable with --api-key-env)`,
      'base-url': '--base-url',
      provider: '--provider',
      proxy: 'HTTPS_PROXY',
      'proxy-auth': 'the credentials in HTTPS_PROXY',
      'no-proxy': 'NO_PROXY',
      'idle-timeout': '--idle-timeout-ms',
    },
    provider,
    baseUrl,
    ...(apiKey ? { apiKey } : {}),
    ...(maxRetries !== undefined ? { maxRetries } : {}),
    ...(idleMs !== undefined ? { timeouts: { idleMs } } : {}),
  };
  return { request, connection, json, verbose, promptFromStdin, keyEnv };
}

function numberFlag(flags: Map<string, string>, name: string): number | undefined {
  const v = flags.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new UsageError(`${name} must be a number.`);
  return n;
}
