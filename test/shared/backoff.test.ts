// The one backoff: doubling from minMs to maxMs, reset after a success, jitter within its band.
import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay } from '../../src/shared/backoff.js';

describe('backoff', () => {
  it('doubles from minMs, stays at maxMs, and starts again after reset', () => {
    const b = new Backoff({ minMs: 200, maxMs: 5_000 });
    expect(Array.from({ length: 8 }, () => b.next())).toEqual([200, 400, 800, 1_600, 3_200, 5_000, 5_000, 5_000]);
    expect(b.failures).toBe(8);
    b.reset();
    expect(b.failures).toBe(0);
    expect(b.next()).toBe(200);
  });

  it('is bounded however many failures (no overflow to Infinity or NaN)', () => {
    expect(backoffDelay(10_000, { minMs: 2_000, maxMs: 300_000 })).toBe(300_000);
    expect(backoffDelay(-1, { minMs: 5, maxMs: 100 })).toBe(5);
  });

  it('spreads each delay within ± jitter', () => {
    const o = { minMs: 1_000, maxMs: 8_000, jitter: 0.2 };
    expect(backoffDelay(0, { ...o, random: () => 0 })).toBeCloseTo(800);
    expect(backoffDelay(0, { ...o, random: () => 0.5 })).toBeCloseTo(1_000);
    expect(backoffDelay(3, { ...o, random: () => 1 })).toBeCloseTo(9_600);
  });
});
