// The three places a user starts a stream, driven the way the product is driven (commands and the
// chat webview's message channel), each reporting what the user was shown and where the text went.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { KnowledgeOutcome } from '../../../src/extension/knowledge';
import { ConversationStore } from '../../../src/extension/chat/conversationStore';
import type { GenerationResult } from '../../../src/extension/editor/streamController';
import type { HostToWebview, MessageView } from '../../../src/shared/webviewProtocol';
import { answerText, GRAPH_ANSWER, GRAPHS } from '../../server';
import type { Check } from './matrix';
import { nextTurnEnd, recordPosts, waitFor, type Live } from '../fixture';

export type SurfaceId = 'chat' | 'editor' | 'knowledge';

export interface SurfaceRun {
  /** How the surface says the stream ended (chat message status, editor outcome, knowledge outcome status). */
  status: string;
  errorKind?: string;
  /** Every message shown to the user about this stream, verbatim. */
  shown: string[];
  /** The output the surface kept (answer text, region text). */
  text: string;
  /** The kept text is really where the user sees it (document, transcript, webview). */
  inPlace: Check;
  /** The surface shows the output as incomplete (error badge / error notification). */
  flaggedIncomplete: boolean;
  /** The message tells the user the partial text was kept. */
  claimsKept: boolean;
  /** Conversation written to disk with this answer (undefined: the surface has no conversation). */
  saved?: Check;
}

export interface Surface {
  id: SurfaceId;
  title: string;
  /** The server path its stream goes to (scenarios are matched on it). */
  path: string;
  /** The text the server streams for this surface's request (its answer marker is in the prompt). */
  full: string;
  /** The message itself must say that partial output was kept (chat marks it with the error badge instead). */
  mustClaimKept: boolean;
  run(live: Live, tag: string): Promise<SurfaceRun>;
}

/** Everything the host posted to the chat webview (installed once per suite). */
export const posted: HostToWebview[] = [];

export function recordWebviewPosts(live: Live): () => void {
  return recordPosts(live.chat, posted);
}

/** The saved copy of one message in the conversation file, compared with the live one. */
async function savedCheck(live: Live, conversationId: string, m: MessageView): Promise<Check> {
  const store = live.chat.controller.store;
  await store.flush();
  const data = ConversationStore.read(store.storageDir);
  const saved = data.conversations.find((c) => c.id === conversationId)?.messages.find((x) => x.id === m.id);
  if (!saved) return { name: 'saved', ok: false, detail: `message ${m.id} not in ${store.dir}` };
  const same = saved.status === m.status && saved.text === m.text && saved.error?.message === m.error?.message;
  return { name: 'saved', ok: same, detail: same ? undefined : `saved ${saved.status} "${saved.text.slice(0, 60)}" vs live ${m.status} "${m.text.slice(0, 60)}"` };
}

/** What the webview was last told about a message (patches carry status/error; a state carries all). */
function webviewView(id: string): { status?: string; errorMessage?: string; seen: boolean } {
  let status: string | undefined;
  let errorMessage: string | undefined;
  let seen = false;
  for (const p of posted) {
    if (p.type === 'patch' && p.patch.messageId === id) {
      seen = true;
      if (p.patch.status) status = p.patch.status;
      if (p.patch.error) errorMessage = p.patch.error.message;
    } else if (p.type === 'state') {
      const m = p.state.current.messages.find((x) => x.id === id);
      if (m) {
        seen = true;
        status = m.status;
        errorMessage = m.error?.message;
      }
    }
  }
  return { status, errorMessage, seen };
}

function chatMessageChecks(live: Live, m: MessageView, expectedText: string): Check {
  const problems: string[] = [];
  if (m.text !== expectedText) problems.push(`transcript holds ${m.text.length} chars, the stream delivered ${expectedText.length}`);
  // The webview only gets posts once its page said 'ready'; then it must have been told the end state.
  if (live.chat.provider.isReady) {
    const v = webviewView(m.id);
    if (!v.seen) problems.push('the webview was never sent this answer');
    else if (v.status !== m.status) problems.push(`the webview shows status ${v.status}, the transcript ${m.status}`);
    else if (m.error && v.errorMessage !== m.error.message) problems.push(`the webview shows error "${v.errorMessage}"`);
  }
  return { name: 'partial kept', ok: problems.length === 0, detail: problems.join('; ') || undefined };
}

const MULTILINE = answerText('chat', 'multiline').replace(/\n$/, '');

export const editorSurface: Surface = {
  id: 'editor',
  title: 'Editor streaming',
  path: '/v1/chat',
  full: MULTILINE,
  mustClaimKept: true,
  async run(live, tag) {
    const doc = await vscode.workspace.openTextDocument({ content: 'alpha\n\nomega' });
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
    await waitFor('the editor is active', () => vscode.window.activeTextEditor?.document === doc);
    editor.selection = new vscode.Selection(1, 0, 1, 0);
    const controller = live.api.editor.controller;
    const before = live.api.notifications.texts('editor').length;
    try {
      // The answer as a marker (not in the scenario): a retried request gets it too.
      const result = await vscode.commands.executeCommand<GenerationResult | undefined>('streamAssist.generateAtCursor', { prompt: `reliability ${tag} #answer=multiline` });
      const shown = live.api.notifications.texts('editor').slice(before);
      const text = result?.text ?? '';
      const expectedDoc = `alpha\n${text}\nomega`;
      const docText = doc.getText();
      return {
        status: result?.outcome ?? 'no result',
        errorKind: result?.error?.kind,
        shown,
        text,
        inPlace: {
          name: 'partial kept',
          ok: docText === expectedDoc,
          detail: docText === expectedDoc ? undefined : `document is ${JSON.stringify(docText.slice(0, 120))}, expected ${JSON.stringify(expectedDoc.slice(0, 120))}`,
        },
        flaggedIncomplete: result?.outcome === 'error',
        claimsKept: shown.some((s) => /text written so far was kept/i.test(s)),
      };
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  },
};

export const knowledgeSurface: Surface = {
  id: 'knowledge',
  title: 'Knowledge Graph',
  path: '/v1/graphs/question',
  full: GRAPH_ANSWER,
  mustClaimKept: true,
  async run(live, tag) {
    const question = `reliability ${tag}?`;
    const outcome = await vscode.commands.executeCommand<KnowledgeOutcome>('streamAssist.askKnowledgeGraph', { graphIds: [GRAPHS[0].id], question });
    const shown = outcome.message ? [outcome.message.text] : [];
    const text = outcome.result?.text ?? '';
    // The answer is also a turn in the chat transcript, right after the question.
    const conv = live.chat.controller.store.current();
    const q = conv.messages.findIndex((m) => m.role === 'user' && m.text === question);
    const answer = q >= 0 ? conv.messages[q + 1] : undefined;
    if (!answer) {
      const missing: Check = { name: 'partial kept', ok: false, detail: 'the question is not in the chat transcript' };
      return { status: outcome.status, errorKind: outcome.result?.error?.kind, shown, text, inPlace: missing, flaggedIncomplete: false, claimsKept: false, saved: { ...missing, name: 'saved' } };
    }
    return {
      status: outcome.status,
      errorKind: outcome.result?.error?.kind,
      shown,
      text,
      inPlace: chatMessageChecks(live, answer, text),
      flaggedIncomplete: outcome.status === 'error' && answer.status === 'error' && answer.error !== undefined,
      claimsKept: shown.some((s) => /partial answer is kept/i.test(s)),
      saved: await savedCheck(live, conv.id, answer),
    };
  },
};

export const chatSurface: Surface = {
  id: 'chat',
  title: 'Chat panel',
  path: '/v1/chat',
  full: answerText('chat', 'markdown'),
  mustClaimKept: false,
  async run(live, tag) {
    const controller = live.chat.controller;
    live.chat.provider.receive({ type: 'newConversation' });
    const ended = nextTurnEnd(live.chat);
    live.chat.provider.receive({ type: 'send', text: `reliability ${tag} #answer=markdown` });
    const { conversationId, messageId, result } = await ended;
    const m = controller.store.get(conversationId)?.messages.find((x) => x.id === messageId);
    if (!m) throw new Error(`answer ${messageId} is not in conversation ${conversationId}`);
    // The inline error box shows the message and the action under the answer.
    const shown = m.error && m.status === 'error' ? [`${m.error.message} ${m.error.action}`] : [];
    return {
      status: m.status,
      errorKind: m.error?.kind,
      shown,
      text: m.text,
      inPlace: chatMessageChecks(live, m, result.text),
      flaggedIncomplete: m.status === 'error' && m.error !== undefined,
      claimsKept: /received so far is kept|kept/i.test(m.error?.action ?? ''),
      saved: await savedCheck(live, conversationId, m),
    };
  },
};

export const SURFACES: Surface[] = [chatSurface, editorSurface, knowledgeSurface];
