/**
 * Exact non-dominated filtering of a flat objective table (all objectives minimised).
 *
 * - m = 1: one linear scan for the minimum.
 * - n >= PREFILTER_MIN_ROWS, m >= 2: a linear prefilter first drops the rows that one of 16
 *   low-sum pivot rows strictly dominates (gives up after 4096 rows if it removes less than half).
 * - m = 2: lexicographic sort + sweep keeping the best second objective, O(n log n)
 *   (the sort is an O(n) radix sort on objective 0 plus comparator sorts of equal-key runs).
 * - m = 3: lexicographic sort + sweep over objective 0 keeping the 2-D staircase of (f1, f2) (the
 *   3-D algorithm of Kung, Luccio & Preparata 1975) in a sorted typed array while its memmoves stay
 *   within O(n log n), then in a Fenwick tree over the ranks of f1: O(n log n) worst case.
 * - m >= 4: Kung, Luccio & Preparata (1975) divide and conquer (kungFront.ts), O(n log^(m-1) n).
 *
 * Tie rule and output order: see ParetoSet / TieRule and docs/models/pareto.md.
 */
import { dominates, sameObjectives } from './dominates.js';
import type { ParetoSet, TieRule } from './paretoSet.js';
import { DEFAULT_TIE_RULE, assertTieRule, checkRows, gatherRows, sortRowsByPointIndex } from './paretoSet.js';
import { kungNonDominated } from './kungFront.js';
import { argsortKeys, sortRows } from './rowOrder.js';

export interface ParetoFrontOptions {
  /** Point index of each row (default: the row number). Safe integers. */
  pointIndices?: ArrayLike<number>;
  /** Number of rows to read (default `values.length / m`); later rows are ignored. */
  n?: number;
  /** What to do with identical objective vectors (default `'lowest-index'`). */
  ties?: TieRule;
}

/** Clamp bound for the prefilter score: keeps the sum finite (no Infinity - Infinity = NaN). */
const SCORE_CLAMP = 1e300;

/**
 * The rows of `values` (row-major, `m` objectives each, all minimised) that are on the Pareto front,
 * as row numbers sorted by point index (then objective vector, then row). Values must not be NaN;
 * +-Infinity are allowed.
 */
export function paretoFrontRows(
  values: ArrayLike<number>,
  m: number,
  options: ParetoFrontOptions = {},
): Uint32Array {
  const ids = options.pointIndices;
  const ties = options.ties ?? DEFAULT_TIE_RULE;
  assertTieRule(ties);
  const n = checkRows(values, m, options.n, ids);
  const rows = frontRowsUnsorted(values, m, n, ids, ties === 'keep-all');
  return sortRowsByPointIndex(rows, values, m, ids);
}

/**
 * The front rows of the first `n` rows, in no particular order, without validating the input (the
 * caller has checked m, n, NaN and the point indices): the core of `paretoFrontRows`, also used by
 * ParetoArchive, which keeps its content unsorted until it is read.
 */
export function frontRowsUnsorted(
  values: ArrayLike<number>,
  m: number,
  n: number,
  ids: ArrayLike<number> | undefined,
  keepAll: boolean,
): Uint32Array {
  if (n === 0) return new Uint32Array(0);
  if (m === 1) return front1(values, n, ids, keepAll);
  const candidates = n >= PREFILTER_MIN_ROWS ? prefilter(values, m, n) : null;
  if (candidates === null) return frontByDimension(values, m, n, ids, keepAll);
  // Run the exact filter on the surviving rows only, then map back to input rows.
  const c = candidates.length;
  const sub = new Float64Array(c * m);
  const subIds = new Float64Array(c);
  for (let k = 0; k < c; k++) {
    const r = candidates[k] as number;
    subIds[k] = idOf(ids, r);
    for (let i = 0; i < m; i++) sub[k * m + i] = values[r * m + i] as number;
  }
  const rows = frontByDimension(sub, m, c, subIds, keepAll);
  for (let k = 0; k < rows.length; k++) rows[k] = candidates[rows[k] as number] as number;
  return rows;
}

/** The Pareto front of `values` as a compact ParetoSet (point indices and values, by point index). */
export function paretoFront(
  values: ArrayLike<number>,
  m: number,
  options: ParetoFrontOptions = {},
): ParetoSet {
  const rows = paretoFrontRows(values, m, options);
  return gatherRows(rows, rows.length, values, m, options.pointIndices);
}

function frontByDimension(
  values: ArrayLike<number>,
  m: number,
  n: number,
  ids: ArrayLike<number> | undefined,
  keepAll: boolean,
): Uint32Array {
  if (m === 2) return front2(values, n, ids, keepAll);
  if (m === 3) return front3(values, n, ids, keepAll);
  return frontKung(values, m, n, ids, keepAll);
}

/** Inputs with at least this many rows go through the pivot prefilter first. */
export const PREFILTER_MIN_ROWS = 4096;
/** Number of lowest-sum rows used as pivots by the prefilter. */
const PIVOTS = 16;
/** The prefilter gives up when it removed less than half of this many first rows. */
const PROBE_ROWS = 4096;

/**
 * Cheap linear prefilter: takes the PIVOTS rows with the smallest sum of (clamped) objectives,
 * keeps the non-dominated ones as pivots, and drops every row that a pivot STRICTLY dominates
 * (such a row cannot be on the front; identical rows are kept for the tie rule). Returns the
 * surviving rows in row order, or null when the first PROBE_ROWS rows show that it does not pay
 * (anti-correlated objectives, where the front is large).
 */
export function prefilter(values: ArrayLike<number>, m: number, n: number): Uint32Array | null {
  const pk = new Float64Array(PIVOTS).fill(Infinity);
  const pr = new Int32Array(PIVOTS).fill(-1);
  for (let r = 0; r < n; r++) {
    let s = 0;
    const o = r * m;
    for (let i = 0; i < m; i++) {
      const v = values[o + i] as number;
      s += v > SCORE_CLAMP ? SCORE_CLAMP : v < -SCORE_CLAMP ? -SCORE_CLAMP : v;
    }
    if (s < (pk[PIVOTS - 1] as number) || pr[PIVOTS - 1] === -1) {
      let k = PIVOTS - 1;
      while (k > 0 && ((pk[k - 1] as number) > s || pr[k - 1] === -1)) {
        pk[k] = pk[k - 1] as number;
        pr[k] = pr[k - 1] as number;
        k--;
      }
      pk[k] = s;
      pr[k] = r;
    }
  }
  // Pivots: the non-dominated ones among the chosen rows, copied contiguously.
  const piv = new Float64Array(PIVOTS * m);
  let np = 0;
  for (let a = 0; a < PIVOTS; a++) {
    const ra = pr[a] as number;
    if (ra < 0) continue;
    let dominated = false;
    for (let b = 0; b < PIVOTS && !dominated; b++) {
      const rb = pr[b] as number;
      if (rb >= 0 && dominates(values, rb * m, values, ra * m, m)) dominated = true;
    }
    if (dominated) continue;
    for (let i = 0; i < m; i++) piv[np * m + i] = values[ra * m + i] as number;
    np++;
  }
  const out = new Uint32Array(n);
  let c = 0;
  for (let r = 0; r < n; r++) {
    let dominated = false;
    for (let p = 0; p < np; p++) {
      if (dominates(piv, p * m, values, r * m, m)) {
        dominated = true;
        if (p > 0) {
          // Move-to-front: the pivot that just dominated is likely to dominate the next row too.
          for (let i = 0; i < m; i++) {
            const x = piv[i] as number;
            piv[i] = piv[p * m + i] as number;
            piv[p * m + i] = x;
          }
        }
        break;
      }
    }
    if (!dominated) out[c++] = r;
    if (r + 1 === PROBE_ROWS && c * 2 > PROBE_ROWS) return null;
  }
  return out.subarray(0, c);
}

function idOf(ids: ArrayLike<number> | undefined, row: number): number {
  return ids === undefined ? row : (ids[row] as number);
}

function front1(
  values: ArrayLike<number>,
  n: number,
  ids: ArrayLike<number> | undefined,
  keepAll: boolean,
): Uint32Array {
  let best = 0;
  for (let r = 1; r < n; r++) {
    const v = values[r] as number;
    const b = values[best] as number;
    if (v < b || (v === b && !keepAll && idOf(ids, r) < idOf(ids, best))) best = r;
  }
  if (!keepAll) return Uint32Array.of(best);
  const min = values[best] as number;
  let count = 0;
  for (let r = 0; r < n; r++) if (values[r] === min) count++;
  const out = new Uint32Array(count);
  let k = 0;
  for (let r = 0; r < n; r++) if (values[r] === min) out[k++] = r;
  return out;
}

/** Rows in lexicographic order of (objectives, point index, row). */
function lexOrder(
  values: ArrayLike<number>,
  m: number,
  n: number,
  ids: ArrayLike<number> | undefined,
): Uint32Array {
  const keys = new Float64Array(n);
  for (let r = 0; r < n; r++) keys[r] = values[r * m] as number;
  return sortRows(keys, values, m, n, ids, 1);
}

function front2(
  values: ArrayLike<number>,
  n: number,
  ids: ArrayLike<number> | undefined,
  keepAll: boolean,
): Uint32Array {
  const order = lexOrder(values, 2, n, ids);
  const out = new Uint32Array(n);
  let k = 0;
  let has = false;
  let best = Infinity; // min f1 over all earlier rows
  let i = 0;
  while (i < n) {
    const r = order[i] as number;
    const p0 = values[2 * r] as number;
    const p1 = values[2 * r + 1] as number;
    let j = i + 1;
    while (j < n) {
      const s = order[j] as number;
      if (values[2 * s] !== p0 || values[2 * s + 1] !== p1) break;
      j++;
    }
    // Every earlier, non-identical row q has q0 <= p0 (and q1 < p1 when q0 = p0), so q dominates
    // p exactly when q1 <= p1.
    if (!has || p1 < best) {
      if (keepAll) for (let t = i; t < j; t++) out[k++] = order[t] as number;
      else out[k++] = r;
      best = p1;
      has = true;
    }
    i = j;
  }
  return out.slice(0, k);
}

/**
 * Memmove budget of the m = 3 staircase sweep: STAIRCASE_MOVES x n x log2(n) entries moved in
 * total, after which the sweep continues with a Fenwick tree. A short staircase makes the sorted
 * array the fastest structure, but its memmoves grow with its length (on the simplex: about
 * 0.26 sqrt(n) entries per row, 263 at 10^6 points), which the budget caps at O(n log n). A late
 * switch pays for both, so the budget leaves room: at 16, filters of an archive (its front plus
 * as many new anti-correlated points, 10^6 in all) switched and took 14 % longer than at 32.
 */
const STAIRCASE_MOVES = 32;

function front3(
  values: ArrayLike<number>,
  n: number,
  ids: ArrayLike<number> | undefined,
  keepAll: boolean,
): Uint32Array {
  const order = lexOrder(values, 3, n, ids);
  // The rows in sweep order, gathered first in a loop whose loads overlap: inside the sweep, its
  // unpredictable branches serialise one cache miss per row (3/4 of its time on 10^6 points).
  const c0 = new Float64Array(n);
  const c1 = new Float64Array(n);
  const c2 = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const r = 3 * (order[t] as number);
    c0[t] = values[r] as number;
    c1[t] = values[r + 1] as number;
    c2[t] = values[r + 2] as number;
  }
  // Accepted rows as positions in sweep order (mapped to input rows at the end).
  const out = new Uint32Array(n);
  let k = 0;
  // Staircase of the accepted rows' (f1, f2), interleaved in one array (one memmove per change):
  // f1 strictly increasing, f2 strictly decreasing.
  let cap = 64;
  let st = new Float64Array(2 * cap);
  let size = 0;
  let moved = 0;
  const budget = STAIRCASE_MOVES * n * Math.max(1, Math.log2(n));
  let i = 0;
  while (i < n && moved <= budget) {
    const p1 = c1[i] as number;
    const p2 = c2[i] as number;
    const j = groupEnd3(c0, c1, c2, i, n);
    // Every earlier, non-identical row q is lexicographically smaller, so q dominates p exactly
    // when q1 <= p1 and q2 <= p2; the staircase holds the minimal such (q1, q2) pairs.
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((st[2 * mid] as number) <= p1) lo = mid + 1;
      else hi = mid;
    }
    const pred = lo - 1; // last staircase entry with f1 <= p1
    if (pred < 0 || (st[2 * pred + 1] as number) > p2) {
      if (keepAll) for (let t = i; t < j; t++) out[k++] = t;
      else out[k++] = i;
      // Replace the entries that p weakly dominates in (f1, f2), a contiguous range [a, b).
      const a = pred >= 0 && st[2 * pred] === p1 ? pred : pred + 1;
      let b = a;
      while (b < size && (st[2 * b + 1] as number) >= p2) b++;
      if (b === a) {
        if (size === cap) {
          cap *= 2;
          const grown = new Float64Array(2 * cap);
          grown.set(st);
          st = grown;
        }
        st.copyWithin(2 * a + 2, 2 * a, 2 * size);
        moved += size - a;
        size++;
      } else if (b > a + 1) {
        st.copyWithin(2 * a + 2, 2 * b, 2 * size);
        moved += size - b;
        size -= b - a - 1;
      }
      st[2 * a] = p1;
      st[2 * a + 1] = p2;
    }
    i = j;
  }
  if (i < n) k = front3Fenwick(c0, c1, c2, n, out, k, i, keepAll);
  const rows = new Uint32Array(k);
  for (let t = 0; t < k; t++) rows[t] = order[out[t] as number] as number;
  return rows;
}

/** End of the run of rows identical to row i (the lexicographic order groups them). */
function groupEnd3(c0: Float64Array, c1: Float64Array, c2: Float64Array, i: number, n: number): number {
  const p0 = c0[i] as number;
  const p1 = c1[i] as number;
  const p2 = c2[i] as number;
  let j = i + 1;
  while (j < n && c0[j] === p0 && c1[j] === p1 && c2[j] === p2) j++;
  return j;
}

/**
 * The rest of front3's sweep over the sorted columns c0..c2, from sorted row `start` on, with a
 * Fenwick tree instead of the staircase: O(log n) per row whatever the shape of the front.
 * out[0 .. k) are the sorted rows accepted so far; returns the new count.
 */
function front3Fenwick(
  c0: Float64Array,
  c1: Float64Array,
  c2: Float64Array,
  n: number,
  out: Uint32Array,
  k: number,
  start: number,
  keepAll: boolean,
): number {
  // Rank + 1 of f1 per sorted row (equal values, -0 and 0 included, share a rank).
  const byF1 = argsortKeys(c1, n);
  const rank = new Uint32Array(n);
  let ranks = 0;
  for (let t = 0; t < n; t++) {
    const u = byF1[t] as number;
    if (t > 0 && c1[u] !== c1[byF1[t - 1] as number]) ranks++;
    rank[u] = ranks + 1;
  }
  ranks++;
  // tree[q] (1-based) is the min f2 of the accepted rows whose rank lies in (q - lowbit(q), q];
  // +Infinity means none, or only f2 = +Infinity. A row with f2 = +Infinity is therefore dominated
  // iff an accepted row has a rank <= its own: minRank tracks that.
  const tree = new Float64Array(ranks + 1).fill(Infinity);
  let minRank = ranks + 1;
  const accept = (t: number): void => {
    const q = rank[t] as number;
    const p2 = c2[t] as number;
    if (q < minRank) minRank = q;
    // The nodes on the update path cover nested ranges, so their minima never increase along
    // it: stop at the first one that is already <= p2.
    for (let u = q; u <= ranks; u += u & -u) {
      if ((tree[u] as number) <= p2) break;
      tree[u] = p2;
    }
  };
  for (let t = 0; t < k; t++) accept(out[t] as number);
  let i = start;
  while (i < n) {
    const p2 = c2[i] as number;
    const j = groupEnd3(c0, c1, c2, i, n);
    const q = rank[i] as number;
    let dominated: boolean;
    if (p2 === Infinity) dominated = minRank <= q;
    else {
      let best = Infinity;
      for (let u = q; u > 0; u -= u & -u) {
        const x = tree[u] as number;
        if (x < best) best = x;
      }
      dominated = best <= p2;
    }
    if (!dominated) {
      if (keepAll) for (let t = i; t < j; t++) out[k++] = t;
      else out[k++] = i;
      accept(i);
    }
    i = j;
  }
  return k;
}

function frontKung(
  values: ArrayLike<number>,
  m: number,
  n: number,
  ids: ArrayLike<number> | undefined,
  keepAll: boolean,
): Uint32Array {
  const order = lexOrder(values, m, n, ids);
  // One representative per group of identical vectors (the first: lowest point index).
  const groupStart = new Uint32Array(n + 1);
  const pv = new Float64Array(n * m);
  let g = 0;
  let i = 0;
  while (i < n) {
    const ro = (order[i] as number) * m;
    let j = i + 1;
    while (j < n && sameObjectives(values, (order[j] as number) * m, values, ro, m)) j++;
    groupStart[g] = i;
    const po = g * m;
    for (let t = 0; t < m; t++) pv[po + t] = values[ro + t] as number;
    g++;
    i = j;
  }
  groupStart[g] = n;
  const survivors = kungNonDominated(pv, m, g);
  let count = 0;
  for (let s = 0; s < survivors.length; s++) {
    const gi = survivors[s] as number;
    count += keepAll ? (groupStart[gi + 1] as number) - (groupStart[gi] as number) : 1;
  }
  const out = new Uint32Array(count);
  let k = 0;
  for (let s = 0; s < survivors.length; s++) {
    const gi = survivors[s] as number;
    const end = keepAll ? (groupStart[gi + 1] as number) : (groupStart[gi] as number) + 1;
    for (let t = groupStart[gi] as number; t < end; t++) out[k++] = order[t] as number;
  }
  return out;
}
