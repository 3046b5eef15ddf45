/**
 * One benchmark phase, run in its own process so that its peak memory (maxRSS) is its own.
 * Prints one JSON line: points, seconds, points per second, front size, peak RSS.
 */
import { availableParallelism } from 'node:os';
import { BUILTIN_PLUGINS } from '../context.js';
import { createSweepContext, runSweep, runSweepTask, type SweepSpec } from '@chiplet-dse/core/explore';

const [phase = 'eval', designFile = '', samplesText = '0'] = process.argv.slice(2);
const spec: SweepSpec = { designFile, pluginSpecifiers: [BUILTIN_PLUGINS], cwd: process.cwd() };
const samples = Number(samplesText);
if (samples > 0) spec.strategy = { kind: 'sobol', samples, seed: 1 };

async function main(): Promise<void> {
  const t0 = performance.now();
  let points: number;
  let frontSize: number;
  let seconds: number;
  if (phase === 'eval') {
    // One thread, evaluation only: no pool, no transfer, no merge.
    const ctx = await createSweepContext(spec);
    const t = performance.now();
    const r = runSweepTask(ctx, { start: 0, end: ctx.space.pointCount, rows: false, failFast: false });
    seconds = (performance.now() - t) / 1000;
    points = r.counts.evaluated;
    frontSize = r.archiveIndices.length;
  } else {
    const workers = phase === 'sweep1' ? 1 : availableParallelism();
    const r = await runSweep(spec, { workers, maxPoints: 20_000_000 });
    seconds = r.wallTimeS;
    points = r.counts.evaluated;
    frontSize = r.frontIndices.length;
  }
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ phase, points, seconds, pointsPerSecond: points / seconds, frontSize, maxRssMB, totalS: (performance.now() - t0) / 1000 })}\n`,
  );
}

await main();
