// Removes secrets from anything built from server data or request details before it reaches an
// error, a log line or an event. The key can be echoed back by a server or a proxy, so we scrub
// every string we pass on, not only the ones we expect to contain it.

export type Redactor = (text: string) => string;

const MASK = '***';
// Bearer/Basic credentials, `Authorization: …` header lines, and key-like query parameters.
const AUTH_HEADER = /(authorization|proxy-authorization|x-api-key|api-key)(["']?\s*[:=]\s*["']?)[^"'\r\n,}]+/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
const QUERY_SECRET = /([?&](?:api[_-]?key|key|token|access_token|auth)=)[^&#\s"']+/gi;
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s"']+@/gi;

/** The forms a server or proxy may echo a secret in: as is, URL-encoded, base64 (padded or not), base64url. */
export function secretForms(...secrets: (string | undefined)[]): string[] {
  const out = new Set<string>();
  for (const s of secrets) {
    if (typeof s !== 'string' || s.length < 4) continue;
    const b64 = Buffer.from(s, 'utf8').toString('base64');
    for (const f of [s, encodeURIComponent(s), b64, b64.replace(/=+$/, ''), Buffer.from(s, 'utf8').toString('base64url')]) out.add(f);
  }
  // Longest first, so a form that contains another is masked whole.
  return [...out].sort((a, b) => b.length - a.length);
}

/** Masks only the secrets' own forms: safe for model output (no header or query heuristics that would alter prose). */
export function maskSecrets(text: string, forms: readonly string[]): string {
  let out = text;
  for (const f of forms) if (out.includes(f)) out = out.split(f).join(MASK);
  return out;
}

/**
 * Masks secrets in text that arrives in pieces (streamed answer text): a secret split across
 * pieces is still caught, because a tail that could be the start of a secret is held back until
 * the next piece (or the end) decides. Only such a tail is delayed; other text passes at once.
 */
export class StreamingMasker {
  private held = '';

  constructor(private readonly forms: readonly string[]) {}

  push(piece: string): string {
    if (this.forms.length === 0) return piece;
    const text = this.held + piece;
    // Hold the longest suffix that is a proper prefix of a form (decided on the unmasked text, so a
    // complete unpadded base64 key still waits for its "=" padding and is masked whole).
    let cut = text.length;
    for (const f of this.forms) {
      for (let i = Math.max(0, text.length - f.length + 1); i < cut; i++) {
        if (text.charCodeAt(i) === f.charCodeAt(0) && f.startsWith(text.slice(i))) {
          cut = i;
          break;
        }
      }
    }
    // Never cut through a complete form: hold it whole.
    for (let moved = true; moved && cut > 0 && cut < text.length; ) {
      moved = false;
      for (const f of this.forms) {
        const at = text.indexOf(f, Math.max(0, cut - f.length + 1));
        if (at >= 0 && at < cut && at + f.length > cut) {
          cut = at;
          moved = true;
        }
      }
    }
    this.held = text.slice(cut);
    return maskSecrets(text.slice(0, cut), this.forms);
  }

  /** The stream ended: what is still held is the start of a secret; masked when long enough to matter (a cut-off key). */
  end(): string {
    const h = this.held;
    this.held = '';
    return h.length >= 8 ? MASK : h;
  }
}

/** Builds a redactor for the given secrets (empty/short values are ignored: masking "a" would shred text). */
export function createRedactor(...secrets: (string | undefined)[]): Redactor {
  const keys = secretForms(...secrets);
  return (text: string): string => {
    let out = text;
    for (const k of keys) if (out.includes(k)) out = out.split(k).join(MASK);
    return out
      .replace(AUTH_HEADER, `$1$2${MASK}`)
      .replace(BEARER, `$1 ${MASK}`)
      .replace(QUERY_SECRET, `$1${MASK}`)
      .replace(URL_USERINFO, `$1${MASK}@`);
  };
}
