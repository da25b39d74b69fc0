// The agent's workbench in a real browser: `tmux-orc serve` on a private tmux server with the
// fake Claude Code, driven in Debian's Chromium. Scroll back through a long answer, the Changes
// tab shows the agent's diff, the detail view at 900×700 shows the timeline; each step
// saves a screenshot (test/artifacts/screenshots/workbench-*.png). Steps share one page, in order.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentInfo } from '../../src/shared/domain.js';
import { FAKE_AGENT } from '../helpers/fake-agent.js';
import { waitFor } from '../helpers/poll.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { skipWithout } from '../helpers/required-tools.js';
import { launchChromium, SCREENSHOT_DIR } from './helpers.js';
import { ensureRendererBuild, startServe, type Serve } from './serve.js';

// Without Chromium this skips (the run says once what to install); under CI=true it fails.
const noChromium = skipWithout('chromium');
const UI_MS = 20_000;

/** The window as it is (the suite's `screenshot` grows the page to fit scroll boxes; the terminal's history is one). */
async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}
const STEP_MS = 90_000;

describe.skipIf(noChromium)('the workbench in Chromium', () => {
  const tmux = useTmuxServer();
  let dir: string;
  let serve: Serve | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let agent: AgentInfo;
  let project: string;
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
    // The agent works in a git repository (the Changes tab reads it).
    project = join(dir, 'project');
    mkdirSync(project);
    const git = (...args: string[]) => execFileSync('git', ['-C', project, ...args], { encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(project, 'app.txt'), 'line one\n');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'init');
    agent = (await serve.call('spawnAgent', { name: 'reader', type: 'claude', cwd: project })).agent;
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

  it('the Changes tab shows the file the agent changed, with its added line', async () => {
    appendFileSync(join(project, 'app.txt'), 'added by the agent\n');
    writeFileSync(join(project, 'notes.md'), '# Notes\n\nA new file.\n');
    await page.getByRole('tab', { name: 'Changes' }).click();
    const diff = page.getByLabel('Diff of reader');
    await diff.filter({ hasText: 'added by the agent' }).waitFor({ timeout: UI_MS });
    await page.getByRole('list', { name: 'Changed files' }).filter({ hasText: 'notes.md' }).waitFor({ timeout: UI_MS });
    // diff2html marks the line as an insertion.
    expect(await diff.locator('.d2h-ins', { hasText: 'added by the agent' }).count()).toBeGreaterThan(0);
    await shot(page, 'workbench-03-changes');
    expect(pageErrors).toEqual([]);
  }, STEP_MS);

  it('at 900×700 the detail view shows the timeline with room to read it', async () => {
    await page.setViewportSize({ width: 900, height: 700 });
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const panel = page.getByRole('tabpanel');
    await panel.locator('.timeline li').first().waitFor({ timeout: UI_MS });
    // Under the screen on a narrow window: the view scrolls to it, and it has a height of its own.
    await page.locator('.detail-side').evaluate((el) => el.scrollIntoView({ block: 'end' }));
    const box = (await page.locator('.detail-side').boundingBox())!;
    expect(box.height).toBeGreaterThanOrEqual(280);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(701);
    expect(await panel.locator('.timeline li').first().isVisible()).toBe(true);
    await shot(page, 'workbench-04-900x700-timeline');
    await page.getByRole('tab', { name: 'Changes' }).click();
    await page.getByLabel('Diff of reader').filter({ hasText: 'added by the agent' }).waitFor({ timeout: UI_MS });
    await shot(page, 'workbench-05-900x700-changes');
    expect(pageErrors).toEqual([]);
  }, STEP_MS);

  it('take-over: typing in the screen reaches the pane, and stops when left with Esc Esc', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const pane = () => tmux.capture(agent.paneId);
    await page.getByRole('button', { name: 'Take over' }).click();
    await page.getByRole('status').filter({ hasText: 'Typing goes to reader' }).waitFor({ timeout: UI_MS });
    await page.keyboard.type('hello');
    await waitFor(async () => (await pane()).includes('❯ hello'), 'the typed text in the agent\'s input box', UI_MS);
    await shot(page, 'workbench-06-take-over');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Take over' }).waitFor({ timeout: UI_MS });
    expect(page.url()).toContain('#/agents/'); // still on the agent: Esc Esc left take-over only
    // Left: these keys go nowhere. Taken over again, one more key shows they never arrived.
    await page.keyboard.type('zz');
    await page.getByRole('button', { name: 'Take over' }).click();
    await page.keyboard.type('!');
    await waitFor(async () => (await pane()).includes('❯ hello!'), 'only the keys typed while taken over', UI_MS);
    expect(await pane()).not.toContain('zz');
    await page.getByRole('button', { name: 'Leave' }).click();
    await page.getByRole('button', { name: 'Take over' }).waitFor({ timeout: UI_MS });
    expect(pageErrors).toEqual([]);
  }, STEP_MS);

  it('the Conversation tab lists sent, queued and cancelled messages live, with Cancel and Resend', async () => {
    // Take-over left text in the box: Esc clears it; then the agent works a while.
    await tmux.tmux('send-keys', '-t', agent.paneId, 'Escape');
    await waitFor(async () => !(await tmux.capture(agent.paneId)).includes('❯ hello!'), 'the input box cleared', UI_MS);
    expect((await serve!.call('sendMessage', { target: agent.id, text: 'work 120s' })).status).toBe('delivered');
    for (const text of ['queued one', 'queued two']) expect((await serve!.call('sendMessage', { target: agent.id, text })).status).toBe('queued');

    await page.getByRole('tab', { name: 'Conversation' }).click();
    const list = page.getByRole('list', { name: 'Messages to reader' });
    const row = (text: string) => list.locator('li', { hasText: text });
    await row('queued two').and(page.locator('[data-status="queued"]')).waitFor({ timeout: UI_MS });
    await row('work 120s').and(page.locator('[data-status="delivered"]')).waitFor({ timeout: UI_MS });
    await row('queued two').getByRole('button', { name: 'Cancel' }).click();
    await row('queued two').and(page.locator('[data-status="cancelled"]')).waitFor({ timeout: UI_MS });
    await shot(page, 'workbench-07-conversation-queued');

    // The agent stops working: the monitor delivers what is still queued, and the tab follows.
    await tmux.tmux('send-keys', '-t', agent.paneId, 'Escape');
    await row('queued one').and(page.locator('[data-status="delivered"]')).waitFor({ timeout: UI_MS });
    // Resend types the same text again: a second row.
    await waitFor(async () => (await serve!.call('getAgent', { target: agent.id })).state === 'idle', 'the agent idle again', UI_MS);
    await row('queued one').getByRole('button', { name: 'Resend' }).click();
    await waitFor(async () => (await row('queued one').count()) === 2, 'the resent message listed', UI_MS);
    await shot(page, 'workbench-08-conversation-resent');
    // The cancelled message was never typed.
    const typed = await serve!.call('capturePane', { target: agent.id, scrollback: 200 });
    expect(typed.text).toContain('queued one');
    expect(typed.text).not.toContain('queued two');
    expect(pageErrors).toEqual([]);
  }, STEP_MS);
});
