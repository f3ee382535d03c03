// The notification for a list call (graphs, agents) that failed or came back empty.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { errorInfoOf } from '../../core';
import type { ShownMessage } from './knowledgeApi';
import { listFailed } from './knowledgeMessages';
import type { MessageAction, Notifier } from './notifier';
import { AI_STUDIO_URL } from './writerLinks';

export function showListFailed(
  services: Services,
  notifier: Notifier,
  what: 'Knowledge Graphs' | 'no-code agents',
  error: unknown,
  retry?: () => unknown,
): ShownMessage {
  const info = errorInfoOf(error);
  const actions: MessageAction[] = [];
  if (info.kind === 'auth') actions.push({ title: 'Set API Key', run: () => services.promptForApiKey() });
  if (retry && info.kind !== 'auth') actions.push({ title: 'Retry', run: retry });
  return notifier.show('error', listFailed(what, info), actions);
}

export function showNothingToList(notifier: Notifier, text: string): ShownMessage {
  return notifier.show('info', text, [
    { title: 'Open AI Studio', run: () => vscode.env.openExternal(vscode.Uri.parse(AI_STUDIO_URL)) },
  ]);
}
