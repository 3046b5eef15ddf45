/**
 * Epsilon boxes (Laumanns, Thiele, Deb & Zitzler 2002): objective space is cut into a grid of boxes
 * of size eps_i anchored at `origin`; box index b_i = floor((f_i - origin_i) / eps_i). An epsilon
 * archive keeps at most one point per box, and only boxes that no other kept box dominates, which
 * bounds its size whatever the number of points. Archives built with the SAME grid (eps and origin)
 * merge exactly. Guarantees: docs/models/pareto.md §5.
 */

/** A box grid: `eps[i] > 0` and `origin[i]` (finite) per objective. */
export interface EpsilonGrid {
  readonly m: number;
  readonly eps: Float64Array;
  readonly origin: Float64Array;
}

function perObjective(value: number | ArrayLike<number>, m: number, name: string): Float64Array {
  const out = new Float64Array(m);
  if (typeof value === 'number') {
    out.fill(value);
  } else {
    if (value.length !== m)
      throw new RangeError(`${name} has ${value.length} entries for m = ${m} objectives`);
    for (let i = 0; i < m; i++) out[i] = value[i] as number;
  }
  return out;
}

/**
 * Builds a grid for `m` objectives. `eps` and `origin` are one number for every objective or one per
 * objective; `origin` defaults to 0. Every shard of a sweep must use the same grid to merge.
 */
export function epsilonGrid(
  m: number,
  eps: number | ArrayLike<number>,
  origin: number | ArrayLike<number> = 0,
): EpsilonGrid {
  if (!Number.isInteger(m) || m < 1) {
    throw new RangeError(`the number of objectives m must be an integer >= 1, got ${String(m)}`);
  }
  const e = perObjective(eps, m, 'eps');
  const o = perObjective(origin, m, 'origin');
  for (let i = 0; i < m; i++) {
    const ei = e[i] as number;
    if (!(ei > 0 && ei < Infinity))
      throw new RangeError(`eps[${i}] must be a finite number > 0, got ${String(ei)}`);
    const oi = o[i] as number;
    if (!Number.isFinite(oi)) throw new RangeError(`origin[${i}] must be finite, got ${String(oi)}`);
  }
  return { m, eps: e, origin: o };
}

/** True when both grids have the same m, eps and origin (so their archives can be merged). */
export function sameGrid(a: EpsilonGrid, b: EpsilonGrid): boolean {
  if (a.m !== b.m) return false;
  for (let i = 0; i < a.m; i++) {
    if (a.eps[i] !== b.eps[i] || a.origin[i] !== b.origin[i]) return false;
  }
  return true;
}

/**
 * Writes the box index of the row `values[off .. off+m)` into `box[boxOff .. boxOff+m)` and returns
 * the squared distance of the point to its box's lower corner in box units,
 * sum_i ((f_i - origin_i)/eps_i - b_i)^2, in [0, m). Both are monotone non-decreasing in every f_i
 * (floating-point subtraction, division, floor and addition are monotone), so a point that
 * dominates another lies in a box that weakly dominates the other's box, and within one box it is
 * not farther from the corner. An infinite value has an infinite box index and contributes 0.
 */
export function boxOf(
  grid: EpsilonGrid,
  values: ArrayLike<number>,
  off: number,
  box: Float64Array,
  boxOff: number,
): number {
  const { m, eps, origin } = grid;
  let dist = 0;
  for (let i = 0; i < m; i++) {
    const x = ((values[off + i] as number) - (origin[i] as number)) / (eps[i] as number);
    const b = Math.floor(x);
    box[boxOff + i] = b;
    if (b - b === 0) {
      const t = x - b;
      dist += t * t;
    }
  }
  return dist;
}
