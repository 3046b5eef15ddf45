/**
 * Known-good-die (KGD) screening with imperfect test, after CATCH (Graening et al. 2025): a test
 * of coverage c rejects a fraction c of the bad dies; the rest escape and ship as if good.
 *
 *   Y_test = 1 − (1 − Y)·c            fraction of dies that pass the test
 *   Q      = Y / Y_test               outgoing quality: fraction of passed dies that are truly good
 *   cost   = (C_raw + C_test) / Y_test cost per passed die (every die is tested, passed dies pay)
 *
 * With c = 1 this is Chiplet Actuary's KGD cost C_raw / Y (plus test cost); with c = 0 nothing is
 * screened, Y_test = 1 and Q = Y.
 *
 * The cost per passed die is computed where it is used (cost/dieCost.ts); only the two yields
 * live here. Equations: docs/models/shared-math.md §4.
 */
import { assertFraction, assertYield } from './guards.js';

/**
 * Fraction of dies that pass a test of coverage `testCoverage`: Y_test = 1 − (1 − Y)·c, evaluated
 * as Y + (1 − Y)(1 − c), which is algebraically equal but cannot round below Y (the other form
 * gives 0 for a tiny Y at full coverage), so Q = Y / Y_test never exceeds 1.
 *
 * @param trueYield fraction of dies that are truly good, Y in (0, 1]
 * @param testCoverage fraction of bad dies the test catches, c in [0, 1]
 */
export function testPassYield(trueYield: number, testCoverage: number): number {
  assertYield(trueYield, 'trueYield');
  assertFraction(testCoverage, 'testCoverage');
  const passed = trueYield + (1 - trueYield) * (1 - testCoverage);
  return passed < 1 ? passed : 1;
}

/** Outgoing quality Q = Y / Y_test, the fraction of passed dies that are truly good, in (0, 1]. */
export function outgoingQuality(trueYield: number, testCoverage: number): number {
  const q = trueYield / testPassYield(trueYield, testCoverage);
  return q < 1 ? q : 1;
}
