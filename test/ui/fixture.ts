// UI test fixture: the local streaming server, code-server with Stream Assist installed (the
// unpacked project symlinked into --extensions-dir, or a .vsix) and its settings pointed at that
// server, and Chromium on the workbench. Helpers for the command palette, the status bar, the
// chat webview, screenshots and themes. Mocha files in test/ui/*.ui.test.ts use it from Node:
//
//   let wb: Workbench;
//   before(async () => { wb = await startWorkbench(); await wb.openWorkbench(); });
//   after(async () => { await wb?.close(); });
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { startStreamingServer, type ServerOptions, type StreamingServer } from '../server';
import { launchChromium, type Browser } from './fixture-chromium';
import { PROJECT_ROOT, startCodeServer, type CodeServer } from './fixture-codeserver';

export const EXTENSION_ID = 'stream-assist.stream-assist';
export const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'test-results/screenshots');
/** The key the local server expects and the fixture stores through the real Set API Key input box. */
export const TEST_API_KEY = 'sa-ui-test-key-7f3a';
/** Labels in the theme picker (the settings ids are "Default Dark Modern" / "Default Light Modern"). */
const THEMES = { dark: 'Dark Modern', light: 'Light Modern' } as const;

export interface WorkbenchOptions {
  /** 'link' (default): the unpacked project; a path: install that .vsix; 'none': no Stream Assist. */
  extension?: 'link' | 'none' | { vsix: string };
  /** Extra user settings (merged over the streamAssist.* ones pointing at the local server). */
  settings?: Record<string, unknown>;
  server?: ServerOptions;
  workspaceFiles?: Record<string, string>;
  viewport?: { width: number; height: number };
}

export interface Workbench {
  readonly page: Page;
  readonly server: StreamingServer;
  readonly codeServer: CodeServer;
  /** Loads the workbench on the sample workspace and waits until Stream Assist's status bar item is up. */
  openWorkbench(opts?: { waitForExtension?: boolean }): Promise<void>;
  /** F1, `>Stream Assist: <title>` (prefix added when missing), picks that entry. */
  runCommand(title: string): Promise<void>;
  statusBarItem(text: string | RegExp): Locator;
  /** The chat view's HTML (webview iframe → #active-frame). */
  chatFrame(): FrameLocator;
  /** Opens the Stream Assist activity-bar container. */
  openChatView(): Promise<void>;
  /** Stores a key through the real password input box (Set API Key command). */
  setApiKey(key?: string): Promise<void>;
  /** Opens a workspace file in an editor through Quick Open. */
  openFile(name: string): Promise<void>;
  /** Moves the mouse off any hovered item so its tooltip (which swallows clicks) goes away. */
  dismissHover(): Promise<void>;
  /** Full-page PNG into test-results/screenshots/<name>.png; returns its path. */
  screenshot(name: string): Promise<string>;
  setTheme(theme: keyof typeof THEMES): Promise<void>;
  close(): Promise<void>;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function startWorkbench(opts: WorkbenchOptions = {}): Promise<Workbench> {
  const server = await startStreamingServer({ apiKey: TEST_API_KEY, ...opts.server });
  let cs: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    const ext = opts.extension ?? 'link';
    const settings = {
      'streamAssist.provider': 'writer',
      'streamAssist.baseUrl': server.url,
      ...opts.settings,
    };
    cs = await startCodeServer({
      extensionsToLink: ext === 'link' ? [PROJECT_ROOT] : [],
      vsixToInstall: typeof ext === 'object' ? [ext.vsix] : [],
      settings,
      workspaceFiles: opts.workspaceFiles,
    });
    browser = await launchChromium({ viewport: opts.viewport });
  } catch (e) {
    await browser?.close();
    await cs?.stop();
    await server.close();
    throw e;
  }
  const parts = { page: browser.page, server, codeServer: cs, browser };
  return createWorkbench({ ...parts, waitForExtension: opts.extension !== 'none', close: async () => { await parts.browser.close(); await parts.codeServer.stop(); await parts.server.close(); } });
}

/** The helpers over an already running page/code-server/server (the demo's --check uses this too). */
export function createWorkbench(parts: { page: Page; server: StreamingServer; codeServer: CodeServer; waitForExtension?: boolean; close(): Promise<void> }): Workbench {
  const { page, server, codeServer } = parts;
  const wb: Workbench = {
    page,
    server,
    codeServer,
    async openWorkbench({ waitForExtension = parts.waitForExtension ?? true } = {}) {
      await page.goto(codeServer.workbenchUrl());
      await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
      await page.locator('.statusbar').waitFor({ timeout: 60_000 });
      if (waitForExtension) await wb.statusBarItem('Stream Assist').waitFor({ timeout: 60_000 });
    },
    async runCommand(title) {
      const full = title.startsWith('Stream Assist:') ? title : `Stream Assist: ${title}`;
      const input = page.locator('.quick-input-widget input');
      await page.keyboard.press('F1');
      await input.waitFor({ timeout: 15_000 });
      await input.fill(`>${full}`);
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${escapeRe(full)}`) }).first();
      await row.waitFor({ timeout: 15_000 });
      await row.click();
    },
    statusBarItem: (text) => page.locator('.statusbar-item', { hasText: text }),
    chatFrame: () => page.frameLocator(`iframe.webview.ready[src*="extensionId=${EXTENSION_ID}"]`).frameLocator('#active-frame'),
    async openChatView() {
      // A container with a single view shows the view's name in the sidebar title ("Stream Assist: Chat").
      const title = page.locator('.part.sidebar .composite.title', { hasText: /Stream Assist/i });
      if (!(await title.isVisible())) {
        // Clicking the active container's icon would close it again, so only click when it is not showing.
        await page.locator('.activitybar .action-item [aria-label^="Stream Assist"]').first().click({ timeout: 30_000 });
      }
      await title.waitFor({ timeout: 30_000 });
    },
    async setApiKey(key = TEST_API_KEY) {
      await wb.runCommand('Set API Key');
      const input = page.locator('.quick-input-widget input[type="password"]');
      await input.waitFor({ timeout: 15_000 });
      await input.fill(key);
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
    },
    async openFile(name) {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 15_000 });
      await input.fill(name);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      await page.locator(`.tab.active`, { hasText: name }).waitFor({ timeout: 15_000 });
      await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 15_000 });
    },
    async dismissHover() {
      await page.mouse.move(5, 5);
      await page.locator('.monaco-hover.workbench-hover').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    },
    async screenshot(name) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async setTheme(theme) {
      // Through the real theme picker (Preferences: Color Theme), as a user would.
      const input = page.locator('.quick-input-widget input');
      await page.keyboard.press('F1');
      await input.waitFor({ timeout: 15_000 });
      await input.fill('>Preferences: Color Theme');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Preferences: Color Theme/ }).first().click();
      const label = new RegExp(`^${THEMES[theme]}`);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ timeout: 15_000 });
      await input.fill(THEMES[theme]);
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).first().waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      const cls = theme === 'dark' ? 'vs-dark' : 'vs';
      await page.locator(`.monaco-workbench.${cls}`).waitFor({ state: 'attached', timeout: 20_000 });
      await page.waitForTimeout(300); // let webviews pick up the new CSS variables
    },
    close: () => parts.close(),
  };
  return wb;
}
