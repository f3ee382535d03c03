// Editor streaming: Generate at Cursor, Rewrite Selection (an inline diff to review, or written
// directly), Apply Code Block (the chat's Apply), Accept / Reject, Revert Last Generation, and Escape inside a region being written.
// Returns the controller so the extension-host tests and the benchmark can watch live streams.
import * as vscode from 'vscode';
import type { Services } from '../services';
import { registerApplyCommand } from './applyCode';
import { registerEditorCommands } from './commands';
import { bindCursorInRegionKey } from './cursorContextKey';
import { EditorStreamController } from './streamController';

export function registerEditorStreaming(services: Services) {
  const controller = new EditorStreamController(services);
  const cursorInRegion = bindCursorInRegionKey('streamAssist.cursorInStreamRegion', { regions: () => controller.regions(), onDidChange: controller.onDidChange });
  const cursorInReview = bindCursorInRegionKey('streamAssist.cursorInReview', { regions: () => controller.reviews.reviews(), onDidChange: controller.reviews.onDidChange });
  services.extension.subscriptions.push(
    controller,
    cursorInRegion,
    cursorInReview,
    ...registerEditorCommands(services, controller),
    registerApplyCommand(services, controller),
    vscode.commands.registerCommand('streamAssist.revertLastGeneration', () => controller.revertLast()),
    // Escape inside a region being written cancels that stream only (the global cancel may ask which).
    vscode.commands.registerCommand('streamAssist.cancelAtCursor', () => controller.cancelAtCursor()),
  );
  return { controller, cursorInRegion, cursorInReview };
}
