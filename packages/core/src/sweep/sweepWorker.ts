/**
 * The piscina worker of a sweep. Each thread builds its own context (design, space, technology,
 * plugins loaded by specifier) once per sweep spec and keeps it warm for every task.
 */
import { guardProcessExit, takeExitCall } from '../plugin/exitGuard.js';
import { createSweepContext, type SweepContext, type SweepSpec } from './sweepContext.js';
import { runSweepTask, type SweepTask, type SweepTaskResult } from './sweepTask.js';

// For the thread's whole life: process.exit in a plugin (at import or on a point) throws instead
// of ending the thread, and runSweepTask reports it naming the plugin.
guardProcessExit();

let cachedKey = '';
let cached: Promise<SweepContext> | undefined;

function contextOf(spec: SweepSpec): Promise<SweepContext> {
  const key = JSON.stringify(spec);
  if (cached === undefined || key !== cachedKey) {
    cachedKey = key;
    cached = createSweepContext(spec);
  }
  return cached;
}

export interface WorkerTask extends SweepTask {
  spec: SweepSpec;
  /** 4 bytes shared with the main thread: points started (--point-timeout, a dying thread). */
  beat?: SharedArrayBuffer | undefined;
}

export default async function runTask(task: WorkerTask): Promise<SweepTaskResult> {
  const ctx = await contextOf(task.spec);
  return runSweepTask(ctx, task, task.beat === undefined ? undefined : new Int32Array(task.beat));
}

export interface ProbeTask {
  spec: SweepSpec;
  /** Index ranges from across the space. */
  picks: [number, number][];
  beat?: SharedArrayBuffer | undefined;
}

/**
 * The task-size calibration: a warm-up pass over the picks, then a timed one; returns the time
 * per point in ms. On a worker, so a plugin that never returns cannot hold the main thread (and
 * Ctrl-C) and --point-timeout applies to it.
 */
export async function probe(task: ProbeTask): Promise<number> {
  const ctx = await contextOf(task.spec);
  const beat = task.beat === undefined ? undefined : new Int32Array(task.beat);
  const run = (a: number, b: number) =>
    runSweepTask(ctx, { start: a, end: b, rows: false, failFast: false }, beat);
  for (const [a, b] of task.picks) run(a, b);
  const t0 = performance.now();
  let n = 0;
  for (const [a, b] of task.picks) {
    run(a, b);
    n += b - a;
  }
  const ms = (performance.now() - t0) / Math.max(1, n);
  // A plugin's process.exit on a probed point is reported when the sweep evaluates that point.
  takeExitCall();
  return ms;
}

/** A no-op task, to measure pool overhead in benchmarks. */
export function noop(): number {
  return 0;
}
