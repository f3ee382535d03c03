// Reads the plain-data StreamErrorInfo out of whatever a list call rejected with (the core's
// StreamError, pre-flight failures included, or anything else), without importing the core.
import type { StreamErrorInfo } from '../../core/types';

function isInfo(value: unknown): value is StreamErrorInfo {
  return typeof value === 'object' && value !== null && typeof (value as StreamErrorInfo).kind === 'string' && typeof (value as StreamErrorInfo).message === 'string';
}

export function errorInfoOf(err: unknown): StreamErrorInfo | undefined {
  if (typeof err === 'object' && err !== null && isInfo((err as { info?: unknown }).info)) return (err as { info: StreamErrorInfo }).info;
  if (isInfo(err)) return err;
  return undefined;
}

/** "message action" when the error carries info, else its message. */
export function errorMessageOf(err: unknown): string {
  const info = errorInfoOf(err);
  if (info) return `${info.message} ${info.action ?? ''}`.trim();
  return err instanceof Error ? err.message : String(err);
}
