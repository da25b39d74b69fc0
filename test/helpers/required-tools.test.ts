// The finder for Chromium and sshd, and the skip-or-require decision: on a machine without the
// browser the browser suites skip with one line naming what to install, and under CI=true the
// run fails instead. The last tests run a real browser suite in a vitest subprocess whose PATH
// lacks every browser.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium, findProgram, isCi, missingTools, missingToolsLine, skipWithout, toolProblem } from './required-tools.js';

const dir = mkdtempSync(join(tmpdir(), 'orc-tools-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A directory holding executables with these names (empty scripts). */
function binDir(name: string, programs: string[]): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  for (const p of programs) {
    writeFileSync(join(d, p), '#!/bin/sh\n');
    chmodSync(join(d, p), 0o755);
  }
  return d;
}

const empty = binDir('empty', []);

describe('finding the browser', () => {
  it('looks on PATH for chromium, chromium-browser or google-chrome, in that order', () => {
    const both = binDir('both', ['google-chrome', 'chromium-browser']);
    expect(findChromium({ PATH: `${empty}:${both}` })).toBe(join(both, 'chromium-browser'));
    const chrome = binDir('chrome', ['google-chrome']);
    expect(findChromium({ PATH: chrome })).toBe(join(chrome, 'google-chrome'));
    expect(findChromium({ PATH: empty })).toBeNull();
  });

  it('takes CHROMIUM_PATH first, and says when it is not a program', () => {
    const custom = join(binDir('custom', ['my-browser']), 'my-browser');
    const onPath = binDir('onpath', ['chromium']);
    expect(findChromium({ PATH: onPath, CHROMIUM_PATH: custom })).toBe(custom);
    const notExecutable = join(dir, 'plain-file');
    writeFileSync(notExecutable, '');
    expect(findChromium({ PATH: onPath, CHROMIUM_PATH: notExecutable })).toBeNull();
    expect(toolProblem('chromium', { PATH: onPath, CHROMIUM_PATH: notExecutable })).toBe(`CHROMIUM_PATH=${notExecutable} is not an executable file`);
  });

  it('ignores directories and non-executable files named like the program', () => {
    const d = binDir('odd', []);
    mkdirSync(join(d, 'chromium'));
    writeFileSync(join(d, 'chromium-browser'), '');
    expect(findProgram(['chromium', 'chromium-browser'], { PATH: d })).toBeNull();
  });
});

describe('skip or require', () => {
  it('skips without the program unless CI=true, which fails naming what to install', () => {
    expect(skipWithout('chromium', { PATH: empty })).toBe(true);
    expect(skipWithout('chromium', { PATH: empty, CI: 'false' })).toBe(true);
    expect(() => skipWithout('chromium', { PATH: empty, CI: 'true' })).toThrow(/^CI=true requires the browser \(Chromium\) suites \(no browser on PATH .*\): apt install chromium$/);
    expect(skipWithout('chromium', { PATH: binDir('has', ['chromium']), CI: 'true' })).toBe(false);
  });

  it('needs sshd and both ssh clients for the SSH suites', () => {
    const client = binDir('client', ['ssh', 'ssh-keygen']);
    const daemon = binDir('daemon', ['sshd']);
    expect(toolProblem('sshd', { PATH: `${client}:${daemon}` })).toBeNull();
    expect(toolProblem('sshd', { PATH: daemon })).toBe('ssh not found on PATH');
    expect(isCi({ CI: '1' })).toBe(true);
    expect(isCi({})).toBe(false);
  });

  it('says everything missing in one line', () => {
    const missing = [
      { tool: 'chromium' as const, why: 'no browser' },
      { tool: 'sshd' as const, why: 'no sshd' },
    ];
    const line = missingToolsLine(missing, false)!;
    expect(line).toBe('Skipping the browser (Chromium) suites (no browser) and remote-host (SSH) suites (no sshd): apt install chromium openssh-server');
    expect(line).not.toContain('\n');
    expect(missingToolsLine([], false)).toBeNull();
    expect(missingTools({ PATH: binDir('all', ['chromium', 'ssh', 'ssh-keygen', 'sshd']) })).toEqual([]);
  });
});

describe('a browser suite on a machine without a browser (vitest in a subprocess)', () => {
  // PATH holds only what the run itself needs (sh, tmux, ssh clients): no browser. sshd is
  // found in /usr/sbin, so only the browser is missing.
  const bin = binDir('nobrowser', []);
  for (const p of ['sh', 'ssh', 'ssh-keygen']) {
    const found = findProgram([p]);
    if (found) symlinkSync(found, join(bin, p));
  }
  symlinkSync(process.env.ORC_REAL_TMUX ?? findProgram(['tmux'])!, join(bin, 'tmux'));
  const run = (env: Record<string, string>) => {
    const { CHROMIUM_PATH: _c, CI: _ci, PATH: _p, ORC_TOOLS_REPORTED: _r, ...rest } = process.env;
    return spawnSync(process.execPath, [resolve('node_modules/vitest/vitest.mjs'), 'run', 'test/e2e/server-static.test.ts'], {
      env: { ...rest, PATH: bin, NO_COLOR: '1', ...env },
      encoding: 'utf8',
      timeout: 180_000,
    });
  };

  it('skips with one line naming what to install, and exits 0', () => {
    const r = run({});
    const out = `${r.stdout}${r.stderr}`;
    expect(r.status, out).toBe(0);
    const lines = out.split('\n').filter((l) => l.includes('apt install'));
    // The line the run prints for what this PATH lacks (here the browser; the ssh clients too if the machine has none).
    expect(lines).toEqual([missingToolsLine(missingTools({ PATH: bin }), false)]);
    expect(lines[0]).toMatch(/^Skipping the browser \(Chromium\) suites \(no browser on PATH .*\).*: apt install chromium/);
    expect(out).toMatch(/1 skipped/);
  }, 200_000);

  it('fails under CI=true, saying what CI must install', () => {
    const r = run({ CI: 'true' });
    const out = `${r.stdout}${r.stderr}`;
    expect(r.status, out).not.toBe(0);
    expect(out).toContain('CI=true requires the browser (Chromium) suites');
    expect(out).toContain('apt install chromium');
  }, 200_000);
});
