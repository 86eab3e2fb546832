/** Inclusive byte ranges one client has received of a file, merged. */
export type Interval = readonly [start: number, end: number];

/**
 * Adds [start, end] to sorted, disjoint intervals, merging what touches. Past
 * `max` intervals the new one is dropped: a client scattering tiny pieces
 * costs bounded memory and, at worst, is not counted.
 */
export function addInterval(intervals: readonly Interval[], start: number, end: number, max: number): Interval[] {
  const out: Interval[] = [];
  let [s, e] = [start, end];
  let placed = false;
  for (const [a, b] of intervals) {
    if (b + 1 < s) out.push([a, b]);
    else if (e + 1 < a) {
      if (!placed) out.push([s, e]);
      placed = true;
      out.push([a, b]);
    } else {
      s = Math.min(s, a);
      e = Math.max(e, b);
    }
  }
  if (!placed) out.push([s, e]);
  out.sort((x, y) => x[0] - y[0]);
  return out.length > max ? [...intervals] : out;
}

/** Whether the intervals hold every byte of a file of `size` bytes. */
export const coversAll = (intervals: readonly Interval[], size: number): boolean =>
  intervals.length === 1 && intervals[0]![0] === 0 && intervals[0]![1] >= size - 1;
