// serve under a descriptor limit (issue #16): 2,000 idle TCP connections against `ulimit -n
// 1024` used to end it with an uncaught EMFILE. Connections are capped before authentication
// and idle ones time out, so it keeps serving, and says what happened on stderr.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTmuxServer } from '../helpers/tmux.js';
import { eventually } from './fake-agents.js';
import { startLong } from './long-run.js';
import { BIN } from './run-cli.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-serve-limits-'));

function openIdle(port: number): Promise<Socket | null> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => resolve(s));
    s.once('error', () => resolve(null));
    s.on('error', () => undefined);
  });
}

describe('serve under a 1024 descriptor limit', () => {
  it('survives 2,000 idle connections and still answers its token', { timeout: 90_000 }, async () => {
    const ui = join(dir, 'ui');
    mkdirSync(ui);
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>orc</title>');
    await server.newSession('s');
    const script = `ulimit -n 1024 && exec "$0" "$@"`;
    const s = startLong(['-c', script, process.execPath, BIN, '-L', server.name, '--db', join(dir, 'orc.db'), 'serve', '--port', '0', '--static', ui], undefined, 'sh');
    const [url] = await eventually(() => (s.alive(), s.lines), (ls) => ls.length > 0, 30_000);
    const { port } = new URL(url!);
    const sockets: Socket[] = [];
    for (let i = 0; i < 2_000; i += 100) {
      const batch = await Promise.all(Array.from({ length: 100 }, () => openIdle(Number(port))));
      for (const b of batch) if (b) sockets.push(b);
    }
    // Hold them past a metrics tick (every 10 s: it reads /proc, which needs a descriptor).
    await new Promise((r) => setTimeout(r, 12_000));
    s.alive();
    for (const sock of sockets) sock.destroy();
    const page = await eventually(() => fetch(url!).then((r) => r.status, () => 0), (status) => status === 200, 30_000);
    expect(page).toBe(200);
    s.alive();
    expect(s.stderr()).not.toMatch(/EMFILE.*\n\s+at /); // no stack trace: nothing uncaught
    expect(s.stderr()).toMatch(/connection refused: 512 open connections is the limit/);
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
  });
});
