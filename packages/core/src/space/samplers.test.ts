import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  drawUniform,
  firstPrimes,
  haltonCoordinate,
  haltonPoint,
  haltonTable,
  levelOf,
  randomPoint,
  sampleKey,
  SOBOL_MAX_DIMENSIONS,
  sobolPoint,
  sobolTable,
  sobolWord,
  STREAM_RANDOM,
} from './samplers.js';

/**
 * Reference: scipy 1.17.1, `qmc.Sobol(d=32, scramble=False).random(2**14)`, coordinates x 2^32.
 * scipy uses the same Joe & Kuo direction numbers and Gray-code order.
 */
const SCIPY_SOBOL: Record<number, number[]> = {
  5: [
    3758096384, 3758096384, 536870912, 1610612736, 3758096384, 2684354560, 3758096384, 1610612736, 1610612736,
    536870912, 1610612736, 3758096384, 3758096384, 536870912, 3758096384, 1610612736, 3758096384, 1610612736,
    1610612736, 2684354560, 2684354560, 2684354560, 3758096384, 1610612736, 1610612736, 1610612736,
    3758096384, 536870912, 2684354560, 2684354560, 3758096384, 2684354560,
  ],
  100: [
    1778384896, 1107296256, 3321888768, 3120562176, 3791650816, 3187671040, 100663296, 2046820352, 2717908992,
    2986344448, 1979711488, 2919235584, 2046820352, 3657433088, 1375731712, 2113929216, 2919235584,
    3187671040, 3590324224, 1442840576, 3254779904, 1711276032, 33554432, 2113929216, 100663296, 33554432,
    4060086272, 2852126720, 1040187392, 3120562176, 3053453312, 1778384896,
  ],
  12345: [
    2752774144, 3493593088, 688652288, 2262564864, 3816030208, 252968960, 546570240, 486801408, 3443785728,
    1845231616, 319029248, 2571894784, 3998482432, 4045144064, 148111360, 2752249856, 268697600, 218890240,
    1371799552, 1475084288, 855900160, 348913664, 2607022080, 3705405440, 1895563264, 1270087680, 1572077568,
    2070151168, 376700928, 1737228288, 1232338944, 2843475968,
  ],
  16383: [
    262144, 3435921408, 3231449088, 3020685312, 1875116032, 3743678464, 1736704000, 2098462720, 139722752,
    2800484352, 3470000128, 3340500992, 472121344, 1342963712, 1908670464, 2864447488, 2884894720, 1392246784,
    1442054144, 2392588288, 1456734208, 3283877888, 1928593408, 2194407424, 168558592, 1204027392, 692322304,
    1345585152, 3578003456, 695992320, 837025792, 856424448,
  ],
};

describe('sobol', () => {
  it('matches scipy (Joe & Kuo direction numbers, Gray-code order) in 32 dimensions', () => {
    expect(SOBOL_MAX_DIMENSIONS).toBe(32);
    const t = sobolTable(32);
    for (const [s, expected] of Object.entries(SCIPY_SOBOL)) {
      expect(
        expected.map((_, d) => sobolWord(t, Number(s), d)),
        `point ${s}`,
      ).toEqual(expected);
    }
    const out = new Float64Array(32);
    sobolPoint(t, 0, out);
    expect([...out].every((x) => x === 0)).toBe(true);
    sobolPoint(t, 1, out);
    expect([...out].every((x) => x === 0.5)).toBe(true);
    expect(() => sobolTable(33)).toThrow(RangeError);
  });

  it('handles indices up to 2^32 - 1', () => {
    const t = sobolTable(3);
    const x = sobolWord(t, 2 ** 32 - 1, 0);
    // gray(2^32 - 1) = 2^31: only the last direction number of dimension 1, which is 1.
    expect(x).toBe(1);
  });

  for (const scramble of [false, true]) {
    it(`keeps the (0, m, 2)-net property of the first two dimensions${scramble ? ' when scrambled' : ''}`, () => {
      const m = 10;
      const t = sobolTable(2, scramble, 12345);
      for (let a = 0; a <= m; a++) {
        const b = m - a;
        const boxes = new Array<number>(2 ** m).fill(0);
        for (let s = 0; s < 2 ** m; s++) {
          const x = sobolWord(t, s, 0) / 2 ** 32;
          const y = sobolWord(t, s, 1) / 2 ** 32;
          boxes[Math.floor(x * 2 ** a) * 2 ** b + Math.floor(y * 2 ** b)]!++;
        }
        expect(
          boxes.every((c) => c === 1),
          `boxes 2^${a} x 2^${b}`,
        ).toBe(true);
      }
    });
  }

  it('stratifies every dimension: 2^m points put 2^(m-k) in each of 2^k levels', () => {
    const t = sobolTable(32, true, 7);
    const m = 8;
    for (let d = 0; d < 32; d++) {
      for (const k of [1, 3, 8]) {
        const counts = new Array<number>(2 ** k).fill(0);
        for (let s = 0; s < 2 ** m; s++) counts[Math.floor((sobolWord(t, s, d) * 2 ** k) / 2 ** 32)]!++;
        expect(
          counts.every((c) => c === 2 ** (m - k)),
          `dim ${d}, 2^${k} levels`,
        ).toBe(true);
      }
    }
  });
});

describe('halton', () => {
  it('matches scipy (unscrambled)', () => {
    expect(firstPrimes(8)).toEqual([2, 3, 5, 7, 11, 13, 17, 19]);
    const t = haltonTable(6);
    const out = new Float64Array(6);
    const expected: Record<number, number[]> = {
      1: [0.5, 0.3333333333333333, 0.2, 0.14285714285714285, 0.09090909090909091, 0.07692307692307693],
      7: [0.875, 0.5555555555555556, 0.44, 0.02040816326530612, 0.6363636363636364, 0.5384615384615385],
      199: [
        0.88671875, 0.39094650205761317, 0.9776000000000001, 0.4402332361516035, 0.14951164537941397,
        0.31998179335457444,
      ],
    };
    for (const [s, row] of Object.entries(expected)) {
      haltonPoint(t, Number(s), out);
      row.forEach((x, d) => expect(out[d]).toBeCloseTo(x, 14));
    }
    // Large indices stay exact enough: digits of 2^53 - 1 in base 2 are all ones.
    expect(haltonCoordinate(t, Number.MAX_SAFE_INTEGER, 0)).toBeCloseTo(1 - 2 ** -53, 15);
  });

  it('scrambled: stays in [0, 1) and keeps one point per b^k-interval among the first b^k points', () => {
    const t = haltonTable(4, true, 99);
    for (let d = 0; d < 4; d++) {
      const b = t.bases[d]!;
      const k = b === 2 ? 8 : b === 3 ? 5 : 3;
      const n = b ** k;
      const hit = new Array<number>(n).fill(0);
      for (let s = 0; s < n; s++) {
        const u = haltonCoordinate(t, s, d);
        expect(u >= 0 && u < 1).toBe(true);
        hit[Math.floor(u * n)]!++;
      }
      expect(
        hit.every((c) => c === 1),
        `base ${b}`,
      ).toBe(true);
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (s) => {
        for (let d = 0; d < 4; d++) {
          const u = haltonCoordinate(t, s, d);
          if (!(u >= 0 && u < 1)) return false;
        }
        return true;
      }),
    );
  });
});

describe('random', () => {
  it('draws 53-bit uniforms in [0, 1) that depend only on (seed, index)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        (seed, s) => {
          const a = new Float64Array(8);
          const b = new Float64Array(8);
          randomPoint(seed, s, a);
          randomPoint(seed, s, b);
          return a.every((u, j) => u >= 0 && u < 1 && u === b[j]);
        },
      ),
    );
    // Neighbouring indices, seeds and high words give different points.
    const p = (seed: number, s: number) => drawUniform(sampleKey(STREAM_RANDOM, seed, s), 0);
    expect(new Set([p(0, 0), p(0, 1), p(1, 0), p(0, 2 ** 32), p(2 ** 32, 0)]).size).toBe(5);
  });

  it('is uniform enough: chi-square over 64 bins and no correlation between dimensions', () => {
    const n = 64_000;
    const bins = new Array<number>(64).fill(0);
    let sxy = 0;
    const out = new Float64Array(2);
    for (let s = 0; s < n; s++) {
      randomPoint(7, s, out);
      bins[levelOf(out[0]!, 64)]!++;
      sxy += (out[0]! - 0.5) * (out[1]! - 0.5);
    }
    const e = n / 64;
    const chi2 = bins.reduce((acc, c) => acc + (c - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(110); // 63 degrees of freedom: p < 1e-4 beyond ~110
    expect(Math.abs(sxy / n / (1 / 12))).toBeLessThan(0.03);
  });

  it('maps u to levels by floor(u x n), below n', () => {
    expect(levelOf(0, 3)).toBe(0);
    expect(levelOf(0.3333333, 3)).toBe(0);
    expect(levelOf(0.5, 3)).toBe(1);
    expect(levelOf(1 - 2 ** -53, 3)).toBe(2);
    expect(levelOf(1 - 2 ** -53, 2 ** 52 + 1)).toBeLessThan(2 ** 52 + 1);
  });
});
