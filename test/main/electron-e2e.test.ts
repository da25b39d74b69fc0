// End to end: the built app in the real Electron binary, driven by Playwright's _electron
// launcher. Runs where the binary exists; elsewhere (installs made with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1, like CI here) it skips and prints why.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN = resolve('out/main/index.js');

function electronBinary(): { path: string } | { why: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as string;
    if (!existsSync(path)) return { why: `the Electron binary is missing at ${path}` };
    return { path };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return {
      why: `the Electron binary is not installed (${detail}); installs made with ELECTRON_SKIP_BINARY_DOWNLOAD=1 have none, \`node node_modules/electron/install.js\` adds it`,
    };
  }
}

const bin = electronBinary();
const skipReason = 'why' in bin ? bin.why : !existsSync(MAIN) ? `${MAIN} is missing: run \`npm run build\` first` : null;
if (skipReason) console.log(`[electron-e2e] skipped: ${skipReason}`);

/** What the page sees of its environment and the bridge. */
interface Probe {
  kind: string | undefined;
  bridgeKeys: string[];
  requireType: string;
  processType: string;
  status: unknown;
  bad: unknown;
}

describe('desktop app, end to end', () => {
  it.skipIf(skipReason !== null)('opens a sandboxed window whose bridge reaches the engine through the contract', async () => {
    const { _electron } = await import('playwright-core');
    const home = mkdtempSync(join(tmpdir(), 'orc-e2e-home-'));
    const app = await _electron.launch({
      executablePath: (bin as { path: string }).path,
      args: [MAIN, `--user-data-dir=${join(home, 'user-data')}`],
      // A private home: no real settings, autostart entries or window state are touched.
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), ELECTRON_RENDERER_URL: '' },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(await page.title()).toBe('Tmux Orchestrator');
      const probe = (await page.evaluate(async () => {
        const g = globalThis as unknown as Record<string, unknown> & {
          orcBridge?: { kind: string; call(m: string, i: unknown): Promise<unknown> };
        };
        const bridge = g.orcBridge;
        return {
          kind: bridge?.kind,
          bridgeKeys: bridge ? Object.keys(bridge).sort() : [],
          requireType: typeof g.require,
          processType: typeof g.process,
          status: await bridge?.call('getStatus', {}),
          bad: await bridge?.call('getAgent', 42),
        };
      })) as Probe;
      expect(probe.kind).toBe('desktop');
      expect(probe.bridgeKeys).toEqual(['call', 'kind', 'onEvent', 'onNavigate']);
      expect(probe.requireType).toBe('undefined');
      expect(probe.processType).toBe('undefined');
      expect(probe.status).toMatchObject({ ok: true, result: { shell: 'desktop' } });
      expect(probe.bad).toMatchObject({ ok: false, error: { code: 'bad_input' } });
      // Remote content never loads in the app window.
      const before = page.url();
      await page.evaluate(() => {
        (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
      });
      expect(await page.evaluate(() => typeof (globalThis as Record<string, unknown>).orcBridge)).toBe('object');
      expect(page.url()).toBe(before);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
