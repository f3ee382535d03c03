// Context attachments as the model receives them, the per-turn budget, and the checks that keep
// secrets and binaries out. Pure (no vscode import): unit-tested in plain Node.
//
// The format (stable; documented in the README's "Context" section). A user message that carries
// context is sent as one block per item, in chip order (the current file first), then the user's text:
//
//   <context kind="currentFile" path="src/a.ts" language="typescript" lines="40-120" cut="cut to 8,000 of 52,340 characters">
//   ```typescript
//   …the content as sent…
//   ```
//   </context>
//
//   What does this function do?
//
// `kind` is currentFile | file | open | problems | git | terminal; `path`, `language`, `lines`,
// `detail` and `cut` appear only when known. Attribute values are escaped (&amp; &quot; &lt; &gt;,
// newlines as spaces). The fence is longer than any backtick run in the content, so the content
// cannot close it early. In the history sent with a later turn, an item whose source a later
// message carried again is left out of the earlier message (latestContext): one copy, the latest.
import type { ContextItemView, ContextKind } from '../../shared/webviewProtocol';

/** One attachment with its content (the host's copy; the webview sees only ContextItemView). */
export interface ContextItem {
  id: string;
  kind: ContextKind;
  label: string;
  detail?: string;
  /** Workspace-relative path (file kinds). */
  path?: string;
  /** Fence language tag ('' for none). */
  language?: string;
  /** "40-120" (1-based, inclusive) when only part of the file is sent. */
  lines?: string;
  /** What is sent (after any cut). */
  content: string;
  /** Length before any cut (the file cap or the budget). */
  originalChars: number;
  cut?: string;
  refused?: string;
}

const numberFormat = new Intl.NumberFormat('en-US');

export function cutNotice(kept: number, of: number): string {
  return `cut to ${numberFormat.format(kept)} of ${numberFormat.format(of)} characters`;
}

/** The first `max` characters, ending at a line break when one is near the end (a cut mid-line reads worse). */
function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, Math.max(0, max));
  const nl = head.lastIndexOf('\n');
  return nl >= max * 0.8 ? head.slice(0, nl + 1) : head;
}

/** `content` cut to `max` characters, with the cut recorded against the original length. */
export function capItem(item: ContextItem, max: number): ContextItem {
  if (item.content.length <= max) return item;
  const content = cutText(item.content, max);
  return { ...item, content, cut: cutNotice(content.length, item.originalChars) };
}

/**
 * Fits the items into `budget` characters of content: when they do not fit, the largest items are
 * cut first, all of them down to one common size (water filling), so small items stay whole.
 * Refused items take no room and pass through unchanged.
 */
export function fitToBudget(items: readonly ContextItem[], budget: number): ContextItem[] {
  const live = items.filter((i) => !i.refused);
  const total = live.reduce((n, i) => n + i.content.length, 0);
  if (total <= budget) return [...items];
  // The largest cap c with sum(min(len, c)) <= budget.
  const lengths = live.map((i) => i.content.length).sort((a, b) => a - b);
  let remaining = Math.max(0, budget);
  let cap = 0;
  for (let k = 0; k < lengths.length; k++) {
    const share = Math.floor(remaining / (lengths.length - k));
    if (lengths[k]! <= share) remaining -= lengths[k]!;
    else {
      cap = share;
      break;
    }
  }
  return items.map((i) => {
    if (i.refused || i.content.length <= cap) return i;
    if (cap === 0) return { ...i, content: '', refused: `over the context budget of ${numberFormat.format(budget)} characters` };
    return capItem(i, cap);
  });
}

/** What the chip shows. */
export function viewOf(item: ContextItem): ContextItemView {
  const view: ContextItemView = { id: item.id, kind: item.kind, label: item.label, chars: item.refused ? 0 : item.content.length };
  if (item.detail) view.detail = item.detail;
  if (item.cut) view.cut = item.cut;
  if (item.refused) view.refused = item.refused;
  return view;
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/** A fence longer than any backtick run in the content, so the content cannot close it early. */
export function fenceFor(content: string): string {
  let longest = 0;
  for (const m of content.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

export function formatItem(item: ContextItem): string {
  const attrs: [string, string | undefined][] = [
    ['kind', item.kind],
    ['path', item.path],
    ['language', item.language || undefined],
    ['lines', item.lines],
    ['detail', item.detail],
    ['cut', item.cut],
  ];
  const head = attrs
    .filter((a): a is [string, string] => a[1] !== undefined && a[1] !== '')
    .map(([k, v]) => `${k}="${attr(v)}"`)
    .join(' ');
  const fence = fenceFor(item.content);
  const body = item.content.endsWith('\n') ? item.content : `${item.content}\n`;
  return `<context ${head}>\n${fence}${item.language ?? ''}\n${body}${fence}\n</context>`;
}

/** The user message's content as the model receives it: the context blocks (refused items left out), then the text. */
export function messageWithContext(text: string, items: readonly ContextItem[] | undefined): string {
  const sent = (items ?? []).filter((i) => !i.refused);
  if (sent.length === 0) return text;
  return `${sent.map(formatItem).join('\n\n')}\n\n${text}`;
}

/** What makes two items the same source: a later one replaces an earlier one in the history. */
function sourceKey(item: ContextItem): string {
  const kind = item.kind === 'currentFile' || item.kind === 'open' ? 'file' : item.kind;
  return `${kind}\u0000${item.path ?? item.label}`;
}

/**
 * The context each user message of a conversation sends again, oldest first: an item whose source
 * (file path; or the kind, for problems, git and terminal) a later message carried again is left
 * out of the earlier message, so a file sent with every turn is in the request once, its latest copy.
 */
export function latestContext(perMessage: readonly (readonly ContextItem[] | undefined)[]): (ContextItem[] | undefined)[] {
  const later = new Set<string>();
  const out: (ContextItem[] | undefined)[] = [];
  for (let i = perMessage.length - 1; i >= 0; i--) {
    const items = perMessage[i];
    if (!items) {
      out.unshift(undefined);
      continue;
    }
    const sent = items.filter((item) => !item.refused);
    out.unshift(sent.filter((item) => !later.has(sourceKey(item))));
    for (const item of sent) later.add(sourceKey(item));
  }
  return out;
}

// ---- what may be sent ----------------------------------------------------------------------

/** File names that usually hold secrets: never sent implicitly (an explicit @file attach may send them). */
const SECRET_PATTERNS: readonly [string, RegExp][] = [
  ['.env', /^\.env$/i],
  ['.env.*', /^\.env\..+/i],
  ['*.env', /\.env$/i],
  ['*.pem', /\.pem$/i],
  ['*.key', /\.key$/i],
  ['*.p12', /\.p12$/i],
  ['*.pfx', /\.pfx$/i],
  ['*.jks', /\.jks$/i],
  ['*.keystore', /\.keystore$/i],
  ['*.kdbx', /\.kdbx$/i],
  ['id_rsa*', /^id_rsa/i],
  ['id_dsa*', /^id_dsa/i],
  ['id_ecdsa*', /^id_ecdsa/i],
  ['id_ed25519*', /^id_ed25519/i],
  ['.npmrc', /^\.npmrc$/i],
  ['.pypirc', /^\.pypirc$/i],
  ['.netrc', /^_?\.?netrc$/i],
  ['.git-credentials', /^\.git-credentials$/i],
  ['credentials*', /^credentials/i],
  ['secrets.*', /^secrets?\.(json|ya?ml|toml|ini|txt)$/i],
  ['.htpasswd', /^\.htpasswd$/i],
];

/** The secret pattern the path's file name matches (e.g. "id_rsa*"), or undefined. Any path separator. */
export function secretPattern(filePath: string): string | undefined {
  const name = filePath.split(/[\\/]/).pop() ?? '';
  const segments = filePath.split(/[\\/]/);
  if (segments.includes('.ssh')) return '.ssh/*';
  for (const [label, re] of SECRET_PATTERNS) if (re.test(name)) return label;
  return undefined;
}

/** Binary content: a NUL byte in the first 8 KB (git's rule). */
export function isBinary(bytes: Uint8Array | string): boolean {
  if (typeof bytes === 'string') return bytes.slice(0, 8192).includes('\0');
  const end = Math.min(bytes.length, 8192);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/** Terminal output without colour and cursor escapes (CSI and OSC sequences) and carriage-return redraws. */
export function stripTerminalEscapes(text: string): string {
  const escapes = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
  return text.replace(escapes, '').replace(/\r+\n/g, '\n').replace(/[^\n]*\r/g, '');
}

// ---- globs (files.exclude, streamAssist.context.exclude, .gitignore) ------------------------

/** A glob as VS Code writes them (`**`, `*`, `?`, `{a,b}`, `[abc]`) as a RegExp over a '/'-separated relative path. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any number of folders (zero too); a trailing `**` anything.
        if (glob[i + 2] === '/') {
          re += '(?:[^/]*/)*';
          i += 2;
        } else {
          re += '.*';
          i += 1;
        }
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Excludes as VS Code applies them: a glob matches the path itself or any folder above it. */
export class PathExcluder {
  private readonly rules: { glob: string; re: RegExp }[];

  constructor(readonly globs: readonly string[]) {
    this.rules = globs.filter((g) => g.trim()).map((g) => ({ glob: g, re: globToRegExp(g.replace(/^\.?\//, '').replace(/\/+$/, '')) }));
  }

  /** The glob that excludes `relPath` ('/'-separated, relative to the workspace folder), or undefined. */
  match(relPath: string): string | undefined {
    const parts = relPath.split('/');
    for (let n = parts.length; n >= 1; n--) {
      const prefix = parts.slice(0, n).join('/');
      for (const r of this.rules) if (r.re.test(prefix)) return r.glob;
    }
    return undefined;
  }
}

/**
 * A root .gitignore's plain patterns as workspace globs. Negations (`!`) cannot be honoured by a
 * list of excludes and are skipped (the file stays excluded: safe side).
 */
export function gitignoreGlobs(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const p = line.replace(/\/+$/, '');
    if (!p) continue;
    // No slash (except a trailing one): the name matches at any depth; otherwise anchored at the root.
    out.push(p.includes('/') ? p.replace(/^\//, '') : `**/${p}`);
  }
  return out;
}

/**
 * The findFiles glob for what the user typed in the @file picker: file names containing it, any
 * case ("Ctx" → `**\/*[cC][tT][xX]*`); a typed "/" matches across folders ("chat/ctx"). A glob
 * character the user typed matches any one character.
 */
export function fileSearchGlob(typed: string): string {
  const parts = typed
    .trim()
    .replace(/\\/g, '/')
    .split('/')
    .filter(Boolean)
    .map((segment) =>
      [...segment]
        .map((c) => {
          if (/[a-z]/i.test(c)) return `[${c.toLowerCase()}${c.toUpperCase()}]`;
          if (/[*?[\]{}!,]/.test(c)) return '?';
          return c;
        })
        .join(''),
    );
  if (parts.length === 0) return '**/*';
  return `**/*${parts.join('*/**/*')}*`;
}
