// Answer buttons in Chromium against `tmux-orc serve` (issue #14): the detail view shows the
// prompt's real options with their labels and the folder or command it asks to approve; a
// click drawn for the folder-trust prompt that reaches the engine after the agent moved on to
// `rm -rf ./build` (its screen update delayed on the way, as a slow link or a quick hand does)
// is refused and types nothing; the refusal shows; the buttons then show the new prompt.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentInfo } from '../../src/shared/domain.js';
import { startFake, type FakeAgent } from '../cli/fake-agents.js';
import { waitFor } from '../helpers/poll.js';
import { skipWithout } from '../helpers/required-tools.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { launchChromium, screenshot } from './helpers.js';
import { ensureRendererBuild, startServe, type Serve } from './serve.js';

const UI_MS = 20_000;
const noChromium = skipWithout('chromium');

function keysRead(a: FakeAgent): string[] {
  const file = `${a.log}.keys`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { key: string }).key);
}

describe.skipIf(noChromium)('answer buttons in Chromium', () => {
  const tmux = useTmuxServer();
  const dir = mkdtempSync(join(tmpdir(), 'orc-e2e-answers-'));
  let serve: Serve | undefined;
  let browser: Browser | undefined;
  let agent: FakeAgent;

  beforeAll(async () => {
    ensureRendererBuild();
    agent = await startFake(tmux, 'web', 'asker');
    serve = await startServe({ socketName: tmux.name, dbPath: join(dir, 'orc.db'), env: { XDG_CONFIG_HOME: join(dir, 'config') } });
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await serve?.stop();
    await browser?.close();
  });

  it('shows the real options and what is approved; a stale click is refused and types nothing', async () => {
    const page: Page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
    // The page's link to serve, with a switch that holds back the agent's updates (not replies).
    let holdUpdates = false;
    const held: string[] = [];
    let toPage: ((m: string) => void) | null = null;
    await page.routeWebSocket(/\/ws/, (ws) => {
      const server = ws.connectToServer();
      toPage = (m) => ws.send(m);
      ws.onMessage((m) => server.send(m));
      server.onMessage((m) => {
        const text = typeof m === 'string' ? m : m.toString();
        if (holdUpdates && /"type":"agentChanged"/.test(text)) held.push(text);
        else ws.send(text);
      });
    });
    const url = new URL(serve!.url);
    const id = `local/${agent.pane}`;
    await page.goto(`${url.origin}/?${url.searchParams.toString()}#/agents/${encodeURIComponent(id)}`);
    await page.getByRole('heading', { level: 1 }).filter({ hasText: 'asker' }).waitFor({ timeout: UI_MS });

    await serve!.call('sendMessage', { target: 'asker', text: 'trust-then-ask 4s' });
    const answers = page.getByRole('group', { name: 'Answers' });
    await answers.getByRole('button', { name: '1 Yes, I trust this folder' }).waitFor({ timeout: UI_MS });
    expect(await answers.textContent()).toContain('Folder: /work/project');
    expect(await answers.getByRole('button').allTextContents()).toEqual(['1 Yes, I trust this folder', '2 No, exit', 'Esc']);
    await screenshot(page, 'answers-01-trust-prompt');

    // The person's screen stops updating; meanwhile the agent asks the dangerous question.
    holdUpdates = true;
    await waitFor(async () => ((await serve!.call('getAgent', { target: 'asker' })) as AgentInfo).prompt?.approving?.text === 'rm -rf ./build', 'the engine sees the rm -rf prompt', UI_MS);
    await answers.getByRole('button', { name: '1 Yes, I trust this folder' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Not answered' });
    await refusal.waitFor({ timeout: UI_MS });
    expect(await refusal.textContent()).toMatch(/^Not answered: the prompt changed: asker now asks "Do you want to proceed\?" \(command rm -rf \.\/build\)/);
    expect(keysRead(agent)).toEqual([]);
    expect(await tmux.capture(agent.pane)).toContain('Do you want to proceed?');
    await screenshot(page, 'answers-02-stale-click-refused');

    // The delayed updates arrive: the buttons are the new prompt's, with the command; answered for real.
    holdUpdates = false;
    expect(held.length).toBeGreaterThan(0);
    for (const m of held.splice(0)) toPage!(m);
    await answers.getByRole('button', { name: '2 No, and tell Claude what to do differently (esc)' }).waitFor({ timeout: UI_MS });
    expect(await answers.textContent()).toContain('Command: rm -rf ./build');
    await screenshot(page, 'answers-03-new-prompt');
    // The engine refuses a prompt younger than 500 ms; its age restarts when the monitor saw a
    // frame without it (seen once in three runs), so click once the engine calls it settled.
    await waitFor(async () => {
      const p = ((await serve!.call('getAgent', { target: 'asker' })) as AgentInfo).prompt;
      return p?.approving?.text === 'rm -rf ./build' && Date.now() - p.since >= 600;
    }, 'the rm -rf prompt settled', UI_MS);
    await answers.getByRole('button', { name: '2 No, and tell Claude what to do differently (esc)' }).click();
    await waitFor(async () => (await tmux.capture(agent.pane)).includes('Answer: No'), 'the agent answered No', UI_MS);
    expect(keysRead(agent)).toEqual(['2']);
    await page.close();
  }, 120_000);
});
