// Browser end-to-end helpers: the system's Chromium (found by required-tools: PATH or
// CHROMIUM_PATH) driven by playwright-core (no browser download), and screenshots kept as test
// artifacts under test/artifacts/screenshots/.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChromium, toolProblem } from '../helpers/required-tools.js';

export const SCREENSHOT_DIR = resolve('test/artifacts/screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(`Chromium not found: ${toolProblem('chromium')} (apt install chromium)`);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** How much taller the page's tallest scroll box is than its box (0 when nothing scrolls). */
function hiddenHeight(page: Page): Promise<number> {
  return page.evaluate(() => {
    type El = { scrollHeight: number; clientHeight: number };
    const doc = globalThis as unknown as {
      document: { querySelectorAll(s: string): Iterable<El> };
      getComputedStyle(e: El): { overflowY: string };
    };
    let extra = 0;
    for (const el of doc.document.querySelectorAll('body *')) {
      const { overflowY } = doc.getComputedStyle(el);
      if (overflowY === 'auto' || overflowY === 'scroll') extra = Math.max(extra, el.scrollHeight - el.clientHeight);
    }
    return extra;
  });
}

/**
 * Save a screenshot as `<name>.png` (name made file-safe); returns the path. The UI scrolls
 * inside its views (the page itself never scrolls), so the viewport grows for the shot until
 * the tallest scroll box shows everything, then is put back.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^A-Za-z0-9_.-]+/g, '-')}.png`);
  const size = page.viewportSize();
  const extra = size ? Math.min(await hiddenHeight(page), 4000) : 0;
  if (size && extra > 0) await page.setViewportSize({ width: size.width, height: size.height + extra });
  try {
    await page.screenshot({ path, fullPage: true });
  } finally {
    if (size && extra > 0) await page.setViewportSize(size);
  }
  return path;
}
