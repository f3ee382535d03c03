// Drives the real chat webview in the workbench for the end-to-end benchmark: finds the webview's
// inner frame, injects the probes, sends a prompt like a user and waits for the answer to end.
import type { Frame, Page } from 'playwright-core';
import type { RequestRecord } from '../../test/server';
import { EXTENSION_ID, type Workbench } from '../../test/ui/fixture';
import { counting, PAGE_PROBE, TAKE, WEBVIEW_PROBE, type ProbeData } from './webview-probe';

/** The chat view's document: workbench → webview iframe → #active-frame. */
export async function chatDocumentFrame(page: Page): Promise<Frame> {
  const outer = await page.locator(`iframe.webview.ready[src*="extensionId=${EXTENSION_ID}"]`).elementHandle({ timeout: 60_000 });
  const host = await outer?.contentFrame();
  const inner = await host?.waitForSelector('#active-frame', { state: 'attached', timeout: 60_000 });
  const frame = await inner?.contentFrame();
  if (!frame) throw new Error('chat webview frame not found');
  return frame;
}

export class ChatDriver {
  private constructor(
    readonly wb: Workbench,
    readonly frame: Frame,
  ) {}

  static async open(wb: Workbench): Promise<ChatDriver> {
    await wb.openChatView();
    await wb.chatFrame().locator('textarea.chat-input').waitFor({ timeout: 60_000 });
    const frame = await chatDocumentFrame(wb.page);
    await frame.evaluate(WEBVIEW_PROBE);
    await wb.page.evaluate(PAGE_PROBE);
    return new ChatDriver(wb, frame);
  }

  /** The webview's clock (same formula as the server's: timeOrigin + now). */
  pageNow(): Promise<number> {
    return this.frame.evaluate(() => performance.timeOrigin + performance.now());
  }

  /** DOM counting in the webview probe: on for latency runs, off where it would only add work. */
  async setCounting(on: boolean): Promise<void> {
    await this.frame.evaluate(counting(on));
  }

  async newConversation(): Promise<void> {
    await this.wb.chatFrame().getByRole('button', { name: 'New conversation' }).first().click();
    await this.wb.chatFrame().locator('article.message').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  }

  /** Types the prompt and presses Enter; resolves with the server's record of the request it caused. */
  async send(text: string): Promise<RequestRecord> {
    const before = Math.max(0, ...this.wb.server.requests.map((r) => r.id));
    const input = this.wb.chatFrame().locator('textarea.chat-input');
    await input.fill(text);
    await input.press('Enter');
    const end = Date.now() + 30_000;
    for (;;) {
      const r = this.wb.server.requests.find((x) => x.id > before && x.path === '/v1/chat');
      if (r) return r;
      if (Date.now() > end) throw new Error('the chat request never reached the server');
      await sleep(20);
    }
  }

  /** Waits until the server finished the response and the answer is no longer streaming. */
  async finished(record: RequestRecord, timeoutMs = 120_000): Promise<void> {
    await this.wb.server.waitForClose(record.id, timeoutMs);
    const last = this.wb.chatFrame().locator('article.message.assistant').last();
    await last.locator('.badge.streaming').waitFor({ state: 'detached', timeout: timeoutMs });
    await sleep(300); // the last frame and any trailing long task
  }

  /** What the probes recorded since the last call (webview and workbench page). */
  async take(): Promise<{ webview: ProbeData; page: ProbeData }> {
    return { webview: (await this.frame.evaluate(TAKE)) as ProbeData, page: (await this.wb.page.evaluate(TAKE)) as ProbeData };
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
