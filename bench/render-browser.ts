// Builds the renderer harness bundle and opens it in headless Chromium (used by the renderer
// tests and the render benchmark; no VS Code involved).
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');

/** Bundles a browser harness entry under test/webview-harness/. */
export async function buildRendererBundle(entry = 'rendererHarness.ts'): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [resolve(root, 'test/webview-harness', entry)],
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'error',
  });
  return result.outputFiles[0]!.text;
}

export async function openRendererPage(entry?: string): Promise<{ browser: Browser; page: Page }> {
  const code = await buildRendererBundle(entry);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
  });
  const page = await browser.newPage();
  await page.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
  await page.addScriptTag({ content: code });
  return { browser, page };
}

/** Calls `chatHarness[fn](...args)` in the page (test/webview-harness/appHarness.ts) and returns its result. */
export function chatHarnessCaller(page: () => Page) {
  return <T>(fn: string, ...args: unknown[]): Promise<T> =>
    page().evaluate(
      ([f, a]) => {
        const harness = (globalThis as unknown as { chatHarness: Record<string, (...x: unknown[]) => unknown> }).chatHarness;
        return harness[f as string]!(...(a as unknown[]));
      },
      [fn, args] as const,
    ) as Promise<T>;
}
