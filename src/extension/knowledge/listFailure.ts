// The notification for a list call (graphs, agents) that failed or came back empty.
import * as vscode from 'vscode';
import type { NotificationAction, Notifier, Services, ShownNotification } from '../services';
import { errorInfoOf } from '../../core';
import { listFailed } from './knowledgeMessages';
import { AI_STUDIO_URL } from './writerLinks';

export function showListFailed(
  services: Services,
  notifier: Notifier,
  what: 'Knowledge Graphs' | 'no-code agents',
  error: unknown,
  retry?: () => unknown,
): ShownNotification {
  const info = errorInfoOf(error);
  const actions: NotificationAction[] = [];
  if (info.kind === 'auth') actions.push({ title: 'Set API Key', run: () => services.promptForApiKey() });
  if (retry && info.kind !== 'auth') actions.push({ title: 'Retry', run: retry });
  return notifier.show('error', listFailed(what, info), actions);
}

export function showNothingToList(notifier: Notifier, text: string): ShownNotification {
  return notifier.show('info', text, [
    { title: 'Open AI Studio', run: () => vscode.env.openExternal(vscode.Uri.parse(AI_STUDIO_URL)) },
  ]);
}
