import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diesPerWafer, diesPerWaferRect } from './diesPerWafer.js';

describe('diesPerWafer (analytic, Chiplet Actuary A1)', () => {
  it("reproduces CATCH's published analytic column (300 mm, 0.1 mm edge, 0.13 mm dicing)", () => {
    // CATCH table: 622.2, 299.9, 64.0. Full precision from python3:
    //   As=(sqrt(A)+0.13)**2; r=150-0.1; pi*r*r/As - pi*299.8/sqrt(2*As)
    expect(diesPerWafer(300, 0.1, 100, 0.13)).toBeCloseTo(622.1700164200428, 9);
    expect(diesPerWafer(300, 0.1, 200, 0.13)).toBeCloseTo(299.89390219055895, 9);
    expect(diesPerWafer(300, 0.1, 800, 0.13)).toBeCloseTo(63.99544008507506, 9);
  });

  it("matches Actuary's defaults (300 mm, 5 mm edge loss, 0.2 mm scribe)", () => {
    // python3: As=(sqrt(100)+0.2)**2; pi*145**2/As - pi*290/sqrt(2*As) -> 571.7124344116608
    expect(diesPerWafer(300, 5, 100, 0.2)).toBeCloseTo(571.7124344116608, 9);
    // same with A=213 -> 258.23124759422285
    expect(diesPerWafer(300, 5, 213, 0.2)).toBeCloseTo(258.23124759422285, 9);
  });

  it('is real-valued, not floored', () => {
    expect(Number.isInteger(diesPerWafer(300, 5, 100, 0.2))).toBe(false);
  });

  it('clamps at 0 when the die no longer fits', () => {
    // The unclamped formula is negative here (python3 gives -1.518 for A=30000).
    expect(diesPerWafer(300, 5, 30_000, 0.2)).toBe(0);
    expect(diesPerWafer(300, 5, 100_000, 0.2)).toBe(0);
  });

  it('rectangular form: A_s = (w+s)(h+s)', () => {
    // python3: As=(26+0.2)*(33+0.2); r=147; pi*r*r/As - pi*294/sqrt(2*As) -> 55.90068615223127
    expect(diesPerWaferRect(300, 3, 26, 33, 0.2)).toBeCloseTo(55.90068615223127, 9);
    expect(diesPerWaferRect(300, 5, 10, 10, 0.2)).toBeCloseTo(diesPerWafer(300, 5, 100, 0.2), 9);
  });

  it('rejects invalid input with RangeError', () => {
    expect(() => diesPerWafer(300, 5, -1, 0.2)).toThrow(RangeError);
    expect(() => diesPerWafer(300, 5, 0, 0.2)).toThrow(RangeError);
    expect(() => diesPerWafer(300, 5, 100, -0.1)).toThrow(RangeError);
    expect(() => diesPerWafer(300, 150, 100, 0.2)).toThrow(/usable wafer/);
    expect(() => diesPerWafer(0, 0, 100, 0.2)).toThrow(RangeError);
    expect(() => diesPerWafer(300, Number.NaN, 100, 0.2)).toThrow(RangeError);
    expect(() => diesPerWaferRect(300, 5, 10, -1, 0.2)).toThrow(RangeError);
  });

  const wafer = fc.record({
    diameter: fc.constantFrom(150, 200, 300, 450),
    edge: fc.double({ min: 0, max: 10, noNaN: true }),
    scribe: fc.double({ min: 0, max: 1, noNaN: true }),
  });

  it('property: finite, >= 0 and non-increasing in die area', () => {
    fc.assert(
      fc.property(
        wafer,
        fc.double({ min: 0.01, max: 5e4, noNaN: true }),
        fc.double({ min: 0.01, max: 5e4, noNaN: true }),
        (w, a, b) => {
          const [small, large] = a <= b ? [a, b] : [b, a];
          const nSmall = diesPerWafer(w.diameter, w.edge, small, w.scribe);
          const nLarge = diesPerWafer(w.diameter, w.edge, large, w.scribe);
          expect(Number.isFinite(nSmall) && nSmall >= 0).toBe(true);
          // Relative slack of 1e-12 for rounding when the two areas are nearly equal.
          expect(nLarge).toBeLessThanOrEqual(nSmall * (1 + 1e-12) + 1e-12);
        },
      ),
    );
  });

  it('property: never exceeds usable disc area / scribe-inflated die area', () => {
    fc.assert(
      fc.property(wafer, fc.double({ min: 0.01, max: 5e4, noNaN: true }), (w, area) => {
        const r = w.diameter / 2 - w.edge;
        const inflated = (Math.sqrt(area) + w.scribe) ** 2;
        expect(diesPerWafer(w.diameter, w.edge, area, w.scribe)).toBeLessThanOrEqual(
          (Math.PI * r * r) / inflated,
        );
      }),
    );
  });
});
