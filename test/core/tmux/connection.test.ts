// Integration: a real tmux server (private socket) under a real connection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTmuxServer } from '../../helpers/tmux.js';
import {
  connectTmux,
  TmuxArgumentError,
  TmuxCommandError,
  TmuxTimeoutError,
  type OutputEvent,
  type OutputTextEvent,
  type TmuxConnection,
} from '../../../src/core/tmux/index.js';
import { waitFor } from '../../helpers/poll.js';

const server = useTmuxServer();
let conn: TmuxConnection;
let pane: string;
const outputs: OutputEvent[] = [];
const texts: OutputTextEvent[] = [];
const topologyReasons: string[] = [];
const textOf = (paneId: string) => texts.filter((o) => o.paneId === paneId).map((o) => o.text).join('');

beforeAll(async () => {
  // sh, not the login shell: an interactive bash may run slow rc files (pyenv…) first.
  pane = await server.newSession('main', ['sh']);
  conn = connectTmux({ socketName: server.name, commandTimeoutMs: 5000 });
  conn.on('output', (o) => outputs.push(o));
  conn.on('output-text', (o) => texts.push(o));
  conn.on('topology', (t) => topologyReasons.push(...t.reasons));
  await conn.waitConnected(5000);
});
afterAll(() => conn.close());

/**
 * Until this file's connection has a client attached to every session: a session killed while
 * one is still identifying itself crashes tmux ≤ 3.6 (see syncSessionsSoon), so tests that kill
 * sessions wait for this first.
 */
async function allAttached(): Promise<void> {
  await waitFor(async () => conn.counters().controlClients === (await server.tmux('list-sessions', '-F', '#{session_id}')).split('\n').filter(Boolean).length, 'a client attached to every session');
}

describe('commands', () => {
  it('pipelines many commands in one write and keeps their order', async () => {
    const list = Array.from({ length: 200 }, (_, i) => ['display-message', '-p', `n=${i} #{pane_id}`]);
    const out = await conn.runAll(list);
    expect(out.map((l) => l[0])).toEqual(list.map((_, i) => `n=${i} ${pane}`));
  });

  it("rejects with tmux's own message, and the queue stays in step after an error", async () => {
    const settled = await conn.runSettled([
      ['display-message', '-p', 'before'],
      ['send-keys', '-t', '%9999', 'x'],
      ['display-message', '-p', 'after'],
    ]);
    expect(settled[0]).toEqual({ status: 'fulfilled', value: ['before'] });
    expect(settled[1]!.status).toBe('rejected');
    const reason = (settled[1] as PromiseRejectedResult).reason as TmuxCommandError;
    expect(reason).toBeInstanceOf(TmuxCommandError);
    expect(reason.message).toBe("can't find pane: %9999");
    expect(settled[2]).toEqual({ status: 'fulfilled', value: ['after'] });
    await expect(conn.run(['no-such-command'])).rejects.toThrow(/unknown command: no-such-command/);
  });

  it('keeps the queue in step across if-shell, whose branch tmux answers with a block of its own', async () => {
    // Seen: the pane lock's conditional release (if-shell -F … "set-option …") pipelined with
    // other commands shifted every later reply by one: a look at %1 got %0's screen.
    await conn.run(['set-option', '-p', '-t', pane, '@orc-test-if', 'yes']);
    for (const cond of ['#{==:#{@orc-test-if},yes}', '#{==:#{@orc-test-if},no}']) {
      const settled = await conn.runSettled([
        ['display-message', '-p', 'before'],
        ['if-shell', '-t', pane, '-F', cond, `set-option -p -t ${pane} @orc-test-ran 1`],
        ['display-message', '-p', 'after'],
        ['display-message', '-p', 'last'],
      ]);
      expect(settled.map((r) => (r.status === 'fulfilled' ? r.value : 'rejected'))).toEqual([['before'], [], ['after'], ['last']]);
    }
    expect(await conn.run(['display-message', '-p', '-t', pane, '#{@orc-test-ran}'])).toEqual(['1']);
    // A branch of several commands would answer with several blocks: refused before sending.
    await expect(conn.run(['if-shell', '-F', '1', 'display-message a ; display-message b'])).rejects.toThrow(TmuxArgumentError);
  });

  it('times out a command that does not answer in time, and keeps working', async () => {
    // `wait-for` answers at once but blocks this client's command queue until the channel is
    // signalled, so the command behind it gets no reply in time.
    await conn.run(['wait-for', 'orc-test-chan']);
    const late = conn.run(['display-message', '-p', 'late'], { timeoutMs: 50 });
    const behind = conn.run(['display-message', '-p', 'queued behind']);
    await expect(late).rejects.toBeInstanceOf(TmuxTimeoutError);
    await server.tmux('wait-for', '-S', 'orc-test-chan');
    // The late reply is consumed for the timed-out command, not handed to the next one.
    expect(await behind).toEqual(['queued behind']);
    expect(await conn.run(['display-message', '-p', 'still here'])).toEqual(['still here']);
    expect(conn.counters().commandTimeouts).toBeGreaterThanOrEqual(1);
  });

  it('gives a clear message for bad input and sends nothing', async () => {
    const before = conn.counters().commandsSent;
    await expect(conn.capture('main:0')).rejects.toBeInstanceOf(TmuxArgumentError);
    await expect(conn.sendText('%1', 'a\0b')).rejects.toThrow(/NUL/);
    await expect(conn.run([])).rejects.toThrow(/empty tmux command/);
    expect(conn.counters().commandsSent).toBe(before);
  });

  it('captures one pane and many panes (pipelined), leaving out panes that are gone', async () => {
    await conn.sendText(pane, 'echo captured-$((6*7))');
    await conn.sendKeys(pane, ['Enter']);
    await waitFor(async () => (await conn.capture(pane)).includes('captured-42'), 'echo output');
    const many = await conn.captureMany([pane, '%9999']);
    expect([...many.keys()]).toEqual([pane]);
    expect(many.get(pane)).toContain('captured-42');
    expect(await conn.capture(pane, { ansi: true, scrollback: 100 })).toContain('captured-42');
  });

  it('lists panes with the orchestrator user options', async () => {
    await conn.run(['set-option', '-p', '-t', pane, '@orc-name', 'alice; "the" $agent']);
    await conn.run(['set-option', '-p', '-t', pane, '@orc-type', 'claude']);
    const rows = await conn.listPanes();
    const row = rows.find((r) => r.paneId === pane);
    expect(row).toMatchObject({
      session: 'main',
      windowIndex: 0,
      paneIndex: 0,
      target: 'main:0.0',
      dead: false,
      orcName: 'alice; "the" $agent',
      orcType: 'claude',
      orcRole: '',
      width: 120,
      height: 40,
    });
    expect(row!.pid).toBeGreaterThan(0);
  });
});

describe('events', () => {
  it('reports %output decoded to listeners of output-text, with UTF-8 intact', async () => {
    await conn.sendText(pane, `printf 'x\\303'; printf '\\251y\\n'`);
    await conn.sendKeys(pane, ['Enter']);
    // The é is printed in two writes (two %output lines); the decoder joins it.
    await waitFor(() => textOf(pane).includes('xéy'), 'split UTF-8 output');
  });

  it('reports output as a byte count (nothing decoded for it); the counters add up the same bytes', async () => {
    const from = outputs.length;
    await conn.sendText(pane, 'echo counted');
    await conn.sendKeys(pane, ['Enter']);
    await waitFor(() => textOf(pane).includes('counted\r\n'), 'the echo');
    const mine = outputs.slice(from).filter((o) => o.paneId === pane);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((o) => Number.isInteger(o.bytes) && o.bytes > 0 && !('text' in o))).toBe(true);
    expect(conn.counters().outputBytes).toBe(outputs.reduce((n, o) => n + o.bytes, 0));
  });

  it('covers every session: output from a second session arrives too', async () => {
    const other = await server.newSession('second', ['sh']);
    await waitFor(() => conn.counters().controlClients >= 2, 'a control client for the new session');
    // Output before the client attached is not reported; print until it shows up.
    await waitFor(async () => {
      await conn.sendText(other, 'echo from-second');
      await conn.sendKeys(other, ['Enter']);
      return textOf(other).includes('from-second');
    }, 'output from the second session');
  });

  it('reports window add, rename, close and session changes as topology', async () => {
    topologyReasons.length = 0;
    const [win] = await conn.run(['new-window', '-d', '-t', 'main:', '-P', '-F', '#{window_id}']);
    await waitFor(() => topologyReasons.includes('window-add'), 'window-add');
    await conn.run(['rename-window', '-t', win!, 'renamed']);
    await waitFor(() => topologyReasons.some((r) => r.endsWith('window-renamed')), 'window-renamed');
    await conn.run(['kill-window', '-t', win!]);
    // In the attached session this arrives as %unlinked-window-close (or %window-close).
    await waitFor(() => topologyReasons.some((r) => r.endsWith('window-close')), 'window-close');
    await server.tmux('new-session', '-d', '-s', 'third');
    await waitFor(() => topologyReasons.includes('sessions-changed'), 'sessions-changed');
    await allAttached();
    await server.tmux('kill-session', '-t', 'third');
  });

  it('reports pane mode changes', async () => {
    const seen: string[] = [];
    conn.on('pane-mode-changed', (e) => seen.push(e.paneId));
    await conn.run(['copy-mode', '-t', pane]);
    await waitFor(() => seen.includes(pane), 'pane-mode-changed');
    await conn.run(['send-keys', '-t', pane, '-X', 'cancel']);
  });

  it('counts what it does', () => {
    const c = conn.counters();
    expect(c.commandsSent).toBeGreaterThan(200);
    expect(c.rtt.count).toBeGreaterThan(200);
    expect(c.rtt.p50).toBeGreaterThan(0);
    expect(c.rtt.histogram.reduce((a, b) => a + b.count, 0)).toBe(c.rtt.count);
    expect(c.outputBytes).toBeGreaterThan(0);
    expect(c.processesSpawned).toBeGreaterThanOrEqual(2);
  });
});

describe('session coverage', () => {
  it('a new session gets its control client only once the session list is still (tmux ≤ 3.6 crash when a session closes while a client identifies)', async () => {
    // A settle far longer than the test: only an explicit refresh may attach a client.
    const watcher = connectTmux({ socketName: server.name, sessionSettleMs: 600_000 });
    const reasons: string[] = [];
    watcher.on('topology', (t) => reasons.push(...t.reasons));
    try {
      await watcher.waitConnected(5000);
      await watcher.refreshSessions();
      const spawned = watcher.counters().processesSpawned;
      // Created and killed in one command list: no client of this file's other connection can
      // be identifying itself in between.
      await server.tmux('new-session', '-d', '-s', 'brief', ';', 'kill-session', '-t', 'brief');
      await waitFor(() => reasons.includes('sessions-changed'), 'sessions-changed');
      // Created and killed again: no client ever attached to it, and the server lives on.
      expect(watcher.counters().processesSpawned).toBe(spawned);
      expect(await watcher.run(['display-message', '-p', 'ok'])).toEqual(['ok']);
      await server.tmux('new-session', '-d', '-s', 'stays');
      await waitFor(() => reasons.filter((r) => r === 'sessions-changed').length >= 2, 'the second sessions-changed');
      expect(watcher.counters().processesSpawned).toBe(spawned);
      await watcher.refreshSessions();
      expect(watcher.counters().processesSpawned).toBe(spawned + 1);
    } finally {
      watcher.close();
      await allAttached();
      await server.tmux('kill-session', '-t', 'stays').catch(() => undefined);
    }
  });

  it('attaching never copies the engine\'s environment into the person\'s sessions (update-environment)', async () => {
    const before = await server.tmux('show-environment', '-t', 'main', 'SSH_AUTH_SOCK').catch(() => 'unset');
    const saved = process.env.SSH_AUTH_SOCK;
    process.env.SSH_AUTH_SOCK = '/tmp/orc-engine-agent.sock';
    const watcher = connectTmux({ socketName: server.name });
    try {
      await watcher.waitConnected(5000);
      await watcher.refreshSessions();
      expect(watcher.watchedSessions().length).toBeGreaterThan(0);
      expect(await server.tmux('show-environment', '-t', 'main', 'SSH_AUTH_SOCK').catch(() => 'unset')).toBe(before);
    } finally {
      watcher.close();
      if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = saved;
    }
  });

  it('watchSession picks the sessions that get a control client; refreshSessions applies a change', async () => {
    const wanted = new Set(['main']);
    const narrow = connectTmux({ socketName: server.name, watchSession: (s) => wanted.has(s.name) });
    try {
      await narrow.waitConnected(5000);
      await narrow.refreshSessions();
      const ids = Object.fromEntries(
        (await narrow.run(['list-sessions', '-F', '#{session_name} #{session_id}'])).map((l) => l.split(' ') as [string, string]),
      );
      // The primary client stays wherever it attached; every wanted session is covered.
      expect(narrow.watchedSessions()).toContain(ids.main);
      wanted.add('second');
      await narrow.refreshSessions();
      await waitFor(() => narrow.watchedSessions().includes(ids.second!), 'second session covered');
      const both = narrow.watchedSessions().length;
      wanted.clear();
      await narrow.refreshSessions();
      expect(narrow.watchedSessions().length).toBeLessThan(both);
      expect(narrow.watchedSessions().length).toBe(1);
    } finally {
      narrow.close();
    }
  });
});
