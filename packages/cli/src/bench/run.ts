/**
 * `npm run bench`: throughput and memory of sweeps on the standard example space
 * (examples/accelerator-space-1m.yaml, 1.08 M points, all seven plugins) and peak memory of a
 * 10-million-point sampled sweep. Each phase runs in a child process. Prints figures; asserts
 * nothing (speed is measured here, not in tests).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const phaseFile = fileURLToPath(new URL('./phase.js', import.meta.url));
const space = fileURLToPath(new URL('../../../../examples/accelerator-space-1m.yaml', import.meta.url));
const quick = process.argv.includes('--quick');

interface PhaseResult {
  phase: string;
  points: number;
  seconds: number;
  pointsPerSecond: number;
  frontSize: number;
  maxRssMB: number;
}

function runPhase(phase: string, samples = 0): PhaseResult {
  const r = spawnSync(process.execPath, [phaseFile, phase, space, String(samples)], {
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
const rows: [string, PhaseResult][] = [];
const evalOnly = runPhase('eval');
rows.push(['one thread, evaluate only', evalOnly]);
const one = runPhase('sweep1');
rows.push(['sweep, 1 worker', one]);
const all = runPhase('sweepAll');
rows.push([`sweep, ${availableParallelism()} workers`, all]);
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
console.log(`\nparallel efficiency (${availableParallelism()} workers vs 1): ${fmt(100 * efficiency, 1)} %`);
console.log(
  `fronts identical across runs: ${evalOnly.frontSize === one.frontSize && one.frontSize === all.frontSize ? 'yes (same size)' : 'NO'}`,
);
