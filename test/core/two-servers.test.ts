// Two private tmux servers whose agents share pane id AND name, one history database: a message
// queued for server A is never typed on server B, and B's own traffic does not wait behind it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createOrchestrator, type Orchestrator } from '../../src/core/orchestrator.js';
import { openStore } from '../../src/core/store/index.js';
import { ServerIdentity } from '../../src/core/tmux/index.js';
import { dispatch } from '../../src/shared/api.js';
import type { MessageLogEntry, MessageResult } from '../../src/shared/domain.js';
import { useTmuxServer } from '../helpers/tmux.js';
import { eventually, IDLE_FOOTER, received, startFake } from '../cli/fake-agents.js';

const serverA = useTmuxServer();
const serverB = useTmuxServer();
const dir = mkdtempSync(join(tmpdir(), 'orc-two-servers-'));
const db = join(dir, 'orc.db');
const open: Orchestrator[] = [];
afterAll(async () => {
  for (const o of open) await o.close();
});

async function orchestrator(socketName: string, monitor: boolean): Promise<Orchestrator> {
  const o = await createOrchestrator({ socketName, dbPath: db, monitor, shell: monitor ? 'web' : 'cli' });
  open.push(o);
  return o;
}
const send = (o: Orchestrator, target: string, text: string) => dispatch(o.handlers, 'sendMessage', { target, text }) as Promise<MessageResult>;

describe('the same pane id and name on two servers', () => {
  it('a message queued on A is typed on A only, never on B', async () => {
    const a = await startFake(serverA, 'team-a', 'dev');
    const b = await startFake(serverB, 'team-b', 'dev');
    expect(a.pane).toBe(b.pane);

    // A's dev is busy; with no monitor, the message is queued for A.
    await serverA.tmux('send-keys', '-t', a.pane, '-l', 'work 4s');
    await serverA.tmux('send-keys', '-t', a.pane, 'Enter');
    await serverA.waitForScreen(a.pane, (s) => s.includes('esc to interrupt'));
    const cliA = await orchestrator(serverA.name, false);
    const queued = await send(cliA, 'dev', 'for A only');
    expect(queued.status).toBe('queued');
    const store = openStore({ path: db });
    try {
      expect(store.messages.get(queued.messageId!)).toMatchObject({
        status: 'queued',
        server: ServerIdentity.of({ socketName: serverA.name }).key(),
      });

      // A monitor on B (idle dev, same pane id and name): B's own message goes straight in,
      // not behind A's queue, and A's message is not typed on B.
      const monB = await orchestrator(serverB.name, true);
      await serverB.tmux('send-keys', '-t', b.pane, '-l', 'work 200ms');
      await serverB.tmux('send-keys', '-t', b.pane, 'Enter');
      await eventually(() => received(b), (r) => r.includes('work 200ms'));
      await serverB.waitForScreen(b.pane, (s) => s.includes(IDLE_FOOTER) && !s.includes('esc to interrupt'));
      expect((await send(monB, 'dev', 'for B')).status).toBe('delivered');
      await eventually(() => received(b), (r) => r.includes('for B'));
      expect(received(b)).not.toContain('for A only');
      expect(store.messages.get(queued.messageId!)?.status).toBe('queued');

      // tmux-orc queue / queue cancel on B never show or take back A's row (same pane id and
      // name); on A they do.
      const listed = async (o: Orchestrator, q: { target?: string }) => ((await dispatch(o.handlers, 'listQueued', q)) as MessageLogEntry[]).map((m) => m.id);
      expect(await listed(monB, {})).toEqual([]);
      expect(await listed(monB, { target: 'dev' })).toEqual([]);
      expect(await listed(monB, { target: b.pane })).toEqual([]);
      expect(await listed(cliA, {})).toEqual([queued.messageId]);
      expect(await listed(cliA, { target: 'dev' })).toEqual([queued.messageId]);
      await expect(dispatch(monB.handlers, 'cancelQueued', { id: queued.messageId! })).rejects.toMatchObject({
        code: 'not_found',
        message: expect.stringMatching(new RegExp(`no message #${queued.messageId} on this tmux server`)),
      });
      expect(((await dispatch(monB.handlers, 'listMessages', { target: 'dev' })) as MessageLogEntry[]).map((m) => m.text)).toEqual(['for B']);
      expect(store.messages.get(queued.messageId!)?.status).toBe('queued');

      // A's own monitor delivers it to A once A's dev is idle.
      await orchestrator(serverA.name, true);
      await eventually(() => received(a), (r) => r.includes('for A only'), 20_000);
      await eventually(() => store.messages.get(queued.messageId!)?.status, (s) => s === 'delivered');
      expect(received(b)).not.toContain('for A only');
    } finally {
      store.close();
    }
  });
});
