// What travels between VS Code's Language Model API and the core: request messages and tools in,
// errors out. Parts are read by shape as well as by class: the API's own instances and plain
// objects of the same shape (as some callers build them) both work.
import * as vscode from 'vscode';
import type { ChatMessage, ChatToolCall, FunctionTool, StreamErrorInfo } from '../../core';

type Part = vscode.LanguageModelInputPart | unknown;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function textOf(part: Part): string | undefined {
  if (part instanceof vscode.LanguageModelTextPart) return part.value;
  return isRecord(part) && typeof part.value === 'string' && !('callId' in part) ? part.value : undefined;
}

function toolCallOf(part: Part): ChatToolCall | undefined {
  if (!isRecord(part) || typeof part.callId !== 'string' || typeof part.name !== 'string' || !('input' in part)) return undefined;
  return { id: part.callId, name: part.name, arguments: JSON.stringify(part.input ?? {}) };
}

function toolResultOf(part: Part): { callId: string; text: string } | undefined {
  if (!isRecord(part) || typeof part.callId !== 'string' || !Array.isArray(part.content) || 'name' in part) return undefined;
  return { callId: part.callId, text: part.content.map((p) => textOf(p) ?? '').join('') };
}

/** One text for any message or string: what provideTokenCount counts. */
export function plainText(message: string | vscode.LanguageModelChatRequestMessage): string {
  if (typeof message === 'string') return message;
  return message.content.map((p) => textOf(p) ?? toolResultOf(p)?.text ?? (toolCallOf(p)?.arguments ?? '')).join('');
}

/**
 * The core's chat messages: a user message's tool results become `tool` messages (the chat APIs
 * want one per call, right after the assistant turn that made it); an assistant message's tool
 * calls ride on it as `toolCalls`. Role 3 (System, still a proposal) is passed as system.
 */
export function toChatMessages(messages: readonly vscode.LanguageModelChatRequestMessage[]): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    const role: ChatMessage['role'] = m.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : (m.role as number) === 3 ? 'system' : 'user';
    let text = '';
    const calls: ChatToolCall[] = [];
    for (const part of m.content) {
      const result = toolResultOf(part);
      if (result) {
        out.push({ role: 'tool', content: result.text, toolCallId: result.callId });
        continue;
      }
      const call = toolCallOf(part);
      if (call) calls.push(call);
      else text += textOf(part) ?? '';
    }
    if (text === '' && calls.length === 0) continue;
    out.push(calls.length > 0 ? { role, content: text, toolCalls: calls } : { role, content: text });
  }
  return out;
}

export function toFunctionTools(tools: readonly vscode.LanguageModelChatTool[] | undefined): FunctionTool[] {
  return (tools ?? []).map((t) => {
    const tool: FunctionTool = { name: t.name, description: t.description };
    if (isRecord(t.inputSchema)) tool.parameters = t.inputSchema;
    return tool;
  });
}

/**
 * The chat panel's words for the same error (the core's message + what to do), as the
 * LanguageModelError code callers check: NoPermissions for a missing or refused key, Blocked for
 * rate limits and exhausted credits, NotFound for an unknown model.
 */
export function toLanguageModelError(error: StreamErrorInfo): vscode.LanguageModelError {
  const text = `${error.message} ${error.action}`.trim();
  switch (error.kind) {
    case 'auth':
      return vscode.LanguageModelError.NoPermissions(text);
    case 'rate-limit':
    case 'billing':
      return vscode.LanguageModelError.Blocked(text);
    case 'not-found':
      return vscode.LanguageModelError.NotFound(text);
    default:
      return new vscode.LanguageModelError(text);
  }
}
