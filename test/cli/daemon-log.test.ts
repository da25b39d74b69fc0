// The daemons' structured log (#16): monitor and serve write JSON lines next to the store
// (connection, lease), rotation bounds the files, the serve token never reaches the log, and
// a log that cannot be written costs one warning, not the daemon.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDaemonLog } from '../../src/core/log/daemon-log.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { eventually, startFake } from './fake-agents.js';
import { startLong } from './long-run.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-daemon-log-'));
const events = (file: string) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { event: string; status?: string; msg?: string })
    : [];

describe('the daemon log', () => {
  it('a monitor logs its tmux connection and the lease it takes, as JSON lines next to the store', async () => {
    await startFake(server, 'red', 'alpha');
    const data = join(dir, 'monitor');
    const m = startLong(['-L', server.name, '--db', join(data, 'orc.db'), 'monitor']);
    const log = join(data, 'monitor.log');
    const seen = await eventually(
      () => (m.alive(), events(log)),
      (es) => es.some((e) => e.event === 'lease taken'),
      20_000,
    );
    expect(seen[0]!.event).toBe('start');
    expect(seen).toContainEqual(expect.objectContaining({ event: 'tmux', status: 'connected' }));
    m.child.kill('SIGINT');
    expect(await m.exited).toBe(0);
  });

  it('never writes the serve token, not even a wrong one a request brings', async () => {
    const data = join(dir, 'serve');
    const ui = mkdtempSync(join(tmpdir(), 'orc-daemon-log-ui-'));
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>ui</title>');
    const env = { ...process.env, XDG_CONFIG_HOME: join(dir, 'config') };
    const s = startLong(['-L', server.name, '--db', join(data, 'orc.db'), 'serve', '--port', '0', '--static', ui], env);
    const [url] = await eventually(() => (s.alive(), s.lines), (ls) => ls.length > 0, 30_000);
    const token = new URL(url!).searchParams.get('token')!;
    expect(token.length).toBeGreaterThan(8);
    const wrong = `${token.slice(0, -4)}WXYZ`;
    const { origin } = new URL(url!);
    expect((await fetch(`${origin}/?token=${wrong}`)).status).not.toBe(200);
    expect((await fetch(url!)).status).toBe(200);
    const log = join(data, 'serve.log');
    await eventually(() => events(log), (es) => es.some((e) => e.event === 'lease taken'), 20_000);
    s.child.kill('SIGINT');
    await s.exited;
    const text = readFileSync(log, 'utf8');
    expect(text).not.toContain(token);
    expect(text).not.toContain(wrong);
  });

  it('rotation keeps the live file and at most N rotated ones, each near the size limit', async () => {
    const logDir = join(dir, 'rotate');
    const log = openDaemonLog({ dir: logDir, file: 'm.log', size: '1K', maxFiles: 2, warn: (m) => expect.fail(m) });
    let most = 0;
    for (let i = 0; i < 100; i++) {
      log.info({ event: 'delivery', messageId: i, agent: 'alpha', status: 'delivered' }, 'x'.repeat(60));
      await new Promise((r) => setImmediate(r));
      most = Math.max(most, readdirSync(logDir).length);
    }
    // ~20 KB written through a 1 KB limit: many rotations, never more than 1 + 2 files.
    expect(most).toBeLessThanOrEqual(3);
    const files = await eventually(() => readdirSync(logDir).sort(), (fs) => fs.length === 3 && readFileSync(join(logDir, 'm.log'), 'utf8').includes('"messageId":99'), 5_000);
    expect(files).toEqual(['m.log', 'm.log.1', 'm.log.2']);
    for (const f of files) expect(statSync(join(logDir, f)).size).toBeLessThan(2048);
  });

  it('a log that cannot be written is one warning and a silent logger', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const warnings: string[] = [];
    const log = openDaemonLog({ dir: join(blocker, 'sub'), file: 'm.log', warn: (m) => warnings.push(m) });
    log.info({ event: 'start' });
    log.warn('still fine');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot be written/);
  });
});
