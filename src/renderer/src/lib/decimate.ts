// Thin a time series to what a chart can show: per pixel bucket, keep the points where the key
// series is lowest and highest (in time order). A line through them has the same envelope as a
// line through every point, and drawing is proportional to the width, not to the range.

/** Indices to keep: all of them when there are few, else ≤ 2 per bucket. */
export function decimationIndices(xs: ArrayLike<number>, key: ArrayLike<number | null>, buckets: number): number[] {
  const n = xs.length;
  if (n <= buckets * 2 || buckets < 1) return Array.from({ length: n }, (_, i) => i);
  const first = xs[0]!;
  const span = xs[n - 1]! - first || 1;
  const out: number[] = [];
  let b = -1;
  let lo = -1;
  let hi = -1;
  const flush = () => {
    if (lo < 0) return;
    if (lo === hi) out.push(lo);
    else out.push(Math.min(lo, hi), Math.max(lo, hi));
  };
  for (let i = 0; i < n; i++) {
    const bucket = Math.min(buckets - 1, Math.floor(((xs[i]! - first) / span) * buckets));
    if (bucket !== b) {
      flush();
      b = bucket;
      lo = hi = i;
    }
    const v = key[i] ?? 0;
    if (v < (key[lo] ?? 0)) lo = i;
    if (v > (key[hi] ?? 0)) hi = i;
  }
  flush();
  return out;
}

export function pick<T>(arr: ArrayLike<T>, idx: number[]): T[] {
  return idx.map((i) => arr[i]!);
}
