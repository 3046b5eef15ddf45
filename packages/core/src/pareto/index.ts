/**
 * Pareto fronts, streaming archives, epsilon boxes and hypervolume on flat typed arrays (all
 * objectives minimised). Definitions, tie rule and guarantees: docs/models/pareto.md.
 */
export { dominates, sameObjectives, weaklyDominates } from './dominates.js';
export { DEFAULT_TIE_RULE } from './paretoSet.js';
export type { FlatPoints, ParetoSet, TieRule } from './paretoSet.js';
export { paretoFront, paretoFrontRows } from './paretoFront.js';
export type { ParetoFrontOptions } from './paretoFront.js';
export { DEFAULT_BATCH_THRESHOLD, ParetoArchive } from './paretoArchive.js';
export type { ParetoArchiveOptions } from './paretoArchive.js';
export { boxOf, epsilonGrid, sameGrid } from './epsilonBoxes.js';
export type { EpsilonGrid } from './epsilonBoxes.js';
export { hypervolume } from './hypervolume.js';
