import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EpsilonGrid } from './epsilonBoxes.js';
import { boxOf, epsilonGrid, sameGrid } from './epsilonBoxes.js';
import { DEFAULT_BATCH_THRESHOLD, ParetoArchive } from './paretoArchive.js';
import { paretoFront } from './paretoFront.js';
import type { ParetoSet } from './paretoSet.js';

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

function cmpLex(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
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

/** Box index and squared corner distance, from the definition. */
function boxAndDist(p: number[], g: EpsilonGrid): { box: number[]; dist: number } {
  let dist = 0;
  const box = p.map((f, i) => {
    const x = (f - (g.origin[i] as number)) / (g.eps[i] as number);
    const b = Math.floor(x);
    if (Number.isFinite(b)) dist += (x - b) * (x - b);
    return b;
  });
  return { box, dist };
}

const boxDominates = (a: number[], b: number[]): boolean =>
  a.every((x, i) => x <= (b[i] as number)) && a.some((x, i) => x < (b[i] as number));

/**
 * Oracle: the non-dominated boxes among all input boxes; in each, the point with the smallest
 * (corner distance, objective vector, point index).
 */
function epsilonOracle(rows: number[][], ids: number[], g: EpsilonGrid): number[][] {
  const info = rows.map((p) => boxAndDist(p, g));
  const keep: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const bi = (info[i] as { box: number[] }).box;
    let out = false;
    for (let j = 0; j < rows.length && !out; j++) {
      const bj = (info[j] as { box: number[] }).box;
      if (boxDominates(bj, bi)) out = true;
      else if (j !== i && cmpLex(bj, bi) === 0) {
        const di = (info[i] as { dist: number }).dist;
        const dj = (info[j] as { dist: number }).dist;
        const lex = cmpLex(rows[j] as number[], rows[i] as number[]);
        const idi = ids[i] as number;
        const idj = ids[j] as number;
        if (dj < di || (dj === di && (lex < 0 || (lex === 0 && (idj < idi || (idj === idi && j < i))))))
          out = true;
      }
    }
    if (!out) keep.push(i);
  }
  return keep.map((i) => [ids[i] as number, ...(rows[i] as number[])].map((x) => x + 0)).sort(cmpLex);
}

const dyadic = fc.integer({ min: -40, max: 40 }).map((k) => k / 8);
const value = fc.oneof(
  { arbitrary: dyadic, weight: 6 },
  { arbitrary: fc.double({ min: -10, max: 10, noNaN: true }), weight: 3 },
  { arbitrary: fc.constantFrom(0, -0, Infinity, -Infinity), weight: 1 },
);

const epsCloud = (val: fc.Arbitrary<number>) =>
  fc.integer({ min: 1, max: 4 }).chain((m) =>
    fc.array(fc.array(val, { minLength: m, maxLength: m }), { maxLength: 80 }).chain((rows) =>
      fc.record({
        m: fc.constant(m),
        rows: fc.constant(rows),
        ids: fc.oneof(
          fc.uniqueArray(fc.integer({ min: 0, max: 1e6 }), {
            minLength: rows.length,
            maxLength: rows.length,
          }),
          fc.array(fc.integer({ min: 0, max: 5 }), { minLength: rows.length, maxLength: rows.length }),
        ),
        eps: fc.array(fc.constantFrom(0.125, 0.25, 0.5, 1, 2), { minLength: m, maxLength: m }),
        origin: fc.array(fc.constantFrom(0, -1, 0.5, 0.375), { minLength: m, maxLength: m }),
        seed: fc.integer(),
        shards: fc.integer({ min: 1, max: 6 }),
        batchThreshold: fc.constantFrom(0, 1, 5, Infinity),
      }),
    ),
  );

function archiveOf(
  m: number,
  g: EpsilonGrid,
  rows: number[][],
  ids: number[],
  order: number[],
): ParetoArchive {
  const a = new ParetoArchive(m, { epsilon: g, initialCapacity: 1 });
  for (const r of order) a.insert(rows[r] as number[], 0, ids[r] as number);
  return a;
}

describe('epsilonGrid and boxOf', () => {
  it('box index and squared distance to the lower corner, in box units', () => {
    const g = epsilonGrid(2, [1, 0.5]);
    const box = new Float64Array(2);
    expect(boxOf(g, [2.5, -0.5], 0, box, 0)).toBe(0.25);
    expect(Array.from(box)).toEqual([2, -1]);
    const h = epsilonGrid(3, 0.25, [0, 1, -1]);
    const out = new Float64Array(4);
    expect(boxOf(h, [9, 0.375, 1, -0.875], 1, out, 1)).toBe(0.25 + 0 + 0.25);
    expect(Array.from(out)).toEqual([0, 1, 0, 0]);
    expect(boxOf(g, [Infinity, 0.25], 0, box, 0)).toBe(0.25);
    expect(box[0]).toBe(Infinity);
  });

  it('validates eps and origin; sameGrid compares values', () => {
    expect(() => epsilonGrid(2, 0)).toThrow(/eps\[0\]/);
    expect(() => epsilonGrid(2, [1, -1])).toThrow(/eps\[1\]/);
    expect(() => epsilonGrid(2, [1])).toThrow(/entries/);
    expect(() => epsilonGrid(2, 1, [0, NaN])).toThrow(/origin\[1\]/);
    expect(() => epsilonGrid(0, 1)).toThrow(RangeError);
    expect(sameGrid(epsilonGrid(2, 1), epsilonGrid(2, [1, 1], [0, 0]))).toBe(true);
    expect(sameGrid(epsilonGrid(2, 1), epsilonGrid(2, 1, 0.5))).toBe(false);
    expect(sameGrid(epsilonGrid(2, 1), epsilonGrid(3, 1))).toBe(false);
  });
});

describe('epsilon archive', () => {
  it('hand case: one point per non-dominated box, the one closest to the corner', () => {
    const a = new ParetoArchive(2, { epsilon: epsilonGrid(2, 1) });
    a.insertAll([1.5, 2.5, 1.2, 2.7, 2, 1, 2.2, 2.2, 0.5, 9, 1.5, 2.5], [0, 1, 2, 3, 4, 5]);
    // boxes: (1,2) twice (0 closer than 1; 5 is identical to 0 with a higher index), (2,1), (2,2) dominated, (0,9)
    expect(entriesOf(a.toFlat())).toEqual([
      [0, 1.5, 2.5],
      [2, 2, 1],
      [4, 0.5, 9],
    ]);
  });

  it('equals the box-level oracle, whatever the insertion order', () => {
    fc.assert(
      fc.property(epsCloud(value), ({ m, rows, ids, eps, origin, seed, batchThreshold }) => {
        const g = epsilonGrid(m, eps, origin);
        const perm = shuffled(rows.length, seed);
        const a = archiveOf(m, g, rows, ids, perm);
        const expected = epsilonOracle(rows, ids, g);
        expect(entriesOf(a.toFlat())).toEqual(expected);
        // insertAll: point by point, then batched past the threshold.
        const b = new ParetoArchive(m, { epsilon: g, batchThreshold, initialCapacity: 1 });
        const half = perm.length >> 1;
        for (const part of [perm.slice(0, half), perm.slice(half)]) {
          b.insertAll(
            part.flatMap((r) => rows[r] as number[]),
            part.map((r) => ids[r] as number),
          );
        }
        expect(entriesOf(b.toFlat())).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('guarantees: kept points are non-dominated (even among all inputs), one per box, and epsilon-dominate every input', () => {
    fc.assert(
      fc.property(epsCloud(value), ({ m, rows, ids, eps, origin, seed }) => {
        const g = epsilonGrid(m, eps, origin);
        const kept = entriesOf(archiveOf(m, g, rows, ids, shuffled(rows.length, seed)).toFlat()).map((e) =>
          e.slice(1),
        );
        const keptBoxes = kept.map((q) => boxAndDist(q, g).box);
        for (let a = 0; a < kept.length; a++) {
          for (let b = 0; b < kept.length; b++) {
            if (a === b) continue;
            expect(boxDominates(kept[a] as number[], kept[b] as number[])).toBe(false); // values
            expect(cmpLex(keptBoxes[a] as number[], keptBoxes[b] as number[])).not.toBe(0); // one per box
            expect(boxDominates(keptBoxes[a] as number[], keptBoxes[b] as number[])).toBe(false);
          }
        }
        // Subset of the exact front of all inputs (lowest-index rule).
        const exact = entriesOf(paretoFront(Float64Array.from(rows.flat()), m, { pointIndices: ids }));
        const kEntries = entriesOf(archiveOf(m, g, rows, ids, shuffled(rows.length, seed)).toFlat());
        for (const e of kEntries) expect(exact).toContainEqual(e);
        // Every input p has a kept q with box(q) <= box(p), hence q_i < p_i + eps_i (exact here:
        // dyadic values, eps and origins) for finite p_i.
        for (const p of rows) {
          const bp = boxAndDist(p, g).box;
          const witness = kept.findIndex((_, k) =>
            (keptBoxes[k] as number[]).every((x, i) => x <= (bp[i] as number)),
          );
          expect(witness).toBeGreaterThanOrEqual(0);
          const q = kept[witness] as number[];
          for (let i = 0; i < m; i++) {
            const pi = p[i] as number;
            if (Number.isFinite(pi) && Number.isInteger(pi * 8))
              expect(q[i]).toBeLessThan(pi + (eps[i] as number));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('size is bounded by the grid: at most prod(K_i) / max(K_i) boxes', () => {
    fc.assert(
      fc.property(epsCloud(dyadic), ({ m, rows, ids, eps, origin }) => {
        const g = epsilonGrid(m, eps, origin);
        const a = archiveOf(
          m,
          g,
          rows,
          ids,
          Array.from(rows, (_, i) => i),
        );
        if (rows.length === 0) return;
        const boxes = rows.map((p) => boxAndDist(p, g).box);
        const k = Array.from({ length: m }, (_, i) => {
          const col = boxes.map((b) => b[i] as number);
          return Math.max(...col) - Math.min(...col) + 1;
        });
        expect(a.size).toBeLessThanOrEqual(k.reduce((x, y) => x * y, 1) / Math.max(...k));
      }),
      { numRuns: 200 },
    );
  });

  it('large anti-correlated clouds: batched insertAll equals point-by-point insertion', () => {
    for (const m of [2, 3, 4]) {
      const rnd = mulberry32(10 + m);
      const n = 3000;
      const values = new Float64Array(n * m);
      for (let r = 0; r < n; r++) {
        let s = 0;
        for (let i = 0; i < m; i++) s += values[r * m + i] = rnd();
        for (let i = 0; i < m; i++) values[r * m + i] = (values[r * m + i] as number) / s;
      }
      const ids = shuffled(n, m);
      const g = epsilonGrid(m, m === 2 ? 0.002 : 0.02);
      const streamed = new ParetoArchive(m, { epsilon: g, batchThreshold: Infinity }).insertAll(values, ids);
      const batched = new ParetoArchive(m, { epsilon: g }).insertAll(values, ids);
      expect(batched.size).toBeGreaterThan(DEFAULT_BATCH_THRESHOLD); // the batch path ran
      expect(entriesOf(batched.toFlat())).toEqual(entriesOf(streamed.toFlat()));
      // Later point-by-point inserts still see correct box data after a batch.
      const extra = [0, 0.5, 0.5, 0.5].slice(0, m);
      batched.insert(extra, 0, n);
      streamed.insert(extra, 0, n);
      expect(entriesOf(batched.toFlat())).toEqual(entriesOf(streamed.toFlat()));
    }
  });

  it('shard/merge identity with a shared grid', () => {
    fc.assert(
      fc.property(epsCloud(value), ({ m, rows, ids, eps, origin, seed, shards, batchThreshold }) => {
        const g = epsilonGrid(m, eps, origin);
        const rnd = mulberry32(seed);
        const parts = Array.from(
          { length: shards },
          () => new ParetoArchive(m, { epsilon: epsilonGrid(m, eps, origin) }),
        );
        for (let r = 0; r < rows.length; r++) {
          (parts[Math.floor(rnd() * shards)] as ParetoArchive).insert(
            rows[r] as number[],
            0,
            ids[r] as number,
          );
        }
        const merged = new ParetoArchive(m, { epsilon: g, batchThreshold });
        for (const s of shuffled(shards, seed + 1)) merged.merge((parts[s] as ParetoArchive).toFlat());
        const expected = entriesOf(
          archiveOf(
            m,
            g,
            rows,
            ids,
            Array.from(rows, (_, i) => i),
          ).toFlat(),
        );
        expect(entriesOf(merged.toFlat())).toEqual(expected);
        const first = parts[0] as ParetoArchive;
        for (let s = 1; s < shards; s++) first.merge(parts[s] as ParetoArchive);
        expect(entriesOf(first.toFlat())).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
  it('larger clouds (m = 2, 3, 4): any mix of insert / insertAll / reads and merges of partitions equals the box oracle', () => {
    fc.assert(
      fc.property(
        fc.record({
          m: fc.constantFrom(2, 3, 4),
          n: fc.integer({ min: 0, max: 700 }),
          eps: fc.constantFrom(1 / 32, 1 / 16, 0.125, 0.25),
          batchThreshold: fc.constantFrom(0, 1, 7, DEFAULT_BATCH_THRESHOLD, Infinity),
          shards: fc.integer({ min: 1, max: 4 }),
          seed: fc.integer(),
        }),
        ({ m, n, eps, batchThreshold, shards, seed }) => {
          // Anti-correlated points on a 1/64 grid: many non-dominated boxes, several points per box,
          // equal corner distances, and copies of earlier rows with other indices.
          const rnd = mulberry32(seed);
          const rows: number[][] = [];
          for (let r = 0; r < n; r++) {
            if (r > 0 && rnd() < 0.15) {
              rows.push([...(rows[Math.floor(rnd() * r)] as number[])]);
              continue;
            }
            const x = Array.from({ length: m }, () => rnd());
            const s = x.reduce((a, b) => a + b, 0);
            rows.push(x.map((v) => Math.round((v / s) * 64) / 64));
          }
          const ids = Array.from({ length: n }, () => Math.floor(rnd() * n * 2));
          const g = epsilonGrid(m, eps);
          const expected = epsilonOracle(rows, ids, g);
          const feed = (a: ParetoArchive, order: number[]): ParetoArchive => {
            let k = 0;
            while (k < order.length) {
              const part = order.slice(k, k + 1 + Math.floor(rnd() * rnd() * 200));
              if (rnd() < 0.5) for (const r of part) a.insert(rows[r] as number[], 0, ids[r] as number);
              else
                a.insertAll(
                  part.flatMap((r) => rows[r] as number[]),
                  part.map((r) => ids[r] as number),
                );
              if (rnd() < 0.2) void a.size;
              k += part.length;
            }
            return a;
          };
          const whole = feed(new ParetoArchive(m, { epsilon: g, batchThreshold }), shuffled(n, seed));
          expect(entriesOf(whole.toFlat())).toEqual(expected);
          const orders: number[][] = Array.from({ length: shards }, () => []);
          for (const r of shuffled(n, seed + 1)) (orders[Math.floor(rnd() * shards)] as number[]).push(r);
          const parts = orders.map((o) => feed(new ParetoArchive(m, { epsilon: g, batchThreshold: 5 }), o));
          const merged = new ParetoArchive(m, { epsilon: g, batchThreshold });
          for (const s of shuffled(shards, seed + 2)) merged.merge(parts[s] as ParetoArchive);
          expect(entriesOf(merged.toFlat())).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});
