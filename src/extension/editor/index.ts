// Editor streaming (issue 5): Generate at Cursor, Rewrite Selection, Revert Last Generation.
// Returns the controller so the extension-host tests and the benchmark can watch live streams.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { bindCursorInRegionKey } from './cursorContextKey';
import { writeStats } from './documentWriter';
import { registerGenerateCommand } from './generateCommand';
import { PromptHistory } from './promptHistory';
import { registerRewriteCommand } from './rewriteCommand';
import { EditorStreamController } from './streamController';

export function registerEditorStreaming(services: Services) {
  const controller = new EditorStreamController(services);
  const generatePrompts = new PromptHistory(services.context.globalState, 'streamAssist.editor.generatePrompts');
  const rewriteInstructions = new PromptHistory(services.context.globalState, 'streamAssist.editor.rewriteInstructions');
  const cursorInRegion = bindCursorInRegionKey({ regions: () => controller.regions(), onDidChange: controller.onDidChange });
  services.context.subscriptions.push(
    controller,
    cursorInRegion,
    registerGenerateCommand(services, controller, generatePrompts),
    registerRewriteCommand(services, controller, rewriteInstructions),
    vscode.commands.registerCommand('streamAssist.revertLastGeneration', () => controller.revertLast()),
    // Escape inside a region being written cancels that stream only (the global cancel may ask which).
    vscode.commands.registerCommand('streamAssist.cancelAtCursor', () => controller.cancelAtCursor()),
  );
  return { controller, cursorInRegion, generatePrompts, rewriteInstructions, writeStats };
}
