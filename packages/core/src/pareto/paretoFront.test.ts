import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParetoSet, TieRule } from './paretoSet.js';
import { dominates } from './dominates.js';
import { PREFILTER_MIN_ROWS, paretoFront, paretoFrontRows, prefilter } from './paretoFront.js';

type Entry = number[]; // [pointIndex, ...objectives]

/** Brute-force O(n^2) oracle, straight from the definitions. */
function oracle(rows: number[][], ids: number[], ties: TieRule): Entry[] {
  const dom = (a: number[], b: number[]): boolean =>
    a.every((x, i) => x <= (b[i] as number)) && a.some((x, i) => x < (b[i] as number));
  const same = (a: number[], b: number[]): boolean => a.every((x, i) => x === b[i]);
  const keep: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    let out = false;
    for (let j = 0; j < rows.length && !out; j++) {
      if (j === i) continue;
      const a = rows[j] as number[];
      const b = rows[i] as number[];
      if (dom(a, b)) out = true;
      const idj = ids[j] as number;
      const idi = ids[i] as number;
      if (ties === 'lowest-index' && same(a, b) && (idj < idi || (idj === idi && j < i))) out = true;
    }
    if (!out) keep.push(i);
  }
  return sortEntries(keep.map((i) => [ids[i] as number, ...(rows[i] as number[])]));
}

/** The same oracle on a flat table (for large clouds): the kept rows. */
function flatOracleRows(values: Float64Array, m: number, ids: number[], ties: TieRule): number[] {
  const n = values.length / m;
  const keep: number[] = [];
  for (let i = 0; i < n; i++) {
    let out = false;
    for (let j = 0; j < n && !out; j++) {
      if (j === i) continue;
      let le = true;
      let lt = false;
      for (let k = 0; k < m; k++) {
        const a = values[j * m + k] as number;
        const b = values[i * m + k] as number;
        if (a > b) {
          le = false;
          break;
        }
        if (a < b) lt = true;
      }
      if (!le) continue;
      const idj = ids[j] as number;
      const idi = ids[i] as number;
      if (lt || (ties === 'lowest-index' && (idj < idi || (idj === idi && j < i)))) out = true;
    }
    if (!out) keep.push(i);
  }
  return keep;
}

function flatOracle(values: Float64Array, m: number, ids: number[], ties: TieRule): Entry[] {
  return sortEntries(
    flatOracleRows(values, m, ids, ties).map((i) => [
      ids[i] as number,
      ...Array.from(values.subarray(i * m, i * m + m)),
    ]),
  );
}

function sortEntries(entries: Entry[]): Entry[] {
  const norm = entries.map((e) => e.map((x) => x + 0)); // -0 -> 0
  return norm.sort((a, b) => {
    for (let i = 0; i < a.length; i++) {
      const x = a[i] as number;
      const y = b[i] as number;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  });
}

function entriesOf(set: ParetoSet): Entry[] {
  const out: Entry[] = [];
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

const value = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 6 }, // many ties and duplicates
  { arbitrary: fc.double({ min: -10, max: 10, noNaN: true }), weight: 3 },
  { arbitrary: fc.constantFrom(0, -0, Infinity, -Infinity), weight: 1 },
);

/** A cloud: m, rows, point indices (unique, or drawn from a small set so that some repeat). */
const cloud = (maxN: number) =>
  fc.integer({ min: 1, max: 5 }).chain((m) =>
    fc.array(fc.array(value, { minLength: m, maxLength: m }), { maxLength: maxN }).chain((rows) =>
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
      }),
    ),
  );

describe('paretoFront: hand cases', () => {
  it('2-D front with a dominated point and a duplicate', () => {
    const values = new Float64Array([1, 2, 2, 1, 2, 2, 1, 2, 3, 0]);
    const front = paretoFront(values, 2);
    expect(Array.from(front.indices)).toEqual([0, 1, 4]);
    expect(Array.from(front.values)).toEqual([1, 2, 2, 1, 3, 0]);
    expect(Array.from(paretoFront(values, 2, { ties: 'keep-all' }).indices)).toEqual([0, 1, 3, 4]);
    expect(Array.from(paretoFrontRows(values, 2, { pointIndices: [5, 4, 3, 2, 1] }))).toEqual([4, 3, 1]);
  });

  it('m = 1 gives the minimum (lowest index) or all minima', () => {
    const values = [3, 1, 2, 1, 1];
    const ids = [0, 9, 1, 4, 7];
    expect(Array.from(paretoFront(values, 1, { pointIndices: ids }).indices)).toEqual([4]);
    expect(Array.from(paretoFront(values, 1, { pointIndices: ids, ties: 'keep-all' }).indices)).toEqual([
      4, 7, 9,
    ]);
  });

  it('3-D and 4-D hand cases', () => {
    const v3 = [1, 1, 1, 0, 2, 2, 2, 0, 2, 2, 2, 0, 1, 1, 2, 1, 1, 1];
    expect(Array.from(paretoFront(v3, 3).indices)).toEqual([0, 1, 2, 3]);
    const v4 = [1, 1, 1, 1, 0, 5, 5, 5, 1, 1, 1, 2, 5, 5, 5, 0];
    expect(Array.from(paretoFront(v4, 4).indices)).toEqual([0, 1, 3]);
  });

  it('empty input, n option, +-Infinity', () => {
    expect(paretoFront([], 3).indices.length).toBe(0);
    expect(Array.from(paretoFront([1, 1, 0, 0, 5, 5], 2, { n: 1 }).indices)).toEqual([0]);
    expect(Array.from(paretoFront([Infinity, 0, Infinity, 1, -Infinity, 5], 2).indices)).toEqual([0, 2]);
    expect(Array.from(paretoFront([Infinity, Infinity, Infinity, Infinity], 2).indices)).toEqual([0]);
  });

  it('the result owns exactly-sized buffers', () => {
    const front = paretoFront(new Float64Array([1, 2, 2, 1, 3, 3]), 2);
    expect(front.values.buffer.byteLength).toBe(4 * 8);
    expect(front.indices.buffer.byteLength).toBe(2 * 8);
  });

  it('rejects bad input', () => {
    expect(() => paretoFront([1, 2, 3], 2)).toThrow(RangeError);
    expect(() => paretoFront([1, NaN], 2)).toThrow(/NaN at row 0, objective 1/);
    expect(() => paretoFront([1, 2], 0)).toThrow(RangeError);
    expect(() => paretoFront([1, 2], 2, { pointIndices: [0.5] })).toThrow(/point index/);
    expect(() => paretoFront([1, 2], 2, { pointIndices: [] })).toThrow(RangeError);
    expect(() => paretoFront([1, 2], 2, { n: 2 })).toThrow(RangeError);
    expect(() => paretoFront([1, 2], 2, { ties: 'first' as TieRule })).toThrow(/ties/);
  });
});

describe('paretoFront: properties', () => {
  it('equals the brute-force oracle (m = 1..5, ties, duplicates), as a set and in order', () => {
    fc.assert(
      fc.property(cloud(60), ({ m, rows, ids, ties }) => {
        const values = Float64Array.from(rows.flat());
        const front = paretoFront(values, m, { pointIndices: ids, ties });
        expect(entriesOf(front)).toEqual(oracle(rows, ids, ties));
        const rowsOut = paretoFrontRows(values, m, { pointIndices: ids, ties });
        expect(Array.from(rowsOut, (r) => ids[r])).toEqual(Array.from(front.indices));
      }),
      { numRuns: 600 },
    );
  });

  it('is independent of the input order', () => {
    fc.assert(
      fc.property(cloud(60), ({ m, rows, ids, ties, seed }) => {
        const perm = shuffled(rows.length, seed);
        const a = paretoFront(Float64Array.from(rows.flat()), m, { pointIndices: ids, ties });
        const b = paretoFront(Float64Array.from(perm.flatMap((i) => rows[i] as number[])), m, {
          pointIndices: perm.map((i) => ids[i] as number),
          ties,
        });
        expect(entriesOf(b)).toEqual(entriesOf(a));
      }),
      { numRuns: 300 },
    );
  });

  it('equals the oracle on large clouds (prefilter, radix sort, long runs of equal keys)', () => {
    const n = PREFILTER_MIN_ROWS + 500;
    for (let m = 2; m <= 5; m++) {
      for (const kind of ['uniform', 'integers', 'anti-correlated'] as const) {
        const rnd = mulberry32(m * 31 + kind.length);
        const values = new Float64Array(n * m);
        for (let r = 0; r < n; r++) {
          let s = 0;
          for (let i = 0; i < m; i++) {
            const u = rnd();
            s += values[r * m + i] = kind === 'integers' ? Math.floor(u * 6) - 2 : u;
          }
          if (kind === 'anti-correlated') {
            for (let i = 0; i < m; i++)
              values[r * m + i] = Math.round(((values[r * m + i] as number) / s) * 256);
          }
        }
        const ids = shuffled(n, m);
        // The prefilter runs on uniform and integer clouds and gives up on anti-correlated ones.
        expect(prefilter(values, m, n) === null).toBe(kind === 'anti-correlated');
        for (const ties of ['lowest-index', 'keep-all'] as const) {
          const front = paretoFront(values, m, { pointIndices: ids, ties });
          expect(entriesOf(front)).toEqual(flatOracle(values, m, ids, ties));
        }
      }
    }
  });

  it('3-D fronts whose staircase keeps growing (Fenwick path), with ties, +-Infinity and repeated indices', () => {
    // Rows (k, n - k, k) are all on the front and each one enters the (f1, f2) staircase at its
    // start: a sorted array would memmove O(n^2) entries, so the sweep switches to the Fenwick tree.
    // The front has more than 2 048 rows with repeated point indices: the radix sort by index.
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rnd = mulberry32(seed);
        const base = 2500;
        const rows: number[][] = [];
        for (let k = 0; k <= base; k++) rows.push([k, base - k, k]);
        // A small f1 would dominate every later row, a small f2 would empty the staircase: they only
        // become +Infinity (or -0 for 0); f0 takes any special value.
        const special = [Infinity, -Infinity, 0, -0];
        for (let e = 0; e < 400; e++) {
          const q = [...(rows[Math.floor(rnd() * (base + 1))] as number[])]; // one change per copy
          const c = rnd();
          const i = Math.floor(rnd() * 3);
          if (c < 0.3)
            q[i] = i > 0 ? (q[i] === 0 ? -0 : Infinity) : (special[Math.floor(rnd() * 4)] as number);
          else if (c < 0.6) q[i] = (q[i] as number) + Math.floor(rnd() * 3) - 1;
          rows.push(q); // else an exact duplicate
        }
        const perm = shuffled(rows.length, seed);
        const values = Float64Array.from(perm.flatMap((r) => rows[r] as number[]));
        const ids = perm.map((_, i) => Math.floor(i / 3));
        for (const ties of ['lowest-index', 'keep-all'] as const) {
          const front = paretoFront(values, 3, { pointIndices: ids, ties });
          expect(front.indices.length).toBeGreaterThan(2048);
          expect(entriesOf(front)).toEqual(flatOracle(values, 3, ids, ties));
        }
      }),
      { numRuns: 4 },
    );
  });

  it('prefilter only drops strictly dominated rows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer(), (m, seed) => {
        const rnd = mulberry32(seed);
        const n = PREFILTER_MIN_ROWS + 100;
        const values = new Float64Array(n * m);
        for (let k = 0; k < n * m; k++) values[k] = Math.floor(rnd() * 4);
        const kept = prefilter(values, m, n);
        if (kept === null) return;
        const keptSet = new Set(kept);
        const front = new Set(
          flatOracleRows(
            values,
            m,
            Array.from({ length: n }, (_, i) => i),
            'keep-all',
          ),
        );
        for (const r of front) expect(keptSet.has(r)).toBe(true);
        for (let r = 0; r < n; r++) {
          if (keptSet.has(r)) continue;
          let dominated = false;
          for (let q = 0; q < n && !dominated; q++) dominated = dominates(values, q * m, values, r * m, m);
          expect(dominated).toBe(true);
        }
      }),
      { numRuns: 10 },
    );
  });
});
