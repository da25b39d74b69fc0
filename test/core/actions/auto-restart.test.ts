// Automatic restart of crashed agents: exponential backoff, a stable run resets it, and it
// gives up after too many crashes in a row. Pure timing logic: fake timers, a stub restart.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAutoRestarter } from '../../../src/core/actions/index.js';

afterEach(() => vi.useRealTimers());

describe('createAutoRestarter', () => {
  it('restarts with doubling delays and gives up after maxAttempts', async () => {
    vi.useFakeTimers({ now: 0 });
    const restarts: number[] = [];
    const gaveUp: string[] = [];
    const ar = createAutoRestarter({
      restart: async () => void restarts.push(Date.now()),
      baseMs: 1_000,
      maxAttempts: 3,
      stableMs: 60_000,
      onGiveUp: (_id, reason) => gaveUp.push(reason),
    });
    const crashAndWait = async (ms: number) => {
      ar.onCrash('local/%1');
      ar.onCrash('local/%1'); // a repeated report while one is pending changes nothing
      expect(ar.pending()).toEqual(['local/%1']);
      await vi.advanceTimersByTimeAsync(ms);
    };
    await crashAndWait(1_000);
    await crashAndWait(2_000);
    await crashAndWait(4_000);
    expect(restarts).toEqual([1_000, 3_000, 7_000]);
    ar.onCrash('local/%1');
    expect(ar.pending()).toEqual([]);
    expect(gaveUp).toEqual([expect.stringMatching(/crashed 3 times/)]);
    ar.dispose();
  });

  it('a run longer than stableMs resets the backoff; forget cancels a pending restart', async () => {
    vi.useFakeTimers({ now: 0 });
    const restarts: number[] = [];
    const ar = createAutoRestarter({ restart: async () => void restarts.push(Date.now()), baseMs: 1_000, stableMs: 10_000 });
    ar.onCrash('a');
    await vi.advanceTimersByTimeAsync(1_000);
    await vi.advanceTimersByTimeAsync(20_000); // ran fine for 20 s
    ar.onCrash('a');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(restarts).toEqual([1_000, 22_000]);
    ar.onCrash('b');
    ar.forget('b');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(restarts).toHaveLength(2);
    ar.dispose();
  });
});
