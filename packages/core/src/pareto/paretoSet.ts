/**
 * The compact result shared by the Pareto filters and archives, the tie rule, and the argument
 * guards. Definitions: docs/models/pareto.md.
 */
import { RADIX_MIN_ROWS, argsortKeys } from './rowOrder.js';

/**
 * What happens to points with IDENTICAL objective vectors (they do not dominate each other):
 * - `'lowest-index'` (default): only the one with the lowest point index is kept;
 * - `'keep-all'`: every one of them is kept.
 * Either way the result is a function of the multiset of (point index, objective vector) pairs,
 * independent of the input order.
 */
export type TieRule = 'lowest-index' | 'keep-all';

export const DEFAULT_TIE_RULE: TieRule = 'lowest-index';

/**
 * A set of points in flat typed arrays, ready to be transferred between threads: point `k` has the
 * point index `indices[k]` and the objective vector `values[k*m .. k*m+m)`. Results of the filters
 * and archives are sorted by point index (then lexicographically by objective vector), and own
 * their buffers exactly (never a subarray view; see stack notes pitfall 8).
 */
export interface ParetoSet {
  readonly m: number;
  readonly indices: Float64Array;
  readonly values: Float64Array;
}

/** A ParetoSet-like input: any array-likes (`m` is given separately by the caller). */
export interface FlatPoints {
  readonly indices: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** Throws unless `m` is an integer >= 1. */
export function assertObjectiveCount(m: number): void {
  if (!Number.isInteger(m) || m < 1) {
    throw new RangeError(`the number of objectives m must be an integer >= 1, got ${String(m)}`);
  }
}

export function assertTieRule(ties: string): asserts ties is TieRule {
  if (ties !== 'lowest-index' && ties !== 'keep-all') {
    throw new RangeError(`ties must be 'lowest-index' or 'keep-all', got ${JSON.stringify(ties)}`);
  }
}

/** Throws unless `id` is a safe integer (a point index). */
export function assertPointIndex(id: number): void {
  if (!Number.isSafeInteger(id)) {
    throw new RangeError(`a point index must be an integer below 2^53, got ${String(id)}`);
  }
}

/**
 * Validates a flat table and returns its row count: `n` if given (rows beyond it are ignored),
 * otherwise `values.length / m`, which must then be an integer. Rejects NaN values and point
 * indices that are not safe integers.
 */
export function checkRows(
  values: ArrayLike<number>,
  m: number,
  n: number | undefined,
  pointIndices: ArrayLike<number> | undefined,
): number {
  assertObjectiveCount(m);
  let rows: number;
  if (n === undefined) {
    rows = values.length / m;
    if (!Number.isInteger(rows)) {
      throw new RangeError(`values.length (${values.length}) is not a multiple of m = ${m}`);
    }
  } else {
    if (!Number.isInteger(n) || n < 0 || n * m > values.length) {
      throw new RangeError(`n must be an integer in [0, values.length / m], got ${String(n)}`);
    }
    rows = n;
  }
  const len = rows * m;
  for (let i = 0; i < len; i++) {
    const v = values[i] as number;
    if (v !== v)
      throw new RangeError(`objective value is NaN at row ${Math.floor(i / m)}, objective ${i % m}`);
  }
  if (pointIndices !== undefined) {
    if (pointIndices.length < rows) {
      throw new RangeError(`pointIndices has ${pointIndices.length} entries for ${rows} rows`);
    }
    for (let r = 0; r < rows; r++) assertPointIndex(pointIndices[r] as number);
  }
  return rows;
}

/**
 * Sorts `rows` (row numbers into `values`) in place by point index, then lexicographically by
 * objective vector, then by row number. Ties of the first two keys mean identical entries.
 */
export function sortRowsByPointIndex(
  rows: Uint32Array,
  values: ArrayLike<number>,
  m: number,
  pointIndices: ArrayLike<number> | undefined,
): Uint32Array {
  // Point index = row number: the order is the numeric one (native sort, no comparator).
  if (pointIndices === undefined) return rows.sort();
  const cmp = (a: number, b: number): number => {
    const ia = pointIndices[a] as number;
    const ib = pointIndices[b] as number;
    if (ia !== ib) return ia < ib ? -1 : 1;
    const oa = a * m;
    const ob = b * m;
    for (let i = 0; i < m; i++) {
      const x = values[oa + i] as number;
      const y = values[ob + i] as number;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return a - b;
  };
  const n = rows.length;
  if (n < RADIX_MIN_ROWS) return rows.sort(cmp);
  // Large fronts: radix argsort on the point index, the comparator only inside runs of equal
  // indices (a JS comparator sort of 10^6 rows costs ~0.2 s).
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) keys[k] = pointIndices[rows[k] as number] as number;
  const order = argsortKeys(keys, n);
  const sorted = new Uint32Array(n);
  for (let k = 0; k < n; k++) sorted[k] = rows[order[k] as number] as number;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && keys[order[j] as number] === keys[order[i] as number]) j++;
    if (j - i > 1) sorted.subarray(i, j).sort(cmp);
    i = j;
  }
  rows.set(sorted);
  return rows;
}

/** Copies the given rows into a fresh ParetoSet, in the given order. */
export function gatherRows(
  rows: ArrayLike<number>,
  count: number,
  values: ArrayLike<number>,
  m: number,
  pointIndices: ArrayLike<number> | undefined,
): ParetoSet {
  const outValues = new Float64Array(count * m);
  const outIndices = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const r = rows[k] as number;
    outIndices[k] = pointIndices === undefined ? r : (pointIndices[r] as number);
    const src = r * m;
    const dst = k * m;
    for (let i = 0; i < m; i++) outValues[dst + i] = values[src + i] as number;
  }
  return { m, indices: outIndices, values: outValues };
}
