// Waiting and the chat view for the UI tests, on top of ./fixture's Workbench.
import type { FrameLocator, Locator } from 'playwright-core';
import type { Workbench } from './fixture';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 100 ms until it holds; throws naming `what` after `ms`. */
export async function until(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await pause(100);
  }
}

/** Monaco renders spaces as non-breaking spaces: read its text with plain ones. */
export const plainSpaces = (text: string) => text.replace(/\u00a0/g, ' ');

/** Resolves with the locator's text (after `normalize`) once it matches `pattern`. */
export async function waitForText(locator: Locator, pattern: RegExp, timeoutMs = 10_000, normalize = (text: string) => text): Promise<string> {
  const t0 = Date.now();
  for (;;) {
    const text = normalize(await locator.innerText().catch(() => ''));
    if (pattern.test(text)) return text;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${pattern} (last: ${JSON.stringify(text)})`);
    await pause(50);
  }
}

/** Opens the chat view and resolves with its document once the input is there. */
export async function chatReady(wb: Workbench): Promise<FrameLocator> {
  await wb.openChatView();
  const chat = wb.chatFrame();
  await chat.locator('textarea.chat-input').waitFor({ timeout: 60_000 });
  return chat;
}

/** The workbench loaded, the test key stored through the real input box, and the chat view ready. */
export async function openChat(wb: Workbench): Promise<FrameLocator> {
  await wb.openWorkbench();
  await wb.setApiKey();
  return chatReady(wb);
}

/** Types `text` into the chat input and sends it with Enter. */
export async function typeAndSend(input: Locator, text: string): Promise<void> {
  await input.click();
  await input.fill(text);
  await input.press('Enter');
}

/**
 * Sends `text` from the chat input and resolves with the new answer once it is in the transcript
 * (waiting on `.last()` before that would find the previous, finished answer).
 */
export async function sendMessage(chat: FrameLocator, text: string, ms = 20_000): Promise<Locator> {
  const answers = chat.locator('article.message.assistant');
  const before = await answers.count();
  await typeAndSend(chat.locator('textarea.chat-input'), text);
  await until(async () => (await answers.count()) > before, 'the answer to appear', ms);
  return answers.last();
}

/** Waits until the answer is no longer marked streaming. */
export async function finished(turn: Locator, ms = 30_000): Promise<void> {
  await turn.locator('.badge.streaming').waitFor({ state: 'detached', timeout: ms });
}
