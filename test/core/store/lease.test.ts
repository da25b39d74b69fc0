import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { openStore, pidAlive, StoreError } from '../../../src/core/store/index.js';
import { useTempDir } from './temp.js';

const t = useTempDir();
const here = hostname();
const me = { pid: process.pid, host: here, app: 'tmux-orchestrator app' };
const noBeat = { heartbeatMs: 0 };

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(r.stdout);
  expect(pidAlive(pid)).toBe(false);
  return pid;
}

describe('lease', () => {
  it('refuses a second live holder with a message naming the first, from another connection', () => {
    const path = t.dbPath();
    const app = t.track(openStore({ path }));
    const cli = t.track(openStore({ path }));
    const held = app.lease.acquire('local:default', me, noBeat);
    expect(held.held).toBe(true);
    let err: unknown;
    try {
      cli.lease.acquire('local:default', { pid: process.pid, host: here, app: 'tmux-orc monitor' }, noBeat);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).kind).toBe('lease_held');
    expect((err as StoreError).code).toBe('conflict');
    const msg = (err as Error).message;
    expect(msg).toContain('local:default');
    expect(msg).toContain(`pid ${process.pid}`);
    expect(msg).toContain('tmux-orchestrator app');
    expect(msg).toContain(new Date(held.since).toISOString());
    // another tmux server is a separate lease
    expect(cli.lease.acquire('local:-L work', me, noBeat).held).toBe(true);
    expect(cli.lease.current('local:default')).toMatchObject({ pid: process.pid, app: 'tmux-orchestrator app' });
  });

  it('is free again after release', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const a = s.lease.acquire('local:default', me, noBeat);
    a.release();
    expect(a.held).toBe(false);
    expect(s.lease.current('local:default')).toBeNull();
    expect(s.lease.acquire('local:default', me, noBeat).held).toBe(true);
  });

  it('takes over from a dead pid on this host, with a warning', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const dead = deadPid();
    s.lease.acquire('local:default', { pid: dead, host: here, app: 'old monitor' }, noBeat);
    const mine = s.lease.acquire('local:default', me, noBeat);
    expect(mine.held).toBe(true);
    expect(s.lease.current('local:default')?.pid).toBe(process.pid);
    expect(s.warnings.join('\n')).toMatch(new RegExp(`took over .*pid ${dead}`));
  });

  it('takes over an expired heartbeat, and the old holder learns it lost the lease', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    let clock = 1_000_000;
    const now = () => clock;
    const lost: string[] = [];
    // another host: liveness is judged by the heartbeat alone
    const old = s.lease.acquire('local:default', { pid: 1, host: 'elsewhere', app: 'remote' }, {
      ttlMs: 10_000,
      heartbeatMs: 0,
      now,
      onLost: (r) => lost.push(r),
    });
    clock += 5_000;
    old.heartbeat();
    clock += 9_000; // 9 s since the last beat: still live
    expect(() => s.lease.acquire('local:default', me, { ttlMs: 10_000, heartbeatMs: 0, now })).toThrow(/already monitored/);
    clock += 2_000; // 11 s: expired
    const mine = s.lease.acquire('local:default', me, { ttlMs: 10_000, heartbeatMs: 0, now });
    expect(mine.held).toBe(true);
    expect(() => old.heartbeat()).toThrow(/taken over by tmux-orchestrator app/);
    expect(old.held).toBe(false);
    expect(lost).toHaveLength(1);
    old.release(); // a no-op: must not remove the new holder's row
    expect(s.lease.current('local:default')?.app).toBe('tmux-orchestrator app');
  });

  it('beats automatically', async () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const h = s.lease.acquire('local:default', me, { ttlMs: 60_000, heartbeatMs: 20 });
    const first = s.lease.current('local:default')!.heartbeatAt;
    const deadline = Date.now() + 5_000;
    while (s.lease.current('local:default')!.heartbeatAt === first && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(s.lease.current('local:default')!.heartbeatAt).toBeGreaterThan(first);
    h.release();
  });

  it('is released when its store closes, so the next monitor starts at once', () => {
    const path = t.dbPath();
    const app = openStore({ path });
    const h = app.lease.acquire('local:default', me, { heartbeatMs: 5 });
    app.close();
    expect(h.held).toBe(false);
    const next = t.track(openStore({ path }));
    expect(next.lease.current('local:default')).toBeNull();
    expect(next.lease.acquire('local:default', me, noBeat).held).toBe(true);
  });

  it('rejects a bad holder', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    expect(() => s.lease.acquire('local:default', { pid: 0, host: here, app: 'x' })).toThrow(/positive pid/);
    expect(() => s.lease.acquire('', me)).toThrow(/server key/);
    expect(s.lease.current('local:default')).toBeNull();
  });

  it('lets readers read while the writer holds the lease and writes', () => {
    const path = t.dbPath();
    const writer = t.track(openStore({ path }));
    writer.lease.acquire('local:default', me, noBeat);
    const reader = t.track(openStore({ path, readonly: true }));
    writer.db.exec('BEGIN IMMEDIATE');
    writer.db.prepare("INSERT INTO notifications (kind, text, created_at) VALUES ('idle', 'pending', 1)").run();
    // the writer's transaction is open: the reader still reads, and sees only committed rows
    expect(reader.notifications.list()).toEqual([]);
    writer.db.exec('COMMIT');
    expect(reader.notifications.list().map((n) => n.text)).toEqual(['pending']);
  });
});
