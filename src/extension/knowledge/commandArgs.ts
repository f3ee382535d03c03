// The optional argument of the two commands (scripts, keybindings, other features, tests).
// A given field skips its UI step; a missing one is asked for. Pure (no vscode): unit-tested.
import type { ApplicationInput } from '../../core';
import { normalizeInputs, type Parsed } from './applicationInputs';

export interface AskArgs {
  graphIds?: string[];
  /** Present (even empty) means "no input box": it is validated as given. */
  question?: unknown;
  subqueries?: boolean;
}

export interface AgentArgs {
  applicationId?: string;
  inputs?: ApplicationInput[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Anything that is not a plain object (undefined, a Uri from a menu) means "interactive". */
export function parseAskArgs(arg: unknown): Parsed<AskArgs> {
  if (!isRecord(arg)) return { ok: true, value: {} };
  const out: AskArgs = {};
  if ('graphIds' in arg && arg.graphIds !== undefined) {
    const ids = arg.graphIds;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string' && id.trim() !== '')) {
      return { ok: false, message: 'graphIds must be a non-empty list of Knowledge Graph ids, e.g. { "graphIds": ["6f1…"], "question": "…" }.' };
    }
    out.graphIds = [...new Set(ids.map((id: string) => id.trim()))];
  }
  if ('question' in arg) out.question = arg.question;
  if ('subqueries' in arg && arg.subqueries !== undefined) {
    if (typeof arg.subqueries !== 'boolean') return { ok: false, message: 'subqueries must be true or false.' };
    out.subqueries = arg.subqueries;
  }
  return { ok: true, value: out };
}

export function parseAgentArgs(arg: unknown): Parsed<AgentArgs> {
  if (!isRecord(arg)) return { ok: true, value: {} };
  const out: AgentArgs = {};
  if ('applicationId' in arg && arg.applicationId !== undefined) {
    if (typeof arg.applicationId !== 'string' || arg.applicationId.trim() === '') {
      return { ok: false, message: 'applicationId must be the id of a no-code agent, e.g. { "applicationId": "…", "inputs": { … } }.' };
    }
    out.applicationId = arg.applicationId.trim();
  }
  if ('inputs' in arg && arg.inputs !== undefined) {
    const inputs = normalizeInputs(arg.inputs);
    if (!inputs.ok) return inputs;
    out.inputs = inputs.value;
  }
  return { ok: true, value: out };
}
