/**
 * @chiplet-dse/core/explore, for the CLI: the exploration engine — design spaces and shards, the
 * batch Pareto front and the streaming archive, sweeps on worker threads (runSweep, the piscina
 * worker is loaded by path), checkpoints and the sweep output files.
 */
export { metricPaths } from './design/spaceSchema.js';
export { applyPoint } from './space/decodePoint.js';
export { parseShard, shardFromEnv } from './space/shard.js';
export { ParetoArchive } from './pareto/paretoArchive.js';
export { paretoFront } from './pareto/paretoFront.js';
export { evaluatePoint } from './sweep/evaluatePoint.js';
export { createProgress } from './sweep/progress.js';
export { runSweep } from './sweep/runSweep.js';
export type { SweepOutcome } from './sweep/runSweep.js';
export { createSweepContext } from './sweep/sweepContext.js';
export type { SweepSpec } from './sweep/sweepContext.js';
export {
  AllPointsWriter,
  frontHypervolume,
  frontPoints,
  mergeFrontFiles,
  writeSweepOutputs,
} from './sweep/sweepOutputs.js';
export type { FrontFile, FrontPoint, SummaryData } from './sweep/sweepOutputs.js';
export { readFrontFile } from './sweep/frontFileSchema.js';
export { readSummaryFile } from './sweep/summaryFileSchema.js';
export { runSweepTask } from './sweep/sweepTask.js';
export { VolumeReuse } from './sweep/volumeReuse.js';
