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

/** Builds a redactor for the given secrets (empty/short values are ignored: masking "a" would shred text). */
export function createRedactor(...secrets: (string | undefined)[]): Redactor {
  const keys = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
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
