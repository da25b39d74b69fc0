// The performance review over a real SQLite file: time waited on the person, rate limits, busy
// share, crashes and restarts, per agent (per tmux server), per team and per day; bounded; the
// CSV export; migration 6 keeping old state time.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayStart, migrate, openStore, storeForServer } from '../../../src/core/store/index.js';
import { MAX_REVIEW_ROWS, reviewDays } from '../../../src/core/store/review.js';
import { ServerIdentity } from '../../../src/core/tmux/index.js';
import type { StateTransition } from '../../../src/shared/domain.js';
import { reviewCsv } from '../../../src/shared/review-csv.js';
import { seedReviewHistory } from '../../helpers/seed-review.js';
import { useTempDir } from './temp.js';

const t = useTempDir();
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Wednesday 20 Nov 2026, 15:00 local. */
const NOW = new Date(2026, 10, 18, 15, 0, 0).getTime();

const move = (agent: string, server: string, team: string | null, from: StateTransition['from'], to: StateTransition['to'], at: number): StateTransition => ({
  server,
  agentId: `local/${agent}`,
  agent,
  target: 's:1.0',
  team,
  from,
  to,
  at,
  reason: '',
});

describe('performance review', () => {
  it('sums waiting, rate limits, busy share, crashes and restarts per agent, team and day; same name on two servers stays two agents', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const a = storeForServer(s, 'local:/tmp/a');
    const b = storeForServer(s, 'local:/tmp/b');
    const yesterday = NOW - DAY;
    a.metrics.addStateTime('eng', NOW, 'waiting', 30 * MIN, { team: 'web' });
    a.metrics.addStateTime('eng', NOW, 'unsubmitted', 5 * MIN, { team: 'web' });
    a.metrics.addStateTime('eng', NOW, 'busy', 2 * HOUR, { team: 'web' });
    a.metrics.addStateTime('eng', yesterday, 'rate_limited', 3 * HOUR, { team: 'web' });
    a.metrics.addStateTime('eng', yesterday, 'idle', HOUR, { team: 'web' });
    b.metrics.addStateTime('eng', NOW, 'waiting', 10 * MIN, { team: 'api' });
    b.metrics.addStateTime('eng', NOW, 'crashed', 15 * MIN, { team: 'api' });
    b.metrics.addStateTime('eng', NOW, 'error', 5 * MIN, { team: 'api' });
    s.metrics.addStateTime('solo', NOW, 'busy', HOUR);
    // Outside the 7 days: left out.
    a.metrics.addStateTime('eng', NOW - 9 * DAY, 'waiting', 99 * HOUR, { team: 'web' });
    b.transitions.addMany([
      move('eng', '', 'api', 'busy', 'crashed', NOW - 2 * HOUR),
      move('eng', '', 'api', 'crashed', 'starting', NOW - 2 * HOUR + MIN),
      move('eng', '', 'api', 'starting', 'idle', NOW - 2 * HOUR + 2 * MIN),
      move('eng', '', 'api', 'idle', 'starting', NOW - HOUR), // restarted while running
      move('eng', '', 'api', 'unknown', 'starting', NOW - HOUR + MIN), // first sight: no restart
      move('eng', '', 'api', 'busy', 'crashed', NOW - 10 * DAY), // outside the range
    ]);

    const r = s.review.get('7d', NOW);
    expect(r.range).toBe('7d');
    expect(r.days.map((d) => d.day)).toEqual(reviewDays('7d', NOW));
    expect(r.days).toHaveLength(7);
    expect(r.from).toBe(r.days[0]!.day);
    expect(r.truncated).toBe(false);

    const eng = (server: string) => r.agents.find((x) => x.agent === 'eng' && x.server === server)!;
    expect(eng('local:/tmp/a')).toMatchObject({ team: 'web', waitingMs: 30 * MIN, unsentMs: 5 * MIN, busyMs: 2 * HOUR, rateLimitedMs: 3 * HOUR, idleMs: HOUR, totalMs: 30 * MIN + 5 * MIN + 6 * HOUR, crashes: 0, restarts: 0 });
    expect(eng('local:/tmp/b')).toMatchObject({ team: 'api', waitingMs: 10 * MIN, downMs: 20 * MIN, crashes: 1, restarts: 2 });
    // Most waited-on first.
    expect(r.agents.map((x) => `${x.agent}@${x.server}`)).toEqual(['eng@local:/tmp/a', 'eng@local:/tmp/b', 'solo@']);

    expect(r.teams.map((x) => [x.team, x.agents, x.busyMs, x.waitingMs])).toEqual([
      ['api', 1, 0, 10 * MIN],
      ['web', 1, 2 * HOUR, 30 * MIN],
      [null, 1, HOUR, 0],
    ]);
    const today = r.days.at(-1)!;
    expect(today.day).toBe(dayStart(NOW));
    expect(today).toMatchObject({ waitingMs: 40 * MIN, unsentMs: 5 * MIN, busyMs: 3 * HOUR, crashes: 1, restarts: 2 });
    expect(r.days.at(-2)).toMatchObject({ rateLimitedMs: 3 * HOUR, idleMs: HOUR });
    expect(r.days.slice(0, 5).every((d) => d.totalMs === 0)).toBe(true);

    // Today only.
    const one = s.review.get('1d', NOW);
    expect(one.days).toHaveLength(1);
    expect(one.agents.reduce((n, x) => n + x.rateLimitedMs, 0)).toBe(0);
    expect(one.rows.every((x) => x.day === dayStart(NOW))).toBe(true);
  });

  it('one agent is one row whose history began before its team tag: all its time, under its latest team', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const a = storeForServer(s, 'local:/tmp/a');
    // Untagged the day before yesterday and this morning, tagged 'web' since.
    a.metrics.addStateTime('eng', NOW - 2 * DAY, 'busy', HOUR);
    a.metrics.addStateTime('eng', NOW, 'waiting', 10 * MIN);
    a.metrics.addStateTime('eng', NOW, 'busy', 2 * HOUR, { team: 'web' });
    a.metrics.addStateTime('eng', NOW, 'waiting', 5 * MIN, { team: 'web' });
    a.transitions.addMany([move('eng', '', null, 'busy', 'crashed', NOW - DAY), move('eng', '', null, 'crashed', 'starting', NOW - DAY + MIN)]);
    // A team moved on: the newest day's team is the agent's.
    a.metrics.addStateTime('ops', NOW - DAY, 'busy', HOUR, { team: 'old' });
    a.metrics.addStateTime('ops', NOW, 'idle', HOUR, { team: 'new' });

    const r = s.review.get('7d', NOW);
    expect(r.agents.map((x) => [x.agent, x.team])).toEqual([
      ['eng', 'web'],
      ['ops', 'new'],
    ]);
    expect(r.agents[0]).toMatchObject({ waitingMs: 15 * MIN, busyMs: 3 * HOUR, crashes: 1, restarts: 1 });
    expect(r.teams.map((x) => [x.team, x.agents, x.busyMs])).toEqual([
      ['new', 1, HOUR],
      ['web', 1, 3 * HOUR],
    ]);
    // The per-day rows (and so the CSV) name it once a day, under the same team.
    expect(r.rows.map((x) => `${x.agent} ${x.team} ${(x.day - dayStart(NOW)) / DAY}`)).toEqual(['eng web -2', 'eng web -1', 'ops new -1', 'eng web 0', 'ops new 0']);
    expect(r.rows.find((x) => x.agent === 'eng' && x.day === dayStart(NOW))).toMatchObject({ waitingMs: 15 * MIN, busyMs: 2 * HOUR });
  });

  it('is bounded: a range holding more agent-days than the review keeps says so and keeps the newest', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const ins = s.db.prepare('INSERT INTO agent_state_time (server, agent, team, day, state, ms) VALUES (?, ?, ?, ?, ?, ?)');
    const days = reviewDays('30d', NOW);
    const perDay = Math.ceil((MAX_REVIEW_ROWS + 1) / days.length);
    s.db.transaction(() => {
      for (const day of days) for (let i = 0; i < perDay; i++) ins.run('srv', `a${i}`, '', day, 'busy', 1000);
    })();
    const r = s.review.get('30d', NOW);
    expect(r.truncated).toBe(true);
    expect(r.rows).toHaveLength(MAX_REVIEW_ROWS);
    expect(r.rows.at(-1)!.day).toBe(dayStart(NOW));
    // The oldest day is the one cut short.
    expect(r.rows.filter((x) => x.day === days[0]).length).toBe(perDay - (perDay * days.length - MAX_REVIEW_ROWS));
    expect(r.rows.filter((x) => x.day === days[1]).length).toBe(perDay);
  });

  it('refuses an unknown range and changes nothing', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    expect(() => s.review.get('2w' as '7d', NOW)).toThrow(/range must be one of/);
  });

  it('exports one CSV row per agent per day, quoted, formulas defused', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    s.metrics.addStateTime('=HYPERLINK("x")', NOW, 'waiting', 90 * MIN, { team: 'a,b', server: 'local:/tmp/x' });
    s.metrics.addStateTime('eng', NOW, 'rate_limited', 30 * MIN);
    const csv = reviewCsv(s.review.get('1d', NOW));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('day,server,agent,team,waiting_min,unsent_min,rate_limited_min,busy_min,idle_min,down_min,other_min,total_min,crashes,restarts');
    expect(lines.slice(1).sort()).toEqual([
      `2026-11-18,,eng,,0,0,30,0,0,0,0,30,0,0`,
      `2026-11-18,local:/tmp/x,"'=HYPERLINK(""x"")","a,b",90,0,0,0,0,0,0,90,0,0`,
    ]);
  });

  it('a month of seeded history reviews in one bounded read', () => {
    const s = t.track(openStore({ path: t.dbPath() }));
    const seeded = seedReviewHistory(s, { now: NOW, days: 30 });
    const r = s.review.get('30d', NOW);
    expect(r.agents).toHaveLength(8);
    expect(new Set(r.rows.map((x) => x.day))).toEqual(new Set(seeded));
    // Days off are in the review as zeros (drawn as gaps), not left out.
    expect(r.days).toHaveLength(30);
    expect(r.days.filter((d) => d.totalMs === 0)).toHaveLength(30 - seeded.length);
    const crashes = (s.db.prepare("SELECT count(*) AS n FROM transitions WHERE to_state = 'crashed'").get() as { n: number }).n;
    expect(r.agents.reduce((n, x) => n + x.crashes, 0)).toBe(crashes);
    expect(r.agents.reduce((n, x) => n + x.restarts, 0)).toBe(crashes);
  });
});

describe('migration 6: state time per tmux server and team', () => {
  it('keeps old state time, attributed to the default server and the team of the newest transition', () => {
    const path = join(t.dir(), 'old.db');
    const raw = new Database(path);
    migrate(raw, 5);
    const day = dayStart(NOW);
    const ins = raw.prepare('INSERT INTO agent_state_time (agent, day, state, ms) VALUES (?, ?, ?, ?)');
    ins.run('eng', day, 'waiting', 60_000);
    ins.run('loner', day, 'busy', 1_000);
    const tr = raw.prepare('INSERT INTO transitions (agent_id, agent, target, team, from_state, to_state, at, reason, server) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    tr.run('local/%1', 'eng', 's:1.0', 'old-team', 'busy', 'idle', NOW - 2 * DAY, '', 'x');
    tr.run('local/%1', 'eng', 's:1.0', 'web', 'idle', 'busy', NOW - DAY, '', 'x');
    raw.close();

    const s = t.track(openStore({ path }));
    const local = ServerIdentity.of({}, { TMUX_TMPDIR: process.env.TMUX_TMPDIR }).key();
    expect(s.db.prepare('SELECT server, agent, team, state, ms FROM agent_state_time ORDER BY agent').all()).toEqual([
      { server: local, agent: 'eng', team: 'web', state: 'waiting', ms: 60_000 },
      { server: local, agent: 'loner', team: '', state: 'busy', ms: 1_000 },
    ]);
    expect(s.review.get('1d', NOW).teams.map((x) => x.team)).toEqual(['web', null]);
  });
});
