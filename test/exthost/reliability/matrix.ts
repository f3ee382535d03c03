// Results of the fault × surface matrix and its markdown rendering (test report and
// test-results/fault-matrix.md). A cell passes when every one of its checks passed.

export interface Check {
  name: string;
  ok: boolean;
  /** Why it failed (or a note worth keeping when it passed). */
  detail?: string;
}

export interface Cell {
  fault: string;
  surface: string;
  checks: Check[];
  /** What the user was shown, verbatim (notification or inline error). */
  shown: string[];
  /** Characters of partial output kept. */
  kept: number;
  ms: number;
}

export const passed = (c: Cell): boolean => c.checks.every((k) => k.ok);

export function failures(c: Cell): Check[] {
  return c.checks.filter((k) => !k.ok);
}

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMatrix(faults: readonly string[], surfaces: readonly string[], cells: readonly Cell[], notes: readonly string[] = []): string {
  const at = (f: string, s: string) => cells.find((c) => c.fault === f && c.surface === s);
  const lines: string[] = [];
  const ran = cells.length;
  const ok = cells.filter(passed).length;
  lines.push(`# Fault matrix (${ok}/${ran} cells pass)`, '');
  lines.push('Each cell: the user sees a clear message (what happened + what to do), partial output kept and marked,');
  lines.push('conversation saved (chat / Knowledge Graph), status bar back to idle, no unhandled rejection, every socket');
  lines.push('closed at the server. ✅ pass · ❌ fail (failed checks named) · — not run.', '');
  lines.push(`| Fault | ${surfaces.join(' | ')} |`);
  lines.push(`|---|${surfaces.map(() => '---').join('|')}|`);
  for (const f of faults) {
    const row = surfaces.map((s) => {
      const c = at(f, s);
      if (!c) return '—';
      return passed(c) ? '✅' : `❌ ${failures(c).map((k) => k.name).join(', ')}`;
    });
    lines.push(`| ${esc(f)} | ${row.join(' | ')} |`);
  }
  if (notes.length) lines.push('', ...notes.map((n) => `- ${n}`));
  lines.push('', '## What the user was shown', '');
  lines.push('| Fault | Surface | Kept | Message |', '|---|---|---|---|');
  for (const c of cells) lines.push(`| ${esc(c.fault)} | ${c.surface} | ${c.kept} chars | ${esc(c.shown.join(' / ') || '(nothing)')} |`);
  const failed = cells.filter((c) => !passed(c));
  if (failed.length) {
    lines.push('', '## Failed checks', '');
    for (const c of failed) for (const k of failures(c)) lines.push(`- **${esc(c.fault)} × ${c.surface}: ${k.name}** — ${k.detail ?? ''}`);
  }
  return lines.join('\n') + '\n';
}
