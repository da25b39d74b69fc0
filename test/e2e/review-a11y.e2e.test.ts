// In Chromium against `tmux-orc serve` with a month of seeded history: the performance review
// (tiles, per-day bars, per-team and per-agent tables, the CSV export, the engine's health on its
// own tab, no timings shown to users), and axe-core over every view in the light and the dark
// theme finding no contrast violations.
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
    const asker = await startFake(tmux, 'web', 'web-eng-2', { team: 'web' });
    await tmux.tmux('send-keys', '-t', asker.pane, 'ask', 'Enter');
    serve = await startServe({ socketName: tmux.name, dbPath, env: { XDG_CONFIG_HOME: join(dir, 'config') } });
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
});
