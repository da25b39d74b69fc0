// ServerIdentity: every way of naming one tmux server gives one key, and it is the socket the
// running server reports for itself (#{socket_path}); different servers never share a key.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { createTmuxServer, newServerName, useTmuxServer } from '../../helpers/tmux.js';
import { localSocketPath, runTmuxOnce, ServerIdentity } from '../../../src/core/tmux/index.js';

const server = useTmuxServer();
const uid = process.getuid?.() ?? 0;
const dir = mkdtempSync(join(tmpdir(), 'orc-identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ServerIdentity', () => {
  it('-L NAME, -S PATH, $TMUX and a symlinked spelling are one server, the one tmux reports', async () => {
    await server.newSession('idn');
    const reported = (await server.tmux('display-message', '-p', '#{socket_path}')).trim();
    const byName = ServerIdentity.of({ socketName: server.name }, {});
    const byPath = ServerIdentity.of({ socketPath: reported }, {});
    const byTmuxEnv = ServerIdentity.of({}, { TMUX: `${reported},1234,0` });
    const link = join(dir, 'link');
    symlinkSync(join(reported, '..'), link);
    const bySymlink = ServerIdentity.of({ socketPath: join(link, server.name) }, {});
    const asked = await ServerIdentity.ask({ socketName: server.name }, async (f) =>
      (await runTmuxOnce({ socketName: server.name }, ['display-message', '-p', f]))[0]!,
    );
    for (const id of [byPath, byTmuxEnv, bySymlink, asked]) expect(id.key()).toBe(byName.key());
    expect(byName.key()).toBe(`local:${reported}`);
    expect(byName.socketPath).toBe(reported);
    // argv reaches that same server.
    const viaArgv = await execa('tmux', [...byName.argv, 'display-message', '-p', '#{socket_path}']);
    expect(viaArgv.stdout.trim()).toBe(reported);
    expect(byName.describe()).toBe(`tmux server ${reported}`);
  });

  it('two servers, or the default and a named one, never share a key', async () => {
    const other = createTmuxServer(newServerName());
    try {
      await other.newSession('idn2');
      const a = ServerIdentity.of({ socketName: server.name }, {});
      const b = ServerIdentity.of({ socketName: other.name }, {});
      expect(a.key()).not.toBe(b.key());
      expect(ServerIdentity.of({}, {}).key()).toBe(`local:/tmp/tmux-${uid}/default`);
      expect(ServerIdentity.of({}, {}).equals(a)).toBe(false);
    } finally {
      await other.kill();
    }
  });

  it('follows tmux: $TMUX_TMPDIR, -L over $TMUX, -S over -L', () => {
    const t = join(dir, 'tmpdir');
    expect(localSocketPath({ socketName: 'w' }, { TMUX_TMPDIR: t }, 7)).toBe(`${t}/tmux-7/w`);
    expect(localSocketPath({ socketName: 'w' }, { TMUX: '/x/y,1,0' }, 7)).toBe('/tmp/tmux-7/w');
    expect(localSocketPath({ socketName: 'w', socketPath: '/a/b' }, {}, 7)).toBe('/a/b');
    expect(localSocketPath({}, { TMUX: '' }, 7)).toBe('/tmp/tmux-7/default');
  });

  it('remote servers carry their host; a label until asked; keys round-trip', () => {
    const r = ServerIdentity.of({ host: 'dev@box', socketName: 'work' });
    expect(r.key()).toBe('dev@box:~/-L work');
    expect(r.resolved).toBe(false);
    expect(r.argv).toEqual(['-L', 'work']);
    expect(r.describe()).toBe('tmux server (-L work) on dev@box');
    expect(ServerIdentity.of({ host: 'box' }).argv).toEqual([]);
    const exact = ServerIdentity.of({ host: 'box', socketPath: '/tmp/tmux-5/default' });
    expect(exact.key()).toBe('box:/tmp/tmux-5/default');
    expect(r.key()).not.toBe(ServerIdentity.of({ socketName: 'work' }).key());
    for (const id of [r, exact, ServerIdentity.of({ socketName: 'x' }), ServerIdentity.of({ host: 'fe80::1' })]) {
      expect(ServerIdentity.fromKey(id.key()).key()).toBe(id.key());
      expect(ServerIdentity.fromKey(id.key()).host).toBe(id.host);
    }
    expect(() => ServerIdentity.fromKey('local/%1')).toThrow('not a tmux server key');
    expect(ServerIdentity.of({ host: 'box', socketName: 'w' }).naming()).toEqual({ host: 'box', socketName: 'w' });
  });
});
