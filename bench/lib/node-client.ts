// Parent side of node-ttft: a plain Node process reading the same streams as the webview, for the
// "same stream in plain Node" comparisons (writer-sdk and the core).
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { NodeFirstText } from './node-ttft';

export interface NodeArgs {
  url: string;
  key: string;
  prompt: string;
  runs: number;
}

export class NodeClient {
  private constructor(private readonly child: ChildProcess) {}

  static start(): NodeClient {
    return new NodeClient(fork(path.join(__dirname, 'node-ttft.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  }

  private ask<T>(msg: object, type: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const on = (m: { type: string; message?: string }) => {
        if (m.type !== type && m.type !== 'error') return;
        this.child.off('message', on);
        if (m.type === 'error') reject(new Error(m.message));
        else resolve(m as T);
      };
      this.child.on('message', on);
      this.child.send(msg);
    });
  }

  async now(): Promise<number> {
    return (await this.ask<{ now: number }>({ type: 'now' }, 'now')).now;
  }

  async firstText(args: NodeArgs): Promise<NodeFirstText[]> {
    return (await this.ask<{ results: NodeFirstText[] }>({ type: 'run', args }, 'done')).results;
  }

  /** Receive time of each text event of one stream read by the core; the prompt gets `tag` in front. */
  async receiveTimes(args: NodeArgs, tag: string): Promise<number[]> {
    return (await this.ask<{ times: number[] }>({ type: 'latency', args, tag }, 'times')).times;
  }

  stop(): void {
    this.child.kill();
  }
}
