import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { YieldModelId } from '../technology/types.js';
import {
  YIELD_FLOOR,
  boseEinsteinYield,
  dieYield,
  expectedDefectsPerDie,
  murphyYield,
  negativeBinomialYield,
  poissonYield,
  seedsYield,
} from './yieldModels.js';

const MODELS: YieldModelId[] = ['poisson', 'murphy', 'seeds', 'negative-binomial', 'bose-einstein'];

describe('yield models: hand-computed values', () => {
  // Expected values from python3 with the textbook forms, l = A*D0/100:
  //   exp(-l); ((1-exp(-l))/l)**2; exp(-sqrt(l)); (1+l/a)**(-a); (1/(1+l))**N
  it('A = 100 mm², D0 = 0.1 /cm² (λ = 0.1)', () => {
    expect(expectedDefectsPerDie(100, 0.1)).toBeCloseTo(0.1, 15);
    expect(poissonYield(100, 0.1)).toBeCloseTo(0.9048374180359595, 14);
    expect(murphyYield(100, 0.1)).toBeCloseTo(0.9055917006062723, 14);
    expect(seedsYield(100, 0.1)).toBeCloseTo(0.7288934141100246, 14);
    expect(negativeBinomialYield(100, 0.1, 10)).toBeCloseTo(0.9052869546929833, 14);
    expect(negativeBinomialYield(100, 0.1, 2)).toBeCloseTo(0.9070294784580498, 14);
    expect(boseEinsteinYield(100, 0.1, 1)).toBeCloseTo(0.9090909090909091, 14);
    expect(boseEinsteinYield(100, 0.1, 5)).toBeCloseTo(0.620921323059155, 14);
  });

  it('A = 200 mm², D0 = 0.09 /cm² (λ = 0.18, Actuary 7 nm)', () => {
    expect(poissonYield(200, 0.09)).toBeCloseTo(0.835270211411272, 14);
    expect(murphyYield(200, 0.09)).toBeCloseTo(0.8375278780397231, 14);
    expect(seedsYield(200, 0.09)).toBeCloseTo(0.6542510918525355, 14);
    expect(negativeBinomialYield(200, 0.09, 10)).toBeCloseTo(0.8366083984108182, 14);
    expect(negativeBinomialYield(200, 0.09, 3)).toBeCloseTo(0.8396192830323017, 14);
    expect(boseEinsteinYield(200, 0.09, 5)).toBeCloseTo(0.43710921623045873, 14);
  });

  it('A = 800 mm², D0 = 0.2 /cm² (λ = 1.6)', () => {
    expect(poissonYield(800, 0.2)).toBeCloseTo(0.20189651799465538, 14);
    expect(murphyYield(800, 0.2)).toBeCloseTo(0.24881608124572477, 14);
    expect(seedsYield(800, 0.2)).toBeCloseTo(0.28226439847178864, 14);
    expect(negativeBinomialYield(800, 0.2, 10)).toBeCloseTo(0.22668360344680458, 14);
    expect(negativeBinomialYield(800, 0.2, 2)).toBeCloseTo(0.30864197530864196, 14);
    expect(boseEinsteinYield(800, 0.2, 1)).toBeCloseTo(0.3846153846153846, 14);
    expect(boseEinsteinYield(800, 0.2, 5)).toBeCloseTo(0.008416533573215758, 14);
  });

  it('zero area or zero density gives yield 1 in every model (Murphy via its limit)', () => {
    for (const model of MODELS) {
      expect(dieYield(model, 0, 0.1, 10, 5)).toBe(1);
      expect(dieYield(model, 100, 0, 10, 5)).toBe(1);
    }
  });

  it('Murphy stays accurate for tiny λ (no cancellation)', () => {
    // Series: ((1-e^-l)/l)^2 = 1 - l + 7 l^2/12 - ...; at l = 1e-9 that is 1 - 1e-9 to 1e-18.
    // (The naive python3 formula gives 0.99999994..., off in the 8th digit.)
    expect(murphyYield(1e-7, 1e-2)).toBeCloseTo(1 - 1e-11, 15);
    expect(murphyYield(1, 1e-7)).toBeCloseTo(1 - 1e-9, 15);
  });

  it('never reaches 0 for huge λ: clamped at YIELD_FLOOR', () => {
    // exp(-1000) underflows to 0 in double precision.
    for (const model of MODELS) {
      const y = dieYield(model, 1e5, 1e3, 10, 5);
      expect(y).toBeGreaterThanOrEqual(YIELD_FLOOR);
      expect(Number.isFinite(1 / y)).toBe(true);
    }
    expect(poissonYield(1e5, 1)).toBe(YIELD_FLOOR);
    expect(dieYield('murphy', Number.MAX_VALUE, Number.MAX_VALUE, 10, 5)).toBe(YIELD_FLOOR);
  });

  it('negative binomial: α → 0 tends to 1, α = Infinity is Poisson', () => {
    expect(negativeBinomialYield(100, 0.1, Infinity)).toBe(poissonYield(100, 0.1));
    // (1 + 1/1e-300)^(-1e-300) = exp(-1e-300 * ln(1e300)) = 1 - 6.9e-298 -> 1 in double
    expect(negativeBinomialYield(100, 1, 1e-300)).toBe(1);
    // λ/α overflows here; the log form still gives ~1.
    expect(negativeBinomialYield(1e6, 1e6, 1e-300)).toBe(1);
  });

  it('Seeds 1/(1+λ) form = negative binomial α = 1 = Bose–Einstein N = 1', () => {
    // python3: 1/(1+1.6) = 0.3846153846153846
    expect(negativeBinomialYield(800, 0.2, 1)).toBeCloseTo(0.3846153846153846, 15);
    expect(boseEinsteinYield(800, 0.2, 1)).toBeCloseTo(0.3846153846153846, 15);
  });

  it('dispatcher routes to each model', () => {
    expect(dieYield('poisson', 200, 0.09, 10, 5)).toBe(poissonYield(200, 0.09));
    expect(dieYield('murphy', 200, 0.09, 10, 5)).toBe(murphyYield(200, 0.09));
    expect(dieYield('seeds', 200, 0.09, 10, 5)).toBe(seedsYield(200, 0.09));
    expect(dieYield('negative-binomial', 200, 0.09, 10, 5)).toBe(negativeBinomialYield(200, 0.09, 10));
    expect(dieYield('bose-einstein', 200, 0.09, 10, 5)).toBe(boseEinsteinYield(200, 0.09, 5));
    // Parameters a model does not use are not checked.
    expect(dieYield('poisson', 200, 0.09, Number.NaN, 0)).toBe(poissonYield(200, 0.09));
  });

  it('rejects invalid input with RangeError', () => {
    expect(() => poissonYield(-1, 0.1)).toThrow(RangeError);
    expect(() => murphyYield(100, -0.1)).toThrow(RangeError);
    expect(() => seedsYield(Number.NaN, 0.1)).toThrow(RangeError);
    expect(() => seedsYield(Infinity, 0.1)).toThrow(RangeError);
    expect(() => negativeBinomialYield(100, 0.1, 0)).toThrow(/clusteringAlpha/);
    // α = 0 with D0 = 0 is the library's "no defect loss modelled" carrier: yield 1.
    expect(negativeBinomialYield(100, 0, 0)).toBe(1);
    expect(() => negativeBinomialYield(100, 0, -1)).toThrow(/clusteringAlpha/);
    expect(() => negativeBinomialYield(100, 0.1, -2)).toThrow(RangeError);
    expect(() => boseEinsteinYield(100, 0.1, 0.5)).toThrow(/criticalLayers/);
    expect(() => dieYield('negative-binomial', 100, 0.1, Number.NaN, 5)).toThrow(RangeError);
    expect(() => dieYield('bogus' as YieldModelId, 100, 0.1, 10, 5)).toThrow(/unknown yield model/);
  });
});

describe('yield models: properties', () => {
  const area = fc.double({ min: 0, max: 1e5, noNaN: true });
  const density = fc.double({ min: 0, max: 100, noNaN: true });
  const alpha = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
  const layers = fc.double({ min: 1, max: 100, noNaN: true });
  const model = fc.constantFrom(...MODELS);
  // Two evaluations at nearly equal λ may round 1 ulp the wrong way; allow that much.
  const ulpSlack = (y: number) => y * (1 + 4 * Number.EPSILON);

  it('every model is finite and in (0, 1]', () => {
    fc.assert(
      fc.property(model, area, density, alpha, layers, (m, a, d, al, n) => {
        const y = dieYield(m, a, d, al, n);
        expect(Number.isFinite(y)).toBe(true);
        expect(y).toBeGreaterThan(0);
        expect(y).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('non-increasing in area and in defect density', () => {
    fc.assert(
      fc.property(model, area, area, density, density, alpha, layers, (m, a1, a2, d1, d2, al, n) => {
        const [aLo, aHi] = a1 <= a2 ? [a1, a2] : [a2, a1];
        const [dLo, dHi] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(dieYield(m, aHi, dLo, al, n)).toBeLessThanOrEqual(ulpSlack(dieYield(m, aLo, dLo, al, n)));
        expect(dieYield(m, aLo, dHi, al, n)).toBeLessThanOrEqual(ulpSlack(dieYield(m, aLo, dLo, al, n)));
      }),
    );
  });

  it('negative binomial is non-increasing in α, stays >= Poisson and tends to it as α grows', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        alpha,
        alpha,
        (a, d, al1, al2) => {
          const [lo, hi] = al1 <= al2 ? [al1, al2] : [al2, al1];
          const nbHi = negativeBinomialYield(a, d, hi);
          expect(nbHi).toBeLessThanOrEqual(ulpSlack(negativeBinomialYield(a, d, lo)));
          // (1 + l/a)^a <= e^l, so NB >= Poisson for every α.
          expect(ulpSlack(nbHi)).toBeGreaterThanOrEqual(poissonYield(a, d));
          // ln NB - ln Poisson = l - a ln(1 + l/a) <= l^2 / (2a): the gap closes like 1/α.
          const l = expectedDefectsPerDie(a, d);
          const big = 1e9;
          const gap = Math.log(negativeBinomialYield(a, d, big)) - Math.log(poissonYield(a, d));
          if (poissonYield(a, d) > YIELD_FLOOR) expect(gap).toBeLessThanOrEqual((l * l) / (2 * big) + 1e-9);
        },
      ),
    );
  });

  it('ordering that holds for every λ: Poisson <= Murphy <= NB(α=2) <= NB(α=1) = 1/(1+λ)', () => {
    // Murphy >= Poisson: (1-e^-l)/l = e^(-l/2) sinh(l/2)/(l/2) >= e^(-l/2).
    // Murphy <= NB(2): (1-e^-l)(2+l) <= 2l since d/dl of the difference is 1-(1+l)e^-l >= 0.
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 10, noNaN: true }),
        (a, d) => {
          const p = poissonYield(a, d);
          const mu = murphyYield(a, d);
          const nb2 = negativeBinomialYield(a, d, 2);
          const nb1 = negativeBinomialYield(a, d, 1);
          expect(p).toBeLessThanOrEqual(ulpSlack(mu));
          expect(mu).toBeLessThanOrEqual(ulpSlack(nb2));
          expect(nb2).toBeLessThanOrEqual(ulpSlack(nb1));
          expect(boseEinsteinYield(a, d, 1)).toBeCloseTo(nb1, 14);
        },
      ),
    );
  });

  it('Seeds crosses Poisson at λ = 1 and is not ordered against Murphy', () => {
    // e^-sqrt(l) <= e^-l iff sqrt(l) >= l iff l <= 1.
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e4, noNaN: true }), (a) => {
        const l = expectedDefectsPerDie(a, 1);
        if (l <= 1) expect(seedsYield(a, 1)).toBeLessThanOrEqual(ulpSlack(poissonYield(a, 1)));
        else expect(poissonYield(a, 1)).toBeLessThanOrEqual(ulpSlack(seedsYield(a, 1)));
      }),
    );
    // Murphy - Seeds changes sign twice (python3 scan: at l = 1.24 and l = 74.2).
    expect(murphyYield(10, 1)).toBeGreaterThan(seedsYield(10, 1)); // l = 0.1
    expect(murphyYield(160, 1)).toBeLessThan(seedsYield(160, 1)); // l = 1.6
    expect(murphyYield(10_000, 1)).toBeGreaterThan(seedsYield(10_000, 1)); // l = 100
  });

  it('Bose–Einstein with N layers of density D >= Poisson with total density N·D', () => {
    // (1+l)^-N >= e^(-N l) because 1 + l <= e^l.
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        layers,
        (a, d, n) => {
          expect(ulpSlack(boseEinsteinYield(a, d, n))).toBeGreaterThanOrEqual(poissonYield(a, d * n));
        },
      ),
    );
  });
});
