// streamAssist.rewriteSelection [{ instruction }]: asks for an instruction (unless given), then
// streams the replacement of the selection. The original stays until the first text arrives
// and can be restored with Revert Last Generation.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { chatRequest, rewriteMessages, streamLabel } from './editorRequest';
import type { PromptHistory } from './promptHistory';
import { askForPrompt } from './promptInput';
import type { EditorStreamController, GenerationResult } from './streamController';
import { fileContext, insertionOptions, writableEditor } from './targetEditor';

export interface RewriteArgs {
  instruction?: string;
}

export function registerRewriteCommand(services: Services, controller: EditorStreamController, history: PromptHistory): vscode.Disposable {
  return vscode.commands.registerCommand('streamAssist.rewriteSelection', async (args?: RewriteArgs): Promise<GenerationResult | undefined> => {
    const editor = writableEditor('Rewrite Selection', (level, message) => controller.notify(level, message));
    if (!editor) return undefined;
    if (editor.selection.isEmpty) {
      void controller.notify('info', 'Stream Assist: select the text to rewrite first.');
      return undefined;
    }
    let instruction = typeof args?.instruction === 'string' ? args.instruction.trim() : undefined;
    if (!instruction) {
      instruction = await askForPrompt({ title: 'Stream Assist: Rewrite Selection', placeholder: 'How should the selection change? (Enter to send, Escape to close)', recent: history.list() });
      if (!instruction) return undefined;
      await history.add(instruction);
    }
    const document = editor.document;
    const selection = editor.selection;
    const start = document.offsetAt(selection.start);
    const end = document.offsetAt(selection.end);
    const original = document.getText(selection);
    const settings = services.settings.current();
    const context = fileContext(document, start, end, settings.editor.contextCharacters);
    return controller.run({
      document,
      start,
      end,
      originalText: original,
      insertion: insertionOptions(editor, selection.start, /\r?\n$/.test(original)),
      request: chatRequest(rewriteMessages(context, original, instruction), settings),
      label: streamLabel('Rewrite', instruction),
      verb: 'Rewrite',
    });
  });
}
