// Parsers for the numbers the other benchmarks print (core, render, editor). Each returns table rows,
// or one row saying the output was not understood (a format change must show, not vanish).

const row = (figure, value, target, comparison, status) => ({ figure, value, target, comparison, status });

export function parseCore(out) {
  const rows = [];
  const thr = /core vs writer-sdk throughput: ([\d.]+)× wall, ([\d.]+)× CPU \(target ≥ 3×\) — (MET|MISSED)/.exec(out);
  const bare = /core time vs bare undici \+ eventsource-parser: ([\d.]+)× wall, ([\d.]+)× CPU \(target ≤ 1\.3×\) — (MET|MISSED)/.exec(out);
  const events = /Stream of ([\d,]+) content events/.exec(out)?.[1] ?? '?';
  const coreRow = /\| core startStream \| (\d+) \| ([\d,]+) \| (\d+) \|/.exec(out);
  if (coreRow) rows.push(row(`core: ${events} events, full speed (bench:core)`, `${coreRow[1]} ms wall, ${coreRow[3]} ms CPU (${coreRow[2]} events/s)`, '—', 'median of the runs', 'info'));
  if (thr) rows.push(row('core vs writer-sdk throughput (bench:core)', `${thr[1]}× wall, ${thr[2]}× CPU`, '≥ 3×', 'writer-sdk, same stream, same run', thr[3] === 'MET' ? 'met' : 'MISSED'));
  if (bare) rows.push(row('core time vs bare undici + eventsource-parser (bench:core)', `${bare[1]}× wall, ${bare[2]}× CPU`, '≤ 1.3×', 'bare undici, same stream, same run', bare[3] === 'MET' ? 'met' : 'MISSED'));
  return rows.length ? rows : [row('bench:core', 'output not understood', '', '', 'FAILED')];
}

export function parseRender(out) {
  const m = /targets \(whole stream, ours\): scripting ≤ 3× one-shot → ([\d.]+)× (OK|MISSED); longest task ≤ 50 ms → ([\d.]+) ms (OK|MISSED)/.exec(out);
  const naive = /^naive\S*\s.*$/m.exec(out)?.[0];
  if (!m) return [row('bench:render', 'output not understood', '', '', 'FAILED')];
  return [
    row('renderer scripting vs one-shot render, 100 KB in 20,000 deltas (bench:render)', `${m[1]}×`, '≤ 3×', naive ? 'naive re-render: see bench:render output' : 'one-shot render, same run', m[2] === 'OK' ? 'met' : 'MISSED'),
    row('renderer longest task, CPU (bench:render)', `${m[3]} ms`, '≤ 50 ms', 'headless Chromium, renderer alone', m[4] === 'OK' ? 'met' : 'MISSED'),
  ];
}

export function parseEditor(out) {
  const m = /full speed, median: (\d+) ms raw, (\d+) ms wall = ([\d.]+)× \(target < 1\.2×\), (\d+) edits, ([\d.]+) edits\/s \(target ≤ ~33\)/.exec(out);
  if (!m) return [row('bench:editor', 'output not understood (or it failed)', '', '', 'FAILED')];
  const wrong = /WRONG/.test(out);
  return [
    row('editor: 10,000 deltas into a 10,000-line file, wall vs raw stream (bench:editor)', `${m[3]}× (${m[2]} vs ${m[1]} ms)`, '< 1.2×', 'raw stream, same run', Number(m[3]) < 1.2 ? 'met' : 'MISSED'),
    row('editor: edits per second (bench:editor)', `${m[5]} edits/s (${m[4]} edits)`, '≤ ~33', '', Number(m[5]) <= 34 ? 'met' : 'MISSED'),
    ...(wrong ? [row('editor: document / revert exact (bench:editor)', 'WRONG', 'exact', '', 'MISSED')] : []),
    ...floorRows(out),
    ...inlineDiffRows(out),
  ];
}

/** The floor under the editor's tail: one bare edit of the whole answer (why < 1.2× is out of reach at full speed). */
function floorRows(out) {
  const m = /one bare edit of the whole answer, median: (\d+) ms, so the floor at full speed is about raw \+ \d+ ms = ([\d.]+)×/.exec(out);
  if (!m) return [];
  return [row('editor: one bare TextEditor.edit of the whole answer, to its reply (bench:editor)', `${m[1]} ms`, '—', `the last batch goes after the last delta, so full speed cannot beat ≈ ${m[2]}× raw`, 'info')];
}

function inlineDiffRows(out) {
  const m = /inline diff, median: (\d+) ms raw, (\d+) ms wall = ([\d.]+)× \(target ≤ 1\.2×\), (\d+) edits, ([\d.]+) edits\/s/.exec(out);
  if (!m) return [row('editor: inline diff (bench:editor)', 'output not understood (or it failed)', '', '', 'FAILED')];
  return [
    row('editor: inline diff, 10,000 deltas into a 10,000-line file, wall vs raw stream (bench:editor)', `${m[3]}× (${m[2]} vs ${m[1]} ms)`, '≤ 1.2×', 'raw stream, same run', Number(m[3]) <= 1.2 ? 'met' : 'MISSED'),
    row('editor: inline diff, edits per second (bench:editor)', `${m[5]} edits/s (${m[4]} edits)`, '≤ ~33', '', Number(m[5]) <= 34 ? 'met' : 'MISSED'),
  ];
}

/** The two `context:` lines of bench/context.bench.ts. */
export function parseContext(out) {
  const send = /context: Enter → request sent with (\d+) KB attached: ([\d.]+) ms vs ([\d.]+) ms without \(\+(-?[\d.]+) ms/.exec(out);
  const list = /context: @file first results in a ([\d,]+)-file workspace: (\d+) ms warm \(median of \d+\), (\d+) ms cold/.exec(out);
  const typed = /context: @file typed path → the file listed, [\d,]+-file workspace: (\d+) ms/.exec(out);
  return [
    send
      ? row(`chat: Enter → request sent with ${send[1]} KB attached (bench/context.bench.ts)`, `+${send[4]} ms (${send[2]} vs ${send[3]} ms without)`, '≤ 50 ms on top', 'same turn without context, same run', Number(send[4]) <= 50 ? 'met' : 'MISSED')
      : row('chat: Enter → request sent with 200 KB attached', 'output not understood (or it failed)', '≤ 50 ms on top', '', 'FAILED'),
    list
      ? row(`chat: @file first results in a ${list[1]}-file workspace (bench/context.bench.ts)`, `${list[2]} ms warm, ${list[3]} ms cold`, '≤ 200 ms', '', Number(list[2]) <= 200 ? 'met' : 'MISSED')
      : row('chat: @file first results in a 50,000-file workspace', 'output not understood (or it failed)', '≤ 200 ms', '', 'FAILED'),
    typed
      ? row('chat: @file, a path typed → that file listed, 50,000-file workspace (bench/context.bench.ts)', `${typed[1]} ms`, '—', 'any of the 50,000 is reachable (each query searches the workspace)', 'info')
      : row('chat: @file typed search', 'output not understood (or it failed)', '—', '', 'FAILED'),
  ];
}
