// Knowledge Graph questions and no-code agents: registers the two commands and the
// graph picker the chat panel uses to attach graphs to a conversation.
import * as vscode from 'vscode';
import type { ChatSurface, Services } from '../services';
import { ASK_COMMAND, askKnowledgeGraph } from './askKnowledgeGraph';
import { KnowledgeTurns } from './knowledgeTurns';
import { pickGraphs, LastGraphs } from './graphPicker';
import type { KnowledgeApi, KnowledgeOutcome, KnowledgeDeps } from './knowledgeApi';
import { AGENT_COMMAND, runAgent } from './runAgent';

/** Internal (not in the palette): the chat panel's "attach graphs" calls it; resolves with GraphInfo[] or undefined. */
const PICK_GRAPHS_COMMAND = 'streamAssist.pickKnowledgeGraphs';

export type { KnowledgeApi, KnowledgeOutcome, StreamEventNote } from './knowledgeApi';

/** The graph picker, plus the turn runner whose events the extension-host tests follow. */
export interface KnowledgeFeature extends KnowledgeApi {
  readonly turns: KnowledgeTurns;
}

export function registerKnowledge(services: Services, chat: ChatSurface): KnowledgeFeature {
  const notifier = services.notifications.for('knowledge');
  const turns = new KnowledgeTurns(services, chat, notifier);
  const deps: KnowledgeDeps = { services, chat, notifier, lastGraphs: new LastGraphs(services.extension.globalState), turns };

  const api: KnowledgeFeature = {
    async pickGraphs(options) {
      const pick = await pickGraphs(deps, { title: options?.title ?? 'Attach Knowledge Graphs', preselect: options?.preselect });
      return pick.status === 'picked' ? pick.graphs : undefined;
    },
    turns,
  };

  // Streamed outcomes are recorded when they settle; the ones that stopped earlier, here.
  const recordEarly = (o: KnowledgeOutcome) => {
    if (o.status === 'refused' || o.status === 'dismissed') turns.record(o);
    return o;
  };

  services.extension.subscriptions.push(
    turns,
    vscode.commands.registerCommand(ASK_COMMAND, (arg?: unknown) => askKnowledgeGraph(deps, arg).then(recordEarly)),
    vscode.commands.registerCommand(AGENT_COMMAND, (arg?: unknown) => runAgent(deps, arg).then(recordEarly)),
    vscode.commands.registerCommand(PICK_GRAPHS_COMMAND, (options?: { title?: string; preselect?: string[] }) => api.pickGraphs(options)),
  );
  return api;
}
