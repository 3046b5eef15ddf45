/**
 * The piscina worker of a sweep. Each thread builds its own context (design, space, technology,
 * plugins loaded by specifier) once per sweep spec and keeps it warm for every task.
 */
import { createSweepContext, type SweepContext, type SweepSpec } from './sweepContext.js';
import { runSweepTask, type SweepTask, type SweepTaskResult } from './sweepTask.js';

let cachedKey = '';
let cached: Promise<SweepContext> | undefined;

export interface WorkerTask extends SweepTask {
  spec: SweepSpec;
}

export default async function runTask(task: WorkerTask): Promise<SweepTaskResult> {
  const key = JSON.stringify(task.spec);
  if (cached === undefined || key !== cachedKey) {
    cachedKey = key;
    cached = createSweepContext(task.spec);
  }
  const ctx = await cached;
  return runSweepTask(ctx, task);
}

/** A no-op task, to measure pool overhead in benchmarks. */
export function noop(): number {
  return 0;
}
