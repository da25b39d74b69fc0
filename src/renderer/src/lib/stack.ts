// Agents by state over time as a stacked area chart: cumulative sums on one time axis.
import type uPlot from 'uplot';
import type { MetricSeries } from '../../../shared/domain.js';
import { AGENT_STATES, type AgentState } from '../../../shared/vocabulary.js';

/** The union of the series' times; the common case (every series on the same grid) costs one pass. */
function sharedTimes(all: MetricSeries['points'][]): number[] {
  const first = all[0] ?? [];
  const same = all.every(
    (p) => p.length === first.length && p[0]?.[0] === first[0]?.[0] && p[p.length - 1]?.[0] === first[first.length - 1]?.[0],
  );
  if (same) return first.map((p) => p[0]);
  return [...new Set(all.flatMap((points) => points.map((p) => p[0])))].sort((a, b) => a - b);
}

/**
 * Stack per-state series (vocabulary order, bottom-up). Layers come top first: each is filled
 * down to zero, so drawing the total first and the bottom layer last shows the stack. `raw`
 * keeps each layer's own values for the legend.
 */
export function stackByState(byState: MetricSeries[]): { data: uPlot.AlignedData; layers: { state: AgentState; raw: number[] }[] } {
  const present = AGENT_STATES.flatMap((state) => {
    const s = byState.find((x) => x.name === state);
    return s ? [{ state, points: s.points }] : [];
  });
  const xs = sharedTimes(present.map((p) => p.points));
  let index: Map<number, number> | null = null;
  const raw = present.map(({ points }) => {
    if (points.length === xs.length && points[0]?.[0] === xs[0]) return points.map((p) => p[1]);
    index ??= new Map(xs.map((x, i) => [x, i]));
    const arr: number[] = new Array<number>(xs.length).fill(0);
    for (const [x, v] of points) arr[index.get(x)!] = v;
    return arr;
  });
  const cum: number[][] = [];
  raw.forEach((arr, i) => {
    const below = cum[i - 1];
    cum.push(below ? arr.map((v, j) => v + below[j]!) : arr);
  });
  const layers = present.map((p, i) => ({ state: p.state, cum: cum[i]!, raw: raw[i]! })).reverse();
  return {
    data: [xs.map((x) => x / 1000), ...layers.map((l) => l.cum)] as uPlot.AlignedData,
    layers: layers.map((l) => ({ state: l.state, raw: l.raw })),
  };
}
