// `npm run demo -- --check`: a short scripted session in headless Chromium against the running demo
// (code-server + local streaming server): ask in chat, stop a stream, run every registered command.
// Each step is reported as ✔/✖ with the reason and a screenshot in outDir; returns the exit code
// (0 only when every step worked). Nothing is skipped or retried into success.
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

export async function runDemoCheck({ cs, server, outDir }) {
  const { launchChromium } = require(path.join(ROOT, 'out/test/ui/fixture-chromium.js'));
  const { createWorkbench } = require(path.join(ROOT, 'out/test/ui/fixture.js'));
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const browser = await launchChromium();
  const wb = createWorkbench({ page: browser.page, server, codeServer: cs, close: () => browser.close() });
  const { page } = wb;
  const results = [];
  let n = 0;
  const shot = async (name) => {
    const file = path.join(outDir, `${String(++n).padStart(2, '0')}-${name.replace(/[^\w.-]+/g, '-').toLowerCase()}.png`);
    await page.screenshot({ path: file }).catch(() => undefined);
    return file;
  };
  async function step(name, fn) {
    const t0 = Date.now();
    try {
      await fn();
      results.push({ name, ok: true });
      console.log(`  ✔ ${name} (${Date.now() - t0} ms)  ${path.relative(ROOT, await shot(name))}`);
    } catch (e) {
      results.push({ name, ok: false });
      console.log(`  ✖ ${name}: ${String(e?.message ?? e).split('\n')[0]}  ${path.relative(ROOT, await shot(`${name}-FAILED`))}`);
    }
  }
  const chat = () => wb.chatFrame();
  const lastAssistant = () => chat().locator('article.message.assistant').last();
  /** VS Code's own messages for a broken command: not registered, or threw. */
  const commandErrors = () => page.locator('.notifications-toasts .notification-toast', { hasText: /command '.*' not found|Running the contributed command.*failed|is not a function/i });
  const closeQuickInput = async () => {
    for (let i = 0; i < 3 && (await page.locator('.quick-input-widget').isVisible()); i++) {
      await page.keyboard.press('Escape');
      await page.waitForTimeout(200);
    }
  };
  const clearNotifications = async () => {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').fill('>Notifications: Clear All Notifications');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: /^Notifications: Clear All Notifications/ }).first().click();
  };

  console.log(`[demo --check] screenshots in ${path.relative(ROOT, outDir) || outDir}`);
  try {
    await step('workbench loads and Stream Assist activates', () => wb.openWorkbench());
    await step('ask in chat: an answer streams in', async () => {
      await wb.runCommand('Open Chat');
      const input = chat().locator('textarea.chat-input');
      await input.waitFor({ timeout: 30_000 });
      await input.fill('How do TypeScript generics work? #rate=400');
      await input.press('Enter');
      await lastAssistant().locator('.message-body').filter({ hasText: /\w{3,}/ }).waitFor({ timeout: 30_000 });
      await chat().locator('.send-button:not(.stop)').waitFor({ timeout: 60_000 }); // answer complete
      const req = server.requests.filter((r) => r.method === 'POST').pop();
      if (!req || req.auth !== 'valid') throw new Error(`the server saw ${req ? `auth "${req.auth}"` : 'no request'} (demo key not stored?)`);
      if (await lastAssistant().locator('.badge.stopped, .error').count()) throw new Error('the answer ended in an error');
    });
    await step('stop a stream: partial answer kept, socket closed', async () => {
      const before = server.requests.length;
      const input = chat().locator('textarea.chat-input');
      await input.fill('Write a long guide to streaming APIs. #answer=long #rate=30');
      await input.press('Enter');
      await lastAssistant().locator('.message-body').filter({ hasText: /\w{3,}/ }).waitFor({ timeout: 30_000 });
      await shot('stream-running');
      await chat().locator('.send-button.stop').click();
      await lastAssistant().locator('.badge.stopped').waitFor({ timeout: 15_000 });
      const req = server.requests.slice(before).find((r) => r.method === 'POST');
      if (!req) throw new Error('the server saw no request');
      await server.waitForClose(req.id, 10_000);
      if (req.outcome !== 'client-closed') throw new Error(`server outcome "${req.outcome}", expected client-closed`);
    });

    // Every command package.json contributes, through the command palette, with sample.ts open.
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const commands = pkg.contributes.commands.map((c) => ({ id: c.command, title: `${c.category ? `${c.category}: ` : ''}${c.title}` }));
    // Clearing the key last keeps the demo usable; Cancel is only offered while something streams.
    commands.sort((a, b) => (a.id === 'streamAssist.clearApiKey') - (b.id === 'streamAssist.clearApiKey'));
    await step('open sample.ts', () => wb.openFile('sample.ts'));
    let textBeforeRewrite;
    // The document's exact text: save it (Ctrl+S in the focused editor) and read the file.
    const saveAndRead = async () => {
      await page.keyboard.press('Control+S');
      await page.locator('.tab.active.dirty').waitFor({ state: 'detached', timeout: 10_000 });
      return fs.readFileSync(path.join(cs.dirs.workspace, 'sample.ts'), 'utf8');
    };
    for (const c of commands) {
      await step(`command ${c.title}`, async () => {
        await closeQuickInput();
        await clearNotifications();
        if (c.id === 'streamAssist.cancel') {
          const input = chat().locator('textarea.chat-input');
          await wb.openChatView();
          await input.fill('Another long one. #answer=long #rate=30');
          await input.press('Enter');
          await wb.statusBarItem(/tok\/s|streaming|\$\(loading|Stream Assist/).first().waitFor({ timeout: 15_000 });
          await chat().locator('.send-button.stop').waitFor({ timeout: 15_000 });
        }
        // Rendered text; selected whitespace is drawn as "·" and spaces may be non-breaking.
        const editorText = async () => (await page.locator('.editor-instance .view-lines').first().innerText()).replace(/[\u00b7\u00a0]/g, ' ');
        const before = await editorText().catch(() => '');
        if (c.id === 'streamAssist.rewriteSelection') {
          await page.locator('.editor-instance .view-lines').first().click();
          textBeforeRewrite = await saveAndRead();
          await page.keyboard.press('Control+A');
        }
        await wb.runCommand(c.title);
        await page.waitForTimeout(1500);
        // Markers pick the local server's answer: plain code lines for the editor commands.
        const prompt = { 'streamAssist.generateAtCursor': 'a subtract function #answer=multiline #rate=100', 'streamAssist.rewriteSelection': 'add JSDoc comments #answer=code-fenced #rate=100' }[c.id];
        if (prompt) {
          // The editor commands ask what to write; answer and wait for the text to stream into sample.ts.
          const input = page.locator('.quick-input-widget input');
          await input.waitFor({ timeout: 10_000 });
          await input.fill(prompt);
          await page.keyboard.press('Enter');
          const t0 = Date.now();
          while ((await editorText()) === before) {
            if (Date.now() - t0 > 30_000) throw new Error('nothing was written into sample.ts within 30 s');
            await page.waitForTimeout(250);
          }
          // Finished when the text stops changing for 2 s.
          for (let last = '', same = 0; same < 8 && Date.now() - t0 < 60_000; ) {
            const now = await editorText();
            same = now === last ? same + 1 : 0;
            last = now;
            await page.waitForTimeout(250);
          }
        }
        if (c.id === 'streamAssist.revertLastGeneration' && textBeforeRewrite !== undefined) {
          await page.locator('.editor-instance .view-lines').first().click();
          if ((await saveAndRead()) !== textBeforeRewrite) throw new Error('Revert Last Generation did not restore the text from before Rewrite Selection');
        }
        await shot(`command-${c.id}`);
        await closeQuickInput();
        if (c.id === 'streamAssist.cancel') await chat().locator('.send-button:not(.stop)').waitFor({ timeout: 15_000 });
        const errors = await commandErrors().allInnerTexts();
        if (errors.length) throw new Error(errors.join(' | '));
      });
    }
  } finally {
    await wb.close();
  }
  const failed = results.filter((r) => !r.ok);
  console.log(`[demo --check] ${results.length - failed.length} of ${results.length} steps worked${failed.length ? `; failed: ${failed.map((r) => r.name).join(', ')}` : ''}`);
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
  return failed.length ? 1 : 0;
}
