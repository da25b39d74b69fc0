import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/core/store/index.js';
import { useTempDir } from './temp.js';

const t = useTempDir();
const child = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url));

describe('a writer killed with SIGKILL mid-batch', () => {
  it('leaves every committed row intact', async () => {
    const path = t.dbPath();
    const proc = spawn(process.execPath, ['--import', 'tsx', child, path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lastReported = 0;
    let stderr = '';
    let buf = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`child reported ${lastReported} rows in time; stderr: ${stderr}`)), 25_000);
      proc.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) if (l) lastReported = Number(l);
        // Kill it well into the run: it is then almost always inside a batch.
        if (lastReported >= 5_000) {
          clearTimeout(deadline);
          proc.kill('SIGKILL');
          resolve();
        }
      });
      proc.on('exit', () => reject(new Error(`child exited early; stderr: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');

    const s = t.track(openStore({ path }));
    expect(s.warnings).toEqual([]);
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = (s.db.prepare('SELECT count(*) AS n FROM notifications').get() as { n: number }).n;
    expect(rows).toBeGreaterThanOrEqual(lastReported);
    // whole batches only: a transaction is all or nothing
    expect(rows % 250).toBe(0);
    s.notifications.add({ kind: 'idle', text: 'after the crash' });
    expect(s.notifications.list({ limit: 1 })[0]!.text).toBe('after the crash');
  });
});
