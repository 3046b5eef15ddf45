/**
 * `npm run bench`: throughput and memory of sweeps on the standard example space
 * (examples/accelerator-space-1m.yaml, 1.08 M points, all seven plugins), peak memory of a
 * 10-million-point sampled sweep, and the Pareto filters on 3-objective clouds of 1 M points
 * (uniform and anti-correlated; batch front against the streaming archive). Each phase runs in a
 * child process. Prints figures; asserts nothing (speed is measured here, not in tests).
 * Then (issue 10) µs per point by chiplet count with and without the thermal model, and cost and
 * yield alone over a Chiplet Actuary-style grid against the 2,000,000 points/s target.
 * Flags: `--quick` (no 10 M sweep, 100 k-point Pareto clouds, smaller issue-10 phases, one run
 * each), `--pareto` (Pareto phases only), `--compiled` (the two issue-10 phases only).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const phaseFile = fileURLToPath(new URL('./phase.js', import.meta.url));
const space = fileURLToPath(new URL('../../../../examples/accelerator-space-1m.yaml', import.meta.url));
const quick = process.argv.includes('--quick');
const paretoOnly = process.argv.includes('--pareto');
const compiledOnly = process.argv.includes('--compiled');

interface PhaseResult {
  phase: string;
  points: number;
  seconds: number;
  pointsPerSecond: number;
  frontSize: number;
  maxRssMB: number;
  /** Pareto phases: hash of the exported front (equal fronts, equal hashes). */
  frontHash?: string;
  /** Pareto phases: CPU seconds of the process over the timed span. */
  cpuSeconds?: number;
  /** `chiplets`: points that failed (counted in `points` too). */
  failed?: number;
  /** `costyield`: largest relative difference of cost.totalUsd from the ordinary evaluation. */
  maxRelativeDifference?: number;
  checkedPoints?: number;
  ordinaryUsPerPoint?: number;
}

function runPhase(phase: string, samples = 0, extra: string[] = [], file = space): PhaseResult {
  const r = spawnSync(process.execPath, [phaseFile, phase, file, String(samples), ...extra], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`bench phase ${phase} failed with exit code ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as PhaseResult;
}

const fmt = (x: number, d = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

console.log(
  `chiplet-dse bench: Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), available parallelism ${availableParallelism()}`,
);
console.log(`space: ${space}\n`);

function sweepPhases(): void {
  const rows: [string, PhaseResult][] = [];
  const evalOnly = runPhase('eval');
  rows.push(['one thread, evaluate only', evalOnly]);
  const one = runPhase('sweep1');
  rows.push(['sweep, 1 worker', one]);
  const all = runPhase('sweepAll');
  rows.push([`sweep, ${availableParallelism()} workers`, all]);
  // Distinct points: Sobol samples, so no two points share an evaluation (no volume reuse).
  const distinct = quick ? 100_000 : 1_000_000;
  const sEval = runPhase('eval', distinct);
  rows.push([`${fmt(distinct)} Sobol points, one thread, evaluate only`, sEval]);
  const sOne = runPhase('sweep1', distinct);
  rows.push([`${fmt(distinct)} Sobol points, sweep, 1 worker`, sOne]);
  const sAll = runPhase('sweepAll', distinct);
  rows.push([`${fmt(distinct)} Sobol points, sweep, ${availableParallelism()} workers`, sAll]);
  let tenM: PhaseResult | undefined;
  if (!quick) {
    tenM = runPhase('sweepAll', 10_000_000);
    rows.push([`10 M sampled points (sobol), ${availableParallelism()} workers`, tenM]);
  }
  const w = Math.max(...rows.map(([n]) => n.length));
  console.log(
    `${'run'.padEnd(w)}  ${'points'.padStart(10)}  ${'seconds'.padStart(8)}  ${'points/s'.padStart(10)}  ${'front'.padStart(6)}  ${'peak MB'.padStart(8)}`,
  );
  for (const [name, r] of rows) {
    console.log(
      `${name.padEnd(w)}  ${fmt(r.points).padStart(10)}  ${fmt(r.seconds, 2).padStart(8)}  ${fmt(r.pointsPerSecond).padStart(10)}  ${fmt(r.frontSize).padStart(6)}  ${fmt(r.maxRssMB).padStart(8)}`,
    );
  }
  const efficiency = all.pointsPerSecond / (availableParallelism() * one.pointsPerSecond);
  const sEfficiency = sAll.pointsPerSecond / (availableParallelism() * sOne.pointsPerSecond);
  console.log(
    `\nparallel efficiency (${availableParallelism()} workers vs 1): grid ${fmt(100 * efficiency, 1)} %, Sobol ${fmt(100 * sEfficiency, 1)} %`,
  );
  console.log(
    `fronts identical across runs: ${evalOnly.frontSize === one.frontSize && one.frontSize === all.frontSize && sEval.frontSize === sOne.frontSize && sOne.frontSize === sAll.frontSize ? 'yes (same size)' : 'NO'}`,
  );
}

/** Batch front and streaming archive side by side, on the same seeded clouds. */
function paretoPhases(): void {
  const n = quick ? 100_000 : 1_000_000;
  console.log(`\nPareto front, 3 objectives, ${fmt(n)} points (seconds include exporting the front)`);
  const cols = ['cloud', 'front', 'batch s', 'insert s', 'blocks s', 'batch MB', 'insert MB', 'blocks MB'];
  const secs = (r: PhaseResult) => `${fmt(r.seconds, 2)} (${fmt(r.cpuSeconds ?? 0, 2)})`;
  const table: string[][] = [];
  for (const kind of ['uniform', 'anti']) {
    const batch = runPhase('pareto-batch', n, [kind], '-');
    const insert = runPhase('pareto-insert', n, [kind], '-');
    const blocks = runPhase('pareto-blocks', n, [kind], '-');
    const same = batch.frontHash === insert.frontHash && batch.frontHash === blocks.frontHash;
    table.push([
      kind === 'anti' ? 'anti-correlated' : kind,
      `${fmt(batch.frontSize)}${same ? '' : ' (DIFFERENT FRONTS)'}`,
      secs(batch),
      secs(insert),
      secs(blocks),
      fmt(batch.maxRssMB),
      fmt(insert.maxRssMB),
      fmt(blocks.maxRssMB),
    ]);
  }
  const widths = cols.map((c, i) => Math.max(c.length, ...table.map((r) => (r[i] as string).length)));
  const line = (r: string[]) =>
    r.map((x, i) => (i === 0 ? x.padEnd(widths[i] as number) : x.padStart(widths[i] as number))).join('  ');
  console.log(line(cols));
  for (const r of table) console.log(line(r));
  console.log(
    'insert: ParetoArchive.insert per point; blocks: insertAll per 4,096 points (as a sweep task); s: wall seconds (CPU seconds); MB: peak RSS of the phase',
  );
}

/**
 * Start-up of the command line, as a user sees it: wall time of `--version` and of `evaluate` on
 * an example, each the median of 7 runs in a fresh process.
 */
function startupPhases(): void {
  const bin = fileURLToPath(new URL('../bin/chiplet-dse.js', import.meta.url));
  const example = fileURLToPath(new URL('../../../../examples/accelerator-800mm2.yaml', import.meta.url));
  const median = (args: string[]): number => {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      const r = spawnSync(process.execPath, [bin, ...args], { stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`chiplet-dse ${args.join(' ')} exited ${r.status}`);
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[3]!;
  };
  const node = (() => {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b)[3]!;
  })();
  console.log('\nstart-up, wall seconds (median of 7 fresh processes)');
  console.log(`node -e 0 (Node itself)          ${fmt(node / 1000, 3)}`);
  console.log(`chiplet-dse --version            ${fmt(median(['--version']) / 1000, 3)}`);
  console.log(`chiplet-dse evaluate <example>   ${fmt(median(['evaluate', example]) / 1000, 3)}`);
}

/** Chiplet counts of the issue's table. */
const CHIPLET_COUNTS = [1, 2, 4, 8, 16];

/** Median run (by seconds) of `runs` runs of a phase. */
function medianPhase(runs: number, run: () => PhaseResult): PhaseResult {
  const results = Array.from({ length: runs }, run).sort((a, b) => a.seconds - b.seconds);
  return results[Math.floor(runs / 2)]!;
}

/**
 * µs per point of N equal chiplets on a silicon interposer, one thread, evaluation only, with the
 * compact thermal model and with the bench-only `bench-none` model (every tier at ambient).
 */
function chipletPhases(): void {
  const samples = quick ? 262_144 : 524_288;
  const runs = quick ? 1 : 3;
  console.log(
    `\nµs per point by chiplet count: 2.5D on a silicon interposer, ${fmt(samples)} Sobol points of one structure, one thread, evaluate only (${runs === 1 ? 'one run' : `median of ${runs} runs`})`,
  );
  const cols = ['chiplets', 'µs/pt thermal', 'µs/pt without', 'thermal share', 'peak MB', 'failed'];
  const table: string[][] = [];
  for (const n of CHIPLET_COUNTS) {
    const on = medianPhase(runs, () => runPhase('chiplets', samples, ['thermal', String(n)], '-'));
    const off = medianPhase(runs, () => runPhase('chiplets', samples, ['nothermal', String(n)], '-'));
    const usOn = (on.seconds / on.points) * 1e6;
    const usOff = (off.seconds / off.points) * 1e6;
    table.push([
      String(n),
      fmt(usOn, 2),
      fmt(usOff, 2),
      `${fmt(100 * (1 - usOff / usOn), 0)} %`,
      fmt(Math.max(on.maxRssMB, off.maxRssMB)),
      fmt((on.failed ?? 0) + (off.failed ?? 0)),
    ]);
  }
  const widths = cols.map((c, i) => Math.max(c.length, ...table.map((r) => (r[i] as string).length)));
  const line = (r: string[]) => r.map((x, i) => x.padStart(widths[i] as number)).join('  ');
  console.log(line(cols));
  for (const r of table) console.log(line(r));
  console.log('thermal share: 1 - without / with; peak MB: the larger peak RSS of the two phases');
}

/** Target of issue 10 for cost and yield alone, on one core. */
const COST_YIELD_TARGET_POINTS_PER_S = 2_000_000;

function costYieldPhase(): void {
  const areaSteps = quick ? 16 : 64;
  const r = medianPhase(quick ? 1 : 3, () => runPhase('costyield', areaSteps, [], '-'));
  const diff = r.maxRelativeDifference ?? Number.NaN;
  console.log(
    `\ncost and yield alone, Actuary-style grid (${areaSteps} areas 10-800 mm² x 1-16 chiplets x logic nodes x 16 defect densities x 10 volumes), one thread`,
  );
  console.log(
    `${fmt(r.points)} points in ${fmt(r.seconds, 3)} s: ${fmt(r.pointsPerSecond)} points/s (target ${fmt(COST_YIELD_TARGET_POINTS_PER_S)}: ${r.pointsPerSecond >= COST_YIELD_TARGET_POINTS_PER_S ? 'met' : 'not met'}), peak ${fmt(r.maxRssMB)} MB`,
  );
  console.log(
    `max relative difference from the ordinary evaluation (${r.checkedPoints ?? 0} grid points, cost.totalUsd): ${diff.toExponential(2)}${diff <= 1e-12 ? '' : ' MISMATCH'}`,
  );
  console.log(
    `loop: ${fmt(1e6 / r.pointsPerSecond, 3)} µs per point; ordinary path at the checked points (design text -> metrics, one design per point): ${fmt(r.ordinaryUsPerPoint ?? Number.NaN, 0)} µs per point`,
  );
}

if (compiledOnly) {
  chipletPhases();
  costYieldPhase();
} else {
  if (!paretoOnly) {
    sweepPhases();
    chipletPhases();
    costYieldPhase();
    startupPhases();
  }
  paretoPhases();
}
