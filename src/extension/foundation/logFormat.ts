// How a request shows up in the log, and the key scrub applied to every line. Pure (no vscode)
// so it is unit-tested in plain Node.
import type { RequestSummary } from '../../core/types';

/** Replaces each secret (and only non-trivial ones) with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}

/** `POST https://api.writer.com/v1/chat 200 id=req_1 ttfb=210ms 1840ms events=42 bytes=9133 retries=0 done` */
export function formatSummary(s: RequestSummary): string {
  const parts = [s.method, s.url, s.status === undefined ? '-' : String(s.status)];
  if (s.requestId) parts.push(`id=${s.requestId}`);
  if (s.timeToFirstByteMs !== undefined) parts.push(`ttfb=${Math.round(s.timeToFirstByteMs)}ms`);
  parts.push(`${Math.round(s.durationMs)}ms`, `events=${s.events}`, `bytes=${s.bytes}`, `retries=${s.retries}`, s.outcome);
  if (s.error) parts.push(`error=${JSON.stringify(s.error)}`);
  return parts.join(' ');
}
