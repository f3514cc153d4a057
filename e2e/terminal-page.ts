// Reading and typing into the app's active terminal in Chromium (the DOM renderer is chosen in settings so the text
// is readable).
import type { Page } from 'playwright-core';

/** The visible rows of the active terminal. */
export async function screen(page: Page): Promise<string> {
  return page.locator('.terminal-view:not([hidden]) .xterm-rows').innerText();
}

/** Clicks into the active terminal and types `line` with Enter. */
export async function typeLine(page: Page, line: string): Promise<void> {
  await page.locator('.terminal-view:not([hidden]) .xterm').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}
