// Child process (forked with IPC by e2e-workbench): the same short stream consumed in plain Node by
// writer-sdk and by this project's core, reporting when the first text arrived (epoch ms, the
// server's clock formula). The parent matches each run to the server's record by its tag.
import { performance } from 'node:perf_hooks';
import Writer from 'writer-sdk';
import { closeDispatchers, startStream } from '../../src/core';

const now = (): number => performance.timeOrigin + performance.now();

interface Args {
  url: string;
  key: string;
  prompt: string;
  runs: number;
}

export interface NodeFirstText {
  client: 'writer-sdk' | 'core';
  tag: string;
  firstAt: number;
}

async function writerSdk(a: Args, tag: string): Promise<number> {
  const client = new Writer({ apiKey: a.key, baseURL: a.url, maxRetries: 0 });
  const stream = await client.chat.chat({ model: 'palmyra-x5', messages: [{ role: 'user', content: `${a.prompt} ${tag}` }], stream: true });
  let first = NaN;
  for await (const chunk of stream) if (Number.isNaN(first) && chunk.choices[0]?.delta?.content) first = now();
  return first;
}

async function core(a: Args, tag: string): Promise<number> {
  const h = startStream({ kind: 'chat', model: 'palmyra-x5', messages: [{ role: 'user', content: `${a.prompt} ${tag}` }] }, { provider: 'writer', baseUrl: a.url, apiKey: a.key, maxRetries: 0 });
  let first = NaN;
  for await (const e of h.events) if (Number.isNaN(first) && e.type === 'text' && e.text) first = now();
  await h.result;
  return first;
}

/** Receive time of every text event of one stream read by the core (per-delta latency in plain Node). */
async function coreTimes(a: Args, tag: string): Promise<number[]> {
  const h = startStream({ kind: 'chat', model: 'palmyra-x5', messages: [{ role: 'user', content: `${tag} ${a.prompt}` }] }, { provider: 'writer', baseUrl: a.url, apiKey: a.key, maxRetries: 0 });
  const times: number[] = [];
  for await (const e of h.events) if (e.type === 'text' && e.text) times.push(now());
  await h.result;
  return times;
}

async function main(a: Args): Promise<NodeFirstText[]> {
  const out: NodeFirstText[] = [];
  await writerSdk(a, 'warm-sdk'); // module load, JIT, first connection: not reported
  await core(a, 'warm-core');
  for (let i = 0; i < a.runs; i++) {
    out.push({ client: 'writer-sdk', tag: `ttft-sdk-${i}`, firstAt: await writerSdk(a, `ttft-sdk-${i}`) });
    out.push({ client: 'core', tag: `ttft-core-${i}`, firstAt: await core(a, `ttft-core-${i}`) });
  }
  await closeDispatchers();
  return out;
}

process.on('message', (m: { type: 'now' } | { type: 'run'; args: Args } | { type: 'latency'; args: Args; tag: string }) => {
  if (m.type === 'now') process.send?.({ type: 'now', now: now() });
  else if (m.type === 'latency')
    coreTimes(m.args, m.tag).then(
      (times) => process.send?.({ type: 'times', times }),
      (e: unknown) => process.send?.({ type: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  else
    main(m.args).then(
      (results) => process.send?.({ type: 'done', results }),
      (e: unknown) => process.send?.({ type: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
});
