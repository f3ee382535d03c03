// Parent side of server-child: forks the local streaming server into its own Node process and asks
// it for its URL, clock and request records over IPC.
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { RequestRecord } from '../../test/server';

export class ServerProcess {
  private seq = 1;
  private readonly waiting = new Map<number, (v: unknown) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (m: { seq: number; value: unknown }) => {
      this.waiting.get(m.seq)?.(m.value);
      this.waiting.delete(m.seq);
    });
  }

  static async start(key: string): Promise<ServerProcess> {
    // ELECTRON_RUN_AS_NODE: in the desktop extension host process.execPath is Electron.
    const child = fork(path.join(__dirname, 'server-child.js'), [], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', SA_BENCH_KEY: key }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`server process exited (${code})`)));
    });
    const probe = new ServerProcess(child, '');
    const url = (await probe.ask('url')) as string;
    return new ServerProcess(child, url);
  }

  private ask(type: string, id?: number): Promise<unknown> {
    const seq = this.seq++;
    return new Promise((resolve) => {
      this.waiting.set(seq, resolve);
      this.child.send({ seq, type, id });
    });
  }

  now(): Promise<number> {
    return this.ask('now') as Promise<number>;
  }

  lastChat(): Promise<RequestRecord | undefined> {
    return this.ask('lastChat') as Promise<RequestRecord | undefined>;
  }

  /** Server time the response closed, or null after 10 s. */
  waitForClose(id: number): Promise<number | null> {
    return this.ask('waitForClose', id) as Promise<number | null>;
  }

  stop(): void {
    this.child.disconnect();
    setTimeout(() => this.child.kill(), 2000).unref();
  }
}
