// The agent's workbench in a real browser: `tmux-orc serve` on a private tmux server with the
// fake Claude Code, driven in Debian's Chromium. Scroll back through a long answer; each step
// saves a screenshot (test/artifacts/screenshots/workbench-*.png). Steps share one page, in order.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentInfo } from '../../src/shared/domain.js';
import { FAKE_AGENT } from '../helpers/fake-agent.js';
import { waitFor } from '../helpers/poll.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { launchChromium, SCREENSHOT_DIR } from './helpers.js';
import { ensureRendererBuild, startServe, type Serve } from './serve.js';

const UI_MS = 20_000;

/** The window as it is (the suite's `screenshot` grows the page to fit scroll boxes; the terminal's history is one). */
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}
const STEP_MS = 90_000;

describe('the workbench in Chromium', () => {
  const tmux = useTmuxServer();
  let dir: string;
  let serve: Serve | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let agent: AgentInfo;
  const pageErrors: string[] = [];
  const screenOf = (name: string) => page.getByLabel(`Screen of ${name}`);

  beforeAll(async () => {
    ensureRendererBuild();
    dir = mkdtempSync(join(tmpdir(), 'orc-e2e-workbench-'));
    serve = await startServe({ socketName: tmux.name, dbPath: join(dir, 'orc.db'), env: { ORC_AGENT_CMD_CLAUDE: `node ${FAKE_AGENT}` } });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(`console: ${m.text()}`));
    agent = (await serve.call('spawnAgent', { name: 'reader', type: 'claude', cwd: dir })).agent;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('scrolls back through a long answer to its first line, and searches it', async () => {
    await page.goto(serve!.url);
    await page.goto(`${new URL(serve!.url).origin}/#/agents/${encodeURIComponent(agent.id)}`);
    await screenOf('reader').filter({ hasText: '? for shortcuts' }).waitFor({ timeout: UI_MS });
    await serve!.call('sendMessage', { target: agent.id, text: 'long 500' });
    const screen = screenOf('reader');
    await screen.filter({ hasText: 'answer line 500 of 500' }).waitFor({ timeout: UI_MS });
    // The first line is far above the screen: not drawn until scrolled back to.
    expect(await screen.filter({ hasText: /answer line 1 of 500\b/ }).count()).toBe(0);

    // Wheel up over the terminal until the first line is in view; older pages load on the way.
    const body = page.locator('.screen-body .xterm-viewport');
    const box = (await body.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await waitFor(
      async () => {
        await page.mouse.wheel(0, -4000);
        return (await screen.filter({ hasText: /answer line 1 of 500\b/ }).count()) > 0;
      },
      'the first line of the answer in view',
      UI_MS,
      200,
    );
    // Reading the history pauses the live picture; the way back is one click.
    await page.getByRole('button', { name: /back to live/ }).waitFor({ timeout: UI_MS });
    await shot(page, 'workbench-01-scrollback');

    await page.getByRole('button', { name: /back to live/ }).click();
    await screen.filter({ hasText: '? for shortcuts' }).waitFor({ timeout: UI_MS });
    expect(await screen.filter({ hasText: /answer line 1 of 500\b/ }).count()).toBe(0);

    const search = page.getByLabel('Search the screen and history of reader');
    await search.fill('answer line 7 of 500');
    await search.press('Enter');
    await page.getByRole('status').filter({ hasText: /^1 of 1$/ }).waitFor({ timeout: UI_MS });
    await screen.filter({ hasText: /answer line 7 of 500\b/ }).waitFor({ timeout: UI_MS });
    await shot(page, 'workbench-02-search');
    expect(pageErrors).toEqual([]);
  }, STEP_MS);
});
