// Taking back a queued message: cancel before the deliverer's claim wins (the row is never
// typed: claim fails); once claimed it is too late; only queued rows can be cancelled.
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/core/store/index.js';

let store: Store;
afterEach(() => store?.close());

const queued = (s: Store) => s.messages.add({ agent: 'a', target: 'local/%1', text: 'hi', status: 'queued', server: 'local:/tmp/x' });

describe('messages.cancel and claim', () => {
  it('cancel first: the claim fails (nothing typed); a second cancel is refused', () => {
    store = openStore({ path: ':memory:' });
    const m = queued(store);
    expect(store.messages.cancel(m.id)).toMatchObject({ id: m.id, status: 'cancelled' });
    expect(store.messages.claim(m.id)).toBe(false);
    expect(() => store.messages.cancel(m.id)).toThrow(/is not queued \(it is cancelled\)/);
  });

  it('claim first: cancel is refused as too late', () => {
    store = openStore({ path: ':memory:' });
    const m = queued(store);
    expect(store.messages.claim(m.id)).toBe(true);
    expect(() => store.messages.cancel(m.id)).toThrow(/being typed into a right now/);
    expect(store.messages.get(m.id)?.status).toBe('queued');
  });

  it('unknown id: not_found; delivered: conflict', () => {
    store = openStore({ path: ':memory:' });
    expect(() => store.messages.cancel(12345)).toThrow(expect.objectContaining({ code: 'not_found' }));
    const d = store.messages.add({ agent: 'a', target: 'local/%1', text: 'x', status: 'delivered' });
    expect(() => store.messages.cancel(d.id)).toThrow(expect.objectContaining({ code: 'conflict' }));
  });
});
