// What every wire-format decoder implements: one parsed JSON payload in, normalized events out.

import type { StreamEvent } from '../types';

export type Json = Record<string, unknown>;

export interface DecodeState {
  /** A finish marker (finish_reason / finishReason) was seen. */
  finished: boolean;
  /** The server ended the answer as failed (`finish_reason: "error"`): the decoder reports an in-stream error. */
  failedFinish?: boolean;
  /** Chat tool calls: the wire's `index`/`id` → our call ordinal (see formats/chat.ts). */
  toolCalls?: ToolCallSlots;
}

export interface ToolCallSlots {
  /** Wire `index` → the call it last started. */
  byWireIndex: Map<number, { ordinal: number; id: string | undefined }>;
  /** The call the last fragment went to (fragments without `index` continue it). */
  last: { ordinal: number; id: string | undefined } | undefined;
  next: number;
}

export interface WireFormat {
  /** Whether the endpoint marks the end of an answer; if so, EOF without it means incomplete. */
  readonly hasFinishMarker: boolean;
  decode(payload: Json, out: StreamEvent[], state: DecodeState): void;
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
