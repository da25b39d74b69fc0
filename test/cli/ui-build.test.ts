import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { uiNeedsBuild } from '../../src/cli/ui-build.js';

describe('uiNeedsBuild (serve rebuilds a stale web UI)', () => {
  const root = mkdtempSync(join(tmpdir(), 'orc-ui-build-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const out = join(root, 'out', 'renderer');
  const src = join(root, 'src', 'renderer', 'App.tsx');
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

  it('builds when there is no build, not when the build is newer, again when a source changed', () => {
    mkdirSync(join(root, 'src', 'renderer'), { recursive: true });
    writeFileSync(src, 'x');
    at(src, 1_000);
    at(join(root, 'src', 'renderer'), 1_000);
    expect(uiNeedsBuild(root, out)).toBe(true);
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'index.html'), '<html>');
    at(join(out, 'index.html'), 2_000);
    expect(uiNeedsBuild(root, out)).toBe(false);
    at(src, 3_000);
    expect(uiNeedsBuild(root, out)).toBe(true);
  });

  it('never asks to build an install without sources (a packaged app) when the build exists', () => {
    const bare = mkdtempSync(join(tmpdir(), 'orc-ui-bare-'));
    mkdirSync(join(bare, 'out', 'renderer'), { recursive: true });
    writeFileSync(join(bare, 'out', 'renderer', 'index.html'), '<html>');
    expect(uiNeedsBuild(bare, join(bare, 'out', 'renderer'))).toBe(false);
    rmSync(bare, { recursive: true, force: true });
  });
});
