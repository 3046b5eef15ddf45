/**
 * One sweep task: evaluate points [start, end) and return compact results — the task's Pareto
 * archive as flat typed arrays, counters, failures, and optionally one row per point. Runs in a
 * worker thread (sweepWorker.ts) or, for one-thread benchmarks, on the caller's thread.
 */
import { metricPaths, metricGetter } from '../design/spaceSchema.js';
import { ParetoArchive } from '../pareto/paretoArchive.js';
import type { PointFailure, SweepCounts } from './checkpointSchema.js';
import {
  PointEvaluator,
  POINT_FAILED,
  POINT_FEASIBLE,
  POINT_INFEASIBLE,
  POINT_INVALID,
  type PointStatus,
} from './evaluatePoint.js';
import { VolumeReuse } from './volumeReuse.js';
import { exitCalls, takeExitCall } from '../plugin/exitGuard.js';
import type { Metrics } from '../metrics/types.js';
import type { SweepContext } from './sweepContext.js';

export interface SweepTask {
  start: number;
  end: number;
  /** Return one row per point (for --all-points). */
  rows: boolean;
  /** Stop at the first failed point. */
  failFast: boolean;
}

/**
 * What --all-points writes for every point after its index and status: the built-in metric
 * paths, then the derived metrics the loaded plugin packages register (the same set in every
 * thread, since every thread loads the same specifiers).
 */
export interface PointRowLayout {
  names: string[];
  getters: ((m: Metrics) => number)[];
  /** Numbers per point: index, status, then one per name. */
  width: number;
}

const rowLayouts = new WeakMap<SweepContext, PointRowLayout>();

export function pointRowLayout(ctx: SweepContext): PointRowLayout {
  let layout = rowLayouts.get(ctx);
  if (layout === undefined) {
    const names = [...metricPaths, ...ctx.derivedMetrics.map((d) => d.id)];
    const getters = [
      ...metricPaths.map((p) => metricGetter(p)),
      ...ctx.derivedMetrics.map((d) => (m: Metrics) => d.compute(m)),
    ];
    layout = { names, getters, width: 2 + names.length };
    rowLayouts.set(ctx, layout);
  }
  return layout;
}

/** Failures a task reports in full (the counters count them all). */
export const MAX_FAILURES_PER_TASK = 100;

export interface SweepTaskResult {
  start: number;
  /** Where the task stopped (end unless it stopped at a failure with failFast). */
  end: number;
  counts: SweepCounts;
  archiveIndices: Float64Array;
  archiveValues: Float64Array;
  failures: PointFailure[];
  /** pointRowLayout(ctx).width numbers per point: index, status, metrics (NaN where not evaluated). */
  rows: Float64Array | undefined;
  /**
   * A plugin called process.exit (stopped by the exit guard) at this point: the task ended there
   * (the point is counted as failed), and the sweep stops.
   */
  exit?: PointFailure | undefined;
}

/**
 * Evaluates the task's points. `beat`, when given (a shared Int32Array), counts the points
 * started, so the main thread can tell a point that runs past --point-timeout.
 */
export function runSweepTask(ctx: SweepContext, task: SweepTask, beat?: Int32Array): SweepTaskResult {
  const m = ctx.objectives.length;
  const archive = new ParetoArchive(m, ctx.epsilon === undefined ? {} : { epsilon: ctx.epsilon });
  const levels = new Int32Array(ctx.decoder.dimensions);
  const objectives = new Float64Array(m);
  // Feasible points are buffered and filtered in blocks: one insert per point turns quadratic
  // when objectives conflict and the front grows large.
  const BLOCK = 4096;
  const bufValues = new Float64Array(BLOCK * m);
  const bufIndices = new Float64Array(BLOCK);
  let buffered = 0;
  const flush = () => {
    if (buffered === 0) return;
    archive.insertAll(bufValues, bufIndices, buffered);
    buffered = 0;
  };
  const counts: SweepCounts = { evaluated: 0, feasible: 0, invalid: 0, failed: 0 };
  const failures: PointFailure[] = [];
  const { getters: rowGetters, width: ROW_WIDTH } = pointRowLayout(ctx);
  const rows = task.rows ? new Float64Array((task.end - task.start) * ROW_WIDTH).fill(Number.NaN) : undefined;
  const reuse = VolumeReuse.forContext(ctx);
  const ev = PointEvaluator.forContext(ctx);
  let k = task.start;
  let exit: PointFailure | undefined;
  for (; k < task.end; k++) {
    // A plain store (this thread is the only writer): the main thread reads it atomically.
    if (beat !== undefined) beat[0] = beat[0]! + 1;
    let status: PointStatus;
    if (reuse === undefined) {
      ctx.decoder.decode(k, levels);
      status = ev.evaluate(levels, objectives);
    } else status = reuse.evaluateStatus(k, levels, objectives);
    if (exitCalls.last !== undefined || ev.exit) {
      // process.exit in plugin code (even one the plugin caught, or a cached outcome of one):
      // the point fails, the sweep stops.
      const e = takeExitCall();
      exit = { pointIndex: k, pluginId: ev.pluginId, message: e?.message ?? ev.message };
      counts.evaluated++;
      counts.failed++;
      if (failures.length < MAX_FAILURES_PER_TASK) failures.push(exit);
      if (rows !== undefined) {
        rows[(k - task.start) * ROW_WIDTH] = k;
        rows[(k - task.start) * ROW_WIDTH + 1] = POINT_FAILED;
      }
      k++;
      break;
    }
    counts.evaluated++;
    if (status === POINT_FEASIBLE) {
      counts.feasible++;
      bufValues.set(objectives, buffered * m);
      bufIndices[buffered++] = k;
      if (buffered === BLOCK) flush();
    } else if (status === POINT_INVALID) counts.invalid++;
    else if (status === POINT_FAILED) {
      counts.failed++;
      if (failures.length < MAX_FAILURES_PER_TASK)
        failures.push({ pointIndex: k, pluginId: ev.pluginId, message: ev.message });
    }
    if (rows !== undefined) {
      const o = (k - task.start) * ROW_WIDTH;
      rows[o] = k;
      rows[o + 1] = status;
      if (status === POINT_FEASIBLE || status === POINT_INFEASIBLE) {
        const metrics = reuse === undefined ? ev.metrics() : reuse.metrics();
        if (metrics !== undefined)
          for (let j = 0; j < rowGetters.length; j++) rows[o + 2 + j] = rowGetters[j]!(metrics);
      }
    }
    if (status === POINT_FAILED && task.failFast) {
      k++;
      break;
    }
  }
  flush();
  const flat = archive.toFlat();
  return {
    start: task.start,
    end: k,
    counts,
    archiveIndices: flat.indices,
    archiveValues: flat.values,
    failures,
    rows: rows === undefined ? undefined : rows.slice(0, (k - task.start) * ROW_WIDTH),
    exit,
  };
}
