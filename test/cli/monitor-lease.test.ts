// One monitor per tmux server whatever names it and whichever database it uses: the lease lives
// on the tmux server (@orc-monitor). Reproduces the bypasses of issue #14 (the same server named
// by -S instead of -L, another --db: two monitors typed queued messages twice) and the takeover
// after the holder is SIGKILLed.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTmuxServer } from '../helpers/tmux.js';
import { eventually, startFake } from './fake-agents.js';
import { startLong } from './long-run.js';
import { oneLine, runCli } from './run-cli.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-monitor-lease-'));
const dbA = join(dir, 'a.db');
const dbB = join(dir, 'b.db');
const ui = join(dir, 'ui');
let socketPath = '';

const holderOnServer = async () =>
  (await server.tmux('show-options', '-s', '-q', '-v', '@orc-monitor')).trim();
const started = (m: ReturnType<typeof startLong>) =>
  eventually(
    () => (m.alive(), m.stderr()),
    (s) => s.includes('Ctrl-C stops'),
    20_000,
  );

beforeAll(async () => {
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>ui</title>');
  await startFake(server, 'red', 'alpha');
  socketPath = (await server.tmux('display-message', '-p', '#{socket_path}')).trim();
});

describe('one monitor per tmux server', () => {
  it('refuses a second monitor naming the server by -S or using another --db, and serve too; takes over from a SIGKILLed holder', async () => {
    const first = startLong(['-L', server.name, '--db', dbA, 'monitor']);
    await started(first);
    const pid = first.child.pid!;
    expect(await holderOnServer()).toContain(`|${pid}|`);

    for (const args of [
      ['-S', socketPath, '--db', dbB, 'monitor'],
      ['-L', server.name, '--db', dbB, 'monitor'],
      ['-S', socketPath, '--db', dbB, 'serve', '--port', '0', '--static', ui],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(oneLine(r.stderr), args.join(' ')).toMatch(
        new RegExp(`already monitored by tmux-orc monitor \\(pid ${pid} on `),
      );
    }
    // Nothing changed hands.
    expect(await holderOnServer()).toContain(`|${pid}|`);

    first.child.kill('SIGKILL');
    await first.exited;
    // The holder is gone (its pid is dead on this host): the next monitor, by -S with the other
    // database, takes over at once.
    const second = startLong(['-S', socketPath, '--db', dbB, 'monitor']);
    await started(second);
    expect(await holderOnServer()).toContain(`|${second.child.pid}|`);
    second.child.kill('SIGINT');
    const code = await second.exited;
    expect(code, second.stderr()).toBe(0);
    // A clean stop gives the lease back.
    expect(await holderOnServer()).toBe('');
  });
});
