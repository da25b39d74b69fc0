// Restore on a remote host, for real: a local private tmux server and a "remote" one behind a
// throwaway sshd, monitors keyed by each server's identity (as the orchestrator makes them).
// The remote tmux server dies: its agents (and only they) are reported lost in one notification
// naming that host's server; the local agent is untouched. A new server on the same socket over
// there: restoreFleet starts the lost agents again ON THAT HOST (routed by the manifest row's
// host, never locally) with the same names, types, directories, roles and teams.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTmuxServer, type TmuxServer } from '../helpers/tmux.js';
import { createSshd, type TestSshd } from '../helpers/sshd.js';
import { skipWithout } from '../helpers/required-tools.js';
import { waitFor } from '../helpers/poll.js';
import { createFleet, createFleetActions, type Fleet } from '../../src/core/hosts/index.js';
import { onFleet, type ActCalls } from '../helpers/act.js';
import { createMonitor } from '../../src/core/monitor/index.js';
import { createActions } from '../../src/core/actions/index.js';
import { openStore, serverKey, storeForServer, type Store } from '../../src/core/store/index.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/settings.js';
import type { AgentInfo, NotificationRecord } from '../../src/shared/domain.js';
import { FAKE_AGENT as FAKE } from '../helpers/fake-agent.js';

const settings: Settings = { ...DEFAULT_SETTINGS, quietMs: 400, reconcileIntervalMs: 600_000 };

// Without sshd this skips (the run says once what to install); under CI=true it fails.
const noSshd = skipWithout('sshd');

describe.skipIf(noSshd)('restore: a lost fleet on a remote host comes back on that host', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orc-remote-restore-'));
  const red = join(dir, 'red');
  mkdirSync(red);
  const local = createTmuxServer();
  let remote = createTmuxServer();
  let sshd: TestSshd;
  let store: Store;
  let fleet: Fleet;
  let REMOTE: string;
  let actions: ActCalls;
  const warnings: string[] = [];

  const byName = (name: string): AgentInfo | undefined => fleet.agents().find((a) => a.name === name);
  const lostNotes = (): NotificationRecord[] => store.notifications.list({ kind: 'lost' });
  const tagged = async (server: TmuxServer) =>
    (await server.tmux('list-panes', '-a', '-F', '#{@orc-name} #{@orc-type} #{@orc-team} #{@orc-role} #{pane_current_path}').catch(() => ''))
      .split('\n')
      .filter((l) => l.trim())
      .sort();
  /** A wait that timed out, with what the fleet, the manifest and the warnings said. */
  const explained = (err: Error): never => {
    const agents = fleet.agents().map((a) => `${a.host}/${a.name} ${a.state} (${a.reason})`);
    const manifest = store.fleet.list().map((e) => `${e.server} ${e.name} ${e.paneId} lost=${e.lostAt}`);
    throw new Error(`${err.message}\nagents: ${agents.join('; ')}\nmanifest: ${manifest.join('; ')}\nwarnings: ${warnings.join('; ')}`);
  };

  beforeAll(async () => {
    sshd = await createSshd();
    await sshd.start();
    REMOTE = sshd.host;
    await local.newSession('base');
    await remote.newSession('base');
    store = openStore({ path: join(dir, 'orc.db') });
    fleet = createFleet({
      hosts: ['local', { host: REMOTE, socketName: remote.name }],
      local: { socketName: local.name },
      ssh: { configFile: sshd.configFile },
      connectOptions: { commandTimeoutMs: 5000, reconnectMinMs: 100, reconnectMaxMs: 400 },
      callTimeoutMs: 5000,
      // As the orchestrator does: each monitor writes under its server's identity and marks its
      // manifest rows lost.
      makeMonitor: (conn, host) => {
        const key = serverKey(host === 'local' ? { host, socketName: local.name } : { host, socketName: remote.name });
        return createMonitor({ conn, host, settings, store: storeForServer(store, key), server: key, onWarning: (m) => warnings.push(`${host}: ${m}`) });
      },
      onWarning: (m) => warnings.push(m),
    });
    const perHost = createFleetActions(fleet, (conn, host) =>
      createActions({
        conn,
        host,
        store,
        directory: { list: () => fleet.monitor(host)!.agents() },
        env: { ...process.env, ORC_AGENT_CMD_CLAUDE: `node ${FAKE}` },
        timings: { readyMs: 15_000 },
      }),
    );
    actions = onFleet(fleet, perHost, { quietMs: settings.quietMs, server: { socketName: local.name } });
    await fleet.start();
  });

  afterAll(async () => {
    actions?.close();
    fleet?.close();
    store?.close();
    await sshd?.dispose();
    await local.kill();
    await remote.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports the remote agents lost, names that host in the plan, and restores them there', async () => {
    await actions.spawnAgent({ name: 'rem-a', type: 'claude', team: 'red', session: 'team', cwd: red, host: REMOTE });
    await actions.spawnAgent({ name: 'rem-b', type: 'custom', command: `node ${FAKE}`, team: 'red', role: 'qa', session: 'team', cwd: dir, host: REMOTE });
    await actions.spawnAgent({ name: 'loc-a', type: 'claude', team: 'red', session: 'team', cwd: red });
    await waitFor(() => ['rem-a', 'rem-b', 'loc-a'].every((n) => byName(n)?.state === 'idle'), 'all three idle', 20_000).catch(explained);
    const remoteBefore = await tagged(remote);
    expect(remoteBefore.map((l) => l.split(' ')[0])).toEqual(['', 'rem-a', 'rem-b']);

    // The remote tmux server dies (ssh fine): ONE notification naming its two agents, keyed by
    // that host's server; the local agent is not lost.
    await remote.kill();
    await waitFor(() => lostNotes().length >= 1, 'the lost-agent notification', 20_000).catch(explained);
    const [note] = lostNotes();
    expect(note!.members.map((m) => m.agent).sort()).toEqual(['rem-a', 'rem-b']);
    expect(note!.members.every((m) => m.agentId.startsWith(`${REMOTE}/`))).toBe(true);
    expect(note!.text).toMatch(/2 agents lost without being killed: rem-a, rem-b/);
    expect(byName('loc-a')?.state).toBe('idle');

    // The plan names the host each agent lived on; a dry run starts nothing.
    await waitFor(() => fleet.status()[1]!.status === 'no_server', 'remote: no server', 20_000);
    const plan = await actions.restoreFleet({ dryRun: true });
    expect(plan.map((p) => [p.name, p.host, p.status]).sort()).toEqual([['rem-a', REMOTE, 'planned'], ['rem-b', REMOTE, 'planned']]);

    // A new server on the same socket over there: restore starts them on it, not here.
    remote = createTmuxServer(remote.name);
    await remote.newSession('base');
    await waitFor(() => fleet.status()[1]!.status === 'connected', 'remote connected again', 20_000);
    const out = await actions.restoreFleet({});
    expect(out.map((o) => [o.name, o.host, o.status]).sort()).toEqual([['rem-a', REMOTE, 'restored'], ['rem-b', REMOTE, 'restored']]);
    expect(out.every((o) => o.agent?.id.startsWith(`${REMOTE}/%`))).toBe(true);
    expect(await tagged(remote)).toEqual(remoteBefore);
    expect((await tagged(local)).map((l) => l.split(' ')[0])).toEqual(['', 'loc-a']);
    await waitFor(() => ['rem-a', 'rem-b'].every((n) => byName(n)?.host === REMOTE && byName(n)?.state === 'idle'), 'restored agents idle on the remote host', 20_000);

    // Nothing is lost any more, on either host: the notification is resolved and a second plan is empty.
    expect(lostNotes().map((n) => n.resolvedAt !== null)).toEqual([true]);
    expect(await actions.restoreFleet({ dryRun: true })).toEqual([]);
  }, 120_000);
});
