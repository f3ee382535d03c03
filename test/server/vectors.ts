// Byte-exact replay of test/vectors/NAME.sse with the sidecar's status and headers, in a chosen chunking.
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { mulberry32 } from '../random';
import type { RequestRecord } from './records';
import type { Chunking } from './scenario';

/** Compiled to out/test/server/, the vectors live in test/vectors/ at the repository root. */
function vectorsDir(): string {
  const candidates = [join(__dirname, '../../../test/vectors'), join(__dirname, '../vectors')];
  return candidates.find((d) => existsSync(join(d, 'INDEX.json'))) ?? candidates[0];
}

export interface VectorSidecar {
  endpoint: string;
  request: { method: string; url: string; body: unknown };
  response: { status: number; headers: Record<string, string> };
  body_is_json_not_sse?: boolean;
  expect: Record<string, unknown> & { data_events?: number };
}

export function vectorNames(): string[] {
  return JSON.parse(readFileSync(join(vectorsDir(), 'INDEX.json'), 'utf8')) as string[];
}

export function loadVector(name: string): { bytes: Buffer; sidecar: VectorSidecar } | null {
  if (!/^[a-z0-9-]+$/.test(name)) return null;
  const dir = vectorsDir();
  const sse = join(dir, `${name}.sse`);
  if (!existsSync(sse)) return null;
  return { bytes: readFileSync(sse), sidecar: JSON.parse(readFileSync(join(dir, `${name}.expect.json`), 'utf8')) as VectorSidecar };
}

/** Slices of `total` bytes: one slice, one byte each, or seeded random sizes 1–64. */
export function* chunkSizes(total: number, chunking: Chunking, seed: number, bytes?: Buffer): Generator<number> {
  if (chunking === 'whole') {
    yield total;
    return;
  }
  if (chunking === 'event' && bytes) {
    // Up to and including each blank line ("\n\n"); the rest (if any) last.
    let at = 0;
    for (let end = bytes.indexOf('\n\n', at); end !== -1; end = bytes.indexOf('\n\n', at)) {
      yield end + 2 - at;
      at = end + 2;
    }
    if (at < total) yield total - at;
    return;
  }
  const next = mulberry32(seed);
  for (let at = 0; at < total; ) {
    const n = chunking === 'byte' ? 1 : Math.min(total - at, 1 + Math.floor(next() * 64));
    yield n;
    at += n;
  }
}

export async function replayVector(
  res: ServerResponse,
  record: RequestRecord,
  vector: { bytes: Buffer; sidecar: VectorSidecar },
  chunking: Chunking,
  seed: number,
  /** Writes per second (0: as fast as the socket takes them). */
  rate = 0,
): Promise<void> {
  const { bytes, sidecar } = vector;
  res.writeHead(sidecar.response.status, sidecar.response.headers);
  res.socket?.setNoDelay(true);
  record.status = sidecar.response.status;
  let at = 0;
  for (const n of chunkSizes(bytes.length, chunking, seed, bytes)) {
    if (record.closedAt !== undefined || res.destroyed) return;
    if (rate > 0 && at > 0) await new Promise((r) => setTimeout(r, 1000 / rate));
    const slice = bytes.subarray(at, at + n);
    at += n;
    record.bytesSent += n;
    // Wait for each write to reach the socket so every slice goes out as its own packet.
    await new Promise<void>((resolve) => {
      res.once('close', resolve);
      res.write(slice, () => {
        res.off('close', resolve);
        resolve();
      });
    });
  }
  record.eventsSent = sidecar.expect.data_events ?? 0;
  record.outcome = sidecar.response.status >= 400 ? 'http-error' : 'complete';
  res.end();
}
