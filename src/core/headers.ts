// Response headers as undici hands them over (lower-case names; repeated headers as arrays).

export type IncomingHeaders = Record<string, string | string[] | undefined>;

export function headerValue(headers: IncomingHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-amzn-request-id', 'x-correlation-id', 'x-trace-id', 'cf-ray'];

/** The first request-ID-like header a server or gateway sent (Writer documents none; OpenAI sends x-request-id). */
export function requestIdOf(headers: IncomingHeaders): string | undefined {
  for (const h of REQUEST_ID_HEADERS) {
    const v = headerValue(headers, h);
    if (v) return v;
  }
  return undefined;
}
