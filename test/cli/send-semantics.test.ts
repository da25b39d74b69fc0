// Send that always means something (issue #14): a fresh `tmux-orc send` judges a generic agent's
// quiet time from tmux's own activity time; with no monitor, a busy agent is waited for in the
// foreground (one stderr line says so) up to --timeout; --queue leaves it to a monitor; with a
// monitor running, the queue is delivered by it, also to a quiet generic agent.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOrchestrator, type Orchestrator } from '../../src/core/orchestrator.js';
import { openStore, serverKey } from '../../src/core/store/index.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { eventually, received, startFake, type FakeAgent } from './fake-agents.js';
import { startLong } from './long-run.js';
import { oneLine, runCli } from './run-cli.js';

const server = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-cli-send-'));
const db = join(dir, 'orc.db');
const cli = (...args: string[]) =>
  runCli(['-L', server.name, '--db', db, ...args], { timeoutMs: 60_000 });
let monitor: Orchestrator | null = null;
let later: FakeAgent;
afterAll(async () => {
  await monitor?.close();
});

/** Make the fake agent busy for `ms` (typed by tmux directly: no engine involved). */
async function keepBusy(a: FakeAgent, ms: number): Promise<void> {
  await server.tmux('send-keys', '-t', a.pane, '-l', `work ${ms}ms`);
  await server.tmux('send-keys', '-t', a.pane, 'Enter');
  await server.waitForScreen(a.pane, (s) => s.includes('esc to interrupt'));
}

/** Esc interrupts the fake agent's work: it is idle again. */
async function stopWork(a: FakeAgent): Promise<void> {
  await server.tmux('send-keys', '-t', a.pane, 'Escape');
  await server.waitForScreen(a.pane, (s) => !s.includes('esc to interrupt'));
}

const queuedRows = () => {
  const store = openStore({ path: db });
  try {
    return store.messages.list({ status: 'queued' });
  } finally {
    store.close();
  }
};

describe('tmux-orc send with no monitor', () => {
  it('delivers to an idle generic agent (a fresh process reads tmux activity, not its own start)', async () => {
    const g = await startFake(server, 'gen', 'plain', { type: 'generic' });
    // Quiet for longer than the generic quiet time (2 s) before the CLI starts.
    await new Promise((r) => setTimeout(r, 3_000));
    const r = await cli('send', 'plain', 'hello generic', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'delivered' });
    await eventually(
      () => received(g),
      (m) => m.includes('hello generic'),
      10_000,
    );
  });

  it('waits in the foreground for a busy agent (one stderr line), then delivers', async () => {
    const a = await startFake(server, 'fg', 'busy1');
    await keepBusy(a, 120_000);
    const send = startLong([
      '-L',
      server.name,
      '--db',
      db,
      'send',
      'busy1',
      'after your work',
      '--json',
    ]);
    await eventually(
      () => (send.alive(), send.stderr()),
      (e) => e.includes('waiting'),
      30_000,
    );
    expect(received(a)).not.toContain('after your work');
    await stopWork(a);
    expect(await send.exited).toBe(0);
    expect(JSON.parse(send.lines.join('\n'))).toMatchObject({ status: 'delivered' });
    expect(send.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(/^tmux-orc: busy1 is busy: waiting up to 10 min for it to be idle/),
    ]);
    await eventually(
      () => received(a),
      (m) => m.includes('after your work'),
      10_000,
    );
    expect(queuedRows()).toEqual([]);
  });

  it('a foreground send waits behind messages queued earlier (--queue) and types them first, in order, each once', async () => {
    const a = await startFake(server, 'fg', 'behind');
    await keepBusy(a, 120_000);
    for (const t of ['queued one', 'queued two']) expect((await cli('send', 'behind', t, '--queue', '--json')).code).toBe(0);
    const send = startLong(['-L', server.name, '--db', db, 'send', 'behind', 'in the foreground', '--json']);
    await eventually(
      () => (send.alive(), send.stderr()),
      (e) => e.includes('waiting'),
      30_000,
    );
    expect(send.stderr()).toMatch(/^tmux-orc: behind has 2 earlier message\(s\) queued: typing them first, in order$/m);
    await stopWork(a);
    expect(await send.exited).toBe(0);
    expect(JSON.parse(send.lines.join('\n'))).toMatchObject({ status: 'delivered' });
    expect(received(a)).toEqual(['work 120000ms', 'queued one', 'queued two', 'in the foreground']);
    expect(queuedRows().filter((m) => m.agent === 'behind')).toEqual([]);
    // Five CLI processes and three agent turns: room for a loaded machine (7 s when idle).
  }, 120_000);

  it('--timeout: still busy then is a failure (exit 1, one line), nothing typed', async () => {
    const a = await startFake(server, 'fg', 'busy2');
    await keepBusy(a, 120_000);
    const r = await cli('send', 'busy2', 'too late', '--timeout', '1s');
    await stopWork(a);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/waiting up to 1 s/);
    expect(lines[1]).toMatch(/message to busy2 failed: busy2 is still busy after 1 s: not sent/);
    expect(await server.capture(a.pane)).not.toContain('too late');
    expect(received(a)).not.toContain('too late');
  });

  it("--queue leaves a busy agent's message to a monitor; the monitor delivers it", async () => {
    const a = (later = await startFake(server, 'q', 'later'));
    await keepBusy(a, 120_000);
    const r = await cli('send', 'later', 'queued for the monitor', '--queue', '--json');
    const taken = await cli('send', 'later', 'taken back\nbefore it goes', '--queue', '--json');
    await stopWork(a);
    // tmux-orc queue shows both (newest first); queue cancel takes one back, once.
    const listed = JSON.parse((await cli('queue', 'later', '--json')).stdout) as { id: number; text: string }[];
    expect(listed.map((m) => m.text)).toEqual(['taken back\nbefore it goes', 'queued for the monitor']);
    const table = await cli('queue');
    expect(table.stdout).toMatch(/^ID\s+QUEUED\s+AGENT\s+TEXT\s+WHY$/m);
    expect(table.stdout).toContain('taken back ⏎ before it goes');
    const id = (JSON.parse(taken.stdout) as { messageId: number }).messageId;
    expect(listed[0]!.id).toBe(id);
    const c = await cli('queue', 'cancel', String(id));
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toBe(`cancelled #${id} (to later)\n`);
    const again = await cli('queue', 'cancel', String(id));
    expect(again.code).toBe(1);
    expect(oneLine(again.stderr)).toMatch(new RegExp(`message #${id} is not queued \\(it is cancelled\\): nothing to cancel`));
    expect(oneLine((await cli('queue', 'cancel', '99999')).stderr)).toMatch(/no message #99999/);
    expect((await cli('queue', 'cancel', 'abc')).code).toBe(2);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: 'queued',
      reason: expect.stringMatching(/no monitor is running here/),
    });
    expect(r.stderr).toBe('');
    // The agent is idle again and nobody delivers: there is no monitor.
    expect(received(a)).not.toContain('queued for the monitor');
    expect(queuedRows().map((m) => m.text)).toEqual(['queued for the monitor']);
    expect(oneLine((await cli('send', 'later', '--queue', '--timeout', '1m', 'x')).stderr)).toMatch(
      /--queue and --timeout do not go together/,
    );
  });
});

describe('with a monitor running', () => {
  it('delivers what was queued, also to a quiet generic agent that never turns idle again', async () => {
    const g = await startFake(server, 'mon', 'quiet', { type: 'generic' });
    await new Promise((r) => setTimeout(r, 2_500));
    monitor = await createOrchestrator({
      socketName: server.name,
      dbPath: db,
      monitor: true,
      shell: 'web',
    });
    // What --queue left before (test above) is delivered by the monitor.
    await eventually(
      () => received(later),
      (m) => m.includes('queued for the monitor'),
      30_000,
    );
    expect(received(later)).not.toContain('taken back\nbefore it goes');
    await eventually(
      () => queuedRows().length,
      (n) => n === 0,
      20_000,
    );
    // A row queued by another process while the generic agent is already quiet (as a CLI that
    // judged it busy from its own start did): no transition comes, the monitor still delivers.
    const store = openStore({ path: db });
    try {
      const server_ = serverKey({ host: 'local', socketName: server.name });
      store.messages.add({
        agent: 'quiet',
        target: `local/${g.pane}`,
        text: 'queued while quiet',
        status: 'queued',
        reason: 'test',
        createdAt: Date.now(),
        server: server_,
      });
    } finally {
      store.close();
    }
    await eventually(
      () => received(g),
      (m) => m.includes('queued while quiet'),
      20_000,
    );
    // A send from a fresh process now queues for the monitor instead of waiting here.
    await keepBusy(g, 120_000);
    const r = await cli('send', 'quiet', 'to the monitor', '--json');
    await stopWork(g);
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: 'queued',
      reason: expect.stringMatching(/will be delivered when quiet is idle/),
    });
    await eventually(
      () => received(g),
      (m) => m.includes('to the monitor'),
      20_000,
    );
  });
});
