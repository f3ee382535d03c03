// Error bodies in each API's own shape (PROTOCOL.md §4): Writer `{tpe, errors}`, OpenAI `{error}`, generic `{error}`.

export type Dialect = 'writer' | 'openai' | 'generic';

const WRITER_TPE: Record<number, [tpe: string, key: string]> = {
  400: ['fail.invalid_request', 'fail.invalid_request.generic'],
  401: ['fail.auth', 'fail.auth.generic'],
  403: ['fail.forbidden', 'fail.forbidden.generic'],
  404: ['fail.not_found', 'fail.not_found.generic'],
  408: ['fail.timeout', 'fail.timeout.generic'],
  409: ['fail.conflict', 'fail.conflict.generic'],
  422: ['fail.unprocessable', 'fail.unprocessable.generic'],
  429: ['fail.rate_limit', 'fail.rate_limit.requests'],
};

const OPENAI_TYPE: Record<number, [type: string, code: string | null]> = {
  400: ['invalid_request_error', null],
  401: ['invalid_request_error', 'invalid_api_key'],
  403: ['permission_error', null],
  404: ['invalid_request_error', 'not_found'],
  429: ['rate_limit_error', 'rate_limit_exceeded'],
};

export const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Invalid request.',
  401: 'No api key passed in.',
  403: 'This API key does not have access to the resource.',
  404: 'Resource not found.',
  408: 'Request timed out.',
  409: 'Conflict.',
  422: 'Unprocessable request.',
  429: 'Rate limit exceeded. Retry after 1 seconds.',
  500: 'Internal server error.',
  502: 'Bad gateway.',
  503: 'Service temporarily unavailable.',
  504: 'Upstream request timed out.',
};

export function errorBody(dialect: Dialect, status: number, message = DEFAULT_MESSAGES[status] ?? `HTTP ${status}`): object {
  switch (dialect) {
    case 'writer': {
      const [tpe, key] = WRITER_TPE[status] ?? (status >= 500 ? ['fail.internal', 'fail.internal.generic'] : ['fail.unknown', 'fail.unknown.generic']);
      return { tpe, errors: [{ description: message, key, extras: {} }], extras: {} };
    }
    case 'openai': {
      const [type, code] = OPENAI_TYPE[status] ?? (status >= 500 ? ['server_error', null] : ['invalid_request_error', null]);
      return { error: { message, type, param: null, code } };
    }
    case 'generic':
      return { error: { type: status === 429 ? 'rate_limit_error' : status === 401 ? 'authentication_error' : 'api_error', message } };
  }
}

/** An error event inside a 200 stream, as `event: error` (Writer/SDK style). */
export function errorEventFrame(dialect: Dialect, extra = ''): string {
  return `event: error\ndata: ${JSON.stringify(errorBody(dialect, 500, `The model stopped unexpectedly.${extra}`))}\n\n`;
}

/** An error inside a 200 stream as an unnamed data event `{"error":{…}}` (OpenAI and generic style). */
export function errorDataFrame(dialect: Dialect, extra = ''): string {
  const message = `The model stopped unexpectedly.${extra}`;
  const error = dialect === 'openai' ? { message, type: 'server_error', param: null, code: null } : { type: 'server_error', message };
  return `data: ${JSON.stringify({ error })}\n\n`;
}

export const HTML_ERROR = (status: number): string =>
  `<html>\r\n<head><title>${status} ${DEFAULT_MESSAGES[status] ?? 'Error'}</title></head>\r\n<body>\r\n<center><h1>${status} ${DEFAULT_MESSAGES[status] ?? 'Error'}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
