// Shared set-up for the extension-host suites: the live extension API, polling, global settings
// that are always put back, the log file's text, a session against the local streaming server
// (settings pointed at it, key stored, all undone by close()), and the chat view driven the way its
// webview drives it (through the provider's validation).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startStreamingServer, type ServerOptions, type StreamingServer } from '../server';
import type { StreamAssistApi } from '../../src/extension';
import type { ChatFeature } from '../../src/extension/chat';
import type { ConversationStore } from '../../src/extension/chat/conversationStore';
import type { HostToWebview, MessageView } from '../../src/shared/webviewProtocol';

export const EXTENSION_ID = 'stream-assist.stream-assist';
/** The status bar item's text when nothing streams (foundation statusBar.ts). */
export const IDLE_TEXT = '$(sparkle) Stream Assist';

export interface Live {
  api: StreamAssistApi;
  services: StreamAssistApi['services'];
  chat: ChatFeature;
}

export async function activate(): Promise<Live> {
  const ext = vscode.extensions.getExtension<StreamAssistApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is loaded`);
  const api = await ext.activate();
  assert.ok(api, 'the exports hold the live objects in the test host (ExtensionMode.Test)');
  // registerChat is typed as the ChatSurface but returns the ChatFeature (controller + provider) behind it.
  return { api, services: api.services, chat: api.chat as ChatFeature };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function waitFor(what: string, pred: () => boolean, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await sleep(20);
  }
}

/** Like waitFor, but answers whether it happened instead of throwing. */
export async function eventually(pred: () => boolean, timeoutMs: number): Promise<boolean> {
  try {
    await waitFor('', pred, timeoutMs);
    return true;
  } catch {
    return false;
  }
}

/** Global settings changed by a suite; `reset()` puts every one back to its default. */
export class SettingsScope {
  private readonly touched = new Set<string>();

  async set(section: string, values: Record<string, unknown>): Promise<void> {
    const config = vscode.workspace.getConfiguration(section);
    for (const [key, value] of Object.entries(values)) {
      this.touched.add(`${section}.${key}`);
      await config.update(key, value, vscode.ConfigurationTarget.Global);
    }
  }

  async reset(): Promise<void> {
    for (const id of this.touched) {
      const dot = id.indexOf('.');
      await vscode.workspace.getConfiguration(id.slice(0, dot)).update(id.slice(dot + 1), undefined, vscode.ConfigurationTarget.Global);
    }
    this.touched.clear();
  }
}

/** Every regular file below a directory, recursively (none when it does not exist). */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(p);
    return e.isFile() ? [p] : [];
  });
}

/** Everything the "Stream Assist" LogOutputChannel wrote: it lives in files under context.logUri. */
export function logText(api: StreamAssistApi): string {
  return filesUnder(api.context.logUri.fsPath)
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
}

/** Stores the key the way a user's Set API Key does (SecretStorage). */
export async function storeKey(apiKey: string): Promise<void> {
  await vscode.commands.executeCommand('streamAssist.setApiKey', { apiKey });
}

export interface Session extends Live {
  readonly server: StreamingServer;
  /** Holds provider and baseUrl; settings a suite sets through it are put back by close() too. */
  readonly settings: SettingsScope;
  /** Clears the stored key, puts the settings back and closes the server. */
  close(): Promise<void>;
}

/**
 * The local streaming server (expecting `apiKey`) with the product pointed at it: provider
 * 'writer' and the server's baseUrl (waited for until the settings service has it), and the key
 * stored unless `storeKey: false`.
 */
export async function startSession(apiKey: string, opts: { server?: ServerOptions; storeKey?: boolean } = {}): Promise<Session> {
  const server = await startStreamingServer({ apiKey, ...opts.server });
  const live = await activate();
  const settings = new SettingsScope();
  await settings.set('streamAssist', { provider: 'writer', baseUrl: server.url });
  await waitFor('settings to apply', () => live.services.settings.current().baseUrl === server.url);
  if (opts.storeKey !== false) await storeKey(apiKey);
  return {
    ...live,
    server,
    settings,
    async close() {
      await vscode.commands.executeCommand('streamAssist.clearApiKey', { silent: true });
      await settings.reset();
      await server.close();
    },
  };
}

export type TurnEnd = Parameters<Parameters<ChatFeature['controller']['onDidEndTurn']>[0]>[0];

/** Resolves when the next chat answer has ended, however it ended. */
export function nextTurnEnd(chat: ChatFeature): Promise<TurnEnd> {
  return new Promise((resolve) => {
    const sub = chat.controller.onDidEndTurn((e) => {
      sub.dispose();
      resolve(e);
    });
  });
}

/** Records in `into` what the host posts to the chat webview (and still delivers it); returns the undo. */
export function recordPosts(chat: ChatFeature, into: HostToWebview[]): () => void {
  const provider = chat.provider;
  const original = provider.post;
  provider.post = (m: HostToWebview) => {
    into.push(m);
    original.call(provider, m);
  };
  return () => {
    provider.post = original;
  };
}

/** The chat view as its webview drives it; `chat` is read at each call (it is known once `before` ran). */
export function chatDriver(chat: () => ChatFeature) {
  /** What the webview would send (through the provider's validation). */
  const fromWebview = (m: unknown) => chat().provider.receive(m);
  const conversation = () => chat().controller.store.current();
  const lastAnswer = (): MessageView => [...conversation().messages].reverse().find((m) => m.role === 'assistant')!;
  /** Sends `text` and resolves with the stored answer once it ended. */
  async function ask(text: string): Promise<MessageView> {
    const ended = nextTurnEnd(chat());
    fromWebview({ type: 'send', text });
    const { messageId } = await ended;
    return conversation().messages.find((m) => m.id === messageId)!;
  }
  return { fromWebview, conversation, lastAnswer, nextTurnEnd: () => nextTurnEnd(chat()), ask };
}

// ---- editors ------------------------------------------------------------------------

/** An edit as the user would make it: retried when it raced with a stream's edit (version check). */
export async function userEdit(editor: vscode.TextEditor, change: (b: vscode.TextEditorEdit) => void): Promise<void> {
  for (let i = 0; i < 50; i++) if (await editor.edit(change)) return;
  throw new Error('the edit never applied');
}

/**
 * Keyboard focus out of the editor text: in the workbench the focused editor's hidden textarea can
 * report a selection change while the stream moves the cursor, and a user selection change closes
 * the undo group (that is why Revert Last Generation exists). One-undo tests measure our edits only.
 */
export async function focusAwayFromText(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.focusSideBar');
}

export async function undoInEditor(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  await vscode.commands.executeCommand('undo');
}

export async function closeAllEditors(): Promise<void> {
  // Save first: edited documents would otherwise ask whether to save.
  for (const doc of vscode.workspace.textDocuments) if (doc.isDirty && doc.uri.scheme === 'file') await doc.save();
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await waitFor('all editors closed', () => vscode.window.tabGroups.all.every((g) => g.tabs.length === 0) && !vscode.window.activeTextEditor);
}

/** Every file the chat history store wrote (index and conversations), as text: what a search for a secret must cover. */
export async function storeFilesText(store: ConversationStore): Promise<string> {
  await store.flush();
  return fs.readdirSync(store.dir).map((f) => fs.readFileSync(path.join(store.dir, f), 'utf8')).join('\n');
}
