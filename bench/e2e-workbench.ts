// End-to-end benchmark in the real workbench (code-server + headless Chromium, local streaming
// server in this process): delta → screen latency at 50 and 2,000 tokens/s, time to first text vs
// writer-sdk / the core in plain Node, long tasks during a 100 KB answer, extension-host CPU per
// 1,000 deltas (/proc), activation time from the "Stream Assist" log, and a Chromium trace + CPU
// profile of the webview for the owners. Run by bench/run-all.mjs after the build:
//   node out/bench/e2e-workbench.js [out.json]
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CDPSession } from 'playwright-core';
import { tokenize, type RequestRecord, type Scenario } from '../test/server';
import { PROJECT_ROOT } from '../test/ui/fixture-codeserver';
import { SAMPLE_WORKSPACE } from '../test/ui/fixture-codeserver';
import { startWorkbench, TEST_API_KEY, type Workbench } from '../test/ui/fixture';
import { ChatDriver, sleep } from './lib/chat-driver';
import { clockOffset } from './lib/clock';
import { summarizeProfile, type CpuProfile } from './lib/cpuprofile';
import { arrivalLatencies, deltaLatencies, plainParagraphs, type DeltaLatency } from './lib/latency';
import { machineInfo } from './lib/machine';
import { NodeClient } from './lib/node-client';
import type { NodeFirstText } from './lib/node-ttft';
import { findInGroup, processCpuMs } from './lib/proc-cpu';
import { median, round, summarize } from './lib/stats';
import { countTasks, ownedTasks, summarizeTrace, type TaskCounts } from './lib/trace';
import { startTrace } from './lib/tracer';
import type { LongTask } from './lib/webview-probe';

const RESULTS = path.join(PROJECT_ROOT, 'bench/results');
const log = (m: string): void => console.log(`[e2e-workbench ${new Date().toISOString().slice(11, 19)}] ${m}`);

interface RunOut {
  label: string;
  deltas: number;
  chars: number;
  durationMs: number;
  extHostCpuMs: number;
  latency?: {
    dom: ReturnType<typeof summarize>;
    paint: ReturnType<typeof summarize>;
    arrival: ReturnType<typeof summarize>;
    missing: number;
    /** [ms since the first delta, delta → DOM ms] and [same, delta → host patch in the webview ms], for the chart. */
    points: Array<[number, number]>;
    arrivalPoints: Array<[number, number]>;
  };
  longtasks?: { webview: LongTask[]; page: LongTask[] };
  /** From the Chromium trace: top-level tasks on the shared renderer thread by owner, CPU and wall. */
  tasks?: Record<'webview' | 'workbench' | 'both' | 'other', TaskCounts>;
  traceSummary?: ReturnType<typeof summarizeTrace>;
}

/** The "activated in N ms" line of the Stream Assist log (code-server's log directory). */
function activationFromLog(dir: string): { activateMs: number; createServicesMs: number } | undefined {
  for (const f of fs.readdirSync(dir, { recursive: true }).map(String)) {
    if (!f.endsWith('.log')) continue;
    const m = /activated in ([\d.]+) ms \(foundation services ([\d.]+) ms\)/.exec(fs.readFileSync(path.join(dir, f), 'utf8'));
    if (m) return { activateMs: Number(m[1]), createServicesMs: Number(m[2]) };
  }
  return undefined;
}

async function streamRun(d: ChatDriver, extHost: number, label: string, prompt: string, opts: { tokens?: string[]; offset?: number; scenario?: Scenario; trace?: boolean } = {}): Promise<RunOut> {
  await d.newConversation();
  await d.setCounting(opts.tokens !== undefined);
  await d.take(); // drop what came before
  // The answer text goes in as a scenario, so the user message (rendered too) stays short.
  if (opts.scenario) d.wb.server.nextScenario({ ...opts.scenario, match: (r: { path: string }) => r.path === '/v1/chat' });
  const stopTrace = opts.trace ? await startTrace(d.wb.page) : undefined;
  const cpu0 = processCpuMs(extHost);
  const rec = await d.send(prompt);
  await d.finished(rec);
  const cpu = processCpuMs(extHost) - cpu0;
  const events = await stopTrace?.();
  const data = await d.take();
  const r: RequestRecord = d.wb.server.requests.find((x) => x.id === rec.id)!;
  const sentAt = r.sentAt ?? [];
  const out: RunOut = { label, deltas: sentAt.length, chars: opts.tokens?.join('').length ?? 0, durationMs: round((r.closedAt ?? 0) - r.openedAt), extHostCpuMs: cpu };
  const from = r.openedAt - 50;
  const inRun = (t: LongTask) => t.start - (opts.offset ?? 0) >= from; // page clock → server clock
  out.longtasks = { webview: data.webview.longtasks.filter(inRun), page: data.page.longtasks.filter(inRun) };
  if (events) {
    fs.writeFileSync(path.join(RESULTS, 'workbench-trace.json'), JSON.stringify({ traceEvents: events }));
    const tasks = ownedTasks(events);
    out.tasks = {
      webview: countTasks(tasks.filter((t) => t.owner === 'webview')),
      workbench: countTasks(tasks.filter((t) => t.owner === 'workbench')),
      both: countTasks(tasks.filter((t) => t.owner === 'both')),
      other: countTasks(tasks.filter((t) => t.owner === 'unknown')),
    };
    out.traceSummary = summarizeTrace(events);
  }
  if (opts.tokens && opts.offset !== undefined) {
    const id = data.webview.samples.at(-1)?.id;
    const samples = data.webview.samples.filter((s) => s.id === id);
    if (opts.tokens.length !== sentAt.length) log(`${label}: ${opts.tokens.length} tokens but ${sentAt.length} stamps`);
    const { latencies, missing } = deltaLatencies(opts.tokens, sentAt, samples, opts.offset);
    const arrival = arrivalLatencies(opts.tokens, sentAt, data.webview.patches.filter((p) => p.id === id), opts.offset);
    out.latency = {
      dom: summarize(latencies.map((l) => l.dom)),
      paint: summarize(latencies.map((l) => l.paint)),
      arrival: summarize(arrival.map(([, ms]) => ms)),
      missing,
      points: latencies.map((l: DeltaLatency) => [round(l.at, 1), round(l.dom, 1)]),
      arrivalPoints: arrival.map(([at, ms]) => [round(at, 1), round(ms, 1)]),
    };
  }
  return out;
}

/** Time to first text in the webview, 5 short answers; the same stream read by writer-sdk and the core in plain Node. */
async function firstText(d: ChatDriver, node: NodeClient, nodeOffset: number, offset: number): Promise<{ webview: number[]; writerSdk: number[]; core: number[] }> {
  const prompt = '#answer=tokens:20 #rate=50 #stamp';
  const webview: number[] = [];
  for (let i = 0; i < 5; i++) {
    await d.take();
    const rec = await d.send(`${prompt} ttft-webview-${i}`);
    await d.finished(rec);
    const first = (await d.take()).webview.samples.find((s) => s.n > 0);
    const sent = d.wb.server.requests.find((x) => x.id === rec.id)?.sentAt?.[0];
    if (first && sent !== undefined) webview.push(first.t - offset - sent);
  }
  const results = await node.firstText({ url: d.wb.server.url, key: TEST_API_KEY, prompt, runs: 5 });
  const lat = (client: NodeFirstText['client']) =>
    results
      .filter((x) => x.client === client)
      .map((x) => x.firstAt - nodeOffset - (recordTagged(d, x.tag)?.sentAt?.[0] ?? NaN));
  return { webview, writerSdk: lat('writer-sdk'), core: lat('core') };
}

function recordTagged(d: ChatDriver, tag: string): RequestRecord | undefined {
  return d.wb.server.requests.find((q) => String(JSON.stringify(q.body ?? '')).includes(tag));
}

/** The same stream as a webview latency run, read by the core in plain Node: per-delta latency there. */
async function nodeLatency(d: ChatDriver, node: NodeClient, nodeOffset: number, scenario: Scenario, tag: string): Promise<ReturnType<typeof summarize>> {
  d.wb.server.nextScenario({ ...scenario, match: (r: { path: string }) => r.path === '/v1/chat' });
  const times = await node.receiveTimes({ url: d.wb.server.url, key: TEST_API_KEY, prompt: 'plain Node', runs: 1 }, tag);
  const sent = recordTagged(d, tag)?.sentAt ?? [];
  const n = Math.min(times.length, sent.length);
  return summarize(Array.from({ length: n }, (_, i) => times[i]! - nodeOffset - sent[i]!));
}

const BIG_FILE_LINES = 10_000;
const DIFF_DELTAS = 10_000;

/**
 * A 10,000-line file the inline-diff run generates into. Plain text: in a .ts file the TypeScript
 * features in the same extension host (re-parsing, semantic tokens of 10,000 lines) dominate the
 * timing, which measures them rather than the diff.
 */
function bigFile(): string {
  return Array.from({ length: BIG_FILE_LINES }, (_, i) => `export const line${i} = ${i};\n`).join('');
}

export interface InlineDiffRun {
  deltas: number;
  /** Server: response open → closed. */
  streamMs: number;
  /** Response open → Accept All shown (the last edit landed and the review started). */
  reviewShownMs: number;
  /** Workbench page tasks over 50 ms while it ran (PerformanceObserver, wall clock). */
  longtasks: LongTask[];
  /** From the Chromium trace: the workbench's own top-level tasks. */
  tasks?: TaskCounts;
}

/**
 * Generate at Cursor in review mode: 10,000 deltas at full speed into the middle of a 10,000-line
 * file, streamed as the inline diff, until Accept All shows; then Reject All puts the file back.
 */
async function inlineDiffRun(d: ChatDriver, offset: number): Promise<InlineDiffRun> {
  const { wb } = d;
  await wb.openFile('big.txt');
  const lines = wb.page.locator('.editor-instance .monaco-editor .view-lines').first();
  await lines.click();
  await wb.page.keyboard.press('Control+G');
  await wb.page.keyboard.type(String(BIG_FILE_LINES / 2));
  await wb.page.keyboard.press('Enter');
  const tokens = tokenize(Array.from({ length: DIFF_DELTAS / 4 }, (_, i) => `const value${i} = compute(${i}, 'x') * 2;\n`).join('')).slice(0, DIFF_DELTAS);
  wb.server.nextScenario({ echo: tokens.join(''), rate: 0, stamp: true, match: (r: { path: string }) => r.path === '/v1/chat' });
  await d.take();
  const before = Math.max(0, ...wb.server.requests.map((r) => r.id));
  await wb.runCommand('Generate at Cursor');
  const input = wb.page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15_000 });
  await input.fill('inline diff benchmark');
  await wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'new prompt' }).first().waitFor({ timeout: 10_000 });
  const stopTrace = await startTrace(wb.page);
  await wb.page.keyboard.press('Enter');
  const rec = await wb.server.waitForRequest((r) => r.id > before && r.path === '/v1/chat', 20_000);
  const lens = (title: string) => wb.page.locator('.codelens-decoration a', { hasText: title }).first();
  await lens('Accept All').waitFor({ timeout: 120_000 });
  const shownAt = wb.server.now();
  await sleep(300); // a trailing long task
  const events = await stopTrace();
  const data = await d.take();
  await lens('Reject All').click();
  await lens('Accept All').waitFor({ state: 'detached', timeout: 30_000 });
  const r = wb.server.requests.find((x) => x.id === rec.id)!;
  const from = r.openedAt - 50;
  const workbenchTasks = ownedTasks(events).filter((t) => t.owner === 'workbench');
  return {
    deltas: r.sentAt?.length ?? 0,
    streamMs: round((r.closedAt ?? 0) - r.openedAt),
    reviewShownMs: round(shownAt - r.openedAt),
    longtasks: data.page.longtasks.filter((t) => t.start - offset >= from && t.duration > 50),
    tasks: countTasks(workbenchTasks),
  };
}

/** One more 100 KB answer under the V8 sampling profiler (not traced: the profiler distorts timings). */
async function profiledRun(d: ChatDriver, prompt: string): Promise<{ profile: ReturnType<typeof summarizeProfile>; profileFile: string; oopif: boolean }> {
  const ctx = d.wb.page.context();
  let cdp: CDPSession;
  let oopif = false;
  try {
    cdp = await ctx.newCDPSession(d.frame); // out-of-process iframe: its own target
    oopif = true;
  } catch {
    cdp = await ctx.newCDPSession(d.wb.page); // same process as the workbench: the page's isolate
  }
  await d.newConversation();
  await d.setCounting(false);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const rec = await d.send(prompt);
  await d.finished(rec);
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
  await cdp.detach();
  const profileFile = path.join(RESULTS, 'webview.cpuprofile');
  fs.writeFileSync(profileFile, JSON.stringify(profile));
  const webviewOnly = (url: string) => /webview\.js|webview\/browser\/pre/.test(url);
  return { profile: summarizeProfile(profile, PROJECT_ROOT, 15, oopif ? undefined : webviewOnly), profileFile: path.relative(PROJECT_ROOT, profileFile), oopif };
}

async function main(): Promise<void> {
  const outFile = process.argv[2] ?? path.join(RESULTS, 'e2e-workbench.json');
  fs.mkdirSync(RESULTS, { recursive: true });
  const t0 = Date.now();
  const result: Record<string, unknown> = { machineStart: machineInfo() };
  let wb: Workbench | undefined;
  let node: NodeClient | undefined;
  try {
    wb = await startWorkbench({ viewport: { width: 1400, height: 900 }, workspaceFiles: { ...SAMPLE_WORKSPACE, 'big.txt': bigFile() } });
    await wb.openWorkbench();
    log(`workbench up in ${Date.now() - t0} ms`);
    const extHosts = findInGroup(wb.codeServer.proc.pid ?? 0, /--type=extensionHost/);
    if (extHosts.length !== 1) throw new Error(`expected one extension host in code-server's group, found ${extHosts.length}`);
    const extHost = extHosts[0]!;
    await wb.setApiKey();
    const d = await ChatDriver.open(wb);
    result.activation = activationFromLog(path.join(wb.codeServer.dirs.userData, 'logs'));

    // Same machine, two clocks: the webview's timeOrigin+now() vs the server's; and Date.now() in the page.
    const clock = await clockOffset(() => wb!.server.now(), () => d.pageNow(), 20);
    const dateVsPerf = await d.frame.evaluate(() => Date.now() - (performance.timeOrigin + performance.now()));
    result.clock = { ...clock, pageDateNowMinusPerfMs: dateVsPerf };
    log(`clock: page − server = ${clock.offsetMs.toFixed(2)} ms (±${(clock.rttMs / 2).toFixed(2)}); page Date.now − timeOrigin+now = ${dateVsPerf.toFixed(2)} ms`);
    const offset = clock.offsetMs;

    node = NodeClient.start();
    const nodeClock = await clockOffset(() => wb!.server.now(), () => node!.now());
    result.nodeClock = nodeClock;
    const warm = await d.send('warm-up #answer=markdown');
    await d.finished(warm);

    const slowText = plainParagraphs(2_000);
    const slowScenario: Scenario = { echo: slowText, rate: 50, stamp: true };
    const slow = await streamRun(d, extHost, '50 tokens/s', 'Latency at 50 tokens/s', { tokens: tokenize(slowText), offset, scenario: slowScenario });
    log(`50 tok/s: ${slow.deltas} deltas, DOM p50/p95/p99 ${slow.latency?.dom.p50.toFixed(1)}/${slow.latency?.dom.p95.toFixed(1)}/${slow.latency?.dom.p99.toFixed(1)} ms`);
    const fastText = plainParagraphs(60_000);
    const fastScenario: Scenario = { echo: fastText, rate: 2000, stamp: true };
    const fast = await streamRun(d, extHost, '2,000 tokens/s', 'Latency at 2,000 tokens/s', { tokens: tokenize(fastText), offset, scenario: fastScenario });
    log(`2000 tok/s: ${fast.deltas} deltas, DOM p50/p95/p99 ${fast.latency?.dom.p50.toFixed(1)}/${fast.latency?.dom.p95.toFixed(1)}/${fast.latency?.dom.p99.toFixed(1)} ms`);

    // The same answer at 50 tokens/s after a thinking phase (200 reasoning deltas into the Thinking block, which then collapses).
    const thinkingScenario: Scenario = { ...slowScenario, think: 200 };
    const thinking = await streamRun(d, extHost, '50 tokens/s after reasoning', 'Latency after reasoning', { tokens: tokenize(slowText), offset, scenario: thinkingScenario });
    log(`50 tok/s after reasoning: ${thinking.deltas} deltas, DOM p50/p95/p99 ${thinking.latency?.dom.p50.toFixed(1)}/${thinking.latency?.dom.p95.toFixed(1)}/${thinking.latency?.dom.p99.toFixed(1)} ms`);

    const big = await streamRun(d, extHost, '100 KB markdown at 2,000 tokens/s', 'Smoothness #answer=100KB #rate=2000 #stamp', { offset, trace: true });
    result.runs = { slow, fast, thinking, big };
    log(`100 KB: ${big.deltas} deltas in ${big.durationMs} ms, webview long tasks ${big.longtasks?.webview.length}, page ${big.longtasks?.page.length}, ext host ${big.extHostCpuMs} ms CPU`);

    result.nodeLatency = {
      slow: await nodeLatency(d, node, nodeClock.offsetMs, slowScenario, 'node-slow'),
      fast: await nodeLatency(d, node, nodeClock.offsetMs, fastScenario, 'node-fast'),
    };
    await d.newConversation();
    await d.setCounting(true);
    const ttft = await firstText(d, node, nodeClock.offsetMs, offset);
    result.ttft = ttft;
    log(`first text: webview ${median(ttft.webview).toFixed(1)} ms, writer-sdk ${median(ttft.writerSdk).toFixed(1)} ms, core ${median(ttft.core).toFixed(1)} ms`);

    const diff = await inlineDiffRun(d, offset);
    result.inlineDiff = diff;
    log(`inline diff: ${diff.deltas} deltas in ${diff.streamMs} ms, review shown at +${diff.reviewShownMs} ms, workbench long tasks ${diff.longtasks.length} (wall), ${diff.tasks?.over50Cpu} by CPU`);

    const profiled = await profiledRun(d, 'Profiled #answer=100KB #rate=2000');
    log(`profile: webview renderer in its own process: ${profiled.oopif}`);
    Object.assign(result, { profiled, machineEnd: machineInfo(), wallMs: Date.now() - t0 });
  } catch (e) {
    result.error = e instanceof Error ? (e.stack ?? e.message) : String(e);
    log(`FAILED: ${String(result.error)}`);
    if (wb) await wb.screenshot('bench-e2e-failure').catch(() => undefined);
  } finally {
    node?.stop();
    await wb?.close();
  }
  fs.writeFileSync(outFile, JSON.stringify(result, null, 1));
  log(`wrote ${path.relative(PROJECT_ROOT, outFile)} in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  process.exit(result.error ? 1 : 0);
}

void main();
