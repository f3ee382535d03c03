// The Knowledge Graph picker: every page of GET /v1/graphs, multi-select, searchable by name and
// description, the last choice checked (ids only are remembered: names and descriptions may change
// and are not ours to keep). Used by "Ask a Knowledge Graph" and by the chat panel.
import type * as vscode from 'vscode';
import type { GraphInfo } from '../../core';
import { graphItemText, noGraphs, noneSelected } from './knowledgeMessages';
import type { KnowledgeDeps } from './knowledgeApi';
import { showListFailed, showNothingToList, refuseUnlessWriter } from './knowledgeNotices';
import type { ShownNotification } from '../services';

export type GraphPick =
  | { status: 'picked'; graphs: GraphInfo[] }
  | { status: 'dismissed' }
  | { status: 'refused'; message: ShownNotification };

export interface GraphPickOptions {
  title: string;
  /** Ids to check at start; default: the last choice. */
  preselect?: readonly string[];
  /** Offered as "Retry" when loading fails. */
  retry?: () => unknown;
}

export async function pickGraphs(deps: Omit<KnowledgeDeps, 'turns'>, o: GraphPickOptions): Promise<GraphPick> {
  const refused = refuseUnlessWriter(deps.services, deps.notifier, 'knowledge-graph');
  if (refused) return { status: 'refused', message: refused };
  const checked = new Set(o.preselect ?? deps.lastGraphs.get());
  const r = await deps.services.quickInput.list<GraphInfo>({
    step: 'graphs',
    title: o.title,
    placeholder: 'Check one or more graphs (Space), then press Enter. Type to filter by name or description.',
    loadingPlaceholder: 'Loading your Knowledge Graphs…',
    canSelectMany: true,
    load: () => deps.services.client.listGraphs(),
    toItem: (g) => graphItemText(g),
    isPreselected: (g) => checked.has(g.id),
    noneChosen: noneSelected(),
  });
  switch (r.status) {
    case 'picked':
      await deps.lastGraphs.set(r.values.map((g) => g.id));
      return { status: 'picked', graphs: r.values };
    case 'dismissed':
      return r;
    case 'empty':
      return { status: 'refused', message: showNothingToList(deps.notifier, noGraphs()) };
    case 'failed':
      return { status: 'refused', message: showListFailed(deps.services, deps.notifier, 'Knowledge Graphs', r.error, o.retry) };
  }
}

const KEY = 'streamAssist.knowledge.lastGraphIds';

export class LastGraphs {
  constructor(private readonly state: vscode.Memento) {}

  get(): string[] {
    const v = this.state.get<unknown>(KEY);
    return Array.isArray(v) ? v.filter((id): id is string => typeof id === 'string') : [];
  }

  async set(ids: readonly string[]): Promise<void> {
    await this.state.update(KEY, [...ids]);
  }
}
