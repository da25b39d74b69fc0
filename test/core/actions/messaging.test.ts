// Messaging with fake agents on a private server: exactly-once verified delivery of awkward
// text, queueing for a busy agent, send-now, stale input, keys, broadcast and bad input.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api.js';
import { eventually, logged, useRig } from './helpers.js';
import { onOneHost } from '../../helpers/act.js';

const rig = useRig();
const { actions, store } = rig;

async function spawnFake(name: string, team?: string) {
  const log = rig.logPath(name);
  const r = await actions.spawnAgent({ name, type: 'claude', team, cwd: rig.dir, env: { FAKE_AGENT_LOG: log } });
  expect(r.agent.state).toBe('idle');
  return { agent: r.agent, log };
}

describe('sendMessage', () => {
  it('delivers a multi-line message with quotes, ; $ unicode and emoji exactly once, verified', async () => {
    const { log } = await spawnFake('multi');
    const text = `first "double" 'single' line; echo $HOME \`x\`\nsecond: ünïcødé 日本語 🎉🚀\n\tthird \\ back #{pane_id} ~`;
    const r = await actions.sendMessage({ target: 'multi', text });
    expect(r.status).toBe('delivered');
    expect(r.reason).toMatch(/verified/);
    await eventually(() => logged(log).length >= 1, 5_000, 'logged');
    expect(logged(log)).toEqual([text]);
    const row = store.messages.get(r.messageId!);
    expect(row).toMatchObject({ status: 'delivered', agent: 'multi', text });
  });

  it('delivers a single line literally and exactly once', async () => {
    const { log } = await spawnFake('single');
    const text = `say "hi"; rm -rf $HOME && echo 'ok' 🎉 ~/x`;
    const r = await actions.sendMessage({ target: 'single', text });
    expect(r.status).toBe('delivered');
    expect(logged(log)).toEqual([text]);
  });

  it('delivers 100 KB exactly once, as one line and as many lines', async () => {
    const { log } = await spawnFake('big');
    const unit = 'abc; $HOME "q" 🎉 ';
    const bytes = (t: string) => new TextEncoder().encode(t).length;
    const oneLine = unit.repeat(Math.floor((100 * 1024) / bytes(unit))).trimEnd();
    expect(bytes(oneLine)).toBeGreaterThan(100 * 1024 - bytes(unit));
    expect(bytes(oneLine)).toBeLessThanOrEqual(100 * 1024);
    const r1 = await actions.sendMessage({ target: 'big', text: oneLine });
    expect(r1.status).toBe('delivered');
    await eventually(async () => (await actions.look('big'))?.classification.state === 'idle', 10_000, 'idle');
    const lines = Array.from({ length: 1200 }, (_, i) => `line ${i}: "x"; $y 🎉 ${'z'.repeat(50)}`).join('\n');
    expect(bytes(lines)).toBeLessThanOrEqual(100 * 1024);
    const r2 = await actions.sendMessage({ target: 'big', text: lines });
    expect(r2.status).toBe('delivered');
    await eventually(() => logged(log).length === 2, 5_000, 'both logged');
    expect(logged(log)).toEqual([oneLine, lines]);
  });

  it('refuses to type over a draft left in the input box (nothing typed); with replace, clears it with Backspace and sends', async () => {
    const { agent, log } = await spawnFake('stale');
    await rig.server.tmux('send-keys', '-t', agent.paneId, '-l', 'half-typed note');
    await rig.server.waitForScreen(agent.paneId, (s) => s.includes('❯ half-typed note'));
    await expect(actions.sendMessage({ target: 'stale', text: 'the real message' })).rejects.toMatchObject({
      code: 'conflict',
      message: 'stale has unsent text in its input box ("half-typed note"): nothing typed; replace it (--replace) or submit it first',
    });
    expect(await rig.server.capture(agent.paneId)).toContain('❯ half-typed note');
    expect(logged(log)).toEqual([]);
    const r = await actions.sendMessage({ target: 'stale', text: 'the real message', replace: true });
    expect(r.status).toBe('delivered');
    expect(logged(log)).toEqual(['the real message']);
  });

  it('queues a message for a busy agent and delivers it when the monitor reports idle', async () => {
    const { agent, log } = await spawnFake('busy1');
    expect((await actions.sendMessage({ target: 'busy1', text: 'work 1500ms' })).status).toBe('delivered');
    const r = await actions.sendMessage({ target: 'busy1', text: 'after the work' });
    expect(r.status).toBe('queued');
    expect(r.reason).toMatch(/no monitor is running/);
    expect(store.messages.get(r.messageId!)?.status).toBe('queued');
    // A stand-in for the monitor: report the agent's state changes as they happen.
    const listeners = new Set<(a: typeof agent) => void>();
    const stop = actions.startQueue((l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    });
    try {
      await eventually(async () => {
        const look = await actions.look('busy1');
        if (look?.classification.state === 'idle') for (const l of listeners) l({ ...agent, state: 'idle' });
        return store.messages.get(r.messageId!)?.status === 'delivered';
      }, 15_000, 'queued message delivered');
    } finally {
      stop();
    }
    expect(logged(log)).toEqual(['work 1500ms', 'after the work']);
    expect(store.messages.get(r.messageId!)?.reason).toMatch(/was queued/);
  });

  it('a foreground send (no monitor, waiting) types the rows queued before it first, in order, each once', async () => {
    const { log } = await spawnFake('behind');
    expect((await actions.sendMessage({ target: 'behind', text: 'work 1500ms' })).status).toBe('delivered');
    const q1 = await actions.sendMessage({ target: 'behind', text: 'queued first' });
    const q2 = await actions.sendMessage({ target: 'behind', text: 'work 300ms queued second' });
    expect([q1.status, q2.status]).toEqual(['queued', 'queued']);
    // As `tmux-orc send` with no monitor: waits for idle, and must not overtake them.
    const r = await actions.sendMessage({ target: 'behind', text: 'sent in the foreground', waitMs: 60_000 });
    expect(r.status).toBe('delivered');
    await eventually(() => logged(log).length >= 4, 5_000, 'all logged');
    expect(logged(log)).toEqual(['work 1500ms', 'queued first', 'work 300ms queued second', 'sent in the foreground']);
    for (const q of [q1, q2]) expect(store.messages.get(q.messageId!)).toMatchObject({ status: 'delivered', reason: expect.stringMatching(/was queued/) });
    expect(store.messages.list({ target: 'behind', status: 'queued' })).toEqual([]);
  });

  it('says a monitor elsewhere will deliver when one holds the lease', async () => {
    const { createActions, monitorLeaseHeld } = await import('../../../src/core/actions/index.js');
    const other = onOneHost(createActions({ conn: rig.conn, store, monitorElsewhere: monitorLeaseHeld(store, 'local:test') }));
    try {
      await spawnFake('leased');
      await actions.sendMessage({ target: 'leased', text: 'work 2s' });
      const before = await other.sendMessage({ target: 'leased', text: 'one' });
      expect(before.reason).toMatch(/no monitor is running/);
      const lease = store.lease.acquire('local:test', { pid: process.pid, host: 'h', app: 'test monitor' }, { heartbeatMs: 0 });
      const after = await other.sendMessage({ target: 'leased', text: 'two' });
      lease.release();
      expect(after).toMatchObject({ status: 'queued', reason: expect.stringMatching(/will be delivered when leased is idle/) });
      // Killing the agent closes its queue: nothing stays queued for a pane that is gone.
      await actions.killAgent({ target: 'leased' });
      expect(store.messages.get(before.messageId!)).toMatchObject({ status: 'failed', reason: expect.stringMatching(/killed/) });
      expect(store.messages.get(after.messageId!)?.status).toBe('failed');
    } finally {
      other.close();
    }
  });

  it('sends to a busy agent at once with now: true (never Ctrl-C)', async () => {
    const { log } = await spawnFake('busy2');
    await actions.sendMessage({ target: 'busy2', text: 'work 3s' });
    const r = await actions.sendMessage({ target: 'busy2', text: 'right now', now: true });
    expect(r.status).toBe('delivered');
    expect(logged(log)).toEqual(['work 3s', 'right now']);
    // Still working on the first: it was not interrupted.
    expect((await actions.look('busy2'))?.classification.state).toBe('busy');
  });

  it('sends now to an agent flooding its pane, verified while it streams', async () => {
    const { log } = await spawnFake('flooder');
    await actions.sendMessage({ target: 'flooder', text: 'flood 3s' });
    const r = await actions.sendMessage({ target: 'flooder', text: 'while you stream: "stop" 🛑', now: true });
    expect(r.status).toBe('delivered');
    expect(logged(log)).toEqual(['flood 3s', 'while you stream: "stop" 🛑']);
  });

  it('never interleaves two sends to one agent: the second waits its turn', async () => {
    const { log } = await spawnFake('twice');
    const a = 'first message, long enough to be typed over many keystrokes ' + 'a'.repeat(200);
    const b = 'second message\nwith a second line';
    const [ra, rb] = await Promise.all([actions.sendMessage({ target: 'twice', text: a, now: true }), actions.sendMessage({ target: 'twice', text: b, now: true })]);
    expect([ra.status, rb.status]).toEqual(['delivered', 'delivered']);
    await eventually(() => logged(log).length === 2, 5_000, 'both logged');
    expect(logged(log)).toEqual([a, b]);
    // Without now, the second finds the agent busy with the first and is queued.
    await eventually(async () => (await actions.look('twice'))?.classification.state === 'idle', 10_000, 'idle');
    const [rc, rd] = await Promise.all([actions.sendMessage({ target: 'twice', text: 'work 1s' }), actions.sendMessage({ target: 'twice', text: 'later' })]);
    expect([rc.status, rd.status]).toEqual(['delivered', 'queued']);
  });

  it('answers a prompt with sendKeys', async () => {
    const { agent } = await spawnFake('asker');
    await actions.sendMessage({ target: 'asker', text: 'ask' });
    await eventually(async () => (await actions.look('asker'))?.classification.state === 'waiting', 5_000, 'waiting');
    const r = await actions.sendMessage({ target: 'asker', text: 'while asking' });
    expect(r.status).toBe('queued');
    await actions.sendKeys({ target: 'asker', keys: ['Down', 'Enter'] });
    await rig.server.waitForScreen(agent.paneId, (s) => s.includes('Answer: No'));
  });

  it('broadcasts to a team', async () => {
    const a = await spawnFake('bc-a', 'bc');
    const b = await spawnFake('bc-b', 'bc');
    const out = await actions.broadcast({ team: 'bc', text: 'hello team' });
    expect(out.map((o) => [o.target, o.result.status]).sort()).toEqual([['bc-a', 'delivered'], ['bc-b', 'delivered']]);
    expect(logged(a.log)).toEqual(['hello team']);
    expect(logged(b.log)).toEqual(['hello team']);
    await expect(actions.broadcast({ team: 'nobody', text: 'x' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('rejects bad input with clear errors and logs nothing', async () => {
    await spawnFake('target1');
    const before = store.messages.list({ limit: 1000 }).length;
    await expect(actions.sendMessage({ target: 'no-such-agent', text: 'hi' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(actions.sendMessage({ target: 'target1', text: '   ' })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/empty/) });
    await expect(actions.sendMessage({ target: 'target1', text: 'x'.repeat(100 * 1024 + 1) })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/100 KB/) });
    await expect(actions.sendKeys({ target: 'target1', keys: ['Enter; kill-server'] })).rejects.toBeInstanceOf(ApiError);
    expect(store.messages.list({ limit: 1000 }).length).toBe(before);
  });

  it('says unsubmitted after a bounded number of Enter presses when the agent never takes the text', async () => {
    const enters = rig.logPath('deaf-enters');
    const deaf = `node ${resolve('test/core/actions/fixtures/deaf-agent.mjs')}`;
    const s = await actions.spawnAgent({ name: 'deaf', type: 'claude', command: deaf, cwd: rig.dir, env: { DEAF_LOG: enters } });
    expect(s.agent.state).toBe('idle');
    const r = await actions.sendMessage({ target: 'deaf', text: 'are you there?' });
    expect(r).toMatchObject({ status: 'unsubmitted', reason: expect.stringMatching(/still in the input box after 3 Enter presses/) });
    expect(readFileSync(enters, 'utf8').trim().split('\n')).toHaveLength(3);
    expect(store.messages.get(r.messageId!)?.status).toBe('unsubmitted');
  });

  it('refuses a crashed agent (dead pane) without typing into it', async () => {
    const { agent } = await spawnFake('crasher');
    await actions.sendMessage({ target: 'crasher', text: 'crash' });
    await eventually(async () => (await actions.look('crasher'))?.info.dead === true, 5_000, 'dead');
    await expect(actions.sendMessage({ target: 'crasher', text: 'hello?' })).rejects.toMatchObject({ code: 'failed', message: expect.stringMatching(/not running/) });
    await expect(actions.sendMessage({ target: agent.paneId, text: 'hello?' })).rejects.toMatchObject({ code: 'failed' });
  });
});
