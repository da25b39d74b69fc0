// The CLI's pure helpers: durations, times, the server named by $TMUX, tables.
import { describe, expect, it } from 'vitest';
import { serverFromEnv } from '../../src/cli/server-env.js';
import { formatTable } from '../../src/cli/table.js';
import { formatSpan, parseDuration, parseTime } from '../../src/cli/time.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
    ['1w', 604_800_000],
  ])('%s = %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '5', 'm', '5x', '-5m', '5m junk', '0s'])('rejects %j with a usage error', (text) => {
    expect(() => parseDuration(text)).toThrow(/is not a duration; use e\.g\. 90s/);
  });
});

describe('parseTime', () => {
  const now = new Date(2026, 10, 28, 12, 0, 0).getTime();
  it('HH:MM is today, or tomorrow when already past', () => {
    expect(parseTime('13:30', now)).toBe(new Date(2026, 10, 28, 13, 30).getTime());
    expect(parseTime('09:15', now)).toBe(new Date(2026, 10, 29, 9, 15).getTime());
  });
  it('dates and ISO times', () => {
    expect(parseTime('2026-12-01 09:00', now)).toBe(new Date(2026, 11, 1, 9, 0).getTime());
    expect(parseTime('2026-12-01T09:00:00Z', now)).toBe(Date.UTC(2026, 11, 1, 9, 0));
  });
  it.each(['25:00', 'noon', '2026-13-45 99:99', 'tomorrow'])('rejects %j', (text) => {
    expect(() => parseTime(text, now)).toThrow(/time "/);
  });
});

describe('serverFromEnv ($TMUX, as tmux itself reads it)', () => {
  it('no $TMUX: nothing chosen', () => expect(serverFromEnv({}, 1000)).toEqual({}));
  it('the default socket stays the default server', () =>
    expect(serverFromEnv({ TMUX: '/tmp/tmux-1000/default,123,0' }, 1000)).toEqual({}));
  it('a named socket in tmux\'s folder is -L NAME (honouring TMUX_TMPDIR)', () => {
    expect(serverFromEnv({ TMUX: '/tmp/tmux-1000/work,123,0' }, 1000)).toEqual({ socketName: 'work' });
    expect(serverFromEnv({ TMUX: '/run/t/tmux-0/x,1,2', TMUX_TMPDIR: '/run/t/' }, 0)).toEqual({ socketName: 'x' });
  });
  it('any other socket is -S PATH', () =>
    expect(serverFromEnv({ TMUX: '/home/me/sock,123,0' }, 1000)).toEqual({ socketPath: '/home/me/sock' }));
});

describe('formatTable and formatSpan', () => {
  it('pads columns, keeps one line per row, clips long cells', () => {
    const t = formatTable(['A', 'LONGER'], [['x\ny', 'v'.repeat(100)], ['é', '']]);
    const lines = t.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('A    LONGER');
    expect(lines[1]!.startsWith('x y  ')).toBe(true);
    expect(lines[1]!.endsWith('…')).toBe(true);
  });
  it.each([
    [5_000, '5s'],
    [120_000, '2m'],
    [3_900_000, '1h5m'],
    [90_000_000, '1d1h'],
  ])('%d ms reads %s', (ms, text) => expect(formatSpan(ms)).toBe(text));
});
