/**
 * Deterministic down-sampling of a stream of points by their index. A point is kept when its
 * index's hash is among the `limit` smallest (ties broken by index): the same points are kept
 * whatever order the points arrive in (a sweep's all-points file is in completion order), and
 * unlike a stride over the index the choice does not alias with the grid's nesting.
 */

/** 32-bit avalanche mix of a point index (MurmurHash3's finaliser over both 32-bit halves). */
export function pointHash(index: number): number {
  let h = (index >>> 0) ^ Math.imul(Math.floor(index / 0x1_0000_0000) >>> 0, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

interface Entry<T> {
  hash: number;
  index: number;
  item: T;
}

const byHash = <T>(a: Entry<T>, b: Entry<T>) => a.hash - b.hash || a.index - b.index;

/** Keeps at most `limit` items, chosen by the hash of their point index; memory O(limit). */
export class IndexSampler<T> {
  private buffer: Entry<T>[] = [];
  /** Items with a (hash, index) above this pair can no longer be kept. */
  private cutHash = Infinity;
  private cutIndex = Infinity;
  private seen = 0;

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError(`sample limit must be >= 1, got ${limit}`);
  }

  /** Number of items offered so far. */
  get offered(): number {
    return this.seen;
  }

  add(index: number, item: T): void {
    this.seen++;
    const hash = pointHash(index);
    if (hash > this.cutHash || (hash === this.cutHash && index > this.cutIndex)) return;
    this.buffer.push({ hash, index, item });
    if (this.buffer.length >= 2 * this.limit) this.compact();
  }

  private compact(): void {
    this.buffer.sort(byHash);
    // The same point offered twice (a resumed sweep's stream) counts once.
    this.buffer = this.buffer.filter(
      (e, i, a) => i === 0 || e.index !== a[i - 1]!.index || e.hash !== a[i - 1]!.hash,
    );
    if (this.buffer.length > this.limit) this.buffer.length = this.limit;
    if (this.buffer.length === this.limit) {
      const last = this.buffer[this.limit - 1]!;
      this.cutHash = last.hash;
      this.cutIndex = last.index;
    }
  }

  /** The kept items, in increasing point index. */
  result(): { index: number; item: T }[] {
    this.compact();
    return this.buffer.map(({ index, item }) => ({ index, item })).sort((a, b) => a.index - b.index);
  }
}

/** The kept indices of a list of point indices (for tests and small inputs). */
export function sampleIndices(indices: Iterable<number>, limit: number): number[] {
  const s = new IndexSampler<null>(limit);
  for (const k of indices) s.add(k, null);
  return s.result().map((e) => e.index);
}
