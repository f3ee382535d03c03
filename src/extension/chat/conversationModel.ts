// The stored shape of conversations: the same plain data the webview draws (MessageView), plus
// timestamps. Nothing here is secret; the API key never enters a conversation.
import { randomUUID } from 'node:crypto';
import type { ConversationView, MessageView, TurnKind } from '../../shared/webviewProtocol';
import { oneLine, truncate } from '../../shared/text';
import type { ContextItem } from './contextFormat';

export interface Conversation extends ConversationView {
  createdAt: number;
  updatedAt: number;
  /** The current file is not sent with this conversation's messages (its chip was switched off). */
  currentFileOff?: boolean;
  /** What each user message carried, content as sent, by message id (the message's `context` holds the chips). Host only. */
  sentContext?: Record<string, ContextItem[]>;
}

export interface ConversationDefaults {
  systemPrompt: string;
  model: string;
  temperature: number;
}

function newId(): string {
  return randomUUID();
}

export function createConversation(d: ConversationDefaults): Conversation {
  const now = Date.now();
  return { id: newId(), title: 'New conversation', systemPrompt: d.systemPrompt, model: d.model, temperature: d.temperature, messages: [], createdAt: now, updatedAt: now };
}

export function userMessage(text: string, kind: TurnKind = 'chat'): MessageView {
  return { id: newId(), role: 'user', text, status: 'done', kind, seq: 0 };
}

export function assistantMessage(kind: TurnKind, model?: string): MessageView {
  return { id: newId(), role: 'assistant', text: '', status: 'streaming', kind, seq: 0, model };
}

/** First line of the first question, shortened: the default conversation title. */
export function titleFrom(text: string): string {
  return truncate(oneLine(text.replace(/```[\s\S]*?(```|$)/g, ' ')) || 'Code question', 48);
}

export function isRunningStatus(m: MessageView): boolean {
  return m.status === 'streaming' || m.status === 'waiting';
}
