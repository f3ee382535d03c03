// Chat context figures inside the real extension host (run by `npm run bench` with the editor
// benchmark): time from Enter to the request reaching the local server with 200 KB of attached
// files against the same turn with none (the files are read when attached, before Enter), and how
// long the @file picker takes to show its first results in a workspace of 50,000 files that this
// benchmark creates (cold, then the median of warm runs). Prints two `context:` lines that
// bench/lib/theirs.mjs turns into table rows.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StreamAssistApi } from '../src/extension';
import { chatDriver, startSession, waitFor, type Session } from '../test/exthost/fixture';
import { report } from '../test/exthost/index';

const KEY = 'bench-context-key';
const CONTEXT_FILES = 4;
const CONTEXT_FILE_CHARS = 50_000;
const WORKSPACE_FILES = 50_000;
const RUNS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls at 2 ms (waitFor's 20 ms is too coarse for a 200 ms target). */
async function until(what: string, pred: () => boolean, timeoutMs = 60_000): Promise<void> {
  const t0 = performance.now();
  while (!pred()) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

describe('chat context benchmark', function () {
  this.timeout(20 * 60_000);
  let session: Session;
  let api: StreamAssistApi;
  let root: string;

  before(async () => {
    session = await startSession(KEY);
    ({ api } = session);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the benchmark window has a workspace folder');
    root = path.join(folder.uri.fsPath, 'bench-context');
    fs.mkdirSync(root, { recursive: true });
    await session.settings.set('streamAssist', { 'context.budgetChars': 1_000_000 });
  });

  after(async () => {
    await session?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const chat = () => api.chat;
  const { fromWebview, nextTurnEnd } = chatDriver(chat);
  const picker = () => api.services.quickInput.active?.widget as vscode.QuickPick<vscode.QuickPickItem> | undefined;

  /** Opens @file and resolves once its first results show (not busy, items listed): milliseconds. */
  async function fileListMs(): Promise<number> {
    const t0 = performance.now();
    fromWebview({ type: 'attach', kind: 'file' });
    await until('the @file results', () => api.services.quickInput.active?.step === 'contextFile' && picker()!.busy === false && picker()!.items.length > 0);
    const ms = performance.now() - t0;
    picker()!.hide();
    await until('the picker closed', () => api.services.quickInput.active === undefined);
    return ms;
  }

  /** @file, then the file's row and Enter, as a user would. */
  async function attachThroughPicker(rel: string): Promise<void> {
    const before = chat().controller.state().context?.attached.length ?? 0;
    fromWebview({ type: 'attach', kind: 'file' });
    await until('the @file results', () => api.services.quickInput.active?.step === 'contextFile' && picker()!.busy === false && picker()!.items.length > 0);
    const item = picker()!.items.find((i) => i.description === rel);
    assert.ok(item, `${rel} is listed`);
    picker()!.activeItems = [item];
    api.services.quickInput.active!.accept();
    await until(`${rel} attached`, () => (chat().controller.state().context?.attached.length ?? 0) > before);
  }

  /** Sends a message (with whatever is attached) and resolves with Enter → request received at the server, in ms. */
  async function sendMs(text: string): Promise<number> {
    const before = Math.max(0, ...session.server.requests.map((r) => r.id));
    const ended = nextTurnEnd();
    const sentAt = performance.timeOrigin + performance.now();
    fromWebview({ type: 'send', text });
    const rec = await session.server.waitForRequest((r) => r.id > before && r.path === '/v1/chat', 30_000);
    await ended;
    return rec.openedAt - sentAt;
  }

  it(`Enter → request with ${(CONTEXT_FILES * CONTEXT_FILE_CHARS) / 1000} KB attached; @file first results among ${WORKSPACE_FILES.toLocaleString('en')} files`, async () => {
    fromWebview({ type: 'setCurrentFileContext', on: false });
    const line = 'export const value = compute(1, "x") * 2; // some context text\n';
    const files = Array.from({ length: CONTEXT_FILES }, (_, i) => {
      const file = path.join(root, `context-${i}.ts`);
      fs.writeFileSync(file, line.repeat(Math.ceil(CONTEXT_FILE_CHARS / line.length)).slice(0, CONTEXT_FILE_CHARS));
      return vscode.Uri.file(file);
    });

    const without: number[] = [];
    const withContext: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      without.push(await sendMs(`no context ${i} #answer=plain`));
      for (const uri of files) await attachThroughPicker(vscode.workspace.asRelativePath(uri, false));
      await waitFor('the files attached', () => chat().controller.state().context?.attached.length === CONTEXT_FILES);
      const attachedChars = chat().controller.state().context!.totalChars;
      assert.ok(attachedChars >= CONTEXT_FILES * CONTEXT_FILE_CHARS, `attached ${attachedChars} characters`);
      withContext.push(await sendMs(`with context ${i} #answer=plain`));
    }
    const sentBody = JSON.stringify(session.server.requests.filter((r) => r.path === '/v1/chat').at(-1)?.body ?? '');
    assert.ok(sentBody.length > CONTEXT_FILES * CONTEXT_FILE_CHARS, 'the request carried the context');
    const w = median(withContext);
    const n = median(without);
    report(`  context: Enter → request sent with ${(CONTEXT_FILES * CONTEXT_FILE_CHARS) / 1000} KB attached: ${w.toFixed(1)} ms vs ${n.toFixed(1)} ms without (+${(w - n).toFixed(1)} ms, target ≤ 50 ms on top; median of ${RUNS})`);

    const t0 = performance.now();
    const perDir = 100;
    for (let d = 0; d < WORKSPACE_FILES / perDir; d++) {
      const dir = path.join(root, 'many', `pkg${d}`);
      fs.mkdirSync(dir, { recursive: true });
      for (let f = 0; f < perDir; f++) fs.writeFileSync(path.join(dir, `module${f}.ts`), `export const v${f} = ${d};\n`);
    }
    report(`  (created ${WORKSPACE_FILES.toLocaleString('en')} files in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    const cold = await fileListMs();
    const warm: number[] = [];
    for (let i = 0; i < RUNS; i++) warm.push(await fileListMs());
    report(`  context: @file first results in a ${WORKSPACE_FILES.toLocaleString('en')}-file workspace: ${median(warm).toFixed(0)} ms warm (median of ${RUNS}), ${cold.toFixed(0)} ms cold (target ≤ 200 ms)`);

    // Any of the 50,000 is reachable: typing searches the workspace, not only the first page.
    const found: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const target = `many/pkg${123 + i * 71}/module${17 + i}.ts`;
      fromWebview({ type: 'attach', kind: 'file' });
      await until('the @file results', () => api.services.quickInput.active?.step === 'contextFile' && picker()!.busy === false && picker()!.items.length > 0);
      assert.ok(!picker()!.items.some((x) => x.description?.endsWith(target)), `${target} is not on the first page`);
      const t1 = performance.now();
      picker()!.value = target.replace(/^many\//, '').replace(/\.ts$/, '');
      await until(`${target} found`, () => picker()!.items.some((x) => x.description?.endsWith(target)));
      found.push(performance.now() - t1);
      picker()!.hide();
      await until('the picker closed', () => api.services.quickInput.active === undefined);
    }
    report(`  context: @file typed path → the file listed, ${WORKSPACE_FILES.toLocaleString('en')}-file workspace: ${median(found).toFixed(0)} ms (median of ${RUNS}; includes the picker's pause after typing)`);
  });
});
