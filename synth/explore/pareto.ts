/**
 * The Pareto frontier of points under objectives that are all minimised (negate one to maximise
 * it): a point is on the frontier when no other point is at least as good in every objective and
 * better in one. Equal points do not dominate each other: both stay. The order of the input is
 * kept.
 */
export type Objective<T> = (t: T) => number;

/** True when `a` dominates `b`: no worse in every objective, better in at least one. */
export function dominates<T>(a: T, b: T, objectives: readonly Objective<T>[]): boolean {
  let better = false;
  for (const f of objectives) {
    const x = f(a);
    const y = f(b);
    if (x > y) return false;
    if (x < y) better = true;
  }
  return better;
}

/** The points that no other point dominates (O(n^2): a search synthesises tens of candidates, not thousands). */
export function paretoFront<T>(points: readonly T[], objectives: readonly Objective<T>[]): T[] {
  return points.filter((p) => !points.some((q) => q !== p && dominates(q, p, objectives)));
}
