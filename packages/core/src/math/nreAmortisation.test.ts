import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amortisedNreUsd,
  nrePerSystemUsd,
  portfolioNrePerSystemUsd,
  sharedDesignNrePerSystemUsd,
} from './nreAmortisation.js';
import type { NreAllocation } from './nreAmortisation.js';

const dies = (...ids: string[]) => ids.map((designId) => ({ designId }));

/** Equal up to summation-order rounding. */
function expectRelClose(actual: number, expected: number, rel = 1e-12): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));
}

describe('NRE amortisation by design identity (Chiplet Actuary A6)', () => {
  const nre = new Map([
    ['cpu', 30e6],
    ['io', 10e6],
    ['hbm-phy', 2e6],
  ]);

  it('homogeneous reuse: four instances of one design pay its NRE once', () => {
    // 30e6 / 1e5 = 300 per system
    expect(nrePerSystemUsd(dies('cpu', 'cpu', 'cpu', 'cpu'), nre, 1e5)).toBe(300);
  });

  it('distinct designs each pay', () => {
    // (30e6 + 10e6 + 2e6) / 1e6 = 42 per system; the second cpu instance adds nothing
    expect(nrePerSystemUsd(dies('cpu', 'io', 'cpu', 'hbm-phy'), nre, 1e6)).toBe(42);
  });

  it('accepts a plain object as the NRE table and ignores inherited keys', () => {
    expect(nrePerSystemUsd(dies('a', 'b', 'a'), { a: 100, b: 50 }, 10)).toBe(15);
    expect(() => nrePerSystemUsd(dies('constructor'), { a: 1 }, 10)).toThrow(/no NRE given/);
  });

  it('an empty system has no NRE', () => {
    expect(nrePerSystemUsd([], nre, 10)).toBe(0);
  });

  it('shared design: NRE over the total volume of the systems using it', () => {
    // 12e6 / (1e5 + 3e5 + 2e5) = 20
    expect(sharedDesignNrePerSystemUsd(12e6, [1e5, 3e5, 2e5])).toBe(20);
    expect(amortisedNreUsd(12e6, 6e5)).toBe(20);
  });

  it('portfolio: each design spread over every system using it', () => {
    // cpu in A (1e5) and B (3e5): 30e6/4e5 = 75; io only in A: 10e6/1e5 = 100;
    // hbm-phy only in B: 2e6/3e5 = 6.666...; A = 75 + 100 = 175, B = 75 + 6.666... = 81.666...
    const shares = portfolioNrePerSystemUsd(
      [
        { dieInstances: dies('cpu', 'cpu', 'io'), volumeSystems: 1e5 },
        { dieInstances: dies('cpu', 'hbm-phy'), volumeSystems: 3e5 },
      ],
      nre,
    );
    expect(shares[0]).toBeCloseTo(175, 12);
    expect(shares[1]).toBeCloseTo(75 + 2e6 / 3e5, 12);
  });

  it("portfolio, 'per-instance' allocation (Actuary's rule across systems)", () => {
    // cpu: 2 instances in A (1e5), 1 in B (3e5): 30e6/(2*1e5 + 1*3e5) = 60 per instance, so
    // A pays 120 + io 100 = 220, B pays 60 + hbm-phy 6.666... = 66.666...
    const shares = portfolioNrePerSystemUsd(
      [
        { dieInstances: dies('cpu', 'cpu', 'io'), volumeSystems: 1e5 },
        { dieInstances: dies('cpu', 'hbm-phy'), volumeSystems: 3e5 },
      ],
      nre,
      'per-instance',
    );
    expect(shares[0]).toBeCloseTo(220, 12);
    expect(shares[1]).toBeCloseTo(60 + 2e6 / 3e5, 12);
  });

  it('rejects invalid input with RangeError', () => {
    expect(() => nrePerSystemUsd(dies('cpu'), nre, 0)).toThrow(/volumeSystems/);
    expect(() => nrePerSystemUsd(dies('gpu'), nre, 10)).toThrow(/no NRE given for design 'gpu'/);
    expect(() => nrePerSystemUsd(dies('x'), new Map([['x', -1]]), 10)).toThrow(RangeError);
    expect(() => sharedDesignNrePerSystemUsd(1, [])).toThrow(/at least one/);
    expect(() => sharedDesignNrePerSystemUsd(1, [10, -1])).toThrow(RangeError);
    expect(() => amortisedNreUsd(Number.NaN, 1)).toThrow(RangeError);
    expect(() => portfolioNrePerSystemUsd([{ dieInstances: dies('cpu'), volumeSystems: 0 }], nre)).toThrow(
      RangeError,
    );
  });

  const designIds = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 12 });
  const nreTable = fc.record({
    a: fc.double({ min: 0, max: 1e9, noNaN: true }),
    b: fc.double({ min: 0, max: 1e9, noNaN: true }),
    c: fc.double({ min: 0, max: 1e9, noNaN: true }),
    d: fc.double({ min: 0, max: 1e9, noNaN: true }),
  });
  const volume = fc.double({ min: 1, max: 1e9, noNaN: true });

  it('property: pays once per distinct design id (duplicates and order do not matter)', () => {
    fc.assert(
      fc.property(designIds, nreTable, volume, (ids, table, v) => {
        const distinct = [...new Set(ids)];
        const expected = distinct.reduce((sum, id) => sum + table[id as keyof typeof table], 0) / v;
        expectRelClose(nrePerSystemUsd(dies(...ids, ...ids), table, v), expected);
        expectRelClose(nrePerSystemUsd(dies(...[...ids].reverse()), table, v), expected);
      }),
    );
  });

  it('property: NRE per system is non-increasing in volume', () => {
    fc.assert(
      fc.property(designIds, nreTable, volume, volume, (ids, table, v1, v2) => {
        const [lo, hi] = v1 <= v2 ? [v1, v2] : [v2, v1];
        expect(nrePerSystemUsd(dies(...ids), table, hi)).toBeLessThanOrEqual(
          nrePerSystemUsd(dies(...ids), table, lo),
        );
      }),
    );
  });

  it('property: a portfolio recovers exactly the NRE of the designs it uses, either allocation', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(designIds, volume), { minLength: 1, maxLength: 5 }),
        nreTable,
        fc.constantFrom<NreAllocation>('per-system', 'per-instance'),
        (systems, table, how) => {
          const shares = portfolioNrePerSystemUsd(
            systems.map(([ids, v]) => ({ dieInstances: dies(...ids), volumeSystems: v })),
            table,
            how,
          );
          const recovered = shares.reduce((sum, share, i) => sum + share * systems[i]![1], 0);
          const used = [...new Set(systems.flatMap(([ids]) => ids))];
          const total = used.reduce((sum, id) => sum + table[id as keyof typeof table], 0);
          expectRelClose(recovered, total, 1e-9);
          // A single system is the same as nrePerSystemUsd.
          const [ids, v] = systems[0]!;
          const single = portfolioNrePerSystemUsd(
            [{ dieInstances: dies(...ids), volumeSystems: v }],
            table,
            how,
          );
          expectRelClose(single[0]!, nrePerSystemUsd(dies(...ids), table, v));
        },
      ),
    );
  });
});
