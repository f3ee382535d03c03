// Turns whatever a list call threw into the core's plain StreamErrorInfo, so every failure is
// described the same way. Pure (no vscode): the core's StreamError is matched by shape.
import type { ErrorKind, StreamErrorInfo } from '../../core';

const KINDS: ReadonlySet<string> = new Set<ErrorKind>([
  'auth', 'rate-limit', 'bad-request', 'not-found', 'server', 'network', 'timeout', 'stalled', 'malformed', 'in-stream', 'cancelled',
]);

function isInfo(v: unknown): v is StreamErrorInfo {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>; // narrowed field by field below
  return typeof o.kind === 'string' && KINDS.has(o.kind) && typeof o.message === 'string' && typeof o.action === 'string';
}

export function toErrorInfo(thrown: unknown): StreamErrorInfo {
  if (isInfo(thrown)) return thrown;
  if (typeof thrown === 'object' && thrown !== null) {
    // StreamError carries its description as `info` (or is itself shaped like one, handled above).
    const info = (thrown as { info?: unknown }).info;
    if (isInfo(info)) return info;
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return {
    kind: 'network',
    message: message || 'The request failed.',
    action: 'Check the connection and `streamAssist.baseUrl`, then try again.',
    retryable: true,
  };
}
