// Every running stream, whatever started it: the status bar, the cancel command and the
// `streamAssist.streaming` context key all read this. A job leaves when its result settles.
import * as vscode from 'vscode';
import type { StreamEvent, StreamHandle } from '../../core/types';
import { observeEvents } from '../../core/channel';
import type { JobKind, StreamJob, StreamRegistry } from '../services';

/** Rough token estimate for live tokens/s; the real count replaces it when usage arrives. */
const CHARS_PER_TOKEN = 4;

class Job implements StreamJob {
  chars = 0;
  usageTokens: number | undefined;
  /** When the first text arrived (tokens/s counts from there, not from the request). */
  firstTextAt: number | undefined;
  /** While waiting before a retry: which attempt comes next and when. */
  retry: { attempt: number; at: number } | undefined;

  constructor(
    readonly id: number,
    readonly label: string,
    readonly kind: JobKind,
    readonly startedAt: number,
    private readonly handle: StreamHandle,
  ) {}

  get tokens(): number {
    return this.usageTokens ?? Math.round(this.chars / CHARS_PER_TOKEN);
  }

  /** Tokens per second since the first text, or undefined before there is a rate to show. */
  tokensPerSecond(now = Date.now()): number | undefined {
    if (this.firstTextAt === undefined) return undefined;
    const seconds = (now - this.firstTextAt) / 1000;
    return seconds < 0.25 ? undefined : this.tokens / seconds;
  }

  cancel(): void {
    // The core's abort closes the socket, so the server stops generating (and billing).
    this.handle.abort();
  }

  observe(event: StreamEvent): void {
    if (event.type === 'retrying') this.retry = { attempt: event.attempt, at: Date.now() + event.delayMs };
    else if (event.type === 'open') this.retry = undefined;
    if (event.type === 'text') {
      this.firstTextAt ??= Date.now();
      this.chars += event.text.length;
    } else if (event.type === 'usage' && event.usage.completion_tokens > 0) {
      this.usageTokens = event.usage.completion_tokens;
    }
  }
}

export type RegisteredJob = Job;

export class StreamRegistryService implements StreamRegistry, vscode.Disposable {
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  active(): readonly Job[] {
    return [...this.jobs.values()];
  }

  get(id: number): Job | undefined {
    return this.jobs.get(id);
  }

  cancelAll(): void {
    for (const job of this.active()) job.cancel();
  }

  /**
   * Registers a running stream and returns the handle to give the caller: the same stream, whose
   * events are pumped here (token count) and passed on unchanged.
   */
  track(handle: StreamHandle, label: string, kind: JobKind): { handle: StreamHandle; job: Job } {
    const job = new Job(this.nextId++, label, kind, Date.now(), handle);
    this.jobs.set(job.id, job);
    this.emitter.fire();


    const leave = () => {
      if (this.jobs.delete(job.id)) this.emitter.fire();
    };
    void handle.result.then(leave, leave);

    return { job, handle: observeEvents(handle, (event) => job.observe(event)) };
  }

  dispose(): void {
    this.cancelAll();
    this.jobs.clear();
    this.emitter.dispose();
  }
}
