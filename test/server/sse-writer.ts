// Writes a stream of SSE frames at the requested rate, carries out mid-stream faults, and keeps the
// request record up to date. Frames come from a lazy iterable so huge answers are never held in memory.
import type { ServerResponse } from 'node:http';
import { errorDataFrame, errorEventFrame, type Dialect } from './errors';
import type { Fault, MidFaultKind } from './faults';
import { serverNow, type RequestLog, type RequestRecord } from './records';

export interface Frame {
  /** One complete SSE event, ending with a blank line. */
  text: string;
  /** True when it carries answer content (stamped with `#stamp`). */
  delta?: boolean;
}

export interface StreamPlan {
  dialect: Dialect;
  frames: Iterable<Frame>;
  /** A content frame for `text`, in this endpoint's shape (used by the invalid-UTF-8 fault). */
  contentFrame(text: string): string;
}

export interface WriteOptions {
  /** Events per second; 0 = as fast as the socket allows. */
  rate: number;
  fault?: Fault;
  stamp?: boolean;
  /** Appended to the message of an in-stream error (`reflectAuth`: the server echoes the Authorization header). */
  reflect?: string;
}

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

/** How many bytes to gather before one write when running at full speed. */
const BATCH_BYTES = 16 * 1024;

export async function writeStream(res: ServerResponse, record: RequestRecord, log: RequestLog, plan: StreamPlan, opts: WriteOptions): Promise<void> {
  res.writeHead(200, SSE_HEADERS);
  res.socket?.setNoDelay(true);
  record.status = 200;
  if (opts.stamp) record.sentAt = [];
  const mid = opts.fault?.kind === 'mid' ? opts.fault : undefined;
  const start = serverNow();
  const interval = opts.rate > 0 ? 1000 / opts.rate : 0;
  const alive = (): boolean => record.closedAt === undefined && !res.destroyed;

  let batch = '';
  let batchDeltas = 0;
  const flush = async (): Promise<void> => {
    if (!batch) return;
    const chunk = batch;
    const deltas = batchDeltas;
    batch = '';
    batchDeltas = 0;
    record.bytesSent += Buffer.byteLength(chunk);
    const ok = res.write(chunk);
    if (record.sentAt) {
      const t = serverNow();
      for (let i = 0; i < deltas; i++) record.sentAt.push(t);
    }
    if (!ok) await drained(res);
  };

  for (const frame of plan.frames) {
    if (!alive()) return;
    if (mid && record.eventsSent === mid.after) {
      await flush();
      await midFault(res, record, log, plan, mid.what, mid.arg, frame, opts.reflect);
      if (!CONTINUES.has(mid.what)) return;
      if (!alive()) return;
    }
    if (interval > 0) {
      const due = start + record.eventsSent * interval;
      const wait = due - serverNow();
      if (wait > 1) {
        await flush();
        await sleep(wait);
        if (!alive()) return;
      }
    }
    batch += frame.text;
    if (frame.delta) batchDeltas++;
    record.eventsSent++;
    if (interval > 0 || batch.length >= BATCH_BYTES) await flush();
  }
  await flush();
  if (!alive()) return;
  if (mid && record.eventsSent <= mid.after && !CONTINUES.has(mid.what)) {
    // The answer was shorter than N events: carry the fault out at the end instead of never.
    await midFault(res, record, log, plan, mid.what, mid.arg, { text: plan.contentFrame('.') }, opts.reflect);
    return;
  }
  record.outcome = 'complete';
  res.end();
}

/** Faults after which the stream goes on normally. */
const CONTINUES = new Set<MidFaultKind>(['invalid-utf8', 'pause', 'keepalive']);

async function midFault(res: ServerResponse, record: RequestRecord, log: RequestLog, plan: StreamPlan, what: MidFaultKind, arg: number | undefined, next: Frame, reflect?: string): Promise<void> {
  const write = (s: string | Buffer): void => {
    record.bytesSent += Buffer.byteLength(s);
    res.write(s);
  };
  switch (what) {
    case 'reset': {
      // Let what was written reach the client first, then drop the connection without ending the body.
      await new Promise<void>((resolve) => (res.writableLength ? res.write('', () => resolve()) : resolve()));
      await sleep(10);
      log.markClosed(record, 'reset');
      res.socket?.destroy();
      res.destroy();
      return;
    }
    case 'stall':
      // Hold the socket open and send nothing; the record closes when the client (or server.close) ends it.
      return;
    case 'truncate': {
      const cut = next.text.slice(0, Math.max(1, Math.floor(next.text.trimEnd().length / 2)));
      write(cut);
      record.outcome = 'truncated';
      res.end();
      return;
    }
    case 'malformed':
      write('data: {"choices":[{"delta":{"content":"unterminated\n\n');
      record.eventsSent++;
      record.outcome = 'complete';
      res.end();
      return;
    case 'error-event':
      write(errorEventFrame(plan.dialect, reflect));
      record.eventsSent++;
      record.outcome = 'complete';
      res.end();
      return;
    case 'error-data':
      write(errorDataFrame(plan.dialect, reflect));
      record.eventsSent++;
      record.outcome = 'complete';
      res.end();
      return;
    case 'invalid-utf8': {
      // Replace a placeholder inside a normal content frame with bytes that are not valid UTF-8.
      const [head, tail] = plan.contentFrame('@@BAD@@').split('@@BAD@@');
      write(Buffer.concat([Buffer.from(`${head}bad `), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(` bytes${tail}`)]));
      record.eventsSent++;
      return;
    }
    case 'pause':
      // Silence (no bytes at all) for `arg` ms, like a long Knowledge Graph retrieval; then go on.
      await sleep(arg ?? 5000);
      return;
    case 'keepalive': {
      // `arg` ms of `: keep-alive` comments, one every 200 ms: bytes flow, no events; then go on.
      const until = serverNow() + (arg ?? 5000);
      while (serverNow() < until && record.closedAt === undefined && !res.destroyed) {
        write(': keep-alive\n\n');
        await sleep(Math.min(200, Math.max(0, until - serverNow())));
      }
      return;
    }
    case 'oversized': {
      // Tens of MB without a newline, generated chunk by chunk and paced by the socket.
      const chunk = 'x'.repeat(64 * 1024);
      const total = (arg ?? 32) * 1024 * 1024;
      write('data: {"value":"');
      for (let sent = 0; sent < total; sent += chunk.length) {
        if (record.closedAt !== undefined || res.destroyed) return;
        record.bytesSent += chunk.length;
        if (!res.write(chunk)) await drained(res);
      }
      if (record.closedAt !== undefined || res.destroyed) return;
      write('"}\n\n');
      record.eventsSent++;
      record.outcome = 'complete';
      res.end();
      return;
    }
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
