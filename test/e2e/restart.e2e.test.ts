// A dashboard that outlives restarts (issue #16), in Chromium against `tmux-orc serve`: the
// token persists, so a tab left open reconnects by itself when serve comes back on its port;
// after `serve --new-token` the old tab says its token is no longer valid and how to get the
// new URL.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithout } from '../helpers/required-tools.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { startFake } from '../cli/fake-agents.js';
import { launchChromium, screenshot } from './helpers.js';
import { ensureRendererBuild, startServe, type Serve } from './serve.js';

const UI_MS = 30_000;
const noChromium = skipWithout('chromium');

/** A port free right now (serve is restarted on it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const connected = (page: Page) => page.getByRole('navigation', { name: 'Views' }).getByText('Connected', { exact: true }).waitFor({ timeout: UI_MS });

describe.skipIf(noChromium)('an open tab through serve restarts', () => {
  const tmux = useTmuxServer();
  const dir = mkdtempSync(join(tmpdir(), 'orc-e2e-restart-'));
  // serve keeps its token in the config directory: a private one for this test.
  const env = { XDG_CONFIG_HOME: join(dir, 'config') };
  let serve: Serve | undefined;
  let browser: Browser | undefined;
  let port: number;
  const start = async (args: string[] = []) =>
    (serve = await startServe({ socketName: tmux.name, dbPath: join(dir, 'orc.db'), env, port, args }));

  beforeAll(async () => {
    ensureRendererBuild();
    await startFake(tmux, 'web', 'alpha');
    port = await freePort();
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await serve?.stop();
    await browser?.close();
  });

  it('reconnects by itself after a restart, and says so when the token was rotated', async () => {
    const first = await start();
    const page = await browser!.newPage();
    await page.goto(first.url);
    await connected(page);
    await page.getByRole('row').filter({ hasText: 'alpha' }).waitFor({ timeout: UI_MS });

    expect(await first.stop()).toBe(0);
    await page.getByRole('alert').filter({ hasText: /reconnecting/i }).waitFor({ timeout: UI_MS });

    // Same port, same token (kept in the config directory): the old tab comes back on its own.
    const second = await start();
    expect(second.token).toBe(first.token);
    await connected(page);
    await page.getByRole('row').filter({ hasText: 'alpha' }).waitFor({ timeout: UI_MS });
    expect(await page.getByRole('alert').count()).toBe(0);

    // A rotated token: the old tab says its token is no longer valid, and how to get the new URL.
    expect(await second.stop()).toBe(0);
    const third = await start(['--new-token']);
    expect(third.token).not.toBe(first.token);
    const alert = page.getByRole('alert').filter({ hasText: /token is no longer valid/i });
    await alert.waitFor({ timeout: UI_MS });
    expect(await alert.textContent()).toMatch(/tmux-orc serve/);
    await screenshot(page, 'restart-token-rotated');
    // The new URL works in the same tab.
    await page.goto(third.url);
    await connected(page);
  });
});
