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
  ];
}
