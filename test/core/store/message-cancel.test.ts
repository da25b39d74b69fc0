// Taking back a queued message: cancel before the deliverer's claim wins (the row is never
// typed: claim fails); once claimed by a live deliverer it is too late; only queued rows can be
// cancelled. A claim whose deliverer died (a real process, SIGKILLed while "typing") or that is
// older than the pane lock's stale time is stale: cancellable, or taken over by the next deliverer.
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CLAIM_STALE_MS } from '../../../src/core/store/messages.js';
import { openStore, type Store } from '../../../src/core/store/index.js';
import { useTempDir } from './temp.js';

const t = useTempDir();
const claimer = fileURLToPath(new URL('./fixtures/claim-and-hang.ts', import.meta.url));
let store: Store;
const children = new Set<ReturnType<typeof spawn>>();
afterEach(() => {
  store?.close();
  // A failed check must not leave a claimer hanging.
  for (const c of children) c.kill('SIGKILL');
  children.clear();
});

const SERVER = 'local:/tmp/x';
const queued = (s: Store, text = 'hi') => s.messages.add({ agent: 'a', target: 'local/%1', text, status: 'queued', server: SERVER });

/** A real process that claims message `id` in the database at `path` and hangs (as if typing it). */
async function claimInChild(path: string, id: number) {
  const proc = spawn(process.execPath, ['--import', 'tsx', claimer, path, String(id)], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
  const said = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    proc.on('exit', () => reject(new Error(`claimer exited early: ${stderr}`)));
  });
  return { pid: proc.pid!, said: JSON.parse(said) as unknown, kill: async () => (proc.kill('SIGKILL'), exited) };
}

describe('messages.cancel and claim', () => {
  it('cancel first: the claim fails (nothing typed); a second cancel is refused', () => {
    store = openStore({ path: ':memory:' });
    const m = queued(store);
    expect(store.messages.cancel(m.id)).toMatchObject({ id: m.id, status: 'cancelled', reason: 'cancelled before delivery' });
    expect(store.messages.claim(m.id)).toEqual({ claimed: false });
    expect(() => store.messages.cancel(m.id)).toThrow(/is not queued \(it is cancelled\)/);
  });

  it('claim first: cancel is refused as too late, and a second deliverer cannot claim it', () => {
    store = openStore({ path: ':memory:' });
    const m = queued(store);
    expect(store.messages.claim(m.id)).toEqual({ claimed: true, tookOverFrom: null });
    expect(() => store.messages.cancel(m.id)).toThrow(/being typed into a right now/);
    expect(store.messages.claim(m.id)).toEqual({ claimed: false });
    expect(store.messages.get(m.id)).toMatchObject({ status: 'queued', reason: 'being delivered now' });
  });

  it('unknown id: not_found; delivered: conflict; another tmux server’s row: not_found, unchanged', () => {
    store = openStore({ path: ':memory:' });
    expect(() => store.messages.cancel(12345)).toThrow(expect.objectContaining({ code: 'not_found' }));
    const d = store.messages.add({ agent: 'a', target: 'local/%1', text: 'x', status: 'delivered' });
    expect(() => store.messages.cancel(d.id)).toThrow(expect.objectContaining({ code: 'conflict' }));
    const m = queued(store);
    expect(() => store.messages.cancel(m.id, Date.now(), { servers: ['local:/tmp/other'] })).toThrow(
      expect.objectContaining({ code: 'not_found', message: `no message #${m.id} on this tmux server (it is for ${SERVER}): cancel it from there` }),
    );
    expect(store.messages.get(m.id)?.status).toBe('queued');
    expect(store.messages.cancel(m.id, Date.now(), { servers: [SERVER] }).status).toBe('cancelled');
  });

  it('a claim older than the pane lock’s stale time is stale even when its deliverer lives', () => {
    store = openStore({ path: ':memory:' });
    const m = queued(store);
    const at = Date.now();
    expect(store.messages.claim(m.id, at).claimed).toBe(true);
    expect(() => store.messages.cancel(m.id, at + CLAIM_STALE_MS)).toThrow(/too late to cancel/);
    expect(store.messages.claim(m.id, at + CLAIM_STALE_MS + 1)).toEqual({ claimed: true, tookOverFrom: `its deliverer (${hostname()}, pid ${process.pid})` });
  });
});

describe('a deliverer killed while typing (a real process, SIGKILL)', () => {
  it('its claim holds while it lives; once it is dead the row is cancellable and says why', async () => {
    const path = t.dbPath();
    store = openStore({ path });
    const m = queued(store, 'claimed, then its deliverer died');
    const child = await claimInChild(path, m.id);
    expect(child.said).toEqual({ claimed: true, tookOverFrom: null });
    // Alive: too late to cancel, and nobody else may type it.
    expect(() => store.messages.cancel(m.id)).toThrow(/being typed into a right now: too late to cancel/);
    expect(store.messages.claim(m.id)).toEqual({ claimed: false });
    expect(await child.kill()).toBe('SIGKILL');
    const who = `its deliverer (${hostname()}, pid ${child.pid})`;
    // Listed as what it is, not "being delivered now" forever.
    expect(store.messages.list({ status: 'queued' })[0]).toMatchObject({ id: m.id, reason: `${who} stopped while typing it: a monitor types it again, or cancel it` });
    expect(store.messages.cancel(m.id)).toMatchObject({ status: 'cancelled', reason: `cancelled: ${who} stopped while typing it, so part of it may have been typed` });
  });

  it('the next deliverer takes the dead one’s claim over (and knows it)', async () => {
    const path = t.dbPath();
    store = openStore({ path });
    const m = queued(store);
    const child = await claimInChild(path, m.id);
    await child.kill();
    expect(store.messages.claim(m.id)).toEqual({ claimed: true, tookOverFrom: `its deliverer (${hostname()}, pid ${child.pid})` });
    expect(() => store.messages.cancel(m.id)).toThrow(/too late to cancel/);
  });
});
