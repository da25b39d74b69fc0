// The web server in a real browser: the page loads with the token from the printed URL, its
// assets load through the cookie, and a WebSocket from the page makes a call and gets events.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../src/server/index.js';
import { createMemoryEngine, type MemoryEngine } from '../server/memory-engine.js';
import { launchChromium, screenshot } from './helpers.js';
import { skipWithout } from '../helpers/required-tools.js';

// Without Chromium this skips (the run says once what to install); under CI=true it fails.
const noChromium = skipWithout('chromium');

// A page that takes its token from the URL (as the renderer does), calls listAgents over the
// socket and shows the answer, then shows each pushed event.
const PAGE = `<!doctype html><html><head><title>server-static</title>
<link rel="stylesheet" href="/assets/page.css"></head>
<body><h1>web server</h1><pre id="out">loading</pre><pre id="events"></pre>
<script src="/assets/page.js"></script></body></html>`;
const SCRIPT = `
const token = new URL(location.href).searchParams.get('token');
const ws = new WebSocket('ws://' + location.host + '/ws' + (token ? '?token=' + token : ''));
ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: 'listAgents', input: {} }));
ws.onmessage = (m) => {
  const f = JSON.parse(m.data);
  if (f.event) document.getElementById('events').textContent += f.event.type + '\\n';
  else if (f.id === 1) document.getElementById('out').textContent = f.ok ? 'agents: ' + f.result.map((a) => a.name).join(',') : 'error: ' + f.error.message;
};
ws.onclose = (e) => { document.getElementById('out').textContent += ' closed ' + e.code; };
`;

describe.skipIf(noChromium)('the web server in Chromium', () => {
  let browser: Browser;
  let server: WebServer;
  let engine: MemoryEngine;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'orc-e2e-static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), PAGE);
    writeFileSync(join(dir, 'assets', 'page.js'), SCRIPT);
    writeFileSync(join(dir, 'assets', 'page.css'), 'h1 { color: rgb(200, 0, 0); }');
    engine = createMemoryEngine();
    server = await startWebServer({ engine: engine.host, staticDir: dir });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads the page with the token, its assets by cookie, and calls over a WebSocket', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    const res = await page.goto(server.url);
    expect(res?.status()).toBe(200);
    await page.locator('#out', { hasText: 'agents: alice,bob' }).waitFor({ timeout: 10_000 });
    // The stylesheet came through the cookie (it carries no token of its own).
    expect(await page.locator('h1').evaluate((h) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(h).color)).toBe('rgb(200, 0, 0)');
    expect(failed).toEqual([]);
    expect(engine.calls.map((c) => c.method)).toEqual(['listAgents']);

    engine.emit({ type: 'agentRemoved', id: 'local/%2' });
    await page.locator('#events', { hasText: 'agentRemoved' }).waitFor({ timeout: 10_000 });
    const shot = await screenshot(page, 'server-static-loaded');
    expect(existsSync(shot)).toBe(true);

    // A reload without the token (the renderer strips it from the address) rides on the cookie.
    const again = await page.goto(`http://127.0.0.1:${server.port}/agents`);
    expect(again?.status()).toBe(200);
    await page.locator('#out', { hasText: 'agents: alice,bob' }).waitFor({ timeout: 10_000 });
    expect(failed).toEqual([]);
    await page.close();
  });

  it('without the token gets 401 and no socket', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const res = await page.goto(`http://127.0.0.1:${server.port}/`);
    expect(res?.status()).toBe(401);
    expect(await page.textContent('body')).toMatch(/missing or wrong token/);
    await screenshot(page, 'server-static-no-token');
    await context.close();
  });
});
