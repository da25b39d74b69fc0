// The agent's workbench from the command line, against a real private tmux server and real git
// repositories: capture with history.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PaneCapture } from '../../src/shared/domain.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { oneLine, runCli } from './run-cli.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-cli-workbench-'));
const db = join(dir, 'orc.db');
const cli = (...args: string[]) => runCli(['-L', server.name, '--db', db, ...args]);

describe('tmux-orc capture', () => {
  let pane: string;
  beforeAll(async () => {
    // 500 numbered lines: far more than the 40-row screen, all of them in the pane's history.
    pane = await server.newSession('long', ['sh', '-c', 'seq -f "answer line %g" 1 500; exec sleep 600']);
    await server.waitForScreen(pane, (s) => s.includes('answer line 500'));
  });

  it('without --lines prints the screen only: the first lines are not on it', async () => {
    const r = await cli('capture', pane);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('answer line 500');
    expect(r.stdout).not.toMatch(/^answer line 1$/m);
  });

  it('--lines 1000 prints the history above the screen, from the first of 500 printed lines', async () => {
    const r = await cli('capture', pane, '--lines', '1000');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('answer line 1');
    expect(lines.filter((l) => l.startsWith('answer line '))).toHaveLength(500);
  });

  it('--lines N reaches N lines above the screen; --json says how much history there is', async () => {
    const r = await cli('capture', pane, '--lines', '10', '--json');
    expect(r.code, r.stderr).toBe(0);
    const cap = JSON.parse(r.stdout) as PaneCapture;
    expect(cap.historySize).toBeGreaterThanOrEqual(500 - 40);
    const first = cap.text.split('\n')[0]!;
    // The screen holds the last 39 lines (and an empty one): 10 more above it start at 452.
    expect(first).toBe(`answer line ${500 - (cap.rows - 1) - 10 + 1}`);
  });

  it('--ansi keeps colours', async () => {
    const p = await server.newSession('colour', ['sh', '-c', 'printf "\\033[31mred words\\033[0m\\n"; exec sleep 600']);
    await server.waitForScreen(p, (s) => s.includes('red words'));
    const plain = await cli('capture', p);
    expect(plain.stdout).toContain('red words');
    expect(plain.stdout).not.toContain('\x1b[');
    const ansi = await cli('capture', p, '--ansi');
    expect(ansi.stdout).toMatch(/\x1b\[31mred words/);
  });

  it('a bad --lines is one usage line and exit 2', async () => {
    const r = await cli('capture', pane, '--lines', '20000');
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/--lines must be a whole number from 1 to 10000/);
  });

  it('an unknown target is one clear line', async () => {
    const r = await cli('capture', 'nobody-here');
    expect(r.code).not.toBe(0);
    expect(oneLine(r.stderr)).toMatch(/nobody-here/);
  });
});
