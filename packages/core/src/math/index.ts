/**
 * Shared yield and cost math: small pure functions used by the cost, yield and packaging models.
 * Equations, units and sources: docs/models/shared-math.md.
 */
export { diesPerWafer, diesPerWaferRect } from './diesPerWafer.js';
export { DEFAULT_ROW_PHASE_STEPS, exactDiesPerWafer, rectanglesPerPanel } from './exactDiesPerWafer.js';
export {
  YIELD_FLOOR,
  boseEinsteinYield,
  dieYield,
  expectedDefectsPerDie,
  murphyYield,
  negativeBinomialYield,
  poissonYield,
  seedsYield,
} from './yieldModels.js';
export { outgoingQuality, testPassYield } from './knownGoodDieCost.js';
