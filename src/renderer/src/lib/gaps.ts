// Axes from zero, and gaps drawn as gaps: where two neighbouring samples are much further apart than the series'
// usual step (the monitor was not running, a day without agents), a null is put between them so
// the line breaks instead of drawing a straight ramp across time nobody measured.
import type uPlot from 'uplot';

/** Two samples further apart than this many usual steps are not joined. */
const GAP_STEPS = 3;

/** The usual step of a time axis: the median distance between neighbours (0 with < 2 points). */
export function usualStep(xs: ArrayLike<number>): number {
  if (xs.length < 2) return 0;
  const d: number[] = [];
  for (let i = 1; i < xs.length; i++) d.push(xs[i]! - xs[i - 1]!);
  d.sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)]!;
}

/** The same data with a null row between neighbours more than `maxStep` apart (`maxStep` ≤ 0: unchanged). */
export function withGaps(data: uPlot.AlignedData, maxStep: number): uPlot.AlignedData {
  const xs = data[0];
  if (maxStep <= 0 || xs.length < 2) return data;
  const breaks: number[] = [];
  for (let i = 1; i < xs.length; i++) if (xs[i]! - xs[i - 1]! > maxStep) breaks.push(i);
  if (!breaks.length) return data;
  return data.map((col, c) => {
    const out: (number | null)[] = [];
    let b = 0;
    for (let i = 0; i < col.length; i++) {
      if (i === breaks[b]) {
        // The null sits one usual step after the last sample: a real x, so the axis is unchanged.
        out.push(c === 0 ? (xs[i - 1] as number) + maxStep / GAP_STEPS : null);
        b++;
      }
      out.push(col[i] as number | null);
    }
    return out;
  }) as uPlot.AlignedData;
}

/** The largest distance still joined by a line, for a series with this usual step. */
export const gapThreshold = (step: number) => step * GAP_STEPS;

/** A round top for a value axis starting at zero (1 when there is nothing to show). */
export function niceMax(max: number | null): number {
  if (max === null || !Number.isFinite(max) || max <= 0) return 1;
  const mag = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * mag >= max) return m * mag;
  return 10 * mag;
}
