/**
 * Kung, Luccio & Preparata (1975) divide and conquer for m >= 4 objectives, on DISTINCT objective
 * vectors given in lexicographic order. The merge step ("filter": drop the points of the later half
 * that a point of the earlier half dominates) is itself a multidimensional divide and conquer on
 * the next objective (Bentley 1980 style), with a 3-way median split so that ties cannot stall it.
 */

/** Below this many (A x B) pairs the filter compares the pairs directly. */
const FILTER_BRUTE_PAIRS = 256;
/** Below this many points the top level compares each point with the earlier survivors. */
const BASE_POINTS = 16;

/**
 * `pv` holds `g` distinct vectors (row-major, `m` >= 2 objectives) in lexicographic order. Returns
 * the numbers (0 .. g-1) of the non-dominated ones, in no particular order.
 */
export function kungNonDominated(pv: Float64Array, m: number, g: number): Uint32Array {
  const idx = new Uint32Array(g);
  for (let i = 0; i < g; i++) idx[i] = i;
  const dom = new Uint8Array(g);
  const scratch = new Float64Array(g);

  /** Weak dominance of a over b on objectives d .. m-1. */
  const weak = (a: number, b: number, d: number): boolean => {
    const ao = a * m;
    const bo = b * m;
    for (let i = d; i < m; i++) if ((pv[ao + i] as number) > (pv[bo + i] as number)) return false;
    return true;
  };

  /** k-th smallest of scratch[0 .. n) (Hoare selection, middle pivot). */
  const select = (n: number, k: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const pivot = scratch[(lo + hi) >>> 1] as number;
      let i = lo;
      let j = hi;
      while (i <= j) {
        while ((scratch[i] as number) < pivot) i++;
        while ((scratch[j] as number) > pivot) j--;
        if (i <= j) {
          const t = scratch[i] as number;
          scratch[i] = scratch[j] as number;
          scratch[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else return scratch[k] as number;
    }
    return scratch[k] as number;
  };

  /** 3-way partition of idx[lo, hi) by objective d around v: sets the ends of < v and == v. */
  let endLt = 0;
  let endEq = 0;
  const partition3 = (lo: number, hi: number, d: number, v: number): void => {
    let lt = lo;
    let i = lo;
    let gt = hi;
    while (i < gt) {
      const e = idx[i] as number;
      const x = pv[e * m + d] as number;
      if (x < v) {
        idx[i] = idx[lt] as number;
        idx[lt] = e;
        lt++;
        i++;
      } else if (x > v) {
        gt--;
        idx[i] = idx[gt] as number;
        idx[gt] = e;
      } else {
        i++;
      }
    }
    endLt = lt;
    endEq = gt;
  };

  /**
   * Marks every b in idx[bLo, bHi) that some a in idx[aLo, aHi) weakly dominates on objectives
   * d .. m-1, given that a_i <= b_i for every i < d and every pair.
   */
  const filter = (aLo: number, aHi: number, bLo: number, bHi: number, d: number): void => {
    const na = aHi - aLo;
    const nb = bHi - bLo;
    if (na === 0 || nb === 0) return;
    if (d === m - 1) {
      let min = Infinity;
      for (let t = aLo; t < aHi; t++) min = Math.min(min, pv[(idx[t] as number) * m + d] as number);
      for (let t = bLo; t < bHi; t++) {
        const b = idx[t] as number;
        if (min <= (pv[b * m + d] as number)) dom[b] = 1;
      }
      return;
    }
    if (na * nb <= FILTER_BRUTE_PAIRS) {
      for (let t = bLo; t < bHi; t++) {
        const b = idx[t] as number;
        if (dom[b] === 1) continue;
        for (let s = aLo; s < aHi; s++) {
          if (weak(idx[s] as number, b, d)) {
            dom[b] = 1;
            break;
          }
        }
      }
      return;
    }
    let minA = Infinity;
    let maxA = -Infinity;
    for (let t = aLo; t < aHi; t++) {
      const x = pv[(idx[t] as number) * m + d] as number;
      if (x < minA) minA = x;
      if (x > maxA) maxA = x;
    }
    let minB = Infinity;
    let maxB = -Infinity;
    for (let t = bLo; t < bHi; t++) {
      const x = pv[(idx[t] as number) * m + d] as number;
      if (x < minB) minB = x;
      if (x > maxB) maxB = x;
    }
    if (maxA <= minB) {
      filter(aLo, aHi, bLo, bHi, d + 1);
      return;
    }
    if (minA > maxB) return;
    let n = 0;
    for (let t = aLo; t < aHi; t++) scratch[n++] = pv[(idx[t] as number) * m + d] as number;
    for (let t = bLo; t < bHi; t++) scratch[n++] = pv[(idx[t] as number) * m + d] as number;
    const v = select(n, n >>> 1);
    partition3(aLo, aHi, d, v);
    const aLt = endLt;
    const aEq = endEq;
    partition3(bLo, bHi, d, v);
    const bLt = endLt;
    const bEq = endEq;
    // A < v vs B < v and A > v vs B > v: same objective, each at most half of the points.
    filter(aLo, aLt, bLo, bLt, d);
    filter(aEq, aHi, bEq, bHi, d);
    // A <= v vs B >= v: objective d is settled, go to the next one. (A == v vs B < v and
    // A > v vs B <= v cannot dominate.)
    filter(aLo, aEq, bLt, bHi, d + 1);
  };

  /** Moves the non-dominated points of idx[lo, hi) (lexicographically ordered) to idx[lo, lo+k). */
  const front = (lo: number, hi: number): number => {
    if (hi - lo <= BASE_POINTS) {
      let k = lo;
      for (let t = lo; t < hi; t++) {
        const p = idx[t] as number;
        let dominated = false;
        for (let s = lo; s < k; s++) {
          if (weak(idx[s] as number, p, 0)) {
            dominated = true;
            break;
          }
        }
        if (!dominated) idx[k++] = p;
      }
      return k - lo;
    }
    const mid = (lo + hi) >>> 1;
    const kTop = front(lo, mid);
    const kBottom = front(mid, hi);
    // Objective 0 is settled by the lexicographic order: compare from objective 1.
    filter(lo, lo + kTop, mid, mid + kBottom, 1);
    let k = lo + kTop;
    for (let t = mid; t < mid + kBottom; t++) {
      const p = idx[t] as number;
      if (dom[p] === 0) idx[k++] = p;
    }
    return k - lo;
  };

  const k = front(0, g);
  return idx.slice(0, k);
}
