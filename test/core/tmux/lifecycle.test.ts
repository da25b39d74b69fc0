// No server, a server started by ensureSession, a server killed and restarted under the client.
import { afterAll, describe, expect, it } from 'vitest';
import { useTmuxServer } from '../../helpers/tmux.js';
import { connectTmux, TmuxConnectionError, type TmuxConnection } from '../../../src/core/tmux/index.js';
import type { ConnectionStatus } from '../../../src/shared/domain.js';
import { waitFor } from '../../helpers/poll.js';

const server = useTmuxServer();
const conns: TmuxConnection[] = [];
afterAll(() => conns.forEach((c) => c.close()));

function open(): { conn: TmuxConnection; statuses: ConnectionStatus[] } {
  const conn = connectTmux({ socketName: server.name, commandTimeoutMs: 5000, reconnectMinMs: 50, reconnectMaxMs: 200 });
  conns.push(conn);
  const statuses: ConnectionStatus[] = [];
  conn.on('status', (s) => statuses.push(s.status));
  return { conn, statuses };
}

describe('lifecycle', () => {
  it('reports no_server without starting one, and commands fail clearly', async () => {
    const { conn } = open();
    await waitFor(() => conn.status === 'no_server', 'no_server status');
    expect(conn.statusMessage).toMatch(/no tmux server/);
    await expect(conn.run(['list-sessions'])).rejects.toThrow(TmuxConnectionError);
    await expect(conn.run(['list-sessions'])).rejects.toThrow(/not connected to tmux \(no_server/);
    // Probing the socket spawned no tmux process, so no server was started.
    expect(conn.counters().controlClients).toBe(0);
    await expect(server.tmux('list-sessions')).rejects.toThrow(/no server running|error connecting/);
    conn.close();
  });

  it('a command between retries connects at once when the server is back (not at the backoff\'s next try)', async () => {
    // A backoff a minute long: only the command itself can connect within this test.
    const conn = connectTmux({ socketName: server.name, commandTimeoutMs: 5000, reconnectMinMs: 60_000, reconnectMaxMs: 60_000 });
    conns.push(conn);
    await waitFor(() => conn.status === 'no_server', 'no_server status');
    await server.newSession('late');
    expect(await conn.run(['list-sessions', '-F', '#{session_name}'])).toEqual(['late']);
    expect(conn.status).toBe('connected');
    // Two commands at once share one attempt: one control client, not two.
    await server.tmux('kill-server');
    await waitFor(() => conn.status === 'disconnected', 'disconnected after the kill');
    await server.newSession('again');
    const both = await Promise.all([conn.run(['display-message', '-p', 'a']), conn.run(['display-message', '-p', 'b'])]);
    expect(both).toEqual([['a'], ['b']]);
    expect(conn.counters().controlClients).toBe(1);
    conn.close();
    await server.kill();
  });

  it('ensureSession starts a server and a session, then connects', async () => {
    const { conn } = open();
    await waitFor(() => conn.status === 'no_server', 'no_server status');
    expect(await conn.ensureSession('orc')).toEqual({ created: true });
    expect(conn.status).toBe('connected');
    expect(await conn.ensureSession('orc')).toEqual({ created: false });
    expect(await conn.ensureSession('other')).toEqual({ created: true });
    const names = await conn.run(['list-sessions', '-F', '#{session_name}']);
    expect(names.sort()).toEqual(['orc', 'other']);
    await expect(conn.ensureSession('a:b')).rejects.toThrow(/invalid session name/);
    conn.close();
  });

  it('kill-server: disconnected, reconnects with backoff when a server is back', async () => {
    await server.newSession('life');
    const { conn, statuses } = open();
    await conn.waitConnected(5000);
    await server.tmux('kill-server');
    await waitFor(() => statuses.includes('disconnected'), 'disconnected status');
    await waitFor(() => conn.status === 'no_server', 'no_server after the kill');
    await expect(conn.run(['list-sessions'])).rejects.toThrow(TmuxConnectionError);
    await server.newSession('back');
    await conn.waitConnected(5000);
    expect(await conn.run(['list-sessions', '-F', '#{session_name}'])).toEqual(['back']);
    expect(conn.counters().reconnects).toBe(1);
    expect(statuses.at(-1)).toBe('connected');
  });

  it('server crash: pending commands are rejected with a clear error, no EPIPE escapes', async () => {
    const { conn, statuses } = open();
    await conn.waitConnected(5000);
    const [pid] = await conn.run(['display-message', '-p', '#{pid}']);
    // wait-for holds the commands behind it in the queue: they are in flight when the server dies.
    await conn.run(['wait-for', 'never-signalled']);
    const pending = conn.runAll([['display-message', '-p', 'never answered'], ['list-sessions']]);
    process.kill(Number(pid), 'SIGKILL');
    await expect(pending).rejects.toThrow(/tmux connection lost/);
    await waitFor(() => statuses.includes('disconnected'), 'disconnected status');
    await server.newSession('again');
    await conn.waitConnected(5000);
    expect(await conn.run(['display-message', '-p', '#{session_name}'])).toEqual(['again']);
  });

  it('keeps working when the session its primary client is attached to is killed', async () => {
    await server.newSession('one');
    await server.newSession('two');
    const { conn } = open();
    await conn.waitConnected(5000);
    const sessions = await conn.run(['list-sessions', '-F', '#{session_name}']);
    await waitFor(() => conn.counters().controlClients === sessions.length, `clients for every session (${sessions.join(' ')})`);
    const [attachedTo] = await conn.run(['display-message', '-p', '#{session_name}']);
    await server.tmux('kill-session', '-t', attachedTo!);
    await waitFor(
      async () => (await conn.run(['display-message', '-p', 'ok']).catch(() => []))[0] === 'ok',
      'commands through another client',
    );
    expect(conn.status).toBe('connected');
  });

  it('a control client slow to leave a killed session does not bring the tmux server down', async () => {
    // tmux 3.3a–3.6 read a control client's session in its once-a-second subscription check,
    // even after the session was destroyed and before the client has exited: for a session-wide
    // subscription (%*) that is a null session and the whole server crashes, taking every
    // session with it (tmux issue 4916, fixed in 3.7). A loaded machine holds our client in that
    // gap for a moment (the CI failure: "server exited unexpectedly"); SIGSTOP holds it for sure.
    await server.newSession('stays');
    const doomedPane = await server.newSession('doomed');
    const { conn } = open();
    const facts: string[] = [];
    conn.on('pane-facts', (f) => facts.push(f.paneId));
    await conn.waitConnected(5000);
    // Reported facts of the pane prove the doomed session's client holds its subscriptions.
    await waitFor(() => facts.includes(doomedPane), 'facts of the doomed session\'s pane');
    const held = (await server.tmux('list-clients', '-t', 'doomed', '-F', '#{client_pid}')).split('\n').filter(Boolean).map(Number);
    expect(held.length).toBeGreaterThan(0);
    held.forEach((pid) => process.kill(pid, 'SIGSTOP'));
    try {
      await server.tmux('kill-session', '-t', 'doomed');
      // Past two ticks of tmux's 1 s subscription timer, the stopped clients still in the gap.
      const until = Date.now() + 2500;
      while (Date.now() < until) {
        expect(await server.tmux('list-sessions', '-F', '#{session_name}')).toContain('stays');
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      held.forEach((pid) => process.kill(pid, 'SIGCONT'));
    }
    await waitFor(
      async () => (await conn.run(['display-message', '-p', 'ok']).catch(() => []))[0] === 'ok',
      'commands through the remaining client',
    );
    expect(conn.status).toBe('connected');
  });

  it('with detach-on-destroy off, a client moved to another session is not kept twice', async () => {
    await server.newSession('d1');
    await server.newSession('d2');
    await server.tmux('set-option', '-g', 'detach-on-destroy', 'off');
    // Only this connection's clients on the server, so list-clients counts ours.
    conns.forEach((c) => c.close());
    await waitFor(async () => (await server.tmux('list-clients')).trim() === '', 'earlier clients gone');
    const { conn } = open();
    await conn.waitConnected(5000);
    const count = async () => (await conn.run(['list-sessions'])).length;
    await waitFor(async () => conn.counters().controlClients === (await count()), 'a client per session');
    const [attachedTo] = await conn.run(['display-message', '-p', '#{session_name}']);
    await server.tmux('kill-session', '-t', attachedTo!);
    await waitFor(async () => {
      const clients = await conn.run(['list-clients', '-F', '#{session_id}']);
      return clients.length === (await count()) && new Set(clients).size === clients.length;
    }, 'one control client per remaining session');
    expect(conn.watchedSessions().length).toBe(await count());
    expect(conn.status).toBe('connected');
  });

  it('a client whose queue is stuck is replaced, and commands flow again', async () => {
    const { conn } = open();
    await conn.waitConnected(5000);
    const spawned = conn.counters().processesSpawned;
    // wait-for blocks this client's queue; nothing behind it is answered.
    await conn.run(['wait-for', 'stuck-channel']);
    const answered = await waitFor(
      () => conn.run(['display-message', '-p', 'fresh'], { timeoutMs: 100 }).catch(() => null),
      'a command answered by a fresh client',
    );
    expect(answered).toEqual(['fresh']);
    expect(conn.counters().processesSpawned).toBeGreaterThan(spawned);
    expect(conn.counters().commandTimeouts).toBeGreaterThanOrEqual(3);
    await server.tmux('wait-for', '-S', 'stuck-channel');
  });
});
