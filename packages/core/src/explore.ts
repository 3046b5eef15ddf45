/**
 * @chiplet-dse/core/explore, for the CLI: the exploration engine — design spaces and shards, the
 * batch Pareto front and the streaming archive, sweeps on worker threads (runSweep, the piscina
 * worker is loaded by path), checkpoints and the sweep output files.
 */
export { metricPaths } from './design/spaceSchema.js';
export { checkDesignSpace } from './space/compileSpace.js';
export { applyPoint } from './space/decodePoint.js';
export {
  arrayTaskFromEnv,
  parseShard,
  resolveShard,
  shardCountFromEnv,
  shardFromEnv,
} from './space/shard.js';
export { describeRange, shardLabel, shardSpan, uncovered } from './sweep/coverage.js';
export { readCheckpointShard } from './sweep/checkpoint.js';
export { mergeShardFiles } from './sweep/merge.js';
export type { MergeResult, MergeSource } from './sweep/merge.js';
export { ParetoArchive } from './pareto/paretoArchive.js';
export { paretoFront } from './pareto/paretoFront.js';
export { evaluateLevels, evaluatePoint, PointEvaluator } from './sweep/evaluatePoint.js';
export { splitParameters, StructureCache } from './sweep/compiledPoints.js';
export { createProgress } from './sweep/progress.js';
export { runSweep } from './sweep/runSweep.js';
export type { SweepOutcome } from './sweep/runSweep.js';
export { createSweepContext } from './sweep/sweepContext.js';
export type { SweepSpec } from './sweep/sweepContext.js';
export { AllPointsWriter, frontHypervolume, frontPoints, writeSweepOutputs } from './sweep/sweepOutputs.js';
export type {
  CurrentFrontFile,
  CurrentSummaryData,
  FrontFile,
  FrontPoint,
  MissingRange,
  SummaryData,
} from './sweep/sweepOutputs.js';
export { FRONT_FORMAT, readFrontFile } from './sweep/frontFileSchema.js';
export { readSummaryFile, SUMMARY_FORMAT } from './sweep/summaryFileSchema.js';
export { runSweepTask } from './sweep/sweepTask.js';
export { VolumeReuse } from './sweep/volumeReuse.js';
