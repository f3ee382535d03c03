// The chat request behind Generate at Cursor and Rewrite Selection: a system instruction that
// asks for nothing but the text to put into the file, and a user message with the file's
// context. Pure. The user's prompt comes last, so the whole message ends with what was asked.
import type { ChatMessage, StreamRequest } from '../../core/types';
import { oneLine, truncate } from '../../shared/text';

export interface FileContext {
  languageId: string;
  /** Workspace-relative path or the file name; untitled documents give their title. */
  fileName: string;
  /** Up to `contextCharacters` before the cursor / selection. */
  before: string;
  /** Up to `contextCharacters` after the cursor / selection. */
  after: string;
}

export interface ModelSettings {
  model: string;
  temperature: number;
  maxTokens: number;
}

const GENERATE_SYSTEM = [
  "You write text that is inserted directly into a file in the user's editor, at the cursor.",
  'Reply with only the text to insert: no explanations, no comments about what you did, no Markdown code fences.',
  'The first line continues where the cursor is; indent every later line exactly as it must appear in the file.',
  "Follow the file's language, style and conventions, and do not repeat the text around the cursor.",
].join(' ');

const REWRITE_SYSTEM = [
  "You rewrite a selected part of a file in the user's editor; your reply replaces the selection as it is.",
  'Reply with only the replacement text: no explanations, no Markdown code fences.',
  'Keep the indentation the selection has in the file, and do not repeat the text around it.',
].join(' ');

/** Offsets [from, to) of the context window around [start, end) in a document of `length` characters. */
export function contextWindow(start: number, end: number, length: number, chars: number): { before: [number, number]; after: [number, number] } {
  const n = Math.max(0, Math.floor(chars));
  return { before: [Math.max(0, start - n), start], after: [end, Math.min(length, end + n)] };
}

function fileHeader(ctx: FileContext): string {
  return `File: ${ctx.fileName} (language: ${ctx.languageId})`;
}

export function generateMessages(ctx: FileContext, prompt: string): ChatMessage[] {
  const user = [
    fileHeader(ctx),
    'Text before the cursor:',
    '<before>',
    ctx.before,
    '</before>',
    'Text after the cursor:',
    '<after>',
    ctx.after,
    '</after>',
    `Write what belongs at the cursor. Task: ${prompt}`,
  ].join('\n');
  return [
    { role: 'system', content: GENERATE_SYSTEM },
    { role: 'user', content: user },
  ];
}

export function rewriteMessages(ctx: FileContext, selection: string, instruction: string): ChatMessage[] {
  const user = [
    fileHeader(ctx),
    'Text before the selection:',
    '<before>',
    ctx.before,
    '</before>',
    'Selected text to rewrite:',
    '<selection>',
    selection,
    '</selection>',
    'Text after the selection:',
    '<after>',
    ctx.after,
    '</after>',
    `Rewrite the selection. Instruction: ${instruction}`,
  ].join('\n');
  return [
    { role: 'system', content: REWRITE_SYSTEM },
    { role: 'user', content: user },
  ];
}

export function chatRequest(messages: ChatMessage[], settings: ModelSettings): StreamRequest {
  return { kind: 'chat', model: settings.model, messages, temperature: settings.temperature, maxTokens: settings.maxTokens };
}

/** Short status-bar label: "Generate: add a docstring…". */
export function streamLabel(verb: string, prompt: string, max = 40): string {
  return `${verb}: ${truncate(oneLine(prompt), max)}`;
}
