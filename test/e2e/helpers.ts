// Browser end-to-end helpers: Debian's Chromium driven by playwright-core (no browser
// download), and screenshots kept as test artifacts under test/artifacts/screenshots/.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.ORC_CHROMIUM ?? '/usr/bin/chromium';
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
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Save a full-page screenshot as `<name>.png` (name made file-safe); returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^A-Za-z0-9_.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
