/**
 * One benchmark phase, run in its own process so that its peak memory (maxRSS) is its own.
 * Prints one JSON line: points, seconds, points per second, front size, peak RSS.
 *
 * Sweep phases: `eval`, `sweep1`, `sweepAll` (args: design file, sampled points or 0 for the grid).
 * Pareto phases on a seeded 3-objective cloud (args: '-', number of points, `uniform` | `anti`):
 * `pareto-batch` (paretoFront of all points), `pareto-insert` (ParetoArchive.insert point by point)
 * and `pareto-blocks` (ParetoArchive.insertAll per block of 4 096 points, as a sweep task does).
 * Their time includes reading the result (toFlat), not generating the cloud.
 *
 * `chiplets` (args: '-', Sobol samples, `thermal` | `nothermal`, chiplet count): N equal chiplets on
 * a silicon interposer (chipletSpace.ts), evaluated on one thread like `eval`; `nothermal` loads the
 * bench-only thermal model of noThermal.ts as an extra plugin, by path.
 * `costyield` (args: '-', area steps): cost and yield alone over an Actuary-style grid (costYield.ts).
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BUILTIN_PLUGINS } from '../context.js';
import {
  createSweepContext,
  ParetoArchive,
  paretoFront,
  runSweep,
  runSweepTask,
  type SweepSpec,
} from '@chiplet-dse/core/explore';
import { writeChipletDesign } from './chipletSpace.js';
import { cloud, frontHash, type CloudKind } from './clouds.js';
import { runCostYield } from './costYield.js';

const [phase = 'eval', designFile = '', samplesText = '0', kindText = 'uniform', countText = '1'] =
  process.argv.slice(2);
const spec: SweepSpec = { designFile, pluginSpecifiers: [BUILTIN_PLUGINS], cwd: process.cwd() };
const samples = Number(samplesText);
if (samples > 0) spec.strategy = { kind: 'sobol', samples, seed: 1 };

/** Block size of `pareto-blocks`: the sweep task's buffer (packages/core/src/sweep/sweepTask.ts). */
const PARETO_BLOCK = 4096;

function pareto(): void {
  const m = 3;
  const n = samples;
  const values = cloud(n, m, kindText as CloudKind);
  const cpu = process.cpuUsage();
  const t = performance.now();
  let indices: Float64Array;
  let front: Float64Array;
  if (phase === 'pareto-batch') {
    ({ indices, values: front } = paretoFront(values, m));
  } else {
    const archive = new ParetoArchive(m);
    if (phase === 'pareto-insert') {
      for (let r = 0; r < n; r++) archive.insert(values, r * m, r);
    } else {
      const ids = new Float64Array(PARETO_BLOCK);
      for (let r = 0; r < n; r += PARETO_BLOCK) {
        const end = Math.min(n, r + PARETO_BLOCK);
        for (let k = r; k < end; k++) ids[k - r] = k;
        archive.insertAll(values.subarray(r * m, end * m), ids, end - r);
      }
    }
    ({ indices, values: front } = archive.toFlat());
  }
  const seconds = (performance.now() - t) / 1000;
  // CPU time of the whole process (all threads) over the same span: on a shared machine it moves
  // less than the wall time when other processes compete for the cores.
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ phase, points: n, seconds, cpuSeconds, pointsPerSecond: n / seconds, frontSize: indices.length, maxRssMB, frontHash: frontHash(indices, front) })}\n`,
  );
}

/** The bench-only `bench-none` thermal model, loaded by path as a third-party plugin would be. */
const NO_THERMAL_PLUGIN = fileURLToPath(new URL('./noThermal.js', import.meta.url));

/** `chiplets`: one thread, evaluation only, on the generated N-chiplet design. */
async function chiplets(): Promise<void> {
  const thermal = kindText === 'thermal';
  const file = writeChipletDesign(Number(countText), thermal, samples);
  const chipletSpec: SweepSpec = {
    designFile: file,
    pluginSpecifiers: thermal ? [BUILTIN_PLUGINS] : [BUILTIN_PLUGINS, NO_THERMAL_PLUGIN],
    cwd: process.cwd(),
  };
  const ctx = await createSweepContext(chipletSpec);
  const t = performance.now();
  const r = runSweepTask(ctx, { start: 0, end: ctx.space.pointCount, rows: false, failFast: false });
  const seconds = (performance.now() - t) / 1000;
  const points = r.counts.evaluated;
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ phase, points, seconds, pointsPerSecond: points / seconds, usPerPoint: (seconds / points) * 1e6, failed: r.counts.failed, frontSize: r.archiveIndices.length, maxRssMB })}\n`,
  );
}

async function costYield(): Promise<void> {
  const r = await runCostYield([BUILTIN_PLUGINS], process.cwd(), samples);
  const maxRssMB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ phase, ...r, frontSize: 0, maxRssMB })}\n`);
}

async function main(): Promise<void> {
  if (phase.startsWith('pareto-')) {
    pareto();
    return;
  }
  if (phase === 'chiplets') return chiplets();
  if (phase === 'costyield') return costYield();
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
