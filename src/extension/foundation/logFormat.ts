// How a request shows up in the log. Pure (no vscode) so it is unit-tested in plain Node; the key
// scrub is the core's redactor (raw, URL-encoded and base64 forms, auth headers), not a copy.
import type { RequestSummary } from '../../core/types';

/** `POST https://api.writer.com/v1/chat 200 id=req_1 ttfb=210ms 1840ms events=42 bytes=9133 retries=0 done` */
export function formatSummary(s: RequestSummary): string {
  const parts = [s.method, s.url, s.status === undefined ? '-' : String(s.status)];
  if (s.requestId) parts.push(`id=${s.requestId}`);
  if (s.timeToFirstByteMs !== undefined) parts.push(`ttfb=${Math.round(s.timeToFirstByteMs)}ms`);
  parts.push(`${Math.round(s.durationMs)}ms`, `events=${s.events}`, `bytes=${s.bytes}`, `retries=${s.retries}`, s.outcome);
  if (s.error) parts.push(`error=${JSON.stringify(s.error)}`);
  return parts.join(' ');
}
