// What the user gives the two commands, checked before anything is sent: the optional command
// argument (scripts, keybindings, tests: a given field skips its UI step), what counts as an
// acceptable Knowledge Graph question, and the mapping between a no-code agent's declared inputs
// and the `inputs` array Writer expects (`[{ id: <input name>, value: string[] }]`).
// Pure (no vscode): unit-tested.
import type { ApplicationInput, ApplicationInputSpec } from '../../core';
import { truncate } from '../../shared/text';

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

/**
 * Writer documents no limit for `question`. 4,000 characters keeps it a question (long material
 * belongs in a file inside the graph) and far below request-size limits.
 */
export const MAX_QUESTION_CHARS = 4000;

export type QuestionCheck = { ok: true; question: string } | { ok: false; message: string };

/** Shown while typing: only problems the user can see growing (an empty box is not an error yet). */
export function liveQuestionProblem(value: string): string | undefined {
  return value.length > MAX_QUESTION_CHARS ? tooLong(value.length) : undefined;
}

/** Final check before sending: trims, refuses empty, non-text and too-long questions. */
export function checkQuestion(raw: unknown): QuestionCheck {
  if (typeof raw !== 'string') {
    return { ok: false, message: 'The question must be text, e.g. { "question": "What changed in Q3?" }.' };
  }
  const question = raw.trim();
  if (question.length === 0) {
    return { ok: false, message: 'The question is empty. Type what you want to know, e.g. "What is our refund policy?".' };
  }
  if (question.length > MAX_QUESTION_CHARS) return { ok: false, message: tooLong(question.length) };
  return { ok: true, question };
}

function tooLong(length: number): string {
  return (
    `The question is ${length.toLocaleString('en-US')} characters long; the limit is ` +
    `${MAX_QUESTION_CHARS.toLocaleString('en-US')}. Shorten it, or add the long text to the graph as a file and ask about it.`
  );
}

/** How the command asks for one input. */
export type InputControl =
  | { kind: 'text' }
  | { kind: 'choice'; options: string[]; many: boolean }
  /** Files and media need an upload to Writer first, which Stream Assist does not do yet. */
  | { kind: 'file' };

const FILE_TYPES = new Set(['file', 'files', 'media', 'image', 'images', 'upload', 'audio', 'video']);
const MULTI_CHOICE_TYPES = new Set(['multiselect', 'multi-select', 'multi_select', 'checkbox', 'checkboxes']);

export function inputControl(spec: ApplicationInputSpec): InputControl {
  const type = spec.inputType.trim().toLowerCase();
  if (FILE_TYPES.has(type)) return { kind: 'file' };
  const options = (spec.options ?? []).filter((o) => typeof o === 'string' && o.length > 0);
  // A dropdown without options cannot be picked from; free text is the useful fallback.
  if (options.length > 0) return { kind: 'choice', options, many: MULTI_CHOICE_TYPES.has(type) };
  return { kind: 'text' };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ARG_EXAMPLE = 'e.g. { "topic": "EV batteries" } or [{ "id": "topic", "value": ["EV batteries"] }]';

/**
 * Accepts `{ [name]: string | string[] }` or `[{ id, value }]` (value string or string[]) and
 * returns Writer's shape. Empty strings are dropped so an optional input can be left blank.
 */
export function normalizeInputs(raw: unknown): Parsed<ApplicationInput[]> {
  if (raw === undefined || raw === null) return { ok: true, value: [] };
  const entries: Array<[unknown, unknown]> = [];
  if (Array.isArray(raw)) {
    for (const item of raw) {
      if (typeof item !== 'object' || item === null || !('id' in item)) {
        return { ok: false, message: `Each agent input needs an "id" and a "value", ${ARG_EXAMPLE}.` };
      }
      entries.push([item.id, 'value' in item ? item.value : undefined]);
    }
  } else if (typeof raw === 'object') {
    entries.push(...Object.entries(raw));
  } else {
    return { ok: false, message: `Agent inputs must be an object or a list, ${ARG_EXAMPLE}.` };
  }
  const inputs: ApplicationInput[] = [];
  const seen = new Set<string>();
  for (const [id, value] of entries) {
    if (typeof id !== 'string' || id.trim() === '') {
      return { ok: false, message: `Each agent input needs a non-empty name, ${ARG_EXAMPLE}.` };
    }
    if (seen.has(id)) return { ok: false, message: `The agent input "${id}" is given twice.` };
    seen.add(id);
    const values = toValues(value);
    if (values === undefined) {
      return { ok: false, message: `The value of agent input "${id}" must be text or a list of texts.` };
    }
    inputs.push({ id, value: values });
  }
  return { ok: true, value: inputs };
}

function toValues(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value === '' ? [] : [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.filter((v) => v !== '');
  return undefined;
}

/** One line for the chat's user message, e.g. "topic: EV batteries · tone: formal". */
export function describeInputs(inputs: readonly ApplicationInput[], maxValueChars = 80): string {
  return inputs
    .filter((i) => i.value.length > 0)
    .map((i) => {
      return `${i.id}: ${truncate(i.value.join(', '), maxValueChars)}`;
    })
    .join(' · ');
}
