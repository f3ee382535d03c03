// The `stream-assist` language model vendor: the configured provider's models in VS Code's model
// picker and behind vscode.lm.selectChatModels, answered by streaming through the core like the
// chat panel (same client, status bar, cancel and error texts; the key stays in SecretStorage).
import * as vscode from 'vscode';
import { errorInfoOf, PROVIDER_NAMES, type ModelInfo, type StreamRequest } from '../../core';
import type { Services } from '../services';
import { plainText, toChatMessages, toFunctionTools, toLanguageModelError } from './lmMessages';
import { TextPacer } from './textPacer';

export const VENDOR = 'stream-assist';

/**
 * Used when the model list does not say: Writer's Palmyra X5 takes 1M tokens, most gateway models
 * at least 128k; the answer limit is the streamAssist.maxTokens setting.
 */
const DEFAULT_INPUT_TOKENS = 128_000;

/** provideTokenCount's estimate: about four characters per token for English text and code. */
const CHARS_PER_TOKEN = 4;

export class StreamAssistModelProvider implements vscode.LanguageModelChatProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly services: Services) {
    // Another provider, base URL or key means another model list.
    this.subscriptions = [services.settings.onDidChange(() => this.changed.fire()), services.apiKeyStatus.onDidChange(() => this.changed.fire())];
  }

  async provideLanguageModelChatInformation(options: vscode.PrepareLanguageModelChatModelOptions): Promise<vscode.LanguageModelChatInformation[]> {
    const settings = this.services.settings.current();
    if (!options.silent && !(await this.services.apiKeyStatus.isSet())) await this.services.promptForApiKey();
    let models: ModelInfo[];
    try {
      models = await this.services.client.listModels();
    } catch (err) {
      const info = errorInfoOf(err);
      this.services.log.warn(`[lm] could not list models: ${info.message}`);
      return [];
    }
    const providerName = PROVIDER_NAMES[settings.provider];
    return models.map((m) => ({
      id: m.id,
      name: m.name ?? m.id,
      family: m.id,
      version: settings.provider,
      detail: `Stream Assist · ${providerName}`,
      tooltip: `${m.name ?? m.id} through Stream Assist (${providerName} API at ${settings.baseUrl})`,
      maxInputTokens: m.contextTokens ?? DEFAULT_INPUT_TOKENS,
      maxOutputTokens: m.maxOutputTokens ?? settings.maxTokens,
      // The generic API has no tools.
      capabilities: { toolCalling: settings.provider !== 'generic' },
    }));
  }

  async provideLanguageModelChatResponse(
    model: vscode.LanguageModelChatInformation,
    messages: readonly vscode.LanguageModelChatRequestMessage[],
    options: vscode.ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<vscode.LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const settings = this.services.settings.current();
    const modelOptions = options.modelOptions ?? {};
    const tools = toFunctionTools(options.tools);
    const request: StreamRequest = {
      kind: 'chat',
      model: model.id,
      messages: toChatMessages(messages),
      temperature: typeof modelOptions.temperature === 'number' ? modelOptions.temperature : settings.temperature,
      maxTokens: typeof modelOptions.maxTokens === 'number' ? modelOptions.maxTokens : Math.min(settings.maxTokens, model.maxOutputTokens),
      ...(tools.length > 0 ? { tools, toolChoice: options.toolMode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto' } : {}),
    };
    if (token.isCancellationRequested) throw new vscode.CancellationError();
    const handle = await this.services.client.start(request, { label: `Language model: ${model.name}`, kind: 'chat', handlesErrors: true });
    const cancel = token.onCancellationRequested(() => handle.abort());
    const pacer = new TextPacer((text) => progress.report(new vscode.LanguageModelTextPart(text)));
    try {
      for await (const event of handle.events) {
        if (event.type === 'text' || event.type === 'refusal') pacer.push(event.text);
      }
      // Text already received is handed over, also when the stream failed or was cancelled.
      pacer.flush();
      const result = await handle.result;
      if (result.error) {
        if (result.error.kind === 'cancelled' || token.isCancellationRequested) throw new vscode.CancellationError();
        throw toLanguageModelError(result.error);
      }
      // Tool calls go out whole, once their arguments are complete JSON.
      for (const call of result.toolCalls) {
        if (!call.name) continue;
        const input = call.argumentsJson ?? (call.arguments.trim() === '' ? {} : undefined);
        if (typeof input !== 'object' || input === null || Array.isArray(input)) {
          throw new vscode.LanguageModelError(`The model called the tool "${call.name}" with arguments that are not a JSON object. Retry, or ask the model to call it again.`);
        }
        progress.report(new vscode.LanguageModelToolCallPart(call.id ?? `call_${call.index}`, call.name, input));
      }
    } finally {
      pacer.flush();
      cancel.dispose();
    }
  }

  async provideTokenCount(_model: vscode.LanguageModelChatInformation, text: string | vscode.LanguageModelChatRequestMessage): Promise<number> {
    return Math.ceil(plainText(text).length / CHARS_PER_TOKEN);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
