/**
 * A streaming Pareto archive: the non-dominated subset of every point inserted so far, kept in flat
 * typed arrays (a linear list: O(|A| m) per insert, no allocation except doubling the capacity).
 *
 * Exact mode: the content always equals `paretoFront` of everything inserted, with the same tie
 * rule, whatever the insertion order. Epsilon mode (`epsilon` option): at most one point per
 * non-dominated epsilon box (Laumanns et al. 2002), so memory is bounded by the grid; within a box
 * the point closest to the box's lower corner wins. Both modes merge exactly: the merge of archives
 * of any partition of the points equals the archive of all points. See docs/models/pareto.md.
 */
import type { EpsilonGrid } from './epsilonBoxes.js';
import { boxOf, sameGrid } from './epsilonBoxes.js';
import { paretoFrontRows } from './paretoFront.js';
import type { FlatPoints, ParetoSet, TieRule } from './paretoSet.js';
import {
  DEFAULT_TIE_RULE,
  assertObjectiveCount,
  assertPointIndex,
  assertTieRule,
  gatherRows,
  sortRowsByPointIndex,
} from './paretoSet.js';
import { sortRows } from './rowOrder.js';

/** Default of ParetoArchiveOptions.batchThreshold. */
export const DEFAULT_BATCH_THRESHOLD = 256;

export interface ParetoArchiveOptions {
  /** Exact mode only: identical objective vectors keep the lowest point index (default) or all. */
  ties?: TieRule;
  /** Epsilon mode: keep one point per non-dominated box of this grid (ties are then per box). */
  epsilon?: EpsilonGrid;
  /** Initial capacity in points (default 64); the storage doubles when full. */
  initialCapacity?: number;
  /**
   * `insertAll` and `merge` insert point by point while the archive holds fewer points than this
   * (default 256), then filter the rest together with the archive in one batch (paretoFront,
   * O(N log N) for m <= 3) instead of O(|A|) comparisons per point. The content is the same
   * either way. 0: always batch; Infinity: never.
   */
  batchThreshold?: number;
}

export class ParetoArchive {
  readonly m: number;
  readonly ties: TieRule;
  readonly grid: EpsilonGrid | undefined;
  private count = 0;
  private cap: number;
  private vals: Float64Array;
  private ids: Float64Array;
  /** Epsilon mode: box index rows and squared corner distances, parallel to vals/ids. */
  private boxes: Float64Array;
  private dists: Float64Array;
  private readonly pBox: Float64Array;
  private readonly batchThreshold: number;

  constructor(m: number, options: ParetoArchiveOptions = {}) {
    assertObjectiveCount(m);
    const ties = options.ties ?? DEFAULT_TIE_RULE;
    assertTieRule(ties);
    const grid = options.epsilon;
    if (grid !== undefined) {
      if (grid.m !== m) throw new RangeError(`the epsilon grid has m = ${grid.m}, the archive m = ${m}`);
      if (ties !== 'lowest-index') {
        throw new RangeError(`an epsilon archive keeps one point per box: ties must be 'lowest-index'`);
      }
    }
    const cap = options.initialCapacity ?? 64;
    if (!Number.isInteger(cap) || cap < 1) {
      throw new RangeError(`initialCapacity must be an integer >= 1, got ${String(cap)}`);
    }
    const batchThreshold = options.batchThreshold ?? DEFAULT_BATCH_THRESHOLD;
    if (!(batchThreshold >= 0)) {
      throw new RangeError(`batchThreshold must be >= 0, got ${String(batchThreshold)}`);
    }
    this.batchThreshold = batchThreshold;
    this.m = m;
    this.ties = ties;
    this.grid = grid;
    this.cap = cap;
    this.vals = new Float64Array(cap * m);
    this.ids = new Float64Array(cap);
    this.boxes = new Float64Array(grid === undefined ? 0 : cap * m);
    this.dists = new Float64Array(grid === undefined ? 0 : cap);
    this.pBox = new Float64Array(m);
  }

  /** An archive holding the given points (e.g. a shard's exported front). */
  static fromFlat(m: number, points: FlatPoints, options: ParetoArchiveOptions = {}): ParetoArchive {
    const archive = new ParetoArchive(m, options);
    archive.merge(points);
    return archive;
  }

  /** Number of points in the archive. */
  get size(): number {
    return this.count;
  }

  /**
   * Offers the point `values[offset .. offset+m)` with the given point index. Returns true when the
   * point is in the archive afterwards (it may be evicted by a later insert), false when it was
   * rejected (dominated, a duplicate with a higher index, or in epsilon mode: in a dominated box or
   * worse than its box's current point). Throws a RangeError on NaN or a non-integer index.
   */
  insert(values: ArrayLike<number>, offset: number, pointIndex: number): boolean {
    const m = this.m;
    for (let i = 0; i < m; i++) {
      const v = values[offset + i] as number;
      if (v !== v) throw new RangeError(`objective ${i} of point ${String(pointIndex)} is NaN`);
    }
    assertPointIndex(pointIndex);
    return this.grid === undefined
      ? this.insertExact(values, offset, pointIndex)
      : this.insertEpsilon(this.grid, values, offset, pointIndex);
  }

  /**
   * Inserts rows `0 .. n-1` of a flat table (point index = `pointIndices[r]`, default r): point by
   * point while the archive is small, then as one batch (see `batchThreshold`).
   */
  insertAll(values: ArrayLike<number>, pointIndices?: ArrayLike<number>, n?: number): this {
    const m = this.m;
    const rows = n ?? values.length / m;
    if (!Number.isInteger(rows) || rows < 0 || rows * m > values.length) {
      throw new RangeError(
        `cannot read ${String(rows)} rows of ${m} objectives from ${values.length} values`,
      );
    }
    if (pointIndices !== undefined && pointIndices.length < rows) {
      throw new RangeError(`pointIndices has ${pointIndices.length} entries for ${rows} rows`);
    }
    let r = 0;
    for (; r < rows && this.count < this.batchThreshold; r++) {
      this.insert(values, r * m, pointIndices === undefined ? r : (pointIndices[r] as number));
    }
    if (r < rows) this.absorb(values, pointIndices, r, rows);
    return this;
  }

  /**
   * Adds every point of another archive, or of flat arrays (e.g. a shard's `toFlat()` received from
   * a worker). Archives must have the same m, tie rule and epsilon grid.
   */
  merge(other: ParetoArchive | FlatPoints): this {
    if (other instanceof ParetoArchive) {
      if (other.m !== this.m)
        throw new RangeError(`cannot merge an archive of m = ${other.m} into m = ${this.m}`);
      if (other.ties !== this.ties) {
        throw new RangeError(`cannot merge archives with different tie rules (${other.ties}, ${this.ties})`);
      }
      const g = this.grid;
      const h = other.grid;
      if (
        (g === undefined) !== (h === undefined) ||
        (g !== undefined && h !== undefined && !sameGrid(g, h))
      ) {
        throw new RangeError('cannot merge archives with different epsilon grids');
      }
      const n = other.count;
      const vals = other === this ? other.vals.slice(0, n * this.m) : other.vals;
      const ids = other === this ? other.ids.slice(0, n) : other.ids;
      return this.insertAll(vals, ids, n);
    }
    const n = other.indices.length;
    if (other.values.length !== n * this.m) {
      throw new RangeError(
        `values has ${other.values.length} entries for ${n} points of ${this.m} objectives`,
      );
    }
    return this.insertAll(other.values, other.indices, n);
  }

  /**
   * The archive's points as fresh, exactly-sized typed arrays (transferable), sorted by point index
   * then objective vector.
   */
  toFlat(): ParetoSet {
    const rows = new Uint32Array(this.count);
    for (let k = 0; k < this.count; k++) rows[k] = k;
    sortRowsByPointIndex(rows, this.vals, this.m, this.ids);
    return gatherRows(rows, this.count, this.vals, this.m, this.ids);
  }

  /** Empties the archive (keeps the allocated storage). */
  clear(): void {
    this.count = 0;
  }

  /**
   * Batch insertion of rows [start, end): the archive's content becomes the (epsilon) front of its
   * current points plus these rows, computed by sorting instead of pairwise comparisons.
   */
  private absorb(
    values: ArrayLike<number>,
    pointIndices: ArrayLike<number> | undefined,
    start: number,
    end: number,
  ): void {
    const m = this.m;
    const c = this.count;
    const total = c + end - start;
    const comb = new Float64Array(total * m);
    const combIds = new Float64Array(total);
    comb.set(this.vals.subarray(0, c * m));
    combIds.set(this.ids.subarray(0, c));
    for (let r = start; r < end; r++) {
      const k = c + r - start;
      for (let i = 0; i < m; i++) {
        const v = values[r * m + i] as number;
        if (v !== v) throw new RangeError(`objective ${i} of row ${r} is NaN`);
        comb[k * m + i] = v;
      }
      const id = pointIndices === undefined ? r : (pointIndices[r] as number);
      assertPointIndex(id);
      combIds[k] = id;
    }
    const grid = this.grid;
    if (grid === undefined) {
      const rows = paretoFrontRows(comb, m, { pointIndices: combIds, ties: this.ties });
      this.load(rows, comb, combIds, undefined, undefined);
      return;
    }
    // Epsilon mode. Table row: box indices, corner distance, objective values; sorting it gives
    // each box's preferred point first (distance, then values, then point index).
    const w = 2 * m + 1;
    const table = new Float64Array(total * w);
    const keys = new Float64Array(total);
    for (let r = 0; r < total; r++) {
      const o = r * w;
      table[o + m] = boxOf(grid, comb, r * m, table, o);
      for (let i = 0; i < m; i++) table[o + m + 1 + i] = comb[r * m + i] as number;
      keys[r] = table[o] as number;
    }
    const order = sortRows(keys, table, w, total, combIds, 1);
    const best = new Uint32Array(total); // one row per distinct box
    const boxVals = new Float64Array(total * m);
    let nb = 0;
    for (let t = 0; t < total; t++) {
      const r = order[t] as number;
      if (nb > 0) {
        const prev = (best[nb - 1] as number) * w;
        let same = true;
        for (let i = 0; i < m && same; i++) same = table[prev + i] === table[r * w + i];
        if (same) continue;
      }
      best[nb] = r;
      for (let i = 0; i < m; i++) boxVals[nb * m + i] = table[r * w + i] as number;
      nb++;
    }
    // The kept boxes: the front of the distinct box vectors.
    const front = paretoFrontRows(boxVals, m, { n: nb });
    const rows = new Uint32Array(front.length);
    const dists = new Float64Array(front.length);
    for (let t = 0; t < front.length; t++) {
      const r = best[front[t] as number] as number;
      rows[t] = r;
      dists[t] = table[r * w + m] as number;
    }
    this.load(rows, comb, combIds, boxVals, front);
    for (let t = 0; t < front.length; t++) this.dists[t] = dists[t] as number;
  }

  /** Replaces the content by the given rows of (comb, combIds); boxes from boxVals[boxRows[t]]. */
  private load(
    rows: Uint32Array,
    comb: Float64Array,
    combIds: Float64Array,
    boxVals: Float64Array | undefined,
    boxRows: Uint32Array | undefined,
  ): void {
    const m = this.m;
    const k = rows.length;
    this.count = 0;
    while (this.cap < k) this.grow();
    for (let t = 0; t < k; t++) {
      const r = rows[t] as number;
      for (let i = 0; i < m; i++) this.vals[t * m + i] = comb[r * m + i] as number;
      this.ids[t] = combIds[r] as number;
      if (boxVals !== undefined && boxRows !== undefined) {
        const b = boxRows[t] as number;
        for (let i = 0; i < m; i++) this.boxes[t * m + i] = boxVals[b * m + i] as number;
      }
    }
    this.count = k;
  }

  private grow(): void {
    const m = this.m;
    this.cap *= 2;
    const vals = new Float64Array(this.cap * m);
    vals.set(this.vals);
    this.vals = vals;
    const ids = new Float64Array(this.cap);
    ids.set(this.ids);
    this.ids = ids;
    if (this.grid !== undefined) {
      const boxes = new Float64Array(this.cap * m);
      boxes.set(this.boxes);
      this.boxes = boxes;
      const dists = new Float64Array(this.cap);
      dists.set(this.dists);
      this.dists = dists;
    }
  }

  /** Copies slot `from` into slot `to`. */
  private copySlot(from: number, to: number): void {
    const m = this.m;
    this.vals.copyWithin(to * m, from * m, from * m + m);
    this.ids[to] = this.ids[from] as number;
    if (this.grid !== undefined) {
      this.boxes.copyWithin(to * m, from * m, from * m + m);
      this.dists[to] = this.dists[from] as number;
    }
  }

  /** Swaps slot k with slot 0 (move-to-front of a point that just rejected a newcomer). */
  private toFront(k: number): void {
    if (k === 0) return;
    const m = this.m;
    const a = k * m;
    const v = this.vals;
    for (let i = 0; i < m; i++) {
      const x = v[i] as number;
      v[i] = v[a + i] as number;
      v[a + i] = x;
    }
    const id = this.ids[0] as number;
    this.ids[0] = this.ids[k] as number;
    this.ids[k] = id;
    if (this.grid !== undefined) {
      const b = this.boxes;
      for (let i = 0; i < m; i++) {
        const x = b[i] as number;
        b[i] = b[a + i] as number;
        b[a + i] = x;
      }
      const d = this.dists[0] as number;
      this.dists[0] = this.dists[k] as number;
      this.dists[k] = d;
    }
  }

  /** Writes the point into slot k (box data from pBox / dist in epsilon mode). */
  private writeSlot(
    k: number,
    values: ArrayLike<number>,
    offset: number,
    pointIndex: number,
    dist: number,
  ): void {
    const m = this.m;
    const o = k * m;
    const v = this.vals;
    for (let i = 0; i < m; i++) v[o + i] = values[offset + i] as number;
    this.ids[k] = pointIndex;
    if (this.grid !== undefined) {
      this.boxes.set(this.pBox, o);
      this.dists[k] = dist;
    }
  }

  private append(values: ArrayLike<number>, offset: number, pointIndex: number, dist: number): void {
    if (this.count === this.cap) this.grow();
    this.writeSlot(this.count, values, offset, pointIndex, dist);
    this.count++;
  }

  private insertExact(values: ArrayLike<number>, offset: number, pointIndex: number): boolean {
    const m = this.m;
    let placed = -1;
    let k = 0;
    while (k < this.count) {
      const v = this.vals;
      const qo = k * m;
      let less = false; // q < p in some objective
      let greater = false; // q > p in some objective
      for (let i = 0; i < m; i++) {
        const x = v[qo + i] as number;
        const y = values[offset + i] as number;
        if (x < y) {
          less = true;
          if (greater) break;
        } else if (x > y) {
          greater = true;
          if (less) break;
        }
      }
      if (!greater) {
        // q dominates p, or q equals p (then p neither dominates nor is dominated by any other).
        if (less) {
          this.toFront(k);
          return false;
        }
        if (this.ties === 'keep-all') break;
        if (pointIndex < (this.ids[k] as number)) {
          this.writeSlot(k, values, offset, pointIndex, 0);
          return true;
        }
        return false;
      }
      if (!less) {
        // p dominates q: p takes q's slot, later dominated slots are filled from the end.
        if (placed < 0) {
          this.writeSlot(k, values, offset, pointIndex, 0);
          placed = k;
          k++;
        } else {
          this.count--;
          if (k < this.count) this.copySlot(this.count, k);
        }
        continue;
      }
      k++;
    }
    if (placed < 0) this.append(values, offset, pointIndex, 0);
    return true;
  }

  private insertEpsilon(
    grid: EpsilonGrid,
    values: ArrayLike<number>,
    offset: number,
    pointIndex: number,
  ): boolean {
    const m = this.m;
    const pb = this.pBox;
    const dist = boxOf(grid, values, offset, pb, 0);
    let placed = -1;
    let k = 0;
    while (k < this.count) {
      const b = this.boxes;
      const qo = k * m;
      let less = false;
      let greater = false;
      for (let i = 0; i < m; i++) {
        const x = b[qo + i] as number;
        const y = pb[i] as number;
        if (x < y) {
          less = true;
          if (greater) break;
        } else if (x > y) {
          greater = true;
          if (less) break;
        }
      }
      if (!greater) {
        if (less) {
          // q's box dominates p's box.
          this.toFront(k);
          return false;
        }
        // Same box: keep the preferred point (closest to the corner, then lexicographically
        // smallest objective vector, then lowest point index).
        if (this.preferred(values, offset, pointIndex, dist, k)) {
          this.writeSlot(k, values, offset, pointIndex, dist);
          return true;
        }
        return false;
      }
      if (!less) {
        // p's box dominates q's box.
        if (placed < 0) {
          this.writeSlot(k, values, offset, pointIndex, dist);
          placed = k;
          k++;
        } else {
          this.count--;
          if (k < this.count) this.copySlot(this.count, k);
        }
        continue;
      }
      k++;
    }
    if (placed < 0) this.append(values, offset, pointIndex, dist);
    return true;
  }

  /** True when the new point is preferred over the point in slot k (same box). */
  private preferred(
    values: ArrayLike<number>,
    offset: number,
    pointIndex: number,
    dist: number,
    k: number,
  ): boolean {
    const dq = this.dists[k] as number;
    if (dist !== dq) return dist < dq;
    const m = this.m;
    const qo = k * m;
    for (let i = 0; i < m; i++) {
      const x = values[offset + i] as number;
      const y = this.vals[qo + i] as number;
      if (x !== y) return x < y;
    }
    return pointIndex < (this.ids[k] as number);
  }
}
