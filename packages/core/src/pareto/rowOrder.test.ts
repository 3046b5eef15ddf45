import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RADIX_MIN_ROWS, argsortKeys, sortRows } from './rowOrder.js';

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

/** Reference: stable sort of row numbers by key with a plain comparator. */
function referenceOrder(keys: Float64Array): number[] {
  return Array.from(keys, (_, i) => i).sort((a, b) => {
    const x = keys[a] as number;
    const y = keys[b] as number;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
}

const SPECIALS = [
  0,
  -0,
  Infinity,
  -Infinity,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
];

function randomKeys(n: number, seed: number, kind: number): Float64Array {
  const rnd = mulberry32(seed);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rnd();
    if (kind === 0)
      keys[i] = u; // [0, 1): top digits nearly constant
    else if (kind === 1)
      keys[i] = Math.floor(u * 7) - 3; // many ties, negatives
    else if (kind === 2)
      keys[i] = (u - 0.5) * Math.pow(10, Math.floor(rnd() * 40) - 20); // wide exponents
    else keys[i] = rnd() < 0.2 ? (SPECIALS[Math.floor(rnd() * SPECIALS.length)] as number) : (u - 0.5) * 1e6;
  }
  return keys;
}

describe('argsortKeys', () => {
  it('is a stable ascending argsort below and above the radix threshold', () => {
    for (const n of [0, 1, 2, 17, RADIX_MIN_ROWS - 1, RADIX_MIN_ROWS, 5000]) {
      for (let kind = 0; kind < 4; kind++) {
        const keys = randomKeys(n, 1000 * n + kind, kind);
        expect(Array.from(argsortKeys(keys, n))).toEqual(referenceOrder(keys));
      }
    }
  });

  it('matches the reference on arbitrary doubles (radix path)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(...SPECIALS)), {
          minLength: RADIX_MIN_ROWS,
          maxLength: RADIX_MIN_ROWS + 300,
        }),
        (arr) => {
          const keys = Float64Array.from(arr);
          expect(Array.from(argsortKeys(keys, keys.length))).toEqual(referenceOrder(keys));
        },
      ),
      { numRuns: 20 },
    );
  });

  it('sorts only the first n keys', () => {
    const keys = Float64Array.from([3, 1, 2, -5]);
    expect(Array.from(argsortKeys(keys, 3))).toEqual([1, 2, 0]);
  });
});

describe('sortRows', () => {
  it('orders runs of equal keys by the remaining objectives, then point index, then row', () => {
    // rows (f0, f1): key = f0
    const values = [1, 5, 0, 9, 1, 2, 1, 2, 1, 2];
    const keys = Float64Array.from([1, 0, 1, 1, 1]);
    const ids = [0, 1, 7, 3, 3];
    expect(Array.from(sortRows(keys, values, 2, 5, ids, 1))).toEqual([1, 3, 4, 2, 0]);
    expect(Array.from(sortRows(keys, values, 2, 5, undefined, 1))).toEqual([1, 2, 3, 4, 0]);
  });
});
