// The renderer's public surface: pure DOM logic, no VS Code, testable and benchmarkable in a plain browser.
export { StreamingMarkdown, renderOneShot } from './streamingMarkdown';
export type { StreamingOptions } from './streamingMarkdown';
export { codeOfButton, fileHintOfButton } from './codeBlocks';
export type { CodeAction } from './codeBlocks';
export { linkCitations } from './citations';
