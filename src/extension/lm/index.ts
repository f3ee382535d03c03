// Stream Assist inside VS Code's own AI features: the `stream-assist` language model
// vendor and the `@writer` chat participant. Both APIs are feature-detected: on a build without
// them (or where registering fails) the extension still activates and its own chat panel works.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { StreamAssistModelProvider, VENDOR } from './modelProvider';
import { registerWriterParticipant, type WriterAnswer } from './writerParticipant';

export { handleWriterRequest, type WriterStream, type WriterAnswer } from './writerParticipant';

export interface LanguageModelFeature {
  /** Undefined where vscode.lm cannot register providers. */
  readonly provider: StreamAssistModelProvider | undefined;
  /** Whether `@writer` was registered. */
  readonly participant: boolean;
  /** Fires after each answer @writer gave in the chat view. */
  readonly onDidAnswer: vscode.Event<WriterAnswer>;
}

export function registerLanguageModels(services: Services): LanguageModelFeature {
  let provider: StreamAssistModelProvider | undefined;
  let participant = false;
  const answered = new vscode.EventEmitter<WriterAnswer>();
  services.extension.subscriptions.push(answered);
  if (typeof vscode.lm?.registerLanguageModelChatProvider === 'function') {
    try {
      const created = new StreamAssistModelProvider(services);
      services.extension.subscriptions.push(created, vscode.lm.registerLanguageModelChatProvider(VENDOR, created));
      provider = created;
    } catch (err) {
      services.log.warn(`[lm] the language model provider could not be registered: ${String(err)}`);
    }
  }
  if (typeof vscode.chat?.createChatParticipant === 'function') {
    try {
      services.extension.subscriptions.push(registerWriterParticipant(services, answered));
      participant = true;
    } catch (err) {
      services.log.warn(`[lm] @writer could not be registered: ${String(err)}`);
    }
  }
  return { provider, participant, onDidAnswer: answered.event };
}
