import { describe, expect, it } from 'vitest';
import { defaultDbPath, serverKey } from '../../../src/core/store/index.js';

describe('defaultDbPath', () => {
  it('prefers $ORC_DB', () => {
    expect(defaultDbPath({ ORC_DB: '/x/y.db', XDG_DATA_HOME: '/data' }, '/home/u')).toBe('/x/y.db');
  });
  it('uses $XDG_DATA_HOME when set and absolute', () => {
    expect(defaultDbPath({ XDG_DATA_HOME: '/data' }, '/home/u')).toBe('/data/tmux-orchestrator/orchestrator.db');
    expect(defaultDbPath({ XDG_DATA_HOME: 'relative' }, '/home/u')).toBe(
      '/home/u/.local/share/tmux-orchestrator/orchestrator.db',
    );
  });
  it('falls back to ~/.local/share', () => {
    expect(defaultDbPath({}, '/home/u')).toBe('/home/u/.local/share/tmux-orchestrator/orchestrator.db');
  });
});

describe('serverKey', () => {
  it('is the server identity: -L NAME and -S PATH of one socket are one key; remote hosts apart', () => {
    const uid = process.getuid?.() ?? 0;
    const dir = process.env.TMUX_TMPDIR || '/tmp';
    expect(serverKey({ host: 'local', socketName: 'work' })).toBe(`local:${dir}/tmux-${uid}/work`);
    expect(serverKey({ host: 'local', socketPath: `${dir}/tmux-${uid}/work` })).toBe(serverKey({ host: 'local', socketName: 'work' }));
    expect(serverKey({ host: 'local', socketPath: '/tmp/s' })).toBe('local:/tmp/s');
    expect(serverKey({ host: 'me@box' })).toBe('me@box:~/default');
  });
});
