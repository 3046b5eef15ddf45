/**
 * The sweep engine: a warm piscina pool evaluates index ranges of the design space; each task
 * returns its own Pareto archive; the main thread merges them (order-independent, so the front
 * is the same whatever the worker count, task size or shard split), keeps an atomic checkpoint,
 * streams every point to a file on request, and survives failing points, dying workers and
 * Ctrl-C without losing what was done.
 */
import { availableParallelism } from 'node:os';
import { InputError } from '../errors.js';
import { workerFileBeside } from '../io/packageDir.js';
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
import { pointRowLayout, type SweepTaskResult } from './sweepTask.js';
import { POINT_FAILED } from './evaluatePoint.js';
import type { ProgressSink } from './progress.js';
import type { ProbeTask, WorkerTask } from './sweepWorker.js';
import { applyPoint } from '../space/decodePoint.js';

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
  /**
   * Called with the rows of each finished task (for --all-points). A returned promise is
   * back-pressure: no new task starts until it settles (a rejection stops the sweep).
   */
  onRows?: (rows: Float64Array, ctx: SweepContext) => void | Promise<void>;
  /**
   * Time limit of one point in ms (--point-timeout): a worker that spends longer on a point is
   * stopped and the point counted as failed. Default: none.
   */
  pointTimeoutMs?: number;
  signal?: AbortSignal;
  progress?: ProgressSink;
}

export type SweepStatus =
  'complete' | 'interrupted' | 'stopped-at-failure' | 'worker-failure' | 'plugin-exit';

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
/** The smallest calibrated task, and the task size when the calibration could not run. */
const MIN_TASK_SIZE = 16;
const YOUNG_GENERATION_MB = 8;

/** The worker module: sweepWorker.js beside this file's compiled or bundled form. */
export function sweepWorkerFile(): string {
  return workerFileBeside(import.meta.url, '@chiplet-dse/core', 'sweepWorker');
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

/** The plugin id of point k (its approach), for a failure found off the worker. */
function pluginOfPoint(ctx: SweepContext, k: number): string {
  try {
    const levels = new Int32Array(ctx.decoder.dimensions);
    ctx.decoder.decode(k, levels);
    return applyPoint(ctx.base, ctx.space, levels).package.approach;
  } catch {
    return ctx.base.package.approach;
  }
}

interface Watched {
  beat: Int32Array;
  controller: AbortController;
  /** Last count of points started, and when it changed (ms). */
  seen: number;
  since: number;
  /** The count (1-based point of the task) at which the limit was exceeded; 0 if it was not. */
  timedOutAt: number;
}

/**
 * --point-timeout: each running task shares a counter of the points it has started; a counter
 * that does not move for longer than the limit, once the first point started (loading the
 * worker's plugins is not a point), means a point past its time: its task is aborted, which ends
 * its worker thread. Checked a few times per limit by one timer on the main thread.
 */
class PointWatch {
  private readonly tasks = new Set<Watched>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly limitMs: number) {
    this.timer = setInterval(() => this.check(), Math.min(250, Math.max(5, limitMs / 4)));
    this.timer.unref();
  }

  add(beat: SharedArrayBuffer, controller: AbortController): Watched {
    const w: Watched = { beat: new Int32Array(beat), controller, seen: 0, since: 0, timedOutAt: 0 };
    this.tasks.add(w);
    return w;
  }

  remove(w: Watched): void {
    this.tasks.delete(w);
  }

  close(): void {
    clearInterval(this.timer);
  }

  private check(): void {
    const now = performance.now();
    for (const w of this.tasks) {
      const n = Atomics.load(w.beat, 0);
      if (n !== w.seen) {
        w.seen = n;
        w.since = now;
      } else if (n > 0 && w.timedOutAt === 0 && now - w.since > this.limitMs) {
        w.timedOutAt = n;
        w.controller.abort();
      }
    }
  }
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
  let threadsUsed = 1;
  const todoPoints = todo.reduce((s, [a, b]) => s + (b - a), 0);
  const workers = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const timeoutMs = options.pointTimeoutMs;
  const calibrate = !((options.taskSize ?? 0) >= 1) && todoPoints > 0;
  let taskSize = calibrate ? 0 : Math.max(1, options.taskSize ?? MIN_TASK_SIZE);
  let tasks = calibrate ? [] : splitTasks(todo, taskSize);
  // Never more threads than tasks: each thread costs its start-up and its heap. Before the
  // calibration the tasks are not known yet, but none is smaller than MIN_TASK_SIZE points.
  const threadCap = calibrate
    ? Math.max(1, Math.min(workers, Math.ceil(todoPoints / MIN_TASK_SIZE)))
    : Math.max(1, Math.min(workers, tasks.length));
  let evaluatedThisRun = 0;
  let status: SweepStatus = 'complete';
  let message = '';

  const progressTotal = end - start;
  const doneCount = () => done.reduce((s, [a, b]) => s + (Math.min(b, end) - Math.max(a, start)), 0);
  options.progress?.update(doneCount(), progressTotal, counts.failed);

  // The consumer of the rows asked to wait (its output is behind): new tasks wait with it.
  let rowsPending: Promise<void> | undefined;
  const accept = (r: SweepTaskResult) => {
    archive.merge({ indices: r.archiveIndices, values: r.archiveValues });
    addCounts(counts, r.counts);
    evaluatedThisRun += r.counts.evaluated;
    failures = mergeFailures(failures, r.failures);
    if (r.end > r.start) done = addRange(done, r.start, r.end);
    if (r.rows !== undefined && options.onRows !== undefined) {
      const wait = options.onRows(r.rows, ctx);
      if (wait !== undefined) rowsPending = wait;
    }
    options.progress?.update(doneCount(), progressTotal, counts.failed);
    checkpoint(false);
  };

  if (todoPoints > 0) {
    // Imported here: a command that loads the sweep engine without sweeping need not load the pool.
    const { Piscina } = await import('piscina');
    const pool = new Piscina({
      filename: sweepWorkerFile(),
      // While calibrating, one thread runs the probe; the others start as tasks are queued.
      minThreads: calibrate ? 1 : threadCap,
      maxThreads: threadCap,
      idleTimeout: 30_000,
      // Each worker holds one task at a time; the queue holds the rest.
      concurrentTasksPerWorker: 1,
      // Workers load the built plugins: drop a source export condition a test runner may have set.
      execArgv: workerExecArgv(),
      // A small young generation keeps each worker's heap (and so the sweep's peak memory) low;
      // evaluation garbage is short-lived and dies there.
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    // Every task (and the probe) has its own AbortController: stopping the sweep aborts them all,
    // a point past --point-timeout aborts only its own (piscina then ends that worker thread).
    const live = new Set<AbortController>();
    let stopped = false;
    const stop = (s: SweepStatus, msg: string) => {
      if (stopped) return;
      stopped = true;
      status = s;
      message = msg;
      for (const c of live) c.abort();
    };
    // A worker's answer for a task that was aborted meanwhile arrives as an 'error' event: it is
    // no longer wanted. Anything else the pool reports stops the sweep (not the process).
    pool.on('error', (err: Error) => {
      if (!/^Unexpected message from Worker/.test(err?.message ?? ''))
        stop('worker-failure', err?.message ?? String(err));
    });
    const onAbort = () => stop('interrupted', 'interrupted');
    if (options.signal?.aborted === true) onAbort();
    options.signal?.addEventListener('abort', onAbort);
    const watch = timeoutMs === undefined ? undefined : new PointWatch(timeoutMs);

    /** Runs one pool call under its own controller, watched for --point-timeout when set. */
    const call = async <T>(
      task: object,
      name: string | undefined,
    ): Promise<
      { ok: true; value: T } | { ok: false; error: unknown; startedPoints: number; timedOut: boolean }
    > => {
      const controller = new AbortController();
      // Points started, counted by the worker: the point a task was on when its thread died or
      // ran past --point-timeout.
      const beat = new SharedArrayBuffer(4);
      const watched = watch?.add(beat, controller);
      live.add(controller);
      try {
        const value = (await pool.run(
          { ...task, beat },
          { signal: controller.signal, ...(name === undefined ? {} : { name }) },
        )) as T;
        return { ok: true, value };
      } catch (error) {
        const startedPoints = Atomics.load(new Int32Array(beat), 0);
        return { ok: false, error, startedPoints, timedOut: (watched?.timedOutAt ?? 0) > 0 };
      } finally {
        live.delete(controller);
        if (watched !== undefined) watch!.remove(watched);
      }
    };

    try {
      if (calibrate) {
        // Calibrate on a worker: points from across the range (a warm-up pass, then a timed one)
        // tell how many make ~50 ms of work.
        const probe = Math.min(256, todoPoints);
        const picks: [number, number][] = [];
        const step = Math.max(1, Math.floor(todoPoints / 8));
        for (let p = 0, taken = 0; taken < probe && p < 8; p++, taken += probe / 8) {
          const [a, b] = todo[0]!;
          const s = Math.min(b - 1, a + p * step);
          picks.push([s, Math.min(b, s + Math.ceil(probe / 8))]);
        }
        const r = await call<number>({ spec, picks } satisfies Omit<ProbeTask, 'beat'>, 'probe');
        // A probe that timed out or lost its thread sizes nothing: the smallest tasks then, and
        // the sweep meets (and reports) that point again.
        const probeMs = r.ok ? r.value : Number.POSITIVE_INFINITY;
        taskSize = Math.max(
          MIN_TASK_SIZE,
          Math.min(65_536, Math.round(TARGET_TASK_MS / Math.max(probeMs, 1e-4))),
        );
        tasks = splitTasks(todo, taskSize);
      }
      const poolSize = Math.max(1, Math.min(threadCap, tasks.length));
      threadsUsed = stopped ? 1 : poolSize; // stopped during the probe: only its thread started

      /** A point past --point-timeout: a failed point; the rest of its task runs again. */
      const timedOut = (range: [number, number], p: number) => {
        const pluginId = pluginOfPoint(ctx, p);
        const failure: PointFailure = {
          pointIndex: p,
          pluginId,
          message: `did not finish within ${timeoutMs} ms (--point-timeout); its worker thread was stopped`,
        };
        let rows: Float64Array | undefined;
        if (options.onRows !== undefined) {
          rows = new Float64Array(pointRowLayout(ctx).width).fill(Number.NaN);
          rows[0] = p;
          rows[1] = POINT_FAILED;
        }
        accept({
          start: p,
          end: p + 1,
          counts: { evaluated: 1, feasible: 0, invalid: 0, failed: 1 },
          archiveIndices: new Float64Array(0),
          archiveValues: new Float64Array(0),
          failures: [failure],
          rows,
        });
        if (options.failFast === true) {
          stop('stopped-at-failure', `point ${p} failed in plugin ${pluginId}: ${failure.message}`);
          return;
        }
        // The worker took the task's other results with it: they are evaluated again.
        if (range[0] < p) tasks.push([range[0], p]);
        if (p + 1 < range[1]) tasks.push([p + 1, range[1]]);
      };

      const runOne = async (range: [number, number]): Promise<void> => {
        const task: Omit<WorkerTask, 'beat'> = {
          spec,
          start: range[0],
          end: range[1],
          rows: options.onRows !== undefined,
          failFast: options.failFast === true,
        };
        for (let attempt = 1; ; attempt++) {
          if (stopped) return;
          const r = await call<SweepTaskResult>(task, undefined);
          if (r.ok) {
            if (stopped && status !== 'stopped-at-failure' && status !== 'plugin-exit') return;
            accept(r.value);
            const exit = r.value.exit;
            if (exit !== undefined)
              stop('plugin-exit', `plugin ${exit.pluginId} ${exit.message} (point ${exit.pointIndex})`);
            else if (options.failFast === true && r.value.counts.failed > 0) {
              const f = r.value.failures[0]!;
              stop(
                'stopped-at-failure',
                `point ${f.pointIndex} failed in plugin ${f.pluginId}: ${f.message}`,
              );
            }
            return;
          }
          if (r.timedOut && !stopped) {
            timedOut(range, range[0] + r.startedPoints - 1);
            return;
          }
          if (stopped) return;
          if (attempt >= 2) {
            const err = r.error as Error | undefined;
            const p = range[0] + r.startedPoints - 1;
            const at =
              r.startedPoints > 0 ? ` (last point started: ${p}, plugin ${pluginOfPoint(ctx, p)})` : '';
            stop(
              'worker-failure',
              `a worker died twice on points ${range[0]}..${range[1] - 1}${at}: ${err?.message ?? String(err)}`,
            );
            return;
          }
        }
      };
      // Keep every worker busy plus one queued task each: enough to hide the round trip. Tasks a
      // timed-out point sends back join the list while it runs.
      const inFlight = new Set<Promise<void>>();
      let next = 0;
      while (!stopped && (next < tasks.length || inFlight.size > 0)) {
        if (rowsPending !== undefined) {
          const wait = rowsPending;
          rowsPending = undefined;
          try {
            await wait;
          } catch (err) {
            stop('worker-failure', (err as Error)?.message ?? String(err));
            break;
          }
          continue; // the sweep may have stopped meanwhile
        }
        while (inFlight.size < poolSize * 2 && next < tasks.length && !stopped) {
          const p = runOne(tasks[next++]!).finally(() => inFlight.delete(p));
          inFlight.add(p);
        }
        if (inFlight.size > 0) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    } finally {
      watch?.close();
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
    workers: threadsUsed,
    taskSize,
  };
}
