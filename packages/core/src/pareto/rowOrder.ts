/**
 * Sorting rows of a flat objective table without a JavaScript comparator on the hot path: a stable
 * LSD radix sort (four 16-bit digits) on the IEEE-754 bit pattern of one float key per row, then a
 * comparator sort only inside runs of equal keys (usually of length 1).
 */

/** Below this many rows a comparator sort is cheaper than clearing 4 x 65 536 histogram buckets. */
export const RADIX_MIN_ROWS = 2048;

/** Runs of equal keys up to this length are sorted by insertion sort. */
const INSERTION_MAX = 16;
const DIGITS = 4;
const BUCKETS = 1 << 16;

const probe = new Float64Array([1]);
/** Index of the high 32-bit word of a float64 in a Uint32Array view (1 on little-endian hosts). */
const HI = new Uint32Array(probe.buffer)[1] === 0x3ff00000 ? 1 : 0;
const LO = 1 - HI;

/**
 * Stable ascending argsort of `keys[0..n)` (no NaN; `-0` sorts with `0`): returns the row numbers
 * in key order, equal keys in row order.
 */
export function argsortKeys(keys: Float64Array, n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (n < RADIX_MIN_ROWS) {
    // keys[a] - keys[b] is NaN for two equal infinities; NaN || x gives x.
    return order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  }
  // Map each key to two unsigned words whose lexicographic order is the numeric order.
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) f[i] = (keys[i] as number) + 0; // -0 -> +0
  const bits = new Uint32Array(f.buffer);
  let hiA = new Uint32Array(n);
  let loA = new Uint32Array(n);
  const hist = new Uint32Array(DIGITS * BUCKETS);
  for (let i = 0; i < n; i++) {
    let h = bits[2 * i + HI] as number;
    let l = bits[2 * i + LO] as number;
    if (h >= 0x80000000) {
      h = ~h >>> 0;
      l = ~l >>> 0;
    } else {
      h = (h | 0x80000000) >>> 0;
    }
    hiA[i] = h;
    loA[i] = l;
    hist[l & 0xffff] = (hist[l & 0xffff] as number) + 1;
    hist[BUCKETS + (l >>> 16)] = (hist[BUCKETS + (l >>> 16)] as number) + 1;
    hist[2 * BUCKETS + (h & 0xffff)] = (hist[2 * BUCKETS + (h & 0xffff)] as number) + 1;
    hist[3 * BUCKETS + (h >>> 16)] = (hist[3 * BUCKETS + (h >>> 16)] as number) + 1;
  }
  let hiB = new Uint32Array(n);
  let loB = new Uint32Array(n);
  let ordA = order;
  let ordB = new Uint32Array(n);
  for (let d = 0; d < DIGITS; d++) {
    const base = d * BUCKETS;
    // Skip a digit that is the same for every key.
    let sum = 0;
    let trivial = false;
    for (let b = 0; b < BUCKETS; b++) {
      const c = hist[base + b] as number;
      if (c === n) {
        trivial = true;
        break;
      }
      hist[base + b] = sum;
      sum += c;
    }
    if (trivial) continue;
    const useLo = d < 2;
    const shift = (d & 1) * 16;
    const keyA = useLo ? loA : hiA;
    for (let i = 0; i < n; i++) {
      const digit = ((keyA[i] as number) >>> shift) & 0xffff;
      const pos = hist[base + digit] as number;
      hist[base + digit] = pos + 1;
      ordB[pos] = ordA[i] as number;
      hiB[pos] = hiA[i] as number;
      if (d === 0) loB[pos] = loA[i] as number;
    }
    [ordA, ordB] = [ordB, ordA];
    [hiA, hiB] = [hiB, hiA];
    if (d === 0) [loA, loB] = [loB, loA];
  }
  return ordA;
}

/**
 * Row order by `keys`, with runs of equal keys sorted lexicographically by the objectives
 * `firstCoord .. m-1`, then by point index, then by row number: a total order of the rows that
 * depends on the input order only between identical (point index, objective vector) entries.
 * The caller must make sure that equal objective prefixes `0 .. firstCoord-1` give equal keys
 * (e.g. key = objective 0 with `firstCoord = 1`, or any key with `firstCoord = 0`).
 */
export function sortRows(
  keys: Float64Array,
  values: ArrayLike<number>,
  m: number,
  n: number,
  pointIndices: ArrayLike<number> | undefined,
  firstCoord: number,
): Uint32Array {
  const order = argsortKeys(keys, n);
  const cmp = (a: number, b: number): number => {
    const oa = a * m;
    const ob = b * m;
    for (let i = firstCoord; i < m; i++) {
      const x = values[oa + i] as number;
      const y = values[ob + i] as number;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    const ia = pointIndices === undefined ? a : (pointIndices[a] as number);
    const ib = pointIndices === undefined ? b : (pointIndices[b] as number);
    if (ia !== ib) return ia < ib ? -1 : 1;
    return a - b;
  };
  let i = 0;
  while (i < n) {
    const k = keys[order[i] as number] as number;
    let j = i + 1;
    while (j < n && keys[order[j] as number] === k) j++;
    if (j - i > INSERTION_MAX) {
      order.subarray(i, j).sort(cmp);
    } else {
      // Short run: insertion sort in place (no view object per run).
      for (let t = i + 1; t < j; t++) {
        const x = order[t] as number;
        let u = t - 1;
        while (u >= i && cmp(order[u] as number, x) > 0) {
          order[u + 1] = order[u] as number;
          u--;
        }
        order[u + 1] = x;
      }
    }
    i = j;
  }
  return order;
}
