// CPU time of another process from /proc/<pid>/stat (Linux): used for the extension host of a
// code-server we started, which we cannot instrument from inside in the UI benchmark.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

let ticks: number | undefined;
function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

/** Fields after the `(comm)` part of /proc/<pid>/stat (index 0 = state, the 3rd field). */
function statFields(pid: number): string[] | undefined {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** user + system CPU ms of a process so far (10 ms resolution at CLK_TCK 100), or NaN if it is gone. */
export function processCpuMs(pid: number): number {
  const f = statFields(pid);
  if (!f) return NaN;
  return ((Number(f[11]) + Number(f[12])) * 1000) / clockTicks(); // utime, stime: fields 14 and 15
}

/** Processes in a process group whose command line matches. */
export function findInGroup(pgid: number, match: RegExp): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const f = statFields(Number(d));
    if (!f || Number(f[2]) !== pgid) continue; // pgrp: field 5
    let cmd = '';
    try {
      cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    if (match.test(cmd)) out.push(Number(d));
  }
  return out;
}
