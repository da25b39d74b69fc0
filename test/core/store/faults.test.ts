import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, StoreError } from '../../../src/core/store/index.js';
import { useTempDir } from './temp.js';

const t = useTempDir();

const asideFiles = (dir: string) => readdirSync(dir).filter((f) => /^orchestrator\.db\.corrupt-/.test(f) && !f.endsWith('-wal'));

describe('a corrupt file', () => {
  it('that is not a database is moved aside with a timestamped name, and a new file is created', () => {
    const path = t.dbPath();
    const garbage = Buffer.from('this is not sqlite '.repeat(300));
    writeFileSync(path, garbage);
    const warned: string[] = [];
    const s = t.track(openStore({ path, onWarning: (m) => warned.push(m) }));
    const aside = asideFiles(t.dir());
    expect(aside).toHaveLength(1);
    expect(aside[0]).toMatch(/^orchestrator\.db\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    expect(readFileSync(join(t.dir(), aside[0]!))).toEqual(garbage);
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/was corrupt .*moved it aside to .*corrupt-.*started a new one/);
    expect(s.warnings).toEqual(warned);
    expect(s.degraded).toBeNull();
    expect(s.path).toBe(path);
    s.notifications.add({ kind: 'idle', text: 'fresh start' });
    expect(s.notifications.list().map((n) => n.text)).toEqual(['fresh start']);
  });

  it('with damaged pages (quick_check fails) is moved aside too', () => {
    const path = t.dbPath();
    const first = openStore({ path });
    first.notifications.addMany(Array.from({ length: 2_000 }, (_, i) => ({ kind: 'idle' as const, text: `n${i} ${'y'.repeat(100)}`, createdAt: i })));
    first.close();
    const pageSize = 4096;
    const pages = statSync(path).size / pageSize;
    const fd = openSync(path, 'r+');
    // Scribble over a run of pages in the middle (tables and indexes live there).
    for (let p = Math.floor(pages / 3); p < Math.floor(pages / 3) + 5; p++) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, p * pageSize);
    closeSync(fd);
    const s = t.track(openStore({ path }));
    expect(asideFiles(t.dir())).toHaveLength(1);
    expect(s.warnings.join('\n')).toMatch(/was corrupt/);
    expect(s.notifications.list()).toEqual([]);
  });

  it('opened read-only gives a clear error and is left in place', () => {
    const path = t.dbPath();
    writeFileSync(path, 'garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage garbage');
    expect(() => openStore({ path, readonly: true })).toThrow(StoreError);
    expect(() => openStore({ path, readonly: true })).toThrow(/is corrupt/);
    expect(asideFiles(t.dir())).toHaveLength(0);
    expect(existsSync(path)).toBe(true);
  });
});

describe('an unwritable location', () => {
  it('(directory cannot be created) keeps history in memory and says so', () => {
    const blocker = join(t.dir(), 'not-a-dir');
    writeFileSync(blocker, 'a file where the directory should be');
    const warned: string[] = [];
    const s = t.track(openStore({ path: join(blocker, 'orchestrator.db'), onWarning: (m) => warned.push(m) }));
    expect(s.path).toBe(':memory:');
    expect(s.degraded).toMatch(/cannot be written .*in memory only/);
    expect(warned).toEqual([s.degraded]);
    // monitoring goes on: writes and reads work
    s.notifications.add({ kind: 'crashed', text: 'still recorded' });
    s.transitions.add({ agentId: 'h/%1', agent: 'a', target: 's:1', team: null, from: 'busy', to: 'crashed', at: 1, reason: 'exit' });
    expect(s.notifications.unreadCount()).toBe(1);
    expect(s.transitions.timeline('a')).toHaveLength(1);
  });

  it('(the path is a directory) keeps history in memory', () => {
    const path = join(t.dir(), 'orchestrator.db');
    mkdirSync(path);
    const s = t.track(openStore({ path }));
    expect(s.degraded).toMatch(/cannot be written/);
    expect(s.settings.get().quietMs).toBe(2_000);
  });
});

describe('write failures', () => {
  it('disk full: the write throws a clear StoreError, nothing partial is kept, reads go on', () => {
    const path = t.dbPath();
    const s = t.track(openStore({ path }));
    s.notifications.add({ kind: 'idle', text: 'before' });
    // A real SQLITE_FULL: cap the file a few pages above its current size.
    const pages = s.db.pragma('page_count', { simple: true }) as number;
    s.db.pragma(`max_page_count = ${pages + 4}`);
    const big = Array.from({ length: 200 }, (_, i) => ({ kind: 'idle' as const, text: `${i} ${'z'.repeat(3_000)}` }));
    let err: unknown;
    try {
      s.notifications.addMany(big);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).kind).toBe('disk_full');
    expect((err as StoreError).code).toBe('unavailable');
    expect((err as Error).message).toMatch(/disk full, write refused/);
    expect(s.warnings.join('\n')).toMatch(/disk full/);
    expect(s.notifications.list().map((n) => n.text)).toEqual(['before']);
    // small writes that fit still work
    s.notifications.add({ kind: 'idle', text: 'after' });
    expect(s.notifications.unreadCount()).toBe(2);
  });

  it('read-only store: every write method throws a clear StoreError', () => {
    const path = t.dbPath();
    t.track(openStore({ path })).notifications.add({ kind: 'idle', text: 'x' });
    const r = t.track(openStore({ path, readonly: true }));
    const writes: (() => unknown)[] = [
      () => r.notifications.add({ kind: 'idle', text: 'y' }),
      () => r.notifications.markRead('all'),
      () => r.transitions.add({ agentId: 'h/%1', agent: 'a', target: 's', team: null, from: 'idle', to: 'busy', at: 1, reason: '' }),
      () => r.messages.add({ agent: 'a', target: 's', text: 'hi', status: 'queued' }),
      () => r.schedules.add({ target: 'a', text: 'hi', nextAt: 1 }),
      () => r.metrics.record(1, { agents: 1 }),
      () => r.settings.update({ quietMs: 3_000 }),
      () => r.templates.save({ name: 'x' }),
      () => r.screens.save({ agentId: 'h/%1', agent: 'a', target: 's', text: 't' }),
      () => r.lease.acquire('local:default', { pid: process.pid, host: 'h', app: 'a' }, { heartbeatMs: 0 }),
    ];
    for (const w of writes) {
      expect(w).toThrow(StoreError);
      expect(w).toThrow(/read-only, write refused/);
    }
    expect(r.notifications.list()).toHaveLength(1);
  });

  it('a closed store says so', () => {
    const s = openStore({ path: t.dbPath() });
    s.close();
    expect(() => s.notifications.list()).toThrow(/closed/);
  });
});

describe('readers', () => {
  it('a reader opening first creates and migrates the file', () => {
    const path = join(t.dir(), 'new', 'orchestrator.db');
    const r = t.track(openStore({ path, readonly: true }));
    expect(r.readonly).toBe(true);
    expect(r.notifications.list()).toEqual([]);
    expect(r.templates.list().map((x) => x.name)).toEqual(['standard']);
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });
});
