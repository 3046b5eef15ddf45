/**
 * Exact hypervolume (Lebesgue measure of the region dominated by a point set and bounded by a
 * reference point), all objectives minimised. Only points that strictly dominate the reference
 * point (p_i < r_i for every i) contribute; dominated and duplicate points add nothing, so the
 * input need not be a front.
 *
 * - m = 1: r - min f.
 * - m = 2: sort by f0 + sweep, O(n log n).
 * - m = 3: sweep over f2 keeping the (f0, f1) staircase and its area (Beume, Fonseca,
 *   Lopez-Ibanez, Paquete & Vahrenhold 2009), staircase in a sorted typed array:
 *   O(n log n) comparisons plus memmove of staircase segments (O(n^2) bytes moved in the worst case).
 * - m >= 4: dimension sweep over the last objective down to the 3-D case (the slicing scheme of
 *   Fonseca, Paquete & Lopez-Ibanez 2006 without its incremental updates), O(n^(m-2) log n):
 *   fine for a few hundred points at m = 4-5, hopeless for large fronts in many dimensions.
 */
import { checkRows } from './paretoSet.js';
import { paretoFrontRows } from './paretoFront.js';
import { sortRows } from './rowOrder.js';

/**
 * Hypervolume of the rows of `values` (`m` objectives each, all minimised; `n` rows, default
 * `values.length / m`) with respect to the finite `reference` point.
 */
export function hypervolume(
  values: ArrayLike<number>,
  m: number,
  reference: ArrayLike<number>,
  n?: number,
): number {
  const rows = checkRows(values, m, n, undefined);
  if (reference.length !== m) {
    throw new RangeError(`the reference point has ${reference.length} coordinates for m = ${m} objectives`);
  }
  const ref = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const r = reference[i] as number;
    if (!Number.isFinite(r)) throw new RangeError(`reference[${i}] must be finite, got ${String(r)}`);
    ref[i] = r;
  }
  // Keep the points that strictly dominate the reference point.
  let pts = new Float64Array(rows * m);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * m;
    let inside = true;
    for (let i = 0; i < m; i++) {
      if (!((values[o + i] as number) < (ref[i] as number))) {
        inside = false;
        break;
      }
    }
    if (!inside) continue;
    for (let i = 0; i < m; i++) {
      const v = values[o + i] as number;
      if (v === -Infinity)
        throw new RangeError(`row ${r} has objective ${i} = -Infinity: the hypervolume is infinite`);
      pts[k * m + i] = v;
    }
    k++;
  }
  if (k === 0) return 0;
  if (m === 1) {
    let min = Infinity;
    for (let r = 0; r < k; r++) min = Math.min(min, pts[r] as number);
    return (ref[0] as number) - min;
  }
  if (m === 2) return hv2(pts, k, ref);
  if (m === 3) return hv3(pts, k, 3, ref);
  // Higher dimensions: drop dominated points once, then sweep.
  const front = paretoFrontRows(pts, m, { n: k });
  const reduced = new Float64Array(front.length * m);
  for (let t = 0; t < front.length; t++) {
    const r = (front[t] as number) * m;
    for (let i = 0; i < m; i++) reduced[t * m + i] = pts[r + i] as number;
  }
  pts = reduced;
  return hvSweep(pts, front.length, m, ref);
}

/** Row order by objective `c`, ties by the other objectives (lexicographically). */
function orderBy(pts: Float64Array, k: number, m: number, c: number): Uint32Array {
  const keys = new Float64Array(k);
  for (let r = 0; r < k; r++) keys[r] = pts[r * m + c] as number;
  return sortRows(keys, pts, m, k, undefined, 0);
}

function hv2(pts: Float64Array, k: number, ref: Float64Array): number {
  const order = orderBy(pts, k, 2, 0);
  const r0 = ref[0] as number;
  let best = ref[1] as number;
  let area = 0;
  for (let t = 0; t < k; t++) {
    const r = order[t] as number;
    const p1 = pts[2 * r + 1] as number;
    if (p1 < best) {
      area += (r0 - (pts[2 * r] as number)) * (best - p1);
      best = p1;
    }
  }
  return area;
}

/**
 * 3-D hypervolume of the first three objectives of rows with stride `m` (m = 3 here; the sweep for
 * m >= 4 builds 3-column tables). Sweep f2 upwards; between consecutive f2 levels the dominated
 * cross-section is the area of the (f0, f1) staircase of the points seen so far.
 */
function hv3(pts: Float64Array, k: number, m: number, ref: Float64Array): number {
  const order = orderBy(pts, k, m, 2);
  const r0 = ref[0] as number;
  const r1 = ref[1] as number;
  const r2 = ref[2] as number;
  // Staircase: xs strictly increasing, ys strictly decreasing.
  const xs = new Float64Array(k);
  const ys = new Float64Array(k);
  let size = 0;
  let area = 0;
  let volume = 0;
  for (let t = 0; t < k; t++) {
    const r = (order[t] as number) * m;
    const x = pts[r] as number;
    const y = pts[r + 1] as number;
    const z = pts[r + 2] as number;
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((xs[mid] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    const pred = lo - 1;
    if (pred < 0 || (ys[pred] as number) > y) {
      const a = pred >= 0 && xs[pred] === x ? pred : pred + 1;
      let b = a;
      while (b < size && (ys[b] as number) >= y) b++;
      // Area newly dominated: under the current staircase level, above y, from x to the first
      // remaining point whose level is below y (or to the reference).
      let curX = x;
      let curH = pred >= 0 ? (ys[pred] as number) : r1;
      let gain = 0;
      for (let s = a; s < b; s++) {
        const xsS = xs[s] as number;
        gain += (xsS - curX) * (curH - y);
        curX = xsS;
        curH = ys[s] as number;
      }
      const xEnd = b < size ? (xs[b] as number) : r0;
      gain += (xEnd - curX) * (curH - y);
      area += gain;
      if (b === a) {
        xs.copyWithin(a + 1, a, size);
        ys.copyWithin(a + 1, a, size);
        size++;
      } else if (b > a + 1) {
        xs.copyWithin(a + 1, b, size);
        ys.copyWithin(a + 1, b, size);
        size -= b - a - 1;
      }
      xs[a] = x;
      ys[a] = y;
    }
    const zNext = t + 1 < k ? (pts[(order[t + 1] as number) * m + 2] as number) : r2;
    volume += area * (zNext - z);
  }
  return volume;
}

/** Dimension sweep over the last objective: the volume is a sum of (m-1)-dimensional slices. */
function hvSweep(pts: Float64Array, k: number, m: number, ref: Float64Array): number {
  if (m === 3) return hv3(pts, k, 3, ref);
  const last = m - 1;
  const order = orderBy(pts, k, m, last);
  const sub = new Float64Array(k * last);
  const subRef = ref.subarray(0, last);
  let volume = 0;
  for (let t = 0; t < k; t++) {
    const r = (order[t] as number) * m;
    for (let i = 0; i < last; i++) sub[t * last + i] = pts[r + i] as number;
    const z = pts[r + last] as number;
    const zNext = t + 1 < k ? (pts[(order[t + 1] as number) * m + last] as number) : (ref[last] as number);
    if (zNext > z) volume += hvSweep(sub, t + 1, last, subRef) * (zNext - z);
  }
  return volume;
}
