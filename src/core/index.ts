// Entry point of the streaming core. Import from here, not from the files behind it.
export * from './types';
export { startStream } from './stream';
export { listModels, listGraphs, listApplications } from './lists';
export { StreamError, classifyHttpError, classifyNetworkError, parseErrorEnvelope, errorInfoOf, errorMessageOf } from './errors';
// Pure building blocks (tests, fuzzer, benchmarks, CLI): no I/O.
export { createStreamDecoder, type StreamDecoder, type DecoderOptions } from './decoder';
export { Accumulator } from './accumulate';
export { decodeChunks, textHandle } from './replay';
export { buildHttpRequest, joinUrl, PROVIDER_NAMES, type HttpRequestSpec } from './endpoints';
export { parseRetryAfter, backoffDelay, isRetryableStatus } from './retry';
export { createRedactor, type Redactor } from './redact';
export { closeDispatchers } from './proxy';
export { DEFAULT_MAX_EVENT_CHARS } from './sse';
