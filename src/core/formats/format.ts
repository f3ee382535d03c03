// What every wire-format decoder implements: one parsed JSON payload in, normalized events out.

import type { StreamEvent } from '../types';

export type Json = Record<string, unknown>;

export interface DecodeState {
  /** A finish marker (finish_reason / finishReason) was seen. */
  finished: boolean;
}

export interface WireFormat {
  /** Whether the endpoint marks the end of an answer; if so, EOF without it means incomplete. */
  readonly hasFinishMarker: boolean;
  decode(payload: Json, out: StreamEvent[], state: DecodeState): void;
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
