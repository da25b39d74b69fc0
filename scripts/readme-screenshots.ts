// Real screenshots for the README: `npx tsx scripts/readme-screenshots.ts`.
// The product as users run it — `tmux-orc serve` on a private tmux server with a temp database —
// watching a small fleet of fake agents (the Claude Code stand-in) driven into every state,
// shot in Debian's Chromium into docs/screenshots/. The performance review reads a month of
// history seeded into the database first (test/helpers/seed-review.ts: the same fleet's names).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore, storeForServer } from '../src/core/store/index.js';
import { ServerIdentity } from '../src/core/tmux/server-identity.js';
import { FAKE_AGENT } from '../test/helpers/fake-agent.js';
import { seedReviewHistory } from '../test/helpers/seed-review.js';
import { createTmuxServer } from '../test/helpers/tmux.js';
import { launchChromium } from '../test/e2e/helpers.js';
import { ensureRendererBuild, startServe } from '../test/e2e/serve.js';

const OUT = resolve('docs/screenshots');
const FLEET: { name: string; team: string; role: 'pm' | 'engineer' | 'qa'; then?: string; typed?: string }[] = [
  { name: 'api-pm', team: 'api', role: 'pm' },
  { name: 'api-eng-1', team: 'api', role: 'engineer', then: 'work 600s' },
  { name: 'api-eng-2', team: 'api', role: 'engineer', then: 'ask' },
  { name: 'api-qa', team: 'api', role: 'qa', typed: 'please also cover the retry path' },
  { name: 'web-pm', team: 'web', role: 'pm', then: 'work 600s' },
  { name: 'web-eng-1', team: 'web', role: 'engineer', then: 'ratelimit' },
  { name: 'web-eng-2', team: 'web', role: 'engineer' },
  { name: 'web-eng-3', team: 'web', role: 'engineer', then: 'crash' },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  ensureRendererBuild();
  mkdirSync(OUT, { recursive: true });
  const tmux = createTmuxServer();
  const dir = mkdtempSync(join(tmpdir(), 'orc-readme-'));
  const history = openStore({ path: join(dir, 'orc.db') });
  seedReviewHistory(storeForServer(history, ServerIdentity.of({ socketName: tmux.name }).key()), { now: Date.now(), days: 30, metrics: true });
  history.close();
  const serve = await startServe({
    socketName: tmux.name,
    dbPath: join(dir, 'orc.db'),
    env: { ORC_AGENT_CMD_CLAUDE: `node ${FAKE_AGENT}` },
  });
  const browser = await launchChromium();
  try {
    for (const a of FLEET) {
      process.stderr.write(`spawning ${a.name}…\n`);
      await serve.call('spawnAgent', { name: a.name, type: 'claude', role: a.role, team: a.team, cwd: dir });
    }
    for (const a of FLEET) {
      if (a.then) await serve.call('sendMessage', { target: a.name, text: a.then });
      if (a.typed) await tmux.tmux('send-keys', '-t', (await serve.call('getAgent', { target: a.name })).paneId, '-l', a.typed);
    }
    // Let the monitor record a few metric ticks for the performance view.
    await sleep(35_000);
    const page = await browser.newPage({ viewport: { width: 1440, height: 820 }, colorScheme: 'dark' });
    await page.goto(serve.url);
    await page.getByText('Connected', { exact: true }).first().waitFor();
    await page.getByRole('row').filter({ hasText: 'web-eng-3' }).waitFor();
    await sleep(1500);
    await page.screenshot({ path: join(OUT, 'board.png') });
    await page.goto(new URL('#/notifications', serve.url).href);
    await page.getByText(/\d+ open · \d+ unread/).waitFor();
    await page.screenshot({ path: join(OUT, 'notifications.png') });
    await page.goto(serve.url);
    await page.getByRole('row').filter({ hasText: 'api-eng-2' }).click();
    await page.getByLabel('Screen of api-eng-2').waitFor();
    await sleep(1500);
    await page.screenshot({ path: join(OUT, 'agent-detail.png') });
    await page.setViewportSize({ width: 1440, height: 1480 });
    await page.goto(new URL('#/performance', serve.url).href);
    await page.getByRole('button', { name: '30 days' }).click();
    await page.locator('[data-drawn="true"]').waitFor();
    await page.mouse.move(0, 0);
    await sleep(1000);
    await page.screenshot({ path: join(OUT, 'performance.png') });
    const light = await browser.newPage({ viewport: { width: 1440, height: 1480 }, colorScheme: 'light' });
    await light.goto(new URL('#/performance', serve.url).href);
    await light.locator('[data-drawn="true"]').waitFor();
    await sleep(1000);
    await light.screenshot({ path: join(OUT, 'performance-light.png') });
    await page.setViewportSize({ width: 1440, height: 820 });
    await page.getByRole('tab', { name: 'Engine health' }).click();
    await page.locator('[data-drawn="true"]').waitFor();
    await sleep(1000);
    await page.screenshot({ path: join(OUT, 'engine-health.png') });
    process.stderr.write(`saved board.png, notifications.png, agent-detail.png, performance.png, performance-light.png, engine-health.png in ${OUT}\n`);
  } finally {
    await browser.close();
    await serve.stop();
    await tmux.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
