// npm run bench:core — one 50,000-event chat stream from the local server at full speed, consumed by
// (i) this core's startStream, (ii) writer-sdk, (iii) openai (same events on /v1/chat/completions),
// (iv) bare undici + eventsource-parser. Interleaved iterations, median per client.
// The server runs in its own process so it does not share the client's event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { request as undiciRequest, Agent } from 'undici';
import { createParser } from 'eventsource-parser';
import Writer from 'writer-sdk';
import OpenAI from 'openai';
import { closeDispatchers, startStream } from '../src/core';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 50_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 5);
const PROMPT = `#answer=tokens:${EVENTS}`;
const KEY = 'bench-key';

interface Sample {
  ms: number;
  /** Client CPU time (user + system) in this process; the server runs elsewhere. Robust to a busy machine. */
  cpuMs: number;
  events: number;
  chars: number;
}

type Runner = (url: string) => Promise<Sample>;

async function timed(fn: () => Promise<{ events: number; chars: number }>): Promise<Sample> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await fn();
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, ...r };
}

const core: Runner = (url) =>
  timed(async () => {
    const handle = startStream({ kind: 'chat', model: 'palmyra-x5', messages: [{ role: 'user', content: PROMPT }] }, { provider: 'writer', baseUrl: url, apiKey: KEY, maxRetries: 0 });
    let events = 0;
    let chars = 0;
    for await (const e of handle.events) {
      if (e.type === 'text') {
        events++;
        chars += e.text.length;
      }
    }
    const result = await handle.result;
    if (result.error) throw new Error(`core: ${result.error.message}`);
    return { events, chars };
  });

/** Text deltas and characters of an OpenAI-shaped chunk stream (both SDKs stream that shape). */
async function countDeltas(stream: AsyncIterable<{ choices: { delta?: { content?: string | null } | null }[] }>): Promise<{ events: number; chars: number }> {
  let events = 0;
  let chars = 0;
  for await (const chunk of stream) {
    const c = chunk.choices[0]?.delta?.content;
    if (c) {
      events++;
      chars += c.length;
    }
  }
  return { events, chars };
}

const writerSdk: Runner = (url) =>
  timed(async () => {
    const client = new Writer({ apiKey: KEY, baseURL: url, maxRetries: 0 });
    const stream = await client.chat.chat({ model: 'palmyra-x5', messages: [{ role: 'user', content: PROMPT }], stream: true });
    return countDeltas(stream);
  });

const openai: Runner = (url) =>
  timed(async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: `${url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: PROMPT }], stream: true });
    return countDeltas(stream);
  });

const bareAgent = new Agent();
const bare: Runner = (url) =>
  timed(async () => {
    const res = await undiciRequest(`${url}/v1/chat`, {
      method: 'POST',
      dispatcher: bareAgent,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ model: 'palmyra-x5', messages: [{ role: 'user', content: PROMPT }], stream: true }),
    });
    let events = 0;
    let chars = 0;
    const parser = createParser({
      onEvent(ev) {
        if (ev.data === '[DONE]') return;
        const c = (JSON.parse(ev.data) as { choices: Array<{ delta: { content?: string | null } }> }).choices[0]?.delta.content;
        if (c) {
          events++;
          chars += c.length;
        }
      },
    });
    const decoder = new TextDecoder();
    for await (const chunk of res.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
    return { events, chars };
  });

async function startServerProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(__dirname, '../test/server/main.js'), '--api-key', KEY], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, child };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const { url, child } = await startServerProcess();
  const runners: Array<[string, Runner]> = [
    ['core startStream', core],
    ['writer-sdk chat stream', writerSdk],
    ['openai chat.completions stream', openai],
    ['bare undici + eventsource-parser', bare],
  ];
  const samples = new Map<string, Sample[]>(runners.map(([n]) => [n, []]));
  try {
    for (const [, run] of runners) await run(url); // warm-up: JIT, connections
    for (let i = 0; i < ITERATIONS; i++) {
      for (const [name, run] of runners) {
        const s = await run(url);
        if (s.events !== EVENTS) throw new Error(`${name}: got ${s.events} content events, expected ${EVENTS}`);
        samples.get(name)!.push(s);
      }
    }
  } finally {
    child.kill('SIGTERM');
    await closeDispatchers();
    await bareAgent.close();
  }

  const rows = runners.map(([name]) => {
    const ms = median(samples.get(name)!.map((s) => s.ms));
    const cpuMs = median(samples.get(name)!.map((s) => s.cpuMs));
    return { name, ms, cpuMs, eps: EVENTS / (ms / 1000), all: samples.get(name)!.map((s) => s.ms.toFixed(0)).join(' / ') };
  });
  const coreRow = rows[0]!;
  const byName = (n: string): (typeof rows)[number] => rows.find((r) => r.name === n)!;
  const lines = [
    `Stream of ${EVENTS.toLocaleString('en-US')} content events (Writer /v1/chat; OpenAI: /v1/chat/completions), local server in a separate process, ${ITERATIONS} iterations after a warm-up, median. Node ${process.version}.`,
    '',
    '| client | median wall time (ms) | events/s | median client CPU (ms) | runs, wall (ms) | core speed-up (wall) |',
    '| --- | ---: | ---: | ---: | --- | ---: |',
    ...rows.map(
      (r) => `| ${r.name} | ${r.ms.toFixed(0)} | ${Math.round(r.eps).toLocaleString('en-US')} | ${r.cpuMs.toFixed(0)} | ${r.all} | ${(coreRow.eps / r.eps).toFixed(2)}× |`,
    ),
    '',
  ];
  const vsWriter = coreRow.eps / byName('writer-sdk chat stream').eps;
  const bareRow = byName('bare undici + eventsource-parser');
  const vsBare = coreRow.ms / bareRow.ms;
  const cpuVsWriter = byName('writer-sdk chat stream').cpuMs / coreRow.cpuMs;
  const cpuVsBare = coreRow.cpuMs / bareRow.cpuMs;
  lines.push(`core vs writer-sdk throughput: ${vsWriter.toFixed(2)}× wall, ${cpuVsWriter.toFixed(2)}× CPU (target ≥ 3×) — ${vsWriter >= 3 ? 'MET' : 'MISSED'}`);
  lines.push(`core time vs bare undici + eventsource-parser: ${vsBare.toFixed(2)}× wall, ${cpuVsBare.toFixed(2)}× CPU (target ≤ 1.3×) — ${vsBare <= 1.3 ? 'MET' : 'MISSED'}`);
  lines.push(`load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs (wall times are noisy when it is above the CPU count; CPU times are not)`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
