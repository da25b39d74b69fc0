// The fleet survives its tmux server (issue #16): every agent spawned is in the fleet manifest
// until killed on purpose; agents that vanish without a kill (a pane closed from outside, the
// server killed) are reported lost in ONE notification per burst; `restoreFleet` (and
// `tmux-orc restore`) brings them back on a new server with the same names, types,
// directories and teams; killed agents stay gone.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrchestrator, type Orchestrator } from '../../src/core/orchestrator.js';
import { openStore } from '../../src/core/store/index.js';
import { dispatch, type ApiEvent } from '../../src/shared/api.js';
import type { AgentInfo, NotificationRecord, RestoreOutcome } from '../../src/shared/domain.js';
import { createTmuxServer, newServerName, type TmuxServer } from '../helpers/tmux.js';
import { FAKE_AGENT } from '../helpers/fake-agent.js';
import { eventually } from '../cli/fake-agents.js';
import { runCli } from '../cli/run-cli.js';

const name = newServerName();
let server: TmuxServer = createTmuxServer(name);
const dir = mkdtempSync(join(tmpdir(), 'orc-fleet-restore-'));
const db = join(dir, 'orc.db');
const red = join(dir, 'red');
const blue = join(dir, 'blue');
mkdirSync(red);
mkdirSync(blue);
const env = { ...process.env, ORC_AGENT_CMD_CLAUDE: `node ${FAKE_AGENT}`, FAKE_AGENT_DEFAULT_MS: '200' };
let orc: Orchestrator;
const events: ApiEvent[] = [];
const call = <T>(method: string, input?: unknown) => dispatch(orc.handlers, method, input) as Promise<T>;
const lostNotes = () => events.flatMap((e) => (e.type === 'notification' && e.notification.kind === 'lost' ? [e.notification] : []));
const names = (n: NotificationRecord) => n.members.map((m) => m.agent).sort();

beforeAll(async () => {
  await server.newSession('base');
  orc = await createOrchestrator({ socketName: name, dbPath: db, monitor: true, shell: 'web', env, timings: { readyMs: 20_000 }, metricsIntervalMs: 60_000 });
  orc.onEvent((e) => events.push(e));
});

afterAll(async () => {
  await orc?.close();
  await server.kill();
});

describe('the fleet manifest, lost agents and restore', () => {
  it('reports agents lost without a kill (one notification per burst) and brings them back on a new server', async () => {
    await call('spawnAgent', { name: 'alpha', type: 'claude', team: 'red', cwd: red, briefing: 'you are alpha' });
    await call('spawnAgent', { name: 'beta', type: 'claude', team: 'red', role: 'qa', cwd: red });
    await call('spawnAgent', { name: 'gamma', type: 'custom', command: `node ${FAKE_AGENT}`, cwd: blue });
    await call('spawnAgent', { name: 'delta', type: 'custom', command: `node ${FAKE_AGENT}`, cwd: blue });
    const before = await call<AgentInfo[]>('listAgents', {});
    const was = (n: string) => before.find((a) => a.name === n)!;

    // Killed on purpose: out of the manifest, never reported lost.
    await call('killAgent', { target: 'delta' });
    // Closed from outside: lost, alone in its burst.
    await server.tmux('kill-pane', '-t', was('gamma').paneId);
    const first = await eventually(lostNotes, (ns) => ns.length >= 1, 20_000);
    expect(first.map(names)).toEqual([['gamma']]);

    // The server dies: ONE notification for the rest (alpha, beta), none for delta.
    await server.kill();
    const both = await eventually(lostNotes, (ns) => ns.length >= 2, 20_000);
    expect(names(both[1]!)).toEqual(['alpha', 'beta']);
    expect(both[1]!.text).toMatch(/2 agents lost without being killed: alpha, beta/);

    // A new server on the same socket: the CLI's dry run lists the lost fleet, changing nothing.
    server = createTmuxServer(name);
    await server.newSession('base');
    const dry = await runCli(['-L', name, '--db', db, 'restore', '--dry-run', '--json'], { env: { ORC_AGENT_CMD_CLAUDE: env.ORC_AGENT_CMD_CLAUDE } });
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    const plan = JSON.parse(dry.stdout) as RestoreOutcome[];
    expect(plan.map((p) => [p.name, p.status]).sort()).toEqual([['alpha', 'planned'], ['beta', 'planned'], ['gamma', 'planned']]);
    // A name that is no lost agent refuses the whole call.
    await expect(call('restoreFleet', { names: ['alpha', 'delta'] })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/not a lost agent: delta .*nothing was done/) });

    const out = await call<RestoreOutcome[]>('restoreFleet', {});
    expect(out.map((o) => [o.name, o.status]).sort()).toEqual([['alpha', 'restored'], ['beta', 'restored'], ['gamma', 'restored']]);
    // Claude Code agents were given a session id at spawn: restore resumes it (or says why not).
    expect(out.find((o) => o.name === 'alpha')!.resume).toMatch(/--resume|no saved conversation/);
    expect(out.find((o) => o.name === 'gamma')!.resume).toMatch(/custom command/);
    // Not re-briefed unless asked.
    expect(out.every((o) => o.briefing === null)).toBe(true);

    const after = await eventually(() => call<AgentInfo[]>('listAgents', {}), (as) => ['alpha', 'beta', 'gamma'].every((n) => as.some((a) => a.name === n)), 20_000);
    for (const n of ['alpha', 'beta', 'gamma']) {
      const now = after.find((a) => a.name === n)!;
      expect({ name: now.name, type: now.type, role: now.role, team: now.team, cwd: now.cwd }).toEqual({
        name: n, type: was(n).type, role: was(n).role, team: was(n).team, cwd: was(n).cwd,
      });
    }
    expect(after.some((a) => a.name === 'delta')).toBe(false);
    // The inbox hears that both lost-agent notifications are resolved (not news).
    const resolved = events.flatMap((e) => (e.type === 'notificationChanged' && e.notification.kind === 'lost' && e.notification.resolvedAt !== null ? [e.notification.id] : []));
    expect(new Set(resolved)).toEqual(new Set(both.map((n) => n.id)));

    // Nothing is lost any more: the notifications are resolved, and a second restore has nothing to do.
    expect(await call<RestoreOutcome[]>('restoreFleet', { dryRun: true })).toEqual([]);
    const store = openStore({ path: db, readonly: true });
    try {
      expect(store.notifications.list({ kind: 'lost' }).map((n) => n.resolvedAt !== null)).toEqual([true, true]);
      expect(store.fleet.list().map((e) => [e.name, e.lostAt]).sort()).toEqual([['alpha', null], ['beta', null], ['gamma', null]]);
    } finally {
      store.close();
    }
  }, 120_000);
});
