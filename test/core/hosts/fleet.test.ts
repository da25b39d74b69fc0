// The fleet's bookkeeping with stand-in connections and monitors (the real ones, over a real
// sshd, are in test/remote/fleet.test.ts): merging, the unknown overlay while a host is away,
// recovery, a gone server, deadlines that keep one slow host from delaying the others.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createFleet, type FleetEvent, type FleetMonitor } from '../../../src/core/hosts/index.js';
import type { MonitorConnection, MonitorEvent } from '../../../src/core/monitor/index.js';
import type { ConnectOptions } from '../../../src/core/tmux/index.js';
import type { AgentInfo, ConnectionStatus } from '../../../src/shared/domain.js';
import type { AgentState } from '../../../src/shared/vocabulary.js';

class FakeConn extends EventEmitter {
  status: ConnectionStatus = 'connecting';
  statusMessage = 'connecting';
  closed = false;
  constructor(readonly opts: ConnectOptions) {
    super();
  }
  set(status: ConnectionStatus, message: string = status): void {
    this.status = status;
    this.statusMessage = message;
    this.emit('status', { status, message });
  }
  async runAll(): Promise<string[][]> {
    return [];
  }
  async runSettled(): Promise<PromiseSettledResult<string[]>[]> {
    return [];
  }
  close(): void {
    this.closed = true;
  }
  retries = 0;
  reconnectNow(): void {
    this.retries++;
  }
}

function agent(host: string, pane: string, name: string, state: AgentState = 'idle', target = `s:${pane.slice(1)}.0`): AgentInfo {
  return {
    id: `${host}/${pane}`, host, paneId: pane, target, session: 's', windowName: name, name, type: 'claude', role: 'engineer',
    team: null, tagged: true, state, reason: `${state}: test`, since: 1, lastLine: '', command: 'node', cwd: '/', resetAt: null,
  };
}

class FakeMonitor implements FleetMonitor {
  list: AgentInfo[] = [];
  seen: string[] = [];
  started = false;
  reconciles = 0;
  startGate: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(e: MonitorEvent) => void>();
  constructor(readonly conn: MonitorConnection) {
    conn.on('status', (s) => this.seen.push(s.status));
  }
  async start() {
    await this.startGate;
    this.started = true;
  }
  stop() {
    this.started = false;
  }
  agents() {
    return this.list;
  }
  onEvent(l: (e: MonitorEvent) => void) {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  async reconcile() {
    this.reconciles++;
    return 1;
  }
  fire(e: MonitorEvent) {
    for (const l of this.listeners) l(e);
  }
}

function rig(hosts: string[] = ['local', 'box'], callTimeoutMs = 200, unmonitored: string[] = []) {
  const conns = new Map<string, FakeConn>();
  const monitors = new Map<string, FakeMonitor>();
  const events: FleetEvent[] = [];
  const warnings: string[] = [];
  const fleet = createFleet<FakeConn>({
    hosts,
    local: { socketName: 'loc' },
    ssh: { configFile: '/cfg' },
    callTimeoutMs,
    now: () => 1000,
    connect: (o) => {
      const c = new FakeConn(o);
      conns.set(o.host ?? 'local', c);
      return c;
    },
    makeMonitor: (conn, host) => {
      if (unmonitored.includes(host)) return null;
      const m = new FakeMonitor(conn);
      monitors.set(host, m);
      return m;
    },
    onWarning: (m) => warnings.push(m),
  });
  fleet.onEvent((e) => events.push(e));
  return { fleet, conns, monitors, events, warnings, c: (h: string) => conns.get(h)!, m: (h: string) => monitors.get(h)! };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('createFleet', () => {
  it('opens one connection per host: local with its socket, remote through the ssh config', () => {
    const { fleet, c } = rig(['local', 'box', 'me@other']);
    expect(fleet.hosts()).toEqual(['local', 'box', 'me@other']);
    expect(c('local').opts).toMatchObject({ host: 'local', socketName: 'loc' });
    expect(c('box').opts).toMatchObject({ host: 'box', sshConfig: '/cfg', reconnectMaxMs: 30_000 });
    expect(c('box').opts.socketName).toBeUndefined();
    fleet.close();
    expect(c('box').closed && c('local').closed).toBe(true);
  });

  it('refuses a bad host list with one clear message', () => {
    expect(() => rig(['local', '-oProxyCommand=touch /tmp/x'])).toThrow(/starts with "-"/);
    expect(() => rig(['ssh://me@box:22'])).toThrow(/holds "\/"/);
    expect(() => rig(['a b'])).toThrow(/spaces/);
    expect(rig(['box', ' box ', 'local']).fleet.hosts()).toEqual(['box', 'local']);
  });

  it('merges agents and events of every host; ids carry the host', async () => {
    const { fleet, m, events } = rig();
    m('local').list = [agent('local', '%1', 'alice')];
    m('box').list = [agent('box', '%1', 'bob')];
    await fleet.start();
    expect(fleet.agents().map((a) => a.id)).toEqual(['local/%1', 'box/%1']);
    m('box').fire({ type: 'agentChanged', agent: agent('box', '%1', 'bob', 'busy') });
    expect(events).toEqual([{ type: 'agentChanged', agent: expect.objectContaining({ id: 'box/%1', state: 'busy' }) }]);
    expect(() => fleet.connection('nope')).toThrow(/no host "nope"/);
  });

  it('a remote host that drops: its agents turn unknown with the reason, the monitor keeps them; back: real states again', async () => {
    const { fleet, c, m, events } = rig();
    c('box').set('connected');
    c('local').set('connected');
    m('box').list = [agent('box', '%1', 'bob', 'idle'), agent('box', '%2', 'carol', 'busy')];
    m('local').list = [agent('local', '%1', 'alice')];
    await fleet.start();
    events.length = 0;

    c('box').set('disconnected', 'connection to box lost: Connection reset');
    expect(fleet.agentsOf('box').map((a) => [a.state, a.reason])).toEqual([
      ['unknown', 'host box unreachable: connection to box lost: Connection reset'],
      ['unknown', 'host box unreachable: connection to box lost: Connection reset'],
    ]);
    expect(fleet.agentsOf('local')[0]!.state).toBe('idle');
    const changed = events.filter((e) => e.type === 'agentChanged');
    expect(changed.map((e) => e.type === 'agentChanged' && [e.agent.id, e.transition?.from, e.transition?.to])).toEqual([
      ['box/%1', 'idle', 'unknown'],
      ['box/%2', 'busy', 'unknown'],
    ]);
    expect(events.at(-1)).toEqual({ type: 'hostStatus', host: 'box', status: 'disconnected', message: 'connection to box lost: Connection reset' });
    // The monitor was told "reconnecting", never "disconnected" (which would make it forget its agents).
    expect(m('box').seen).not.toContain('disconnected');
    // While away, the monitor's own agent updates do not leak through; retries keep the first reason.
    m('box').fire({ type: 'agentChanged', agent: agent('box', '%1', 'bob', 'busy') });
    c('box').set('error', 'ssh: connect to host box port 22: Connection refused');
    expect(fleet.agentsOf('box')[0]!.reason).toMatch(/Connection reset/);
    expect(fleet.status().find((s) => s.host === 'box')).toEqual({ host: 'box', status: 'error', message: 'ssh: connect to host box port 22: Connection refused' });

    events.length = 0;
    m('box').list = [agent('box', '%1', 'bob', 'idle')]; // carol's pane went meanwhile
    c('box').set('connected');
    await flush();
    expect(m('box').reconciles).toBe(1);
    expect(fleet.agentsOf('box').map((a) => [a.id, a.state])).toEqual([['box/%1', 'idle']]);
    const back = events.filter((e) => e.type === 'agentChanged');
    expect(back.map((e) => e.type === 'agentChanged' && [e.agent.id, e.transition?.from, e.transition?.to])).toEqual([['box/%1', 'unknown', 'idle']]);
  });

  it('a remote host whose tmux server is gone loses its agents', async () => {
    const { fleet, c, m, events } = rig();
    c('box').set('connected');
    m('box').list = [agent('box', '%1', 'bob')];
    await fleet.start();
    c('box').set('disconnected', 'lost');
    events.length = 0;
    c('box').set('no_server', 'no tmux server');
    expect(events.filter((e) => e.type === 'agentRemoved')).toEqual([{ type: 'agentRemoved', id: 'box/%1' }]);
    expect(fleet.agentsOf('box')).toEqual([]);
  });

  it('the local host is not held: its monitor hears disconnected as it is', async () => {
    const { fleet, c, m } = rig();
    c('local').set('connected');
    m('local').list = [agent('local', '%1', 'alice')];
    await fleet.start();
    c('local').set('disconnected', 'tmux server went away');
    expect(m('local').seen).toContain('disconnected');
    expect(fleet.agentsOf('local')[0]!.state).toBe('idle');
  });

  it('one slow host delays nobody: start, listing and per-host calls each have a deadline', async () => {
    const { fleet, c, m, warnings } = rig(['local', 'slow'], 150);
    m('slow').startGate = new Promise(() => undefined);
    m('local').list = [agent('local', '%1', 'alice')];
    c('local').set('connected');
    const t0 = performance.now();
    await fleet.start();
    expect(m('local').started).toBe(true);
    expect(warnings.join('\n')).toMatch(/host slow: monitor start: no answer within 150 ms/);
    expect(fleet.agents().map((a) => a.id)).toEqual(['local/%1']);
    const results = await fleet.eachHost(async (_conn, host) => (host === 'slow' ? new Promise<string>(() => undefined) : 'ok'));
    expect(results).toEqual([
      { host: 'local', ok: true, value: 'ok' },
      { host: 'slow', ok: false, error: 'host slow: no answer within 150 ms' },
    ]);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });

  it('a call to an unreachable host fails at once with the reason', async () => {
    const { fleet, c } = rig();
    c('box').set('error', 'ssh: Could not resolve hostname box');
    await expect(fleet.onHost('box', async () => 'never')).rejects.toMatchObject({ code: 'unavailable', message: 'host box unreachable: ssh: Could not resolve hostname box' });
    await expect(fleet.onHost('nope', async () => 'never')).rejects.toMatchObject({ code: 'not_found' });
    fleet.reconnectNow('box');
    expect([c('box').retries, c('local').retries]).toEqual([1, 0]);
    fleet.reconnectNow();
    expect([c('box').retries, c('local').retries]).toEqual([2, 1]);
  });

  it('a host without a monitor (lease held elsewhere) lists from snapshots; its drop still shows unknown', async () => {
    const { fleet, c, m, monitors } = rig(['local', 'box'], 200, ['box']);
    expect(fleet.monitor('box')).toBeNull();
    expect(monitors.has('box')).toBe(false);
    m('local').list = [agent('local', '%1', 'alice')];
    c('local').set('connected');
    c('box').set('connected');
    const snap = await fleet.snapshot();
    expect(snap).toEqual({ agents: [], unreachable: [] });
    c('box').set('disconnected', 'gone');
    expect((await fleet.snapshot()).unreachable).toEqual([{ host: 'box', message: 'host box unreachable: gone' }]);
    expect(fleet.agents().map((a) => a.id)).toEqual(['local/%1']);
  });

  it('routes targets to their host', async () => {
    const { fleet, m } = rig();
    m('local').list = [agent('local', '%1', 'alice'), agent('local', '%2', 'dup')];
    m('box').list = [agent('box', '%1', 'bob'), agent('box', '%5', 'dup')];
    // Routing that found the agent hands it on: the target is not resolved again.
    expect(fleet.route('bob')).toEqual({ host: 'box', target: 'box/%1', agent: expect.objectContaining({ name: 'bob', host: 'box' }) });
    expect(fleet.route('box/%1')).toEqual({ host: 'box', target: 'box/%1' });
    expect(fleet.route('box/s:1.0')).toEqual({ host: 'box', target: 's:1.0' });
    expect(fleet.route('local/%1')).toEqual({ host: 'local', target: 'local/%1' });
    expect(fleet.resolve('box/s:5').name).toBe('dup');
    expect(() => fleet.route('dup')).toThrow(/"dup" matches agents on 2 hosts: local\/s:2.0, box\/s:5.0/);
    // Not an agent anywhere: a plain pane on the local server.
    expect(fleet.route('%9')).toEqual({ host: 'local', target: '%9' });
    expect(() => fleet.route('elsewhere/%1')).toThrow(/no host "elsewhere"/);
    expect(() => fleet.route('  ')).toThrow(/target is empty/);
  });

  it('setHosts: new hosts connect and start, removed ones close and lose their agents; bad input changes nothing', async () => {
    const { fleet, c, m, events } = rig();
    m('box').list = [agent('box', '%1', 'bob')];
    await fleet.start();
    const box = c('box');
    await expect(fleet.setHosts(['local', 'bad host'])).rejects.toThrow(/spaces/);
    expect(fleet.hosts()).toEqual(['local', 'box']);
    events.length = 0;
    await fleet.setHosts(['new', 'local']);
    expect(fleet.hosts()).toEqual(['new', 'local']);
    expect(box.closed).toBe(true);
    expect(events).toEqual([{ type: 'agentRemoved', id: 'box/%1' }]);
    expect(m('new').started).toBe(true);
  });
});
