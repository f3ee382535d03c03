// Summary of a Chromium performance trace (CDP Tracing): per renderer main thread, the tasks over
// 50 ms and the self time per trace event name (script, style, layout, paint, GC …), labelled with
// the frames that renderer hosts, so the webview's cost is told apart from the workbench's.

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { frames?: Array<{ url?: string; processId?: number; frame?: string }>; frame?: string; url?: string; processId?: number }; beginData?: { frame?: string } };
}

export interface ThreadSummary {
  pid: number;
  frames: string[];
  tasks: number;
  busyMs: number;
  over50: number;
  longestMs: number;
  /** Self time (wall) by event name, largest first. */
  selfByName: Array<{ name: string; ms: number }>;
}

function label(url: string): 'webview' | 'workbench' | '' {
  if (/webview\/browser\/pre\/(index|fake)\.html/.test(url) || /vscode-webview/.test(url)) return 'webview';
  if (/^about:|^data:/.test(url) || !url) return '';
  return 'workbench';
}

export function summarizeTrace(events: readonly TraceEvent[], windowUs?: { from: number; to: number }): ThreadSummary[] {
  const framesByPid = new Map<number, Set<string>>();
  const addFrame = (pid: number | undefined, url: string | undefined) => {
    if (pid === undefined || !url) return;
    const l = label(url);
    if (!l) return;
    (framesByPid.get(pid) ?? framesByPid.set(pid, new Set()).get(pid)!).add(l);
  };
  const mains = new Map<string, number>(); // "pid:tid" → pid of CrRendererMain threads
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mains.set(`${e.pid}:${e.tid}`, e.pid);
    if (e.name === 'TracingStartedInBrowser' || e.name === 'FrameCommittedInBrowser') for (const f of e.args?.data?.frames ?? [e.args?.data ?? {}]) addFrame(f.processId, f.url);
  }
  const out: ThreadSummary[] = [];
  for (const [key, pid] of mains) {
    const evs = events
      .filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === key && (!windowUs || (e.ts >= windowUs.from && e.ts <= windowUs.to)))
      .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const self = new Map<string, number>();
    const stack: Array<{ e: TraceEvent; end: number; child: number }> = [];
    let tasks = 0;
    let busy = 0;
    let over50 = 0;
    let longest = 0;
    const pop = () => {
      const top = stack.pop()!;
      self.set(top.e.name, (self.get(top.e.name) ?? 0) + Math.max(0, (top.e.dur ?? 0) - top.child));
      if (stack.length) stack[stack.length - 1]!.child += top.e.dur ?? 0;
    };
    for (const e of evs) {
      while (stack.length && stack[stack.length - 1]!.end <= e.ts) pop();
      if (!stack.length && e.name === 'RunTask') {
        const ms = (e.dur ?? 0) / 1000;
        tasks++;
        busy += ms;
        longest = Math.max(longest, ms);
        if (ms > 50) over50++;
      }
      stack.push({ e, end: e.ts + (e.dur ?? 0), child: 0 });
    }
    while (stack.length) pop();
    if (!tasks) continue;
    const selfByName = [...self].filter(([n]) => n !== 'RunTask' && n !== 'ThreadControllerImpl::RunTask').sort((a, b) => b[1] - a[1]).slice(0, 10).map(([name, us]) => ({ name, ms: Number((us / 1000).toFixed(1)) }));
    out.push({ pid, frames: [...(framesByPid.get(pid) ?? [])], tasks, busyMs: Number(busy.toFixed(1)), over50, longestMs: Number(longest.toFixed(1)), selfByName });
  }
  return out.sort((a, b) => b.busyMs - a.busyMs);
}

export interface OwnedTask {
  /** Trace clock, µs. */
  ts: number;
  wallMs: number;
  /** Thread (CPU) time: what the task cost, whatever the load on the machine. */
  cpuMs: number;
  owner: 'webview' | 'workbench' | 'both' | 'unknown';
}

type FrameArgs = { data?: { frame?: string }; beginData?: { frame?: string } };

/**
 * Top-level tasks of every renderer main thread that hosts the webview, each attributed to the
 * webview and/or the workbench by the frames its nested events name (FunctionCall, TimerFire,
 * Layout, Paint …). The webview shares its renderer thread with the workbench here, so a task's
 * owner comes from what ran inside it.
 */
export function ownedTasks(events: readonly TraceEvent[]): OwnedTask[] {
  const frameOwner = new Map<string, 'webview' | 'workbench'>();
  const pidsWithWebview = new Set<number>();
  for (const e of events) {
    if (e.name !== 'TracingStartedInBrowser' && e.name !== 'FrameCommittedInBrowser') continue;
    for (const f of e.args?.data?.frames ?? [e.args?.data ?? {}]) {
      const l = f.url ? label(f.url) : '';
      if (!f.frame || !l) continue;
      frameOwner.set(f.frame, l);
      if (l === 'webview' && f.processId !== undefined) pidsWithWebview.add(f.processId);
    }
  }
  const mains = new Set<string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && (pidsWithWebview.size === 0 || pidsWithWebview.has(e.pid))) mains.add(`${e.pid}:${e.tid}`);
  const out: OwnedTask[] = [];
  for (const key of mains) {
    const evs = events.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === key).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    let cur: { task: TraceEvent; end: number; owners: Set<string> } | undefined;
    const close = () => {
      if (!cur) return;
      const o = cur.owners;
      const owner = o.has('webview') && o.has('workbench') ? 'both' : o.has('webview') ? 'webview' : o.has('workbench') ? 'workbench' : 'unknown';
      out.push({ ts: cur.task.ts, wallMs: (cur.task.dur ?? 0) / 1000, cpuMs: (cur.task.tdur ?? cur.task.dur ?? 0) / 1000, owner });
      cur = undefined;
    };
    for (const e of evs) {
      if (cur && e.ts >= cur.end) close();
      if (!cur) {
        if (e.name === 'RunTask') cur = { task: e, end: e.ts + (e.dur ?? 0), owners: new Set() };
        continue;
      }
      const a: FrameArgs | undefined = e.args;
      const frame = a?.data?.frame ?? a?.beginData?.frame;
      const owner = frame ? frameOwner.get(frame) : undefined;
      if (owner) cur.owners.add(owner);
    }
    close();
  }
  return out;
}

export interface TaskCounts {
  tasks: number;
  over50Cpu: number;
  over50Wall: number;
  longestCpuMs: number;
  longestWallMs: number;
  cpuMs: number;
}

export function countTasks(tasks: readonly OwnedTask[]): TaskCounts {
  const r = (x: number) => Number(x.toFixed(1));
  return {
    tasks: tasks.length,
    over50Cpu: tasks.filter((t) => t.cpuMs > 50).length,
    over50Wall: tasks.filter((t) => t.wallMs > 50).length,
    longestCpuMs: r(Math.max(0, ...tasks.map((t) => t.cpuMs))),
    longestWallMs: r(Math.max(0, ...tasks.map((t) => t.wallMs))),
    cpuMs: r(tasks.reduce((a, t) => a + t.cpuMs, 0)),
  };
}
