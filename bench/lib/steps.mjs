// Running one benchmark step of `npm run bench` as a child process in its own process group, with a
// time limit, echoing and capturing its output. A step that fails or times out is reported, never hidden.
import { spawn } from 'node:child_process';

const stamp = () => new Date().toISOString().slice(11, 19);

/** @returns {Promise<{ ok: boolean, code: number | null, out: string, ms: number, timedOut: boolean }>} */
export function runStep(name, cmd, args, { cwd, env = {}, timeoutMs, quiet = false }) {
  console.log(`\n[bench ${stamp()}] ── ${name}: ${[cmd === process.execPath ? 'node' : cmd, ...args].join(' ')}`);
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    const echo = (d) => { out += d; if (!quiet) process.stdout.write(d); };
    child.stdout.on('data', echo);
    child.stderr.on('data', (d) => { out += d; if (!quiet) process.stderr.write(d); });
    let timedOut = false;
    const kill = (sig) => { try { process.kill(-child.pid, sig); } catch { /* gone */ } };
    const timer = setTimeout(() => {
      timedOut = true;
      console.log(`\n[bench] ${name} TIMED OUT after ${Math.round(timeoutMs / 1000)} s: stopping it`);
      kill('SIGTERM');
      setTimeout(() => kill('SIGKILL'), 15_000).unref();
    }, timeoutMs);
    const onSignal = () => { kill('SIGTERM'); setTimeout(() => { kill('SIGKILL'); process.exit(130); }, 5000).unref(); };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    child.on('error', (e) => { out += `\n${e.message}`; });
    child.on('close', (code) => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      kill('SIGKILL'); // anything the step left in its group (code-server, Chromium)
      const ms = Date.now() - t0;
      console.log(`[bench ${stamp()}] ── ${name}: ${timedOut ? 'timed out' : code === 0 ? 'ok' : `exit ${code}`} in ${(ms / 1000).toFixed(1)} s`);
      resolve({ ok: code === 0 && !timedOut, code, out, ms, timedOut });
    });
  });
}

/** Why a step gave no numbers, for the table. */
export function failure(step, what) {
  if (!step) return `${what}: not run`;
  if (step.timedOut) return `${what}: TIMED OUT`;
  const tail = step.out.trim().split('\n').filter((l) => /error|fail|missing|cannot|not found/i.test(l)).slice(-1)[0] ?? '';
  return `${what}: FAILED (exit ${step.code}${tail ? `: ${tail.trim().slice(0, 120)}` : ''})`;
}
