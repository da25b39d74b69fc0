// The whole product in a real browser, as a user runs it: `tmux-orc serve` (a subprocess, on a
// private tmux server and a temp database) serving the built renderer to Debian's Chromium;
// agents are the fake agent standing in for Claude Code (ORC_AGENT_CMD_CLAUDE). Each step of
// issue 10's end-to-end list saves a screenshot, then every view is shot in light and dark.
// Steps share one page and build on each other, in order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_AGENT, fakeAgentMessages } from '../helpers/fake-agent.js';
import { waitFor } from '../helpers/poll.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { launchChromium, screenshot } from './helpers.js';
import { skipWithout } from '../helpers/required-tools.js';

// Without Chromium this skips (the run says once what to install); under CI=true it fails.
const noChromium = skipWithout('chromium');
import { ensureRendererBuild, startServe, type Serve } from './serve.js';

const AGENT = 'e2e-1';
const TEAM = 'web';
/** UI waits: generous for a shared 2-core CI machine; every wait is a deadline, never a sleep. */
const UI_MS = 20_000;
const STEP_MS = 90_000;
const VIEWPORT = { width: 1280, height: 800 };
const VIEWS = ['agents', 'spawn', 'notifications', 'performance', 'schedules', 'settings'] as const;

/** The open agent's title (name, state badge, time in state). */
const detailTitle = (page: Page) => page.getByRole('heading', { level: 1 }).filter({ hasText: AGENT });
/** Wait until the agent detail shows this state word in its title. */
const detailState = (page: Page, word: string) => detailTitle(page).filter({ hasText: word }).waitFor({ timeout: UI_MS });
/** The agent's live screen (xterm.js). */
const screen = (page: Page) => page.getByLabel(`Screen of ${AGENT}`);
const boardRow = (page: Page) => page.getByRole('row').filter({ hasText: AGENT });
const navLink = (page: Page, label: string) => page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: new RegExp(`^\\S*\\s*${label}`) });

async function connected(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Views' }).getByText('Connected', { exact: true }).waitFor({ timeout: UI_MS });
}

/** The legend value a uPlot chart shows for `series` at its latest point (hovering the plot's right edge). */
async function latestValue(chart: Locator, series: string | RegExp): Promise<string> {
  const over = chart.locator('.u-over');
  const box = await over.boundingBox();
  if (!box) throw new Error('chart has no plot area');
  await over.hover({ position: { x: box.width - 2, y: box.height / 2 } });
  const row = chart.locator('.u-legend .u-series').filter({ has: chart.page().locator('.u-label', { hasText: series }) });
  return ((await row.locator('.u-value').textContent()) ?? '').trim();
}

describe.skipIf(noChromium)('the product in Chromium: tmux-orc serve, a real tmux server, fake agents', () => {
  const tmux = useTmuxServer();
  let dir: string;
  let log: string;
  let serve: Serve | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;
  /** Uncaught exceptions and console errors of every page, checked at the end. */
  const pageErrors: string[] = [];
  const watch = (p: Page) => {
    p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`${p.url()}: console: ${m.text()}`);
    });
  };

  beforeAll(async () => {
    ensureRendererBuild();
    dir = mkdtempSync(join(tmpdir(), 'orc-e2e-ui-'));
    log = join(dir, 'fake-agent.jsonl');
    serve = await startServe({
      socketName: tmux.name,
      dbPath: join(dir, 'orc.db'),
      env: { ORC_AGENT_CMD_CLAUDE: `node ${FAKE_AGENT}`, FAKE_AGENT_LOG: log },
    });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: VIEWPORT, colorScheme: 'light' });
    page = await context.newPage();
    watch(page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('opens on the empty board, telling a newcomer what to do', async () => {
    const res = await page.goto(serve!.url);
    expect(res?.status()).toBe(200);
    await connected(page);
    // No tmux server yet (serve does not start one): the board says how to begin.
    await page.getByRole('heading', { name: 'No tmux server is running' }).waitFor({ timeout: UI_MS });
    // The token left the address bar; a reload still works (cookie + session storage).
    expect(page.url()).not.toContain('token=');
    await screenshot(page, 'e2e-00-empty-board');
  }, STEP_MS);

  it('1. spawns an agent from the Spawn view and sees it idle on the board', async () => {
    await page.getByRole('button', { name: 'Spawn an agent' }).click();
    const form = page.getByRole('form', { name: 'Spawn an agent' });
    await form.waitFor({ timeout: UI_MS });
    await form.getByLabel('Type').selectOption('claude');
    await form.getByLabel('Name', { exact: true }).fill(AGENT);
    await form.getByLabel('Team').fill(TEAM);
    await form.getByLabel(/^Folder/).fill(dir);
    await screenshot(page, 'e2e-01a-spawn-form');
    await form.getByRole('button', { name: 'Spawn agent' }).click();

    // Ready: the Spawn view opens the new agent, idle.
    await detailState(page, 'Idle');
    await screen(page).filter({ hasText: '? for shortcuts' }).waitFor({ timeout: UI_MS });
    await screenshot(page, 'e2e-01b-spawned-detail');
    await page.getByRole('link', { name: '← Agents' }).click();
    await boardRow(page).filter({ hasText: 'Idle' }).waitFor({ timeout: UI_MS });
    await expect(boardRow(page).textContent()).resolves.toContain(TEAM);
    await screenshot(page, 'e2e-01c-board-idle');
  }, STEP_MS);

  it('2. sends a message from the composer and sees the agent go busy, then idle', async () => {
    await boardRow(page).click();
    await detailState(page, 'Idle');
    const composer = page.getByLabel(`Message to ${AGENT}`);
    await composer.fill('work 3s');
    await composer.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Delivered' }).waitFor({ timeout: UI_MS });
    await detailState(page, 'Busy');
    // The live screen follows while it works (the spinner line of the fake agent).
    await screen(page).filter({ hasText: 'Working…' }).waitFor({ timeout: UI_MS });
    await screenshot(page, 'e2e-02a-busy');
    await detailState(page, 'Idle');
    await screen(page).filter({ hasText: /Done:\s*work 3s/ }).waitFor({ timeout: UI_MS });
    await screenshot(page, 'e2e-02b-idle-again');
    expect(fakeAgentMessages(log)).toEqual(['work 3s']);
  }, STEP_MS);

  it('3. answers a permission question with its own option button', async () => {
    const composer = page.getByLabel(`Message to ${AGENT}`);
    await composer.fill('ask');
    await composer.press('Enter');
    await detailState(page, 'Waiting');
    const quick = page.getByRole('group', { name: 'Answers' });
    await quick.waitFor({ timeout: UI_MS });
    await screen(page).filter({ hasText: 'Do you want to proceed?' }).waitFor({ timeout: UI_MS });
    await screenshot(page, 'e2e-03a-waiting');
    // A question answered within the burst window is no news; this one stays until it is an
    // open problem in the inbox (the person was told), then gets answered.
    await waitFor(
      async () => ((await serve!.call('listNotifications', { open: true })) as { kind: string }[]).some((n) => n.kind === 'waiting'),
      'an open waiting notification',
      UI_MS,
    );
    // The prompt's own options (test/e2e/answers.e2e.test.ts: labels, the command, a stale click).
    await quick.getByRole('button', { name: '1 Yes', exact: true }).click();
    await detailState(page, 'Idle');
    await screen(page).filter({ hasText: /Answer:\s*Yes/ }).waitFor({ timeout: UI_MS });
    await expect(quick.count()).resolves.toBe(0);
    await screenshot(page, 'e2e-03b-answered');
  }, STEP_MS);

  it('4. sees the notifications appear in the Notifications list', async () => {
    await navLink(page, 'Notifications').click();
    await page.getByRole('heading', { name: /^Notifications/ }).waitFor({ timeout: UI_MS });
    const items = page.getByRole('listitem').filter({ hasText: AGENT });
    // busy → idle fires "finished and is idle"; the question fired "needs a decision".
    await items.filter({ hasText: 'finished and is idle' }).first().waitFor({ timeout: UI_MS });
    await items.filter({ hasText: 'Needs a decision' }).first().waitFor({ timeout: UI_MS });
    await screenshot(page, 'e2e-04a-notifications');
    // Clicking one marks it read and opens its agent.
    const unreadBefore = await items.filter({ has: page.getByLabel('unread', { exact: true }) }).count();
    expect(unreadBefore).toBeGreaterThan(0);
    await items.first().getByRole('button').first().click();
    await detailState(page, 'Idle');
    await navLink(page, 'Notifications').click();
    await waitFor(async () => (await items.filter({ has: page.getByLabel('unread', { exact: true }) }).count()) === unreadBefore - 1, 'one notification marked read', UI_MS);
    await screenshot(page, 'e2e-04b-notification-read');
  }, STEP_MS);

  it('5. draws the performance charts from real metrics', async () => {
    // The monitor records a sample every 10 s: wait for two, so every line has a segment.
    await waitFor(
      async () => {
        const r = await serve!.call('getMetrics', { range: '1h' });
        return r.series.length > 0 && r.series.every((x) => x.points.length >= 2) && r.byState.some((x) => x.points.length >= 2);
      },
      'two metrics samples in the store',
      45_000,
      100,
    );
    await navLink(page, 'Performance').click();
    // The review (the person's view) first: the real state time of the one agent, today.
    await page.getByRole('button', { name: 'Today' }).click();
    await page.locator('[data-drawn="true"]').waitFor({ timeout: UI_MS });
    const charts = page.getByRole('figure').filter({ has: page.locator('canvas') });
    await page.getByRole('list', { name: 'Summary' }).waitFor({ timeout: UI_MS });
    const review = await serve!.call('getReview', { range: '1d' });
    expect(review.agents.map((a) => a.agent)).toContain(AGENT);
    await page.getByRole('figure').filter({ hasText: 'Per agent' }).getByText(AGENT, { exact: true }).waitFor({ timeout: UI_MS });
    await page.mouse.move(0, 0);
    await screenshot(page, 'e2e-05-performance');
    // The engine's own health on its tab: reconcile time, transition latency, CPU, memory, agent count.
    await page.getByRole('tab', { name: 'Engine health' }).click();
    await page.locator('[data-drawn="true"]').waitFor({ timeout: UI_MS });
    expect(await charts.count()).toBeGreaterThanOrEqual(4);
    const memory = charts.filter({ has: page.getByText(/^Engine memory/) });
    expect(await latestValue(memory, 'Engine memory')).toMatch(/^\d+(\.\d+)? MB$/);
    expect(await page.getByText(/fetched in|drawn in/).count()).toBe(0);
    await page.mouse.move(0, 0);
    await screenshot(page, 'e2e-05b-engine-health');
  }, STEP_MS);

  it('creates a schedule from the Schedules view and lists it', async () => {
    await navLink(page, 'Schedules').click();
    const form = page.getByRole('form', { name: 'New schedule' });
    await form.getByLabel('To (agent name or target)').fill(AGENT);
    await form.getByLabel('Message').fill('Status report please');
    await form.getByRole('button', { name: 'Every…' }).click();
    await form.getByLabel('Every', { exact: true }).fill('30');
    await form.getByRole('button', { name: 'Schedule', exact: true }).click();
    await page.getByRole('row').filter({ hasText: 'Status report please' }).waitFor({ timeout: UI_MS });
    expect((await serve!.call('listSchedules', {})).map((s) => s.text)).toEqual(['Status report please']);
    await screenshot(page, 'e2e-06-schedule-created');
  }, STEP_MS);

  it('switches the theme from Settings and back', async () => {
    await navLink(page, 'Settings').click();
    const theme = page.getByLabel('Theme');
    await theme.selectOption('dark');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor({ timeout: UI_MS });
    await page.locator('html[data-theme="dark"]').waitFor({ state: 'attached', timeout: UI_MS });
    expect((await serve!.call('getSettings', {})).theme).toBe('dark');
    await screenshot(page, 'e2e-07-settings-theme-dark');
    await theme.selectOption('system');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('html:not([data-theme])').waitFor({ state: 'attached', timeout: UI_MS });
    expect((await serve!.call('getSettings', {})).theme).toBe('system');
  }, STEP_MS);

  it('opts the team into auto-continue from Settings: after a usage limit the agent is sent the text once', async () => {
    await navLink(page, 'Settings').click();
    const card = page.getByRole('group', { name: 'After a usage limit' });
    // The teams running now are offered by name.
    await card.getByText(`Now running: ${TEAM}`).waitFor({ timeout: UI_MS });
    await card.getByLabel(/^Teams that continue/).fill(`${TEAM}\n\n`);
    await card.getByLabel('Text sent').fill('carry on please');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor({ timeout: UI_MS });
    expect((await serve!.call('getSettings', {})).autoContinue).toEqual({ agents: [], teams: [TEAM], text: 'carry on please' });
    await screenshot(page, 'e2e-07b-settings-auto-continue');
    // Bad text is one message beside its field, and nothing is saved.
    await card.getByLabel('Text sent').fill('   ');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await card.getByRole('alert').waitFor({ timeout: UI_MS });
    expect((await serve!.call('getSettings', {})).autoContinue.text).toBe('carry on please');
    await page.getByRole('button', { name: 'Discard' }).click();

    // The agent hits its usage limit, resetting 3 s later: the engine sends the text once then.
    const before = fakeAgentMessages(log).length;
    expect((await serve!.call('sendMessage', { target: AGENT, text: 'ratelimit 3s' })).status).toBe('delivered');
    await waitFor(() => fakeAgentMessages(log).slice(before).includes('carry on please'), 'the auto-continue text', 30_000);
    await waitFor(async () => (await serve!.call('listAgents', {})).find((a) => a.name === AGENT)?.state === 'idle', 'the agent idle again', UI_MS);
    expect(fakeAgentMessages(log).slice(before)).toEqual(['ratelimit 3s', 'carry on please']);
  }, STEP_MS);

  it('shows every view in light and dark', async () => {
    const agent = (await serve!.call('listAgents', {})).find((a) => a.name === AGENT);
    expect(agent).toBeDefined();
    for (const scheme of ['light', 'dark'] as const) {
      const ctx = await browser!.newContext({ viewport: VIEWPORT, colorScheme: scheme });
      try {
        const p = await ctx.newPage();
        watch(p);
        await p.goto(serve!.url);
        await connected(p);
        for (const view of VIEWS) {
          await p.goto(`${new URL(serve!.url).origin}/#/${view}`);
          await p.getByRole('heading', { level: 1 }).first().waitFor({ timeout: UI_MS });
          if (view === 'agents') await boardRow(p).waitFor({ timeout: UI_MS });
          if (view === 'performance') await p.locator('[data-drawn="true"]').waitFor({ timeout: UI_MS });
          if (view === 'notifications') await p.getByRole('listitem').first().waitFor({ timeout: UI_MS });
          if (view === 'schedules') await p.getByRole('row').filter({ hasText: 'Status report please' }).waitFor({ timeout: UI_MS });
          await screenshot(p, `view-${view === 'agents' ? 'board' : view}-${scheme}`);
        }
        await p.goto(`${new URL(serve!.url).origin}/#/agents/${encodeURIComponent(agent!.id)}`);
        await detailState(p, 'Idle');
        await screen(p).filter({ hasText: /Answer:\s*Yes/ }).waitFor({ timeout: UI_MS });
        await screenshot(p, `view-detail-${scheme}`);
      } finally {
        await ctx.close();
      }
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('stops cleanly on Ctrl-C', async () => {
    expect(await serve!.stop(), serve!.stderr()).toBe(0);
  }, 30_000);
});
