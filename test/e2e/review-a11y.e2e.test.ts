// In Chromium against `tmux-orc serve` with a month of seeded history: the performance review
// (tiles, per-day bars, per-team and per-agent tables, the CSV export, the engine's health on its
// own tab, no timings shown to users), axe-core over every view in the light and the dark
// theme finding no contrast violations, focus never lost to the page body, and the collapsed
// sidebar keeping the counts that need the person.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, storeForServer } from '../../src/core/store/index.js';
import { ServerIdentity } from '../../src/core/tmux/server-identity.js';
import { reviewCsv } from '../../src/shared/review-csv.js';
import { startFake } from '../cli/fake-agents.js';
import { waitFor } from '../helpers/poll.js';
import { skipWithout } from '../helpers/required-tools.js';
import { seedReviewHistory } from '../helpers/seed-review.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { launchChromium, screenshot } from './helpers.js';
import { ensureRendererBuild, startServe, type Serve } from './serve.js';

const UI_MS = 30_000;
const noChromium = skipWithout('chromium');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const VIEWS = ['agents', 'notifications', 'performance', 'spawn', 'schedules', 'settings'] as const;

interface AxeViolation {
  id: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's WCAG 2 A/AA rules on the page as it is: the violations, and how many elements had their contrast checked. */
async function axe(page: Page): Promise<{ violations: AxeViolation[]; contrastChecked: number }> {
  // Evaluated through the debugger protocol: the page's CSP (script-src 'self') stays as users get it.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type Result = { id: string; nodes: { target: string[]; failureSummary?: string }[] };
    const { axe } = globalThis as unknown as { axe: { run(o: object): Promise<{ violations: Result[]; passes: Result[] }> } };
    const r = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    const checked = [...r.passes, ...r.violations].filter((v) => v.id === 'color-contrast').reduce((n, v) => n + v.nodes.length, 0);
    return {
      violations: r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })),
      contrastChecked: checked,
    };
  });
}

const describeViolations = (vs: AxeViolation[]) =>
  vs.map((v) => `${v.id}: ${v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} (${n.failureSummary?.split('\n').slice(1).join(' ').trim()})`).join('; ')}`).join('\n');

describe.skipIf(noChromium)('performance review and accessibility in Chromium', () => {
  const tmux = useTmuxServer();
  const dir = mkdtempSync(join(tmpdir(), 'orc-e2e-review-'));
  const dbPath = join(dir, 'orc.db');
  let serve: Serve | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    ensureRendererBuild();
    const store = openStore({ path: dbPath });
    seedReviewHistory(storeForServer(store, ServerIdentity.of({ socketName: tmux.name }).key()), { now: Date.now(), days: 30 });
    store.close();
    await startFake(tmux, 'web', 'web-eng-1', { team: 'web' });
    await startFake(tmux, 'web', 'web-eng-2', { team: 'web' });
    serve = await startServe({ socketName: tmux.name, dbPath, env: { XDG_CONFIG_HOME: join(dir, 'config') } });
    // Asked while watched: a waiting agent and its open problem.
    await serve.call('sendMessage', { target: 'web-eng-2', text: 'ask' });
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await serve?.stop();
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the review for the person, exports it as CSV, and keeps engine health on its own tab', async () => {
    const ctx = await browser!.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    try {
      const page = await ctx.newPage();
      await page.goto(new URL('#/performance', serve!.url).href);
      await page.locator('[data-drawn="true"]').waitFor({ timeout: UI_MS });
      const review = await serve!.call('getReview', { range: '7d' });
      expect(review.agents.length).toBeGreaterThanOrEqual(8);
      const summary = page.getByRole('list', { name: 'Summary' });
      const waited = review.agents.reduce((n, a) => n + a.waitingMs + a.unsentMs, 0) / 3_600_000;
      await summary.getByText(`${waited < 10 ? waited.toFixed(1) : Math.round(waited)} h`, { exact: true }).waitFor();
      // Per team and per agent, most waited-on first.
      const teams = page.getByRole('figure').filter({ hasText: 'Per team' });
      expect(await teams.getByRole('row').count()).toBe(review.teams.length + 1);
      const agents = page.getByRole('figure').filter({ hasText: 'Per agent' });
      expect(await agents.getByRole('row').nth(1).getByRole('cell').first().textContent()).toBe(review.agents[0]!.agent);
      expect(await page.getByText(/fetched in|drawn in/).count()).toBe(0);
      await screenshot(page, 'review-7d');

      // The export is what `tmux-orc review --csv` prints for the same range.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^tmux-orc-review-7d-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = readFileSync((await download.path())!, 'utf8');
      const expected = reviewCsv(await serve!.call('getReview', { range: '7d' })).split('\r\n');
      expect(csv.split('\r\n').slice(0, 3)).toEqual(expected.slice(0, 3));
      expect(csv.split('\r\n').length).toBeGreaterThanOrEqual(expected.length - 4);

      await page.getByRole('button', { name: '30 days' }).click();
      await page.locator('[data-drawn="true"]').waitFor({ timeout: UI_MS });
      await screenshot(page, 'review-30d');

      await page.getByRole('tab', { name: 'Engine health' }).click();
      await page.getByRole('tab', { name: 'Engine health', selected: true }).waitFor();
      expect(await page.getByRole('list', { name: 'Summary' }).count()).toBe(0);
    } finally {
      await ctx.close();
    }
  }, 120_000);

  it('never leaves focus on the page body: closing a dialog returns it, removing the focused row keeps it in the view', async () => {
    const ctx = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
    // What has focus: 'body' when it was lost, else tag and accessible text.
    const focused = (page: Page) =>
      page.evaluate(() => {
        type El = { tagName: string; textContent: string | null; getAttribute(n: string): string | null };
        const doc = (globalThis as unknown as { document: { activeElement: El | null; body: El } }).document;
        const el = doc.activeElement;
        return !el || el === doc.body ? 'body' : `${el.tagName.toLowerCase()}:${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}`;
      });
    try {
      const page = await ctx.newPage();
      await page.goto(serve!.url);
      await page.getByRole('row').filter({ hasText: 'web-eng-1' }).waitFor({ timeout: UI_MS });
      // The shortcut help, opened with ? from a sidebar link and closed with Esc.
      const link = page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: /Schedules/ });
      await link.focus();
      await page.keyboard.press('?');
      await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      expect(await focused(page)).toMatch(/^a:.*Schedules/);

      // Kill → Cancel: back on the Kill button.
      await page.getByRole('row').filter({ hasText: 'web-eng-1' }).click();
      const kill = page.getByRole('button', { name: 'Kill', exact: true });
      await kill.click();
      await page.getByRole('dialog', { name: 'Kill web-eng-1?' }).getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      expect(await focused(page)).toBe('button:Kill');

      // A schedule cancelled from its own row: the row (and the focused button) go, focus stays in the view.
      for (const text of ['first check-in', 'second check-in']) await serve!.call('schedule', { target: 'web-eng-1', text, inMs: 3_600_000 });
      await page.goto(new URL('#/schedules', serve!.url).href);
      const row = page.getByRole('row').filter({ hasText: 'first check-in' });
      await row.getByRole('button', { name: 'Cancel' }).focus();
      await page.keyboard.press('Enter');
      await row.waitFor({ state: 'detached', timeout: UI_MS });
      await waitFor(async () => (await focused(page)) !== 'body', 'focus back in the view after the row went', 5_000);
      // The keyboard still works from there.
      await page.keyboard.press('g');
      await page.keyboard.press('1');
      await page.getByRole('heading', { level: 1, name: /Agents/ }).waitFor({ timeout: UI_MS });
    } finally {
      await ctx.close();
    }
  }, 120_000);

  it('the collapsed sidebar still shows how many agents need attention and the open problems', async () => {
    const ctx = await browser!.newContext({ viewport: { width: 820, height: 700 } });
    try {
      const page = await ctx.newPage();
      await page.goto(serve!.url);
      const nav = page.getByRole('navigation', { name: 'Views' });
      const attention = nav.getByLabel('1 need attention');
      const open = nav.getByLabel('1 open problem');
      await attention.waitFor({ timeout: UI_MS }).catch(async (err: unknown) => {
        throw new Error(`${String(err)}\nsidebar: ${await nav.innerHTML()}`);
      });
      await open.waitFor({ timeout: UI_MS });
      expect(await nav.getByText('Agents', { exact: true }).isVisible()).toBe(false); // collapsed
      const sidebar = (await nav.boundingBox())!;
      for (const badge of [attention, open]) {
        const box = (await badge.boundingBox())!;
        expect(box.width).toBeGreaterThan(8);
        expect(box.x + box.width).toBeLessThanOrEqual(sidebar.x + sidebar.width);
      }
      await screenshot(page, 'sidebar-collapsed');
    } finally {
      await ctx.close();
    }
  }, 60_000);

  for (const scheme of ['light', 'dark'] as const) {
    it(`axe-core finds no contrast violations on any view in the ${scheme} theme`, async () => {
      const ctx = await browser!.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: scheme });
      try {
        const page = await ctx.newPage();
        await page.goto(serve!.url);
        // A waiting agent: its badge, the open-problem count in the sidebar.
        await page.getByRole('row').filter({ hasText: 'web-eng-2' }).filter({ hasText: 'Waiting' }).waitFor({ timeout: UI_MS });
        const found: string[] = [];
        const others = new Set<string>();
        for (const view of VIEWS) {
          await page.goto(new URL(`#/${view}`, serve!.url).href);
          await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: UI_MS });
          if (view === 'performance') await page.locator('[data-drawn="true"]').waitFor({ timeout: UI_MS });
          const { violations, contrastChecked } = await axe(page);
          expect(contrastChecked, `text whose contrast axe checked on ${view}`).toBeGreaterThan(5);
          const contrast = violations.filter((v) => v.id === 'color-contrast');
          if (contrast.length) found.push(`${view}: ${describeViolations(contrast)}`);
          for (const v of violations) if (v.id !== 'color-contrast') others.add(`${view}: ${describeViolations([v])}`);
        }
        if (others.size) process.stderr.write(`axe (${scheme}), not contrast:\n${[...others].join('\n')}\n`);
        expect(found.join('\n')).toBe('');
      } finally {
        await ctx.close();
      }
    }, 120_000);
  }

  // Last: it answers the question the other checks rely on.
  it('the board puts the waiting agent first, the title counts it, a browser notification fires; its row answers it and the problem resolves', async () => {
    const ctx = await browser!.newContext({ viewport: { width: 1440, height: 800 } });
    await ctx.grantPermissions(['notifications'], { origin: new URL(serve!.url).origin });
    // The real Notification API, watched: every notification the page raises is recorded.
    await ctx.addInitScript(() => {
      const g = globalThis as unknown as { Notification: new (t: string, o?: { body?: string }) => object; shown: { title: string; body: string }[] };
      const Real = g.Notification;
      g.shown = [];
      const Watched = function (this: object, title: string, o?: { body?: string }) {
        g.shown.push({ title, body: o?.body ?? '' });
        return new Real(title, o);
      } as unknown as typeof Real;
      Object.setPrototypeOf(Watched, Real);
      g.Notification = Watched;
    });
    const shown = (page: Page) => page.evaluate(() => (globalThis as unknown as { shown: { title: string; body: string }[] }).shown);
    try {
      const page = await ctx.newPage();
      await page.goto(serve!.url);
      // Waiting first, though its name sorts after the idle one's.
      const agentRows = page.locator('[role="row"][data-agent]');
      await agentRows.first().filter({ hasText: 'web-eng-2' }).waitFor({ timeout: UI_MS });
      expect(await agentRows.nth(1).textContent()).toContain('web-eng-1');
      // The other agent asks now: a Web Notification names it, the title counts two.
      await serve!.call('sendMessage', { target: 'web-eng-1', text: 'ask' });
      await waitFor(async () => (await shown(page)).some((n) => `${n.title} ${n.body}`.includes('web-eng-1')), 'a browser notification for web-eng-1', UI_MS);
      await page.waitForFunction(() => /^\(2\)/.test((globalThis as unknown as { document: { title: string } }).document.title), undefined, { timeout: UI_MS });
      // The favicon carries the count too (drawn: a PNG data URL, another one for another count).
      const favicon = () =>
        page.evaluate(() => (globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string | null } | null } }).document.querySelector('link[rel="icon"]')?.getAttribute('href') ?? '');
      const iconOfTwo = await favicon();
      expect(iconOfTwo).toMatch(/^data:image\/png;base64,/);
      await agentRows.nth(1).filter({ hasText: 'web-eng-1' }).filter({ hasText: 'Waiting' }).waitFor({ timeout: UI_MS });

      const row = page.getByRole('row').filter({ hasText: 'web-eng-2' });
      const answers = row.getByRole('group', { name: 'Answers' });
      await answers.waitFor({ timeout: UI_MS });
      const asker = (await serve!.call('listAgents', {})).find((a) => a.name === 'web-eng-2')!;
      expect(asker.state).toBe('waiting');
      const labels = asker.prompt!.options.map((o) => `${o.number} ${o.label}`);
      expect((await answers.getByRole('button').allTextContents()).map((t) => t.trim())).toEqual([...labels, 'Esc']);
      expect(await answers.getAttribute('data-fingerprint')).toBe(asker.prompt!.fingerprint);
      await screenshot(page, 'board-answer-buttons');
      await answers.getByRole('button', { name: labels[0] }).click();
      await waitFor(async () => (await serve!.call('getAgent', { target: 'web-eng-2' })).state !== 'waiting', 'web-eng-2 answered', UI_MS);
      const openFor = async (name: string) => (await serve!.call('listNotifications', { open: true })).filter((n) => n.members.some((m) => m.agent === name && m.resolvedAt === null));
      await waitFor(async () => (await openFor('web-eng-2')).length === 0, "web-eng-2's waiting problem resolved", UI_MS);
      expect(await openFor('web-eng-1')).toHaveLength(1);
      expect(page.url()).not.toContain('web-eng-2');
      await page.waitForFunction(() => /^\(1\)/.test((globalThis as unknown as { document: { title: string } }).document.title), undefined, { timeout: UI_MS });
      await waitFor(async () => /^data:image\/png;base64,/.test(await favicon()) && (await favicon()) !== iconOfTwo, 'the favicon redrawn for one open problem', UI_MS);
    } finally {
      await ctx.close();
    }
  }, 120_000);
});
