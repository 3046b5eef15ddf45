/**
 * The sweep engine: a warm piscina pool evaluates index ranges of the design space; each task
 * returns its own Pareto archive; the main thread merges them (order-independent, so the front
 * is the same whatever the worker count, task size or shard split), keeps an atomic checkpoint,
 * streams every point to a file on request, and survives failing points, dying workers and
 * Ctrl-C without losing what was done.
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { InputError } from '../errors.js';
import { ParetoArchive } from '../pareto/paretoArchive.js';
import {
  addRange,
  readCheckpoint,
  remainingRanges,
  writeCheckpoint,
  type CheckpointData,
  type PointFailure,
  type SweepCounts,
} from './checkpoint.js';
import { CHECKPOINT_VERSION, sealCheckpoint } from './checkpointSchema.js';
import { shardSpan, type PointRange, type ShardSpan } from './coverage.js';
import { createSweepContext, type SweepContext, type SweepSpec } from './sweepContext.js';
import { runSweepTask, type SweepTaskResult } from './sweepTask.js';
import type { ProgressSink } from './progress.js';
import type { WorkerTask } from './sweepWorker.js';

export interface SweepRunOptions {
  /** Worker threads (default: available parallelism). */
  workers?: number;
  /** Points per task (default: sized from a calibration to ~50 ms of work). */
  taskSize?: number;
  /** This run's slice of the space: shard index (0-based) of count. */
  shard?: { index: number; count: number };
  /** A grid larger than this is refused (sampling is suggested). */
  maxPoints?: number;
  checkpointFile?: string;
  /** Seconds between checkpoint writes (and at the end, and on interruption). */
  checkpointIntervalS?: number;
  failFast?: boolean;
  /** Called with the rows of each finished task (for --all-points). */
  onRows?: (rows: Float64Array, ctx: SweepContext) => void;
  signal?: AbortSignal;
  progress?: ProgressSink;
}

export type SweepStatus = 'complete' | 'interrupted' | 'stopped-at-failure' | 'worker-failure';

export interface SweepOutcome {
  status: SweepStatus;
  /** Why the sweep stopped early. */
  message: string;
  ctx: SweepContext;
  /** The front in minimisation form, sorted by point index. */
  frontIndices: Float64Array;
  frontValues: Float64Array;
  counts: SweepCounts;
  failures: PointFailure[];
  totalPoints: number;
  range: { start: number; end: number };
  /** The shard and its point range (0/1 over every point when not sharded). */
  shard: ShardSpan;
  /** The ranges of point indices evaluated (this run and the resumed checkpoint). */
  done: PointRange[];
  /** Points evaluated by this run (not counting those restored from a checkpoint). */
  evaluatedThisRun: number;
  resumedFromCheckpoint: boolean;
  wallTimeS: number;
  /** Worker threads started: the requested count, but never more than there were tasks. */
  workers: number;
  taskSize: number;
}

export const DEFAULT_MAX_POINTS = 100_000_000;
const MAX_KEPT_FAILURES = 1000;
const TARGET_TASK_MS = 50;
const YOUNG_GENERATION_MB = 8;

/** The worker module: the compiled JS next to this file (sources map to dist under vitest). */
export function sweepWorkerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const js = here.endsWith('.ts')
    ? here.replace(/[\\/]src[\\/]sweep[\\/]runSweep\.ts$/, '/dist/sweep/sweepWorker.js')
    : here.replace(/runSweep\.js$/, 'sweepWorker.js');
  if (!existsSync(js)) throw new Error(`sweep worker not built: ${js} (run npm run build)`);
  return js;
}

function workerExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--conditions' || a === '-C') {
      i++;
      continue;
    }
    if (a.startsWith('--conditions=') || a.startsWith('-C=')) continue;
    out.push(a);
  }
  return out;
}

function mergeFailures(into: PointFailure[], more: readonly PointFailure[]): PointFailure[] {
  if (more.length === 0) return into;
  const all = [...into, ...more].sort((a, b) => a.pointIndex - b.pointIndex);
  return all.slice(0, MAX_KEPT_FAILURES);
}

function addCounts(a: SweepCounts, b: SweepCounts): void {
  a.evaluated += b.evaluated;
  a.feasible += b.feasible;
  a.invalid += b.invalid;
  a.failed += b.failed;
}

/** Splits ranges into tasks of at most `size` points, in index order. */
export function splitTasks(ranges: readonly [number, number][], size: number): [number, number][] {
  const out: [number, number][] = [];
  for (const [a, b] of ranges) for (let s = a; s < b; s += size) out.push([s, Math.min(b, s + size)]);
  return out;
}

export async function runSweep(spec: SweepSpec, options: SweepRunOptions = {}): Promise<SweepOutcome> {
  const started = performance.now();
  const ctx = await createSweepContext(spec);
  const total = ctx.space.pointCount;
  const maxPoints = options.maxPoints ?? DEFAULT_MAX_POINTS;
  if (ctx.space.strategy.kind === 'grid' && (!ctx.space.gridSizeExact || total > maxPoints)) {
    throw InputError.at(
      ctx.file,
      'space',
      `a grid of at most ${maxPoints.toLocaleString('en-US')} points (--max-points), or sampling: --strategy sobol --samples N (or random, halton)`,
      `a grid of ${ctx.space.gridSizeText} points`,
    );
  }
  const shard = options.shard ?? { index: 0, count: 1 };
  // The one shard split (shardRange): the range recorded in the outputs is the one merge expects.
  const span = shardSpan(total, shard.index, shard.count);
  const { start, end } = span;
  const m = ctx.objectives.length;
  const archive = new ParetoArchive(m, ctx.epsilon === undefined ? {} : { epsilon: ctx.epsilon });
  const counts: SweepCounts = { evaluated: 0, feasible: 0, invalid: 0, failed: 0 };
  let failures: PointFailure[] = [];
  let done: [number, number][] = [];
  let resumed = false;
  if (options.checkpointFile !== undefined) {
    const ck = readCheckpoint(options.checkpointFile, {
      fingerprint: ctx.fingerprint,
      totalPoints: total,
      shard: span,
      objectives: m,
    });
    if (ck !== undefined) {
      resumed = true;
      done = ck.done;
      addCounts(counts, ck.counts);
      failures = ck.failures;
      archive.merge({ indices: ck.archiveIndices, values: ck.archiveValues });
    }
  }
  const snapshot = (): CheckpointData => {
    const flat = archive.toFlat();
    return sealCheckpoint({
      version: CHECKPOINT_VERSION,
      fingerprint: ctx.fingerprint,
      totalPoints: total,
      shard: span,
      done,
      counts: { ...counts },
      archiveIndices: Array.from(flat.indices),
      archiveValues: Array.from(flat.values),
      failures,
    });
  };
  let lastCheckpoint = performance.now();
  const checkpoint = (force: boolean) => {
    if (options.checkpointFile === undefined) return;
    const now = performance.now();
    if (!force && now - lastCheckpoint < (options.checkpointIntervalS ?? 2) * 1000) return;
    lastCheckpoint = now;
    writeCheckpoint(options.checkpointFile, snapshot());
  };

  const todo = remainingRanges(done, start, end);
  const todoPoints = todo.reduce((s, [a, b]) => s + (b - a), 0);
  const workers = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  let taskSize = options.taskSize ?? 0;
  if (!(taskSize >= 1)) {
    // Calibrate on this thread: points from across the range (a warm-up pass, then a timed one)
    // tell how many make ~50 ms of work.
    const probe = Math.min(256, todoPoints);
    let probeMs = 0;
    if (probe > 0) {
      const picks: [number, number][] = [];
      const step = Math.max(1, Math.floor(todoPoints / 8));
      for (let p = 0, taken = 0; taken < probe && p < 8; p++, taken += probe / 8) {
        const [a, b] = todo[0]!;
        const s = Math.min(b - 1, a + p * step);
        picks.push([s, Math.min(b, s + Math.ceil(probe / 8))]);
      }
      for (const [a, b] of picks) runSweepTask(ctx, { start: a, end: b, rows: false, failFast: false });
      const t0 = performance.now();
      let n = 0;
      for (const [a, b] of picks) {
        runSweepTask(ctx, { start: a, end: b, rows: false, failFast: false });
        n += b - a;
      }
      probeMs = (performance.now() - t0) / Math.max(1, n);
    }
    taskSize = Math.max(16, Math.min(65_536, Math.round(TARGET_TASK_MS / Math.max(probeMs, 1e-4))));
  }
  const tasks = splitTasks(todo, taskSize);
  // Never more threads than tasks: each thread costs its start-up and its heap.
  const poolSize = Math.max(1, Math.min(workers, tasks.length));
  let evaluatedThisRun = 0;
  let status: SweepStatus = 'complete';
  let message = '';

  const progressTotal = end - start;
  const doneCount = () => done.reduce((s, [a, b]) => s + (Math.min(b, end) - Math.max(a, start)), 0);
  options.progress?.update(doneCount(), progressTotal, counts.failed);

  const accept = (r: SweepTaskResult) => {
    archive.merge({ indices: r.archiveIndices, values: r.archiveValues });
    addCounts(counts, r.counts);
    evaluatedThisRun += r.counts.evaluated;
    failures = mergeFailures(failures, r.failures);
    if (r.end > r.start) done = addRange(done, r.start, r.end);
    if (r.rows !== undefined && options.onRows !== undefined) options.onRows(r.rows, ctx);
    options.progress?.update(doneCount(), progressTotal, counts.failed);
    checkpoint(false);
  };

  if (tasks.length > 0) {
    const pool = new Piscina({
      filename: sweepWorkerFile(),
      minThreads: poolSize,
      maxThreads: poolSize,
      idleTimeout: 30_000,
      // Each worker holds one task at a time; the queue holds the rest.
      concurrentTasksPerWorker: 1,
      // Workers load the built plugins: drop a source export condition a test runner may have set.
      execArgv: workerExecArgv(),
      // A small young generation keeps each worker's heap (and so the sweep's peak memory) low;
      // evaluation garbage is short-lived and dies there.
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    const abort = new AbortController();
    const onAbort = () => abort.abort();
    options.signal?.addEventListener('abort', onAbort);
    let next = 0;
    let stopped = false;
    const stop = (s: SweepStatus, msg: string) => {
      if (stopped) return;
      stopped = true;
      status = s;
      message = msg;
      abort.abort();
    };
    if (options.signal?.aborted === true) stop('interrupted', 'interrupted');
    options.signal?.addEventListener('abort', () => stop('interrupted', 'interrupted'));
    const runOne = async (range: [number, number]): Promise<void> => {
      const task: WorkerTask = {
        spec,
        start: range[0],
        end: range[1],
        rows: options.onRows !== undefined,
        failFast: options.failFast === true,
      };
      for (let attempt = 1; ; attempt++) {
        if (stopped) return;
        try {
          const r = (await pool.run(task, { signal: abort.signal })) as SweepTaskResult;
          if (stopped && status !== 'stopped-at-failure') return;
          accept(r);
          if (options.failFast === true && r.counts.failed > 0) {
            const f = r.failures[0]!;
            stop('stopped-at-failure', `point ${f.pointIndex} failed in plugin ${f.pluginId}: ${f.message}`);
          }
          return;
        } catch (err) {
          if (stopped) return;
          if (attempt >= 2) {
            stop(
              'worker-failure',
              `a worker died twice on points ${range[0]}..${range[1] - 1}: ${(err as Error)?.message ?? String(err)}`,
            );
            return;
          }
        }
      }
    };
    // Keep every worker busy plus one queued task each: enough to hide the round trip.
    const inFlight = new Set<Promise<void>>();
    try {
      while (next < tasks.length && !stopped) {
        while (inFlight.size < poolSize * 2 && next < tasks.length && !stopped) {
          const p = runOne(tasks[next++]!).finally(() => inFlight.delete(p));
          inFlight.add(p);
        }
        await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      await pool.destroy();
    }
  }
  checkpoint(true);
  const flat = archive.toFlat();
  options.progress?.finish(doneCount(), progressTotal, counts.failed);
  return {
    status,
    message,
    ctx,
    frontIndices: flat.indices,
    frontValues: flat.values,
    counts,
    failures,
    totalPoints: total,
    range: { start, end },
    shard: span,
    done,
    evaluatedThisRun,
    resumedFromCheckpoint: resumed,
    wallTimeS: (performance.now() - started) / 1000,
    workers: poolSize,
    taskSize,
  };
}
