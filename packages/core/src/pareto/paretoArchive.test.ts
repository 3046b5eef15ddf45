import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epsilonGrid } from './epsilonBoxes.js';
import { DEFAULT_BATCH_THRESHOLD, ParetoArchive } from './paretoArchive.js';
import { paretoFront } from './paretoFront.js';
import type { ParetoSet, TieRule } from './paretoSet.js';

function entriesOf(set: ParetoSet): number[][] {
  const out: number[][] = [];
  for (let k = 0; k < set.indices.length; k++) {
    out.push(
      [set.indices[k] as number, ...Array.from(set.values.subarray(k * set.m, k * set.m + set.m))].map(
        (x) => x + 0,
      ),
    );
  }
  return out;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(n: number, seed: number): number[] {
  const rnd = mulberry32(seed);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [p[i], p[j]] = [p[j] as number, p[i] as number];
  }
  return p;
}

/**
 * Deterministic test clouds of n points (seeded): 'grid' draws each objective from {0..4} (many
 * duplicates and ties), 'anti' rounds anti-correlated points to 1/64 (a large front with ties),
 * 'mixed' is 'anti' with copies of earlier rows and +-Infinity / -0 sprinkled in.
 */
function testCloud(n: number, m: number, kind: 'grid' | 'anti' | 'mixed', seed: number): Float64Array {
  const rnd = mulberry32(seed);
  const v = new Float64Array(n * m);
  for (let r = 0; r < n; r++) {
    if (kind === 'grid') {
      for (let i = 0; i < m; i++) v[r * m + i] = Math.floor(rnd() * 5);
      continue;
    }
    let s = 0;
    for (let i = 0; i < m; i++) s += v[r * m + i] = rnd();
    for (let i = 0; i < m; i++) v[r * m + i] = Math.round(((v[r * m + i] as number) / s) * 64) / 64;
    if (kind === 'mixed' && r > 0) {
      const c = rnd();
      if (c < 0.2) v.copyWithin(r * m, Math.floor(rnd() * r) * m, Math.floor(rnd() * r) * m + m);
      else if (c < 0.3)
        v[r * m + Math.floor(rnd() * m)] = [Infinity, -Infinity, -0][Math.floor(rnd() * 3)] as number;
    }
  }
  return v;
}

/** Point indices for n rows: a shuffled 0..n-1, or drawn from n/4 values (repeats). */
function testIds(n: number, repeated: boolean, seed: number): number[] {
  if (!repeated) return shuffled(n, seed);
  const rnd = mulberry32(seed);
  return Array.from({ length: n }, () => Math.floor(rnd() * Math.max(1, n >> 2)));
}

/**
 * Feeds rows `order` to the archive in random chunks, each by insert() or insertAll(), reading
 * the size between some chunks (a read filters the pending points).
 */
function feed(
  archive: ParetoArchive,
  values: Float64Array,
  ids: number[],
  order: number[],
  seed: number,
): void {
  const m = archive.m;
  const rnd = mulberry32(seed);
  let k = 0;
  while (k < order.length) {
    const len = Math.min(order.length - k, 1 + Math.floor(rnd() * rnd() * 600));
    const part = order.slice(k, k + len);
    if (rnd() < 0.5) {
      for (const r of part) archive.insert(values, r * m, ids[r] as number);
    } else {
      const block = new Float64Array(len * m);
      part.forEach((r, t) => block.set(values.subarray(r * m, r * m + m), t * m));
      archive.insertAll(
        block,
        part.map((r) => ids[r] as number),
      );
    }
    if (rnd() < 0.2) void archive.size;
    k += len;
  }
}

const largeCase = fc.record({
  m: fc.constantFrom(2, 3, 4),
  n: fc.integer({ min: 0, max: 6000 }),
  kind: fc.constantFrom<'grid' | 'anti' | 'mixed'>('grid', 'anti', 'mixed'),
  repeated: fc.boolean(),
  ties: fc.constantFrom<TieRule>('lowest-index', 'keep-all'),
  batchThreshold: fc.constantFrom(0, 1, 7, DEFAULT_BATCH_THRESHOLD, Infinity),
  shards: fc.integer({ min: 1, max: 5 }),
  seed: fc.integer(),
});

const value = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 6 },
  { arbitrary: fc.double({ min: -10, max: 10, noNaN: true }), weight: 3 },
  { arbitrary: fc.constantFrom(0, -0, Infinity, -Infinity), weight: 1 },
);

const cloud = fc.integer({ min: 1, max: 5 }).chain((m) =>
  fc.array(fc.array(value, { minLength: m, maxLength: m }), { maxLength: 60 }).chain((rows) =>
    fc.record({
      m: fc.constant(m),
      rows: fc.constant(rows),
      ids: fc.oneof(
        fc.uniqueArray(fc.integer({ min: 0, max: 2 ** 53 - 1 }), {
          minLength: rows.length,
          maxLength: rows.length,
        }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: rows.length, maxLength: rows.length }),
      ),
      ties: fc.constantFrom<TieRule>('lowest-index', 'keep-all'),
      seed: fc.integer(),
      shards: fc.integer({ min: 1, max: 7 }),
      batchThreshold: fc.constantFrom(0, 1, 5, Infinity),
    }),
  ),
);

describe('ParetoArchive (exact)', () => {
  it('hand case: content after each insert, size, export', () => {
    const a = new ParetoArchive(2, { initialCapacity: 1, batchThreshold: 2 });
    const content = () => entriesOf(a.toFlat());
    a.insert([2, 2], 0, 10);
    expect(content()).toEqual([[10, 2, 2]]);
    a.insert([3, 3], 0, 11); // dominated (rejected by the pivot (2, 2) on arrival)
    a.insert([2, 2], 0, 12); // duplicate with a higher index
    expect(content()).toEqual([[10, 2, 2]]);
    a.insert([2, 2], 0, 9); // duplicate with a lower index replaces it
    a.insert([0, 5, 1, 3], 2, 3); // offset 2: (1, 3), incomparable
    expect(content()).toEqual([
      [3, 1, 3],
      [9, 2, 2],
    ]);
    a.insert([0, 0, 0], 1, 4); // (0, 0) evicts both
    expect(a.size).toBe(1);
    const flat = a.toFlat();
    expect(Array.from(flat.indices)).toEqual([4]);
    expect(Array.from(flat.values)).toEqual([0, 0]);
    expect(flat.values.buffer.byteLength).toBe(16);
    a.clear();
    expect(a.size).toBe(0);
  });

  it('keep-all keeps identical vectors', () => {
    const a = new ParetoArchive(2, { ties: 'keep-all' });
    a.insertAll([1, 1, 1, 1, 2, 0, 1, 1], [5, 3, 4, 8]);
    expect(Array.from(a.toFlat().indices)).toEqual([3, 4, 5, 8]);
  });

  it('rejects bad input and incompatible merges', () => {
    const a = new ParetoArchive(2);
    expect(() => a.insert([NaN, 1], 0, 0)).toThrow(/NaN/);
    expect(() => a.insert([1, 1], 0, 1.5)).toThrow(/point index/);
    expect(() => new ParetoArchive(0)).toThrow(RangeError);
    expect(() => new ParetoArchive(2, { ties: 'keep-all', epsilon: epsilonGrid(2, 1) })).toThrow(/ties/);
    expect(() => new ParetoArchive(3, { epsilon: epsilonGrid(2, 1) })).toThrow(/grid/);
    expect(() => a.merge(new ParetoArchive(3))).toThrow(/m = 3/);
    expect(() => a.merge(new ParetoArchive(2, { ties: 'keep-all' }))).toThrow(/tie rules/);
    expect(() => a.merge(new ParetoArchive(2, { epsilon: epsilonGrid(2, 1) }))).toThrow(/grids/);
    expect(() => a.merge({ indices: [1], values: [1, 2, 3] })).toThrow(RangeError);
    expect(() => a.insertAll([1, 2, 3])).toThrow(RangeError);
    expect(() => new ParetoArchive(2, { batchThreshold: 0 }).insertAll([1, 2, 3, NaN])).toThrow(
      /row 1 is NaN/,
    );
    expect(() => new ParetoArchive(2, { batchThreshold: 0 }).insertAll([1, 2], [0.5])).toThrow(/point index/);
    expect(() => new ParetoArchive(2, { batchThreshold: -1 })).toThrow(/batchThreshold/);
    // A rejected block leaves the archive as it was.
    const b = new ParetoArchive(2).insertAll([5, 5]);
    expect(() => b.insertAll([1, 1, 0, NaN])).toThrow(/row 1 is NaN/);
    expect(() => b.insertAll([1, 1, 0, 0], [3, 0.5])).toThrow(/point index/);
    expect(entriesOf(b.toFlat())).toEqual([[0, 5, 5]]);
    expect(() => new ParetoArchive(2, { initialCapacity: 0 })).toThrow(/initialCapacity/);
  });

  it('large anti-correlated clouds: insertAll (batched) equals the batch front and point-by-point insertion', () => {
    for (const m of [2, 3, 4]) {
      const rnd = mulberry32(m);
      const n = 3000;
      const values = new Float64Array(n * m);
      for (let r = 0; r < n; r++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += values[r * m + i] = rnd();
        for (let i = 0; i < m; i++)
          values[r * m + i] = Math.round(((values[r * m + i] as number) / s) * 1024) / 1024;
      }
      const ids = shuffled(n, m + 1);
      const expected = entriesOf(paretoFront(values, m, { pointIndices: ids }));
      const batched = new ParetoArchive(m).insertAll(values, ids);
      expect(batched.size).toBeGreaterThan(DEFAULT_BATCH_THRESHOLD); // the batch path ran
      expect(entriesOf(batched.toFlat())).toEqual(expected);
      const streamed = new ParetoArchive(m, { batchThreshold: Infinity }).insertAll(values, ids);
      expect(entriesOf(streamed.toFlat())).toEqual(expected);
    }
  });

  it('merging an archive into itself changes nothing', () => {
    const a = new ParetoArchive(2).insertAll([1, 3, 2, 2, 3, 1, 3, 3]);
    const before = entriesOf(a.toFlat());
    a.merge(a);
    expect(entriesOf(a.toFlat())).toEqual(before);
  });

  it('fed in any order, equals the batch front (m = 1..5, both tie rules)', () => {
    fc.assert(
      fc.property(cloud, ({ m, rows, ids, ties, seed, batchThreshold }) => {
        const batch = paretoFront(Float64Array.from(rows.flat()), m, { pointIndices: ids, ties });
        const perm = shuffled(rows.length, seed);
        const archive = new ParetoArchive(m, { ties, initialCapacity: 1 });
        for (const r of perm) archive.insert(rows[r] as number[], 0, ids[r] as number);
        expect(archive.size).toBe(batch.indices.length);
        expect(entriesOf(archive.toFlat())).toEqual(entriesOf(batch));
        // insertAll: point by point, then batched past the threshold.
        const viaAll = new ParetoArchive(m, { ties, batchThreshold, initialCapacity: 1 });
        const half = perm.length >> 1;
        for (const part of [perm.slice(0, half), perm.slice(half)]) {
          viaAll.insertAll(
            part.flatMap((r) => rows[r] as number[]),
            part.map((r) => ids[r] as number),
          );
        }
        expect(entriesOf(viaAll.toFlat())).toEqual(entriesOf(batch));
      }),
      { numRuns: 500 },
    );
  });

  it('shard/merge identity: merging the archives of any partition equals the front of the union', () => {
    fc.assert(
      fc.property(cloud, ({ m, rows, ids, ties, seed, shards, batchThreshold }) => {
        const rnd = mulberry32(seed);
        const parts = Array.from({ length: shards }, () => new ParetoArchive(m, { ties }));
        for (let r = 0; r < rows.length; r++) {
          (parts[Math.floor(rnd() * shards)] as ParetoArchive).insert(
            rows[r] as number[],
            0,
            ids[r] as number,
          );
        }
        const expected = entriesOf(
          paretoFront(Float64Array.from(rows.flat()), m, { pointIndices: ids, ties }),
        );
        // Merge as a main thread would: flat exports (transferable) in a random shard order.
        const viaFlat = new ParetoArchive(m, { ties, batchThreshold });
        for (const s of shuffled(shards, seed + 1)) viaFlat.merge((parts[s] as ParetoArchive).toFlat());
        expect(entriesOf(viaFlat.toFlat())).toEqual(expected);
        // Or archive into archive, pairwise.
        const first = parts[0] as ParetoArchive;
        for (let s = 1; s < shards; s++) first.merge(parts[s] as ParetoArchive);
        expect(entriesOf(first.toFlat())).toEqual(expected);
        // fromFlat round trip.
        expect(entriesOf(ParetoArchive.fromFlat(m, first.toFlat(), { ties }).toFlat())).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });
  it('large clouds (m = 2, 3, 4; duplicates, ties, +-Infinity): any order, any mix of insert / insertAll / reads, equals the batch front', () => {
    fc.assert(
      fc.property(largeCase, ({ m, n, kind, repeated, ties, batchThreshold, seed }) => {
        const values = testCloud(n, m, kind, seed);
        const ids = testIds(n, repeated, seed + 1);
        const expected = entriesOf(paretoFront(values, m, { pointIndices: ids, ties }));
        const archive = new ParetoArchive(m, { ties, batchThreshold, initialCapacity: 1 });
        feed(archive, values, ids, shuffled(n, seed + 2), seed + 3);
        expect(entriesOf(archive.toFlat())).toEqual(expected);
        expect(archive.size).toBe(expected.length);
        // Reading again, and inserting everything a second time, changes nothing (lowest-index).
        if (ties === 'lowest-index') {
          feed(archive, values, ids, shuffled(n, seed + 4), seed + 5);
          expect(entriesOf(archive.toFlat())).toEqual(expected);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('large clouds: merging the archives of any partition (with points still pending) equals the batch front', () => {
    fc.assert(
      fc.property(largeCase, ({ m, n, kind, repeated, ties, batchThreshold, shards, seed }) => {
        const values = testCloud(n, m, kind, seed);
        const ids = testIds(n, repeated, seed + 1);
        const expected = entriesOf(paretoFront(values, m, { pointIndices: ids, ties }));
        const rnd = mulberry32(seed + 2);
        const orders: number[][] = Array.from({ length: shards }, () => []);
        for (const r of shuffled(n, seed + 3)) (orders[Math.floor(rnd() * shards)] as number[]).push(r);
        const build = () =>
          orders.map((o, s) => {
            const a = new ParetoArchive(m, { ties, batchThreshold: s === 0 ? batchThreshold : 5 });
            feed(a, values, ids, o, seed + 10 + s);
            return a;
          });
        // Archive into archive, before any shard was read: pending points travel too.
        const parts = build();
        const merged = new ParetoArchive(m, { ties, batchThreshold });
        for (const s of shuffled(shards, seed + 4)) merged.merge(parts[s] as ParetoArchive);
        expect(entriesOf(merged.toFlat())).toEqual(expected);
        // Flat exports (transferable), in another order.
        const viaFlat = new ParetoArchive(m, { ties });
        for (const s of shuffled(shards, seed + 5)) viaFlat.merge((parts[s] as ParetoArchive).toFlat());
        expect(entriesOf(viaFlat.toFlat())).toEqual(expected);
        // Into the first shard.
        const fresh = build();
        const first = fresh[0] as ParetoArchive;
        for (let s = 1; s < shards; s++) first.merge(fresh[s] as ParetoArchive);
        expect(entriesOf(first.toFlat())).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });
});
