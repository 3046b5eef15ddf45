import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costPerTestedGoodDieUsd, knownGoodDie, outgoingQuality, testPassYield } from './knownGoodDieCost.js';

describe('known-good-die cost with test coverage (CATCH C5)', () => {
  it('hand-computed example: raw $50, test $2, Y = 0.8, coverage 0.95', () => {
    // Y_test = 1 - 0.2*0.95 = 0.81; Q = 0.8/0.81 = 0.9876543209876543; cost = 52/0.81 = 64.19753086419753
    const r = knownGoodDie(50, 2, 0.8, 0.95);
    expect(r.testPassYield).toBeCloseTo(0.81, 15);
    expect(r.outgoingQuality).toBeCloseTo(0.9876543209876543, 15);
    expect(r.escapeRate).toBeCloseTo(1 - 0.9876543209876543, 15);
    expect(r.costPerTestedGoodDieUsd).toBeCloseTo(64.19753086419753, 12);
  });

  it("reduces to Chiplet Actuary's KGD = W/(N·Y) at full coverage and zero test cost", () => {
    // Actuary 7 nm: wafer $9346, A = 100 mm², N = 571.7124344116608 (diesPerWafer test),
    // Y = (1 + 100*0.09/1000)**-10 = 0.9142991955050759; python3: 9346/(N*Y) = 17.879682441631203
    const raw = 9346 / 571.7124344116608;
    expect(costPerTestedGoodDieUsd(raw, 0, 0.9142991955050759, 1)).toBeCloseTo(17.879682441631203, 12);
    expect(outgoingQuality(0.9142991955050759, 1)).toBe(1);
  });

  it('no test (coverage 0): everything passes, quality = yield, cost = raw + test', () => {
    expect(testPassYield(0.7, 0)).toBe(1);
    expect(outgoingQuality(0.7, 0)).toBeCloseTo(0.7, 15);
    expect(costPerTestedGoodDieUsd(10, 1, 0.7, 0)).toBe(11);
  });

  it('stays finite for a tiny yield at full coverage', () => {
    // 1 - (1 - 1e-300)*1 would round to 0; the Y + (1-Y)(1-c) form gives exactly Y.
    expect(testPassYield(1e-300, 1)).toBe(1e-300);
    expect(outgoingQuality(1e-300, 1)).toBe(1);
    expect(Number.isFinite(costPerTestedGoodDieUsd(1, 0, 1e-300, 1))).toBe(true);
  });

  it('rejects invalid input with RangeError', () => {
    expect(() => testPassYield(0, 0.5)).toThrow(/trueYield/);
    expect(() => testPassYield(1.1, 0.5)).toThrow(RangeError);
    expect(() => testPassYield(0.5, -0.1)).toThrow(/testCoverage/);
    expect(() => testPassYield(0.5, 1.5)).toThrow(RangeError);
    expect(() => costPerTestedGoodDieUsd(-1, 0, 0.5, 0.5)).toThrow(/rawDieCostUsd/);
    expect(() => costPerTestedGoodDieUsd(1, Number.NaN, 0.5, 0.5)).toThrow(/testCostPerDieUsd/);
  });

  const yieldArb = fc.double({ min: 1e-300, max: 1, noNaN: true });
  const coverage = fc.double({ min: 0, max: 1, noNaN: true });
  const cost = fc.double({ min: 0, max: 1e6, noNaN: true });

  it('property: Y <= Y_test <= 1, Q in (0, 1], escapes = 1 - Q in [0, 1]', () => {
    fc.assert(
      fc.property(yieldArb, coverage, (y, c) => {
        const r = knownGoodDie(1, 0, y, c);
        expect(r.testPassYield).toBeGreaterThanOrEqual(y);
        expect(r.testPassYield).toBeLessThanOrEqual(1);
        expect(r.outgoingQuality).toBeGreaterThan(0);
        expect(r.outgoingQuality).toBeLessThanOrEqual(1);
        expect(r.escapeRate).toBeGreaterThanOrEqual(0);
        // 1 - Q rounds to exactly 1 when Q is below 1e-16 (tiny yield, no test).
        expect(r.escapeRate).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('property: KGD cost >= raw + test cost, equals (raw + test)/Y at coverage 1', () => {
    fc.assert(
      fc.property(cost, cost, yieldArb, coverage, (raw, test, y, c) => {
        const kgd = costPerTestedGoodDieUsd(raw, test, y, c);
        expect(kgd).toBeGreaterThanOrEqual(raw + test);
        expect(costPerTestedGoodDieUsd(raw, test, y, 1)).toBe((raw + test) / y);
      }),
    );
  });

  it('property: better coverage never lowers outgoing quality and never lowers cost per passed die', () => {
    fc.assert(
      fc.property(yieldArb, coverage, coverage, (y, c1, c2) => {
        const [lo, hi] = c1 <= c2 ? [c1, c2] : [c2, c1];
        expect(outgoingQuality(y, hi)).toBeGreaterThanOrEqual(
          outgoingQuality(y, lo) * (1 - 4 * Number.EPSILON),
        );
        expect(costPerTestedGoodDieUsd(1, 0, y, hi)).toBeGreaterThanOrEqual(
          costPerTestedGoodDieUsd(1, 0, y, lo) * (1 - 4 * Number.EPSILON),
        );
      }),
    );
  });
});
