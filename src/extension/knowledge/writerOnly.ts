// Knowledge Graphs and no-code agents exist only on Writer: say so, and how to switch,
// before any picker opens.
import * as vscode from 'vscode';
import type { Notifier, Services, ShownNotification } from '../services';
import { notWriter, type Feature } from './knowledgeMessages';

/** Undefined when the provider is Writer; otherwise the message that was shown. */
export function refuseUnlessWriter(services: Services, notifier: Notifier, feature: Feature): ShownNotification | undefined {
  const provider = services.settings.current().provider;
  if (provider === 'writer') return undefined;
  return notifier.show('warning', notWriter(feature, provider), [
    { title: 'Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'streamAssist.provider') },
  ]);
}
