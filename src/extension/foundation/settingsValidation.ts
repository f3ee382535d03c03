// Turns raw `streamAssist.*` values into validated Settings plus one problem sentence per invalid
// value. Pure (no vscode import) so it is unit-tested in plain Node; settings.ts does the UI.
import type { Provider } from '../../core/types';
import type { Settings } from '../services';

const PROVIDERS: readonly Provider[] = ['writer', 'openai', 'generic'];

/** Base URL used when `streamAssist.baseUrl` is empty. Generic has none: the user must give one. */
const DEFAULT_BASE_URLS: Readonly<Record<Provider, string | undefined>> = {
  writer: 'https://api.writer.com',
  openai: 'https://router.requesty.ai/v1',
  generic: undefined,
};

/** Mirrors package.json contributes.configuration defaults (a unit test keeps them in step). */
export const DEFAULTS = {
  provider: 'writer' as Provider,
  baseUrl: '',
  model: 'palmyra-x5',
  temperature: 0.7,
  maxTokens: 4096,
  systemPrompt:
    'You are a helpful programming assistant inside VS Code. Answer concisely and use fenced code blocks with a language tag for code.',
  'timeouts.connectSeconds': 10,
  'timeouts.responseSeconds': 120,
  'timeouts.idleSeconds': 90,
  maxRetries: 2,
  'editor.contextCharacters': 4000,
  'editor.onCancel': 'keep' as 'keep' | 'revert',
  'editor.review': 'diff' as 'diff' | 'direct',
  'knowledgeGraph.subqueries': false,
  'context.currentFileChars': 20000,
  'context.budgetChars': 60000,
  'context.exclude': [] as string[],
};

export type SettingKey = keyof typeof DEFAULTS;

export interface SettingProblem {
  /** Full setting id, e.g. `streamAssist.temperature`. */
  setting: string;
  /** One sentence naming the setting, what is wrong and what is used instead. */
  message: string;
}

export interface ValidatedSettings {
  settings: Settings;
  problems: SettingProblem[];
}

/** Reads a raw value; `undefined` means unset (the default applies silently). */
export type RawGetter = (key: SettingKey) => unknown;

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** Resolves a base URL: trims, drops trailing slashes; returns an error sentence fragment when malformed. */
export function parseBaseUrl(raw: string): { url: string } | { error: string } {
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    return { error: 'is not a valid URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { error: 'must start with http:// or https://' };
  if (parsed.username || parsed.password) return { error: 'must not contain a user name or password (set the key with "Stream Assist: Set API Key")' };
  if (parsed.search || parsed.hash) return { error: 'must not contain a query or fragment' };
  return { url: (parsed.origin + parsed.pathname).replace(/\/+$/, '') };
}

export function validateSettings(get: RawGetter): ValidatedSettings {
  const problems: SettingProblem[] = [];
  const report = (key: SettingKey, what: string, value: unknown, fallback: unknown) => {
    const setting = `streamAssist.${key}`;
    const using = fallback === undefined ? '' : `; using ${shown(fallback)}`;
    problems.push({ setting, message: `${setting} ${what} (got ${shown(value)})${using}.` });
  };

  const number = (key: SettingKey, ok: (n: number) => boolean, what: string): number => {
    const fallback = DEFAULTS[key] as number;
    const value = get(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
      report(key, what, value, fallback);
      return fallback;
    }
    return value;
  };
  const string = (key: SettingKey): string => {
    const fallback = DEFAULTS[key] as string;
    const value = get(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'string') {
      report(key, 'must be a string', value, fallback);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(key: SettingKey, allowed: readonly T[]): T => {
    const fallback = DEFAULTS[key] as T;
    const value = get(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      report(key, `must be one of ${allowed.join(', ')}`, value, fallback);
      return fallback;
    }
    return value as T;
  };
  const isInt = Number.isInteger;

  const provider = oneOf<Provider>('provider', PROVIDERS);

  // Base URL: empty means the provider's default; generic has no default and needs one.
  const defaultUrl = DEFAULT_BASE_URLS[provider];
  let baseUrl = defaultUrl ?? '';
  const rawUrl = get('baseUrl');
  if (typeof rawUrl === 'string' && rawUrl.trim() !== '') {
    const parsed = parseBaseUrl(rawUrl);
    if ('url' in parsed) baseUrl = parsed.url;
    else if (defaultUrl) report('baseUrl', parsed.error, rawUrl, defaultUrl);
    else report('baseUrl', `${parsed.error}; the generic provider needs the base URL of your API, e.g. https://api.example.com`, rawUrl, undefined);
  } else if (rawUrl !== undefined && rawUrl !== null && typeof rawUrl !== 'string') {
    report('baseUrl', 'must be a string', rawUrl, defaultUrl);
  } else if (!defaultUrl) {
    problems.push({
      setting: 'streamAssist.baseUrl',
      message: 'streamAssist.baseUrl is required for the generic provider: set it to the base URL of your API, e.g. https://api.example.com.',
    });
  }

  let model = string('model').trim();
  if (model === '') {
    report('model', 'must not be empty', '', DEFAULTS.model);
    model = DEFAULTS.model;
  }

  const seconds = (key: SettingKey) => Math.round(number(key, (n) => n > 0, 'must be a positive number of seconds') * 1000);

  const settings: Settings = {
    provider,
    baseUrl,
    model,
    temperature: number('temperature', (n) => n >= 0 && n <= 2, 'must be between 0 and 2'),
    maxTokens: number('maxTokens', (n) => isInt(n) && n >= 1 && n <= 1_000_000, 'must be a whole number from 1 to 1000000'),
    systemPrompt: string('systemPrompt'),
    timeouts: {
      connectMs: seconds('timeouts.connectSeconds'),
      responseMs: seconds('timeouts.responseSeconds'),
      idleMs: seconds('timeouts.idleSeconds'),
    },
    maxRetries: number('maxRetries', (n) => isInt(n) && n >= 0 && n <= 10, 'must be a whole number from 0 to 10'),
    editor: {
      contextCharacters: number('editor.contextCharacters', (n) => isInt(n) && n >= 0, 'must be a whole number, 0 or more'),
      onCancel: oneOf('editor.onCancel', ['keep', 'revert'] as const),
      review: oneOf('editor.review', ['diff', 'direct'] as const),
    },
    knowledgeGraph: { subqueries: readBoolean(get, 'knowledgeGraph.subqueries', report) },
    context: {
      currentFileChars: number('context.currentFileChars', (n) => isInt(n) && n >= 0, 'must be a whole number, 0 or more'),
      budgetChars: number('context.budgetChars', (n) => isInt(n) && n >= 0, 'must be a whole number, 0 or more'),
      exclude: readStringList(get, 'context.exclude', report),
    },
  };
  return { settings, problems };
}

function readBoolean(
  get: RawGetter,
  key: SettingKey,
  report: (key: SettingKey, what: string, value: unknown, fallback: unknown) => void,
): boolean {
  const fallback = DEFAULTS[key] as boolean;
  const value = get(key);
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') {
    report(key, 'must be true or false', value, fallback);
    return fallback;
  }
  return value;
}

function readStringList(
  get: RawGetter,
  key: SettingKey,
  report: (key: SettingKey, what: string, value: unknown, fallback: unknown) => void,
): string[] {
  const value = get(key);
  if (value === undefined || value === null) return [...(DEFAULTS[key] as string[])];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    report(key, 'must be a list of strings', Array.isArray(value) ? JSON.stringify(value) : value, undefined);
    return [...(DEFAULTS[key] as string[])];
  }
  return value.filter((v) => v.trim() !== '');
}
