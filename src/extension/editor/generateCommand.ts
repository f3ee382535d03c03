// streamAssist.generateAtCursor [{ prompt }]: asks for a prompt (unless given), then streams
// the answer in at the cursor with the file's context.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { chatRequest, generateMessages, streamLabel } from './editorRequest';
import type { PromptHistory } from './promptHistory';
import { askForPrompt } from './promptInput';
import type { EditorStreamController, GenerationResult } from './streamController';
import { fileContext, insertionOptions, writableEditor } from './targetEditor';

export interface GenerateArgs {
  prompt?: string;
}

export function registerGenerateCommand(services: Services, controller: EditorStreamController, history: PromptHistory): vscode.Disposable {
  return vscode.commands.registerCommand('streamAssist.generateAtCursor', async (args?: GenerateArgs): Promise<GenerationResult | undefined> => {
    const editor = writableEditor('Generate at Cursor', (level, message) => controller.notify(level, message));
    if (!editor) return undefined;
    let prompt = typeof args?.prompt === 'string' ? args.prompt.trim() : undefined;
    if (!prompt) {
      prompt = await askForPrompt({ title: 'Stream Assist: Generate at Cursor', placeholder: 'What should be written here? (Enter to send, Escape to close)', recent: history.list() });
      if (!prompt) return undefined;
      await history.add(prompt);
    }
    const document = editor.document;
    const at = editor.selection.active;
    const offset = document.offsetAt(at);
    const settings = services.settings.current();
    const context = fileContext(document, offset, offset, settings.editor.contextCharacters);
    return controller.run({
      document,
      start: offset,
      end: offset,
      originalText: '',
      insertion: insertionOptions(editor, at),
      request: chatRequest(generateMessages(context, prompt), settings),
      label: streamLabel('Generate', prompt),
      verb: 'Generate',
    });
  });
}
