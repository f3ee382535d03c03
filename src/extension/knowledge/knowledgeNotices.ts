// The notices that stop a command before it streams: not Writer (with Open Settings), a list that
// failed (Set API Key or Retry) or came back empty (Open AI Studio).
import * as vscode from 'vscode';
import type { Notifier, Services, ShownNotification, NotificationAction } from '../services';
import { notWriter, listFailed, AI_STUDIO_URL, type Feature } from './knowledgeMessages';
import { errorInfoOf } from '../../core';

/** Undefined when the provider is Writer; otherwise the message that was shown. */
export function refuseUnlessWriter(services: Services, notifier: Notifier, feature: Feature): ShownNotification | undefined {
  const provider = services.settings.current().provider;
  if (provider === 'writer') return undefined;
  return notifier.show('warning', notWriter(feature, provider), [
    { title: 'Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'streamAssist.provider') },
  ]);
}

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
