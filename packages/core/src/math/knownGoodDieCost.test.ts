import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outgoingQuality, testPassYield } from './knownGoodDieCost.js';

/**
 * Cost per die that passed test, (C_raw + C_test) / Y_test, as cost/dieCost.ts computes it: the
 * properties below pin the yield functions through the cost users actually pay.
 */
const costPerPassedDieUsd = (rawUsd: number, testUsd: number, y: number, c: number) =>
  (rawUsd + testUsd) / testPassYield(y, c);

describe('known-good-die cost with test coverage (CATCH C5)', () => {
  it('hand-computed example: raw $50, test $2, Y = 0.8, coverage 0.95', () => {
    // Y_test = 1 - 0.2*0.95 = 0.81; Q = 0.8/0.81 = 0.9876543209876543; cost = 52/0.81 = 64.19753086419753
    expect(testPassYield(0.8, 0.95)).toBeCloseTo(0.81, 15);
    expect(outgoingQuality(0.8, 0.95)).toBeCloseTo(0.9876543209876543, 15);
    expect(1 - outgoingQuality(0.8, 0.95)).toBeCloseTo(1 - 0.9876543209876543, 15);
    expect(costPerPassedDieUsd(50, 2, 0.8, 0.95)).toBeCloseTo(64.19753086419753, 12);
  });

  it("reduces to Chiplet Actuary's KGD = W/(N·Y) at full coverage and zero test cost", () => {
    // Actuary 7 nm: wafer $9346, A = 100 mm², N = 571.7124344116608 (diesPerWafer test),
    // Y = (1 + 100*0.09/1000)**-10 = 0.9142991955050759; python3: 9346/(N*Y) = 17.879682441631203
    const raw = 9346 / 571.7124344116608;
    expect(costPerPassedDieUsd(raw, 0, 0.9142991955050759, 1)).toBeCloseTo(17.879682441631203, 12);
    expect(outgoingQuality(0.9142991955050759, 1)).toBe(1);
  });

  it('no test (coverage 0): everything passes, quality = yield, cost = raw + test', () => {
    expect(testPassYield(0.7, 0)).toBe(1);
    expect(outgoingQuality(0.7, 0)).toBeCloseTo(0.7, 15);
    expect(costPerPassedDieUsd(10, 1, 0.7, 0)).toBe(11);
  });

  it('stays finite for a tiny yield at full coverage', () => {
    // 1 - (1 - 1e-300)*1 would round to 0; the Y + (1-Y)(1-c) form gives exactly Y.
    expect(testPassYield(1e-300, 1)).toBe(1e-300);
    expect(outgoingQuality(1e-300, 1)).toBe(1);
    expect(Number.isFinite(costPerPassedDieUsd(1, 0, 1e-300, 1))).toBe(true);
  });

  it('rejects invalid input with RangeError', () => {
    expect(() => testPassYield(0, 0.5)).toThrow(/trueYield/);
    expect(() => testPassYield(1.1, 0.5)).toThrow(RangeError);
    expect(() => testPassYield(0.5, -0.1)).toThrow(/testCoverage/);
    expect(() => testPassYield(0.5, 1.5)).toThrow(RangeError);
  });

  const yieldArb = fc.double({ min: 1e-300, max: 1, noNaN: true });
  const coverage = fc.double({ min: 0, max: 1, noNaN: true });
  const cost = fc.double({ min: 0, max: 1e6, noNaN: true });

  it('property: Y <= Y_test <= 1, Q in (0, 1], escapes = 1 - Q in [0, 1]', () => {
    fc.assert(
      fc.property(yieldArb, coverage, (y, c) => {
        const passYield = testPassYield(y, c);
        const quality = outgoingQuality(y, c);
        expect(passYield).toBeGreaterThanOrEqual(y);
        expect(passYield).toBeLessThanOrEqual(1);
        expect(quality).toBeGreaterThan(0);
        expect(quality).toBeLessThanOrEqual(1);
        expect(1 - quality).toBeGreaterThanOrEqual(0);
        // 1 - Q rounds to exactly 1 when Q is below 1e-16 (tiny yield, no test).
        expect(1 - quality).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('property: KGD cost >= raw + test cost, equals (raw + test)/Y at coverage 1', () => {
    fc.assert(
      fc.property(cost, cost, yieldArb, coverage, (raw, test, y, c) => {
        const kgd = costPerPassedDieUsd(raw, test, y, c);
        expect(kgd).toBeGreaterThanOrEqual(raw + test);
        expect(costPerPassedDieUsd(raw, test, y, 1)).toBe((raw + test) / y);
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
        expect(costPerPassedDieUsd(1, 0, y, hi)).toBeGreaterThanOrEqual(
          costPerPassedDieUsd(1, 0, y, lo) * (1 - 4 * Number.EPSILON),
        );
      }),
    );
  });
});
