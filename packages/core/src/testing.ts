/**
 * @chiplet-dse/core/testing, for plugin tests: the conformance kit (fast-check properties every
 * plugin must satisfy; fast-check is an optional peer dependency of core, needed only here) and
 * the metrics-contract check.
 */
export { metricsViolations } from './metrics/checkMetrics.js';
export { conformanceCases, describeConformance } from './conformance/conformanceSuite.js';
export type { ConformanceCase, ConformanceOptions } from './conformance/conformanceSuite.js';
export { compileIssues, compileWithPlugin, evaluateWithPlugin } from './evaluate/prepareCase.js';
export { allocatedBytesPerCall } from './conformance/allocation.js';
export { designArbitrary } from './conformance/randomDesigns.js';
export type { RandomDesignOptions } from './conformance/randomDesigns.js';
