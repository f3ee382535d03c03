// Every message from the webview is checked against the protocol before the host acts on it:
// the webview renders model output, so it is treated as untrusted input.
import { MENTION_KINDS, type InsertMode, type MentionKind, type WebviewToHost } from '../../shared/webviewProtocol';

type FieldType = 'string' | 'id' | 'number' | 'mode' | 'boolean' | 'mention';
const MAX_TEXT = 1_000_000;
const MAX_ID = 200;

/** How each protocol field type may be checked ('id': a short non-empty string). */
type CheckFor<V> = V extends boolean ? 'boolean' : V extends number ? 'number' : V extends InsertMode ? 'mode' : V extends MentionKind ? 'mention' : V extends string ? 'string' | 'id' : never;
type FieldsOf<K extends WebviewToHost['type']> = Omit<Extract<WebviewToHost, { type: K }>, 'type'>;
/** Derived from WebviewToHost: a field added to, removed from or retyped in the protocol fails to compile here. */
type Schema = { [K in WebviewToHost['type']]: { [F in keyof FieldsOf<K>]-?: CheckFor<FieldsOf<K>[F]> } };

const schema: Schema = {
  ready: {},
  send: { text: 'string' },
  stop: {},
  retry: { messageId: 'id' },
  retryNow: { messageId: 'id' },
  regenerate: {},
  editResend: { messageId: 'id', text: 'string' },
  newConversation: {},
  switchConversation: { id: 'id' },
  renameConversation: { id: 'id', title: 'string' },
  deleteConversation: { id: 'id' },
  setModel: { model: 'id' },
  setTemperature: { temperature: 'number' },
  setSystemPrompt: { systemPrompt: 'string' },
  copy: { text: 'string' },
  insertCode: { code: 'string', mode: 'mode' },
  applyCode: { code: 'string', fileHint: 'string' },
  openLink: { href: 'string' },
  setApiKey: {},
  attachGraphs: {},
  detachGraph: { id: 'id' },
  setWebSearch: { on: 'boolean' },
  requestSync: {},
  attach: { kind: 'mention' },
  detachContext: { id: 'id' },
  setCurrentFileContext: { on: 'boolean' },
  openContext: { messageId: 'id', itemId: 'id' },
};

export type Validation = { ok: true; message: WebviewToHost } | { ok: false; reason: string };

function checkField(value: unknown, type: FieldType): string | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' && value.length <= MAX_TEXT ? undefined : 'a string (at most 1 MB)';
    case 'id':
      return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID ? undefined : 'a non-empty short string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 2 ? undefined : 'a number from 0 to 2';
    case 'mode':
      return value === 'insert' || value === 'replace' ? undefined : '"insert" or "replace"';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'mention':
      return (MENTION_KINDS as readonly unknown[]).includes(value) ? undefined : `one of ${MENTION_KINDS.join(', ')}`;
  }
}

export function validateWebviewMessage(data: unknown): Validation {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, reason: 'not an object' };
  const rec = data as Record<string, unknown>;
  const type = rec.type;
  // The reason never converts `type` to a string: `{ toString: 'x' }` would throw here instead of being ignored.
  if (typeof type !== 'string') return { ok: false, reason: `type must be a string, not ${type === null ? 'null' : Array.isArray(type) ? 'an array' : typeof type}` };
  if (!Object.prototype.hasOwnProperty.call(schema, type)) return { ok: false, reason: `unknown type ${JSON.stringify(type).slice(0, 60)}` };
  const fields: Record<string, FieldType> = schema[type as WebviewToHost['type']];
  for (const key of Object.keys(rec)) if (key !== 'type' && !(key in fields)) return { ok: false, reason: `${type}: unexpected field "${key.slice(0, 40)}"` };
  for (const [key, t] of Object.entries(fields)) {
    const problem = checkField(rec[key], t);
    if (problem) return { ok: false, reason: `${type}.${key} must be ${problem}` };
  }
  return { ok: true, message: data as WebviewToHost }; // why: every field was checked against the schema above
}
