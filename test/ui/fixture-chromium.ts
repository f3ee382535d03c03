// Debian Chromium driven by playwright-core, offline: every request that is not to the loopback
// interface is aborted at once (the built-in extension gallery lookup would otherwise wait on DNS).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { TMP_ROOT } from './fixture-codeserver';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

export async function launchChromium(opts: { viewport?: { width: number; height: number } } = {}): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install chromium (npm test does it when root)`);
  fs.mkdirSync(TMP_ROOT, { recursive: true });
  const userDataDir = fs.mkdtempSync(path.join(TMP_ROOT, 'chromium-'));
  // Also when the harness is stopped by a signal (playwright kills the browser itself on exit).
  const removeProfile = () => fs.rmSync(userDataDir, { recursive: true, force: true });
  process.once('exit', removeProfile);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: opts.viewport ?? { width: 1400, height: 900 },
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/]|localhost[:/])/, (route) => {
    if (process.env.VERBOSE) console.log('[chromium] blocked', route.request().url());
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  if (process.env.VERBOSE) page.on('console', (m) => console.log(`[browser ${m.type()}]`, m.text()));
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => undefined);
      process.removeListener('exit', removeProfile);
      fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3, retryDelay: 200 });
    },
  };
}
