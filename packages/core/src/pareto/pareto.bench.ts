/**
 * Throughput of the Pareto filters and archives (not a test). Run from the repo root:
 *   npx vitest bench --run packages/core/src/pareto
 * Points/s = rows per run / mean time. Numbers measured on the 2-vCPU box: docs/models/pareto.md §8.
 */
import { bench, describe } from 'vitest';
import { epsilonGrid } from './epsilonBoxes.js';
import { hypervolume } from './hypervolume.js';
import { ParetoArchive } from './paretoArchive.js';
import { paretoFront } from './paretoFront.js';

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

/** n points in [0, 1)^m: uniform, or anti-correlated (normalised to sum 1, plus 1e-3 noise). */
function cloud(n: number, m: number, kind: 'uniform' | 'anti', seed = 1): Float64Array {
  const rnd = mulberry32(seed);
  const v = new Float64Array(n * m);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += v[r * m + i] = rnd();
    if (kind === 'anti')
      for (let i = 0; i < m; i++) v[r * m + i] = (v[r * m + i] as number) / s + rnd() * 1e-3;
  }
  return v;
}

const opts = { time: 1000, iterations: 5, warmupIterations: 2 };

describe('paretoFront', () => {
  for (const [n, m, kind] of [
    [1e6, 2, 'uniform'],
    [1e6, 2, 'anti'],
    [1e6, 3, 'uniform'],
    [1e6, 3, 'anti'],
    [1e6, 4, 'uniform'],
    [2e4, 4, 'anti'],
  ] as const) {
    const values = cloud(n, m, kind);
    bench(`${m}-D, ${n} ${kind} points`, () => void paretoFront(values, m), opts);
  }
});

describe('ParetoArchive', () => {
  for (const [n, m, kind] of [
    [1e6, 3, 'uniform'],
    [1e6, 3, 'anti'],
  ] as const) {
    const values = cloud(n, m, kind);
    bench(
      `insert() ${m} objectives, ${n} ${kind} points`,
      () => {
        const a = new ParetoArchive(m);
        for (let r = 0; r < n; r++) a.insert(values, r * m, r);
        void a.size; // filters the pending points
      },
      opts,
    );
    bench(
      `insertAll() in blocks of 8192, ${m} objectives, ${n} ${kind} points`,
      () => {
        const a = new ParetoArchive(m);
        for (let r = 0; r < n; r += 8192) {
          const end = Math.min(n, r + 8192);
          a.insertAll(values.subarray(r * m, end * m), undefined, end - r);
        }
        void a.size;
      },
      opts,
    );
  }
  const anti = cloud(2e5, 3, 'anti');
  const grid = epsilonGrid(3, 0.01);
  bench(
    'epsilon (0.01) insertAll() in blocks of 8192, 3 objectives, 2e5 anti points',
    () => {
      const a = new ParetoArchive(3, { epsilon: grid });
      for (let r = 0; r < 2e5; r += 8192) {
        const end = Math.min(2e5, r + 8192);
        a.insertAll(anti.subarray(r * 3, end * 3), undefined, end - r);
      }
      void a.size;
    },
    opts,
  );
});

describe('hypervolume', () => {
  const f3 = paretoFront(cloud(2e4, 3, 'anti'), 3);
  bench(`3-D front of ${f3.indices.length} points`, () => void hypervolume(f3.values, 3, [2, 2, 2]), opts);
  const f4 = paretoFront(cloud(1000, 4, 'anti'), 4);
  bench(`4-D front of ${f4.indices.length} points`, () => void hypervolume(f4.values, 4, [2, 2, 2, 2]), opts);
});
