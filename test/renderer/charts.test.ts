import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimationIndices } from '../../src/renderer/src/lib/decimate.js';

describe('chart decimation', () => {
  it('keeps everything when the series is short', () => {
    expect(decimationIndices([1, 2, 3], [5, 6, 7], 10)).toEqual([0, 1, 2]);
  });

  it('keeps at most two points per bucket, in order, with every bucket extreme', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 50, maxLength: 2000 }), fc.integer({ min: 1, max: 20 }), (ys, buckets) => {
        const xs = ys.map((_, i) => i * 10);
        const idx = decimationIndices(xs, ys, buckets);
        if (ys.length <= buckets * 2) return expect(idx).toHaveLength(ys.length);
        expect(idx.length).toBeLessThanOrEqual(buckets * 2);
        expect([...idx].sort((a, b) => a - b)).toEqual(idx);
        expect(new Set(idx).size).toBe(idx.length);
        // the global min and max survive, so the drawn envelope is the same
        const kept = idx.map((i) => ys[i]!);
        expect(Math.min(...kept)).toBe(Math.min(...ys));
        expect(Math.max(...kept)).toBe(Math.max(...ys));
      }),
    );
  });

  it('thins a 30-day series at 5-minute steps to the chart width', () => {
    const n = 30 * 288;
    const xs = Array.from({ length: n }, (_, i) => i * 300_000);
    const ys = xs.map((_, i) => Math.sin(i / 50));
    expect(decimationIndices(xs, ys, 1100).length).toBeLessThanOrEqual(2200);
  });
});

describe('stacked agents-by-state chart', () => {
  it('stacks states bottom-up and keeps the raw values for the legend', async () => {
    const { stackByState } = await import('../../src/renderer/src/lib/stack.js');
    const s = (name: string, vals: number[], xs = [1000, 2000, 3000]) => ({ name, unit: 'agents', points: vals.map((v, i) => [xs[i]!, v] as [number, number]) });
    const { data, layers } = stackByState([s('idle', [1, 2, 3]), s('busy', [4, 5, 6])]);
    expect(data[0]).toEqual([1, 2, 3]);
    // drawn top layer first: idle on top of busy (busy comes first in the vocabulary)
    expect(layers.map((x) => x.state)).toEqual(['idle', 'busy']);
    expect(data[1]).toEqual([5, 7, 9]);
    expect(data[2]).toEqual([4, 5, 6]);
    expect(layers[0]!.raw).toEqual([1, 2, 3]);
    // series on different grids are aligned on the union of times, missing points as 0
    const odd = stackByState([s('busy', [1, 1], [1000, 3000]), s('idle', [2, 2, 2])]);
    expect(odd.data[0]).toEqual([1, 2, 3]);
    expect(odd.data[2]).toEqual([1, 0, 1]);
  });
});

describe('gaps drawn as gaps, axes from zero', () => {
  it('puts a null between samples far apart, so hourly points days apart are not joined', async () => {
    const { usualStep, withGaps, gapThreshold } = await import('../../src/renderer/src/lib/gaps.js');
    const H = 3600;
    // Hourly points for three hours, nothing for two days, then two more hours.
    const xs = [0, H, 2 * H, 50 * H, 51 * H];
    const data = [xs, [1, 2, 3, 4, 5], [5, 4, 3, 2, 1]] as [number[], number[], number[]];
    expect(usualStep(xs)).toBe(H);
    const out = withGaps(data, gapThreshold(usualStep(xs)));
    expect(out[0]).toEqual([0, H, 2 * H, 3 * H, 50 * H, 51 * H]);
    expect(out[1]).toEqual([1, 2, 3, null, 4, 5]);
    expect(out[2]).toEqual([5, 4, 3, null, 2, 1]);
    // Evenly spaced data is left alone (same object).
    const even = [[0, H, 2 * H], [1, 1, 1]] as [number[], number[]];
    expect(withGaps(even, gapThreshold(H))).toBe(even);
  });

  it('every value axis starts at zero and ends on a round number', async () => {
    const { niceMax } = await import('../../src/renderer/src/lib/gaps.js');
    expect([niceMax(null), niceMax(0), niceMax(0.7), niceMax(7), niceMax(13), niceMax(101), niceMax(2600)]).toEqual([1, 1, 0.8, 8, 15, 120, 3000]);
  });
});
