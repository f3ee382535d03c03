// Entry point of the streaming core. Import from here, not from the files behind it.
export * from './types';
export { startStream } from './stream';
export { listModels, listGraphs, listApplications } from './lists';
export { StreamError } from './errors';
