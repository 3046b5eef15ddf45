import { describe, expect, it } from 'vitest';
import * as math from './index.js';

describe('math barrel', () => {
  it('re-exports every function of the shared math', () => {
    const functions = [
      'diesPerWafer',
      'diesPerWaferRect',
      'exactDiesPerWafer',
      'rectanglesPerPanel',
      'expectedDefectsPerDie',
      'poissonYield',
      'murphyYield',
      'seedsYield',
      'negativeBinomialYield',
      'boseEinsteinYield',
      'dieYield',
      'testPassYield',
      'outgoingQuality',
    ];
    for (const name of functions) expect(typeof (math as Record<string, unknown>)[name]).toBe('function');
    expect(math.YIELD_FLOOR).toBeGreaterThan(0);
    expect(Number.isInteger(math.DEFAULT_ROW_PHASE_STEPS)).toBe(true);
  });
});
