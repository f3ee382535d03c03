// Mapping between a no-code agent's declared inputs and the `inputs` array Writer expects
// (`[{ id: <input name>, value: string[] }]`, PROTOCOL §3.4). Pure (no vscode): unit-tested.
import type { ApplicationInput, ApplicationInputSpec } from '../../core';
import { truncate } from '../../shared/text';

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
