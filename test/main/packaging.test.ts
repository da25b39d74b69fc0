// The launcher and packaging pieces: builder config valid against electron-builder's own
// schema, the icon set complete and the right sizes, the launcher installer working.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const SIZES = [16, 32, 48, 64, 128, 256, 512];
const dir = mkdtempSync(join(tmpdir(), 'orc-launcher-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('packaging', () => {
  it('electron-builder.yml passes electron-builder validation and builds AppImage and deb from out/', async () => {
    const yaml = require('js-yaml') as { load(s: string): unknown };
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(c: unknown, log: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (on: boolean) => unknown };
    const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown> & {
      linux: { target: string[]; icon: string; category: string };
    };
    await validateConfiguration(config, new DebugLogger(false));
    expect(config).toMatchObject({ appId: expect.any(String), productName: 'Tmux Orchestrator', files: expect.arrayContaining(['out/**']) });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], icon: 'resources/icons', category: 'Development' });
  });

  it('names the Electron version the lock file installs (electron is optional, so builder cannot read it from devDependencies)', () => {
    const yaml = require('js-yaml') as { load(s: string): unknown };
    const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as { electronVersion?: string; files: string[] };
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { optionalDependencies?: Record<string, string>; devDependencies: Record<string, string> };
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version: string; optional?: boolean }> };
    expect(pkg.optionalDependencies?.electron).toBeDefined();
    expect(pkg.devDependencies.electron).toBeUndefined();
    expect(lock.packages['node_modules/electron']).toMatchObject({ version: config.electronVersion, optional: true });
    expect(config.files).toContain('!node_modules/electron{,/**}');
  });

  it('has every icon size, rendered at its size', () => {
    for (const s of SIZES) expect(pngSize(`resources/icons/${s}x${s}.png`)).toEqual([s, s]);
    expect(readFileSync('resources/icon.svg', 'utf8')).toMatch(/^<svg [^>]*viewBox="0 0 256 256"/);
    expect(readFileSync('resources/render-icons.sh', 'utf8')).toContain(`for size in ${SIZES.join(' ')}; do`);
  });

  it('installs and removes the launcher for a checkout or an AppImage, quoting odd paths', () => {
    const env = { ...process.env, HOME: dir, XDG_DATA_HOME: join(dir, 'share') };
    const script = resolve('resources/install-launcher.sh');
    const entry = join(dir, 'share', 'applications', 'tmux-orchestrator.desktop');
    execFileSync(script, [], { env, stdio: 'pipe' });
    let text = readFileSync(entry, 'utf8');
    expect(text).toMatch(/^Exec="[^"]+" scripts\/start\.mjs %U$/m);
    expect(text).toContain(`Path=${resolve('.')}\n`);
    expect(text).not.toContain('@');
    for (const s of SIZES) expect(existsSync(join(dir, 'share', 'icons', 'hicolor', `${s}x${s}`, 'apps', 'tmux-orchestrator.png'))).toBe(true);

    const appImage = join(dir, 'Tmux $Orc "1".AppImage');
    writeFileSync(appImage, '');
    execFileSync(script, [appImage], { env, stdio: 'pipe' });
    text = readFileSync(entry, 'utf8');
    expect(text).toContain(`Exec="${dir}/Tmux \\\\$Orc \\\\"1\\\\".AppImage" %U\n`);

    expect(() => execFileSync(script, [join(dir, 'missing.AppImage')], { env, stdio: 'pipe' })).toThrow(/no such file/);
    execFileSync(script, ['--uninstall'], { env, stdio: 'pipe' });
    expect(existsSync(entry)).toBe(false);
  });

  it('the launcher template carries the keys a menu needs', () => {
    const t = readFileSync('resources/tmux-orchestrator.desktop', 'utf8');
    for (const key of ['Type=Application', 'Name=Tmux Orchestrator', 'Exec=@EXEC@ %U', 'Icon=tmux-orchestrator', 'Categories=Development;', 'Terminal=false']) {
      expect(t).toContain(`${key}\n`);
    }
  });
});
