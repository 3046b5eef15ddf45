import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dominates, sameObjectives, weaklyDominates } from './dominates.js';

const vec = (m: number) => fc.array(fc.integer({ min: 0, max: 3 }), { minLength: m, maxLength: m });
const triple = fc.integer({ min: 1, max: 5 }).chain((m) => fc.tuple(fc.constant(m), vec(m), vec(m), vec(m)));

describe('dominates', () => {
  it('hand cases', () => {
    expect(dominates([1, 2], 0, [2, 2], 0, 2)).toBe(true);
    expect(dominates([2, 2], 0, [1, 2], 0, 2)).toBe(false);
    expect(dominates([1, 2], 0, [1, 2], 0, 2)).toBe(false); // identical: no dominance
    expect(dominates([1, 3], 0, [2, 2], 0, 2)).toBe(false); // incomparable
    expect(dominates([2, 2], 0, [1, 3], 0, 2)).toBe(false);
    expect(dominates([-0], 0, [0], 0, 1)).toBe(false); // -0 equals 0
    expect(dominates([1, -Infinity], 0, [1, 5], 0, 2)).toBe(true);
    expect(dominates([1, 5], 0, [1, Infinity], 0, 2)).toBe(true);
    expect(dominates([Infinity], 0, [Infinity], 0, 1)).toBe(false);
  });

  it('reads rows at offsets of flat arrays', () => {
    const a = new Float64Array([9, 9, 9, 1, 1, 1]);
    const b = new Float64Array([1, 2, 1, 7]);
    expect(dominates(a, 3, b, 0, 3)).toBe(true);
    expect(dominates(a, 0, b, 1, 3)).toBe(false);
    expect(dominates(b, 1, a, 0, 3)).toBe(true);
    expect(weaklyDominates(a, 3, b, 0, 3)).toBe(true);
    expect(sameObjectives(a, 3, [0, 1, 1, 1], 1, 3)).toBe(true);
  });

  it('NaN neither dominates nor is dominated', () => {
    expect(dominates([NaN, 0], 0, [1, 1], 0, 2)).toBe(false);
    expect(dominates([0, 0], 0, [NaN, 1], 0, 2)).toBe(false);
    expect(dominates([0, 0], 0, [1, NaN], 0, 2)).toBe(false);
  });

  it('is a strict partial order: irreflexive, asymmetric, transitive', () => {
    fc.assert(
      fc.property(triple, ([m, a, b, c]) => {
        expect(dominates(a, 0, a, 0, m)).toBe(false);
        if (dominates(a, 0, b, 0, m)) expect(dominates(b, 0, a, 0, m)).toBe(false);
        if (dominates(a, 0, b, 0, m) && dominates(b, 0, c, 0, m)) expect(dominates(a, 0, c, 0, m)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with its definition and with weaklyDominates / sameObjectives', () => {
    fc.assert(
      fc.property(triple, ([m, a, b]) => {
        const le = a.every((x, i) => x <= (b[i] as number));
        const lt = a.some((x, i) => x < (b[i] as number));
        expect(dominates(a, 0, b, 0, m)).toBe(le && lt);
        expect(weaklyDominates(a, 0, b, 0, m)).toBe(le);
        expect(sameObjectives(a, 0, b, 0, m)).toBe(le && !lt);
      }),
      { numRuns: 500 },
    );
  });
});
